package main

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// envName is the environment variable of a config key: BRIEFSEARCH_CACHE_DIR.
func envName(key string) string {
	return "BRIEFSEARCH_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

// configRelative resolves a path read from the config file at file: ~ is the home folder, and
// a relative path is relative to the file's folder. Empty and keyword values are kept.
func configRelative(file, p string) string {
	switch {
	case p == "" || p == builtinLexicon || p == noLexicon:
		return p
	case p == "~" || strings.HasPrefix(p, "~/"):
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, p[1:])
		}
		return p
	case filepath.IsAbs(p):
		return p
	}
	return filepath.Join(filepath.Dir(file), p)
}

// defaultIndex is where the index lives when nothing says otherwise: the user's data folder
// ($XDG_DATA_HOME/briefsearch/index, ~/.local/share/briefsearch/index on Linux; Application
// Support on macOS; %LocalAppData% on Windows), never the current folder, since the binary is
// run from anywhere.
func defaultIndex() (string, error) {
	dir, err := userDataDir()
	if err != nil {
		return "", errors.New("index: no default location (no home folder): set index or pass --index")
	}
	return filepath.Join(dir, "briefsearch", "index"), nil
}

func userDataDir() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return d, nil
	}
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("LocalAppData"); d != "" {
			return d, nil
		}
		return "", errors.New("%LocalAppData% is not set")
	case "darwin":
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		return filepath.Join(home, "Library", "Application Support"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(home, ".local", "share"), nil
}

// defaultCacheDir keeps what can be made again (the PDF engine's compiled code) in the user's
// cache folder; "" when there is none, and then nothing is cached.
func defaultCacheDir() string {
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "briefsearch")
}
