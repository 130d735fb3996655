package main

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"briefsearch/archive/lexicon"
)

// configOf decodes the config a subcommand would see, run with args from dir.
func configOf(t *testing.T, dir string, args ...string) (Config, error) {
	t.Helper()
	t.Chdir(dir)
	var cfg Config
	var cfgErr error
	root := newRootCmd()
	for _, c := range root.Commands() {
		if c.Name() == args[0] {
			c.RunE = func(cmd *cobra.Command, _ []string) error {
				cfg, cfgErr = loadConfig(cmd)
				return nil
			}
		}
	}
	root.SetArgs(args)
	root.SetOut(&bytes.Buffer{})
	if err := root.ExecuteContext(context.Background()); err != nil {
		t.Fatal(err)
	}
	return cfg, cfgErr
}

// Installed and run from a folder with no config.yaml, the defaults make sense outside the
// repository: the index in the user data folder, the shipped lexicon from the binary.
func TestConfigWithoutAFile(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_DATA_HOME", filepath.Join(home, "data"))
	t.Setenv("XDG_CACHE_HOME", filepath.Join(home, "cache"))
	cfg, err := configOf(t, t.TempDir(), "index", "--archive", "briefings")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(home, "data", "briefsearch", "index"); cfg.Index != want {
		t.Errorf("index %q, want %q", cfg.Index, want)
	}
	if cfg.Gazetteer != builtinLexicon || cfg.Glossary != builtinLexicon || cfg.Archive != "briefings" {
		t.Errorf("gazetteer %q, glossary %q, archive %q", cfg.Gazetteer, cfg.Glossary, cfg.Archive)
	}
	if want := filepath.Join(home, "cache", "briefsearch"); cfg.CacheDir != want {
		t.Errorf("cache %q, want %q", cfg.CacheDir, want)
	}
	lx, err := readLexicon(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(lx.Gazetteer, lexicon.Gazetteer()) || lx.GazetteerName != lexicon.GazetteerName {
		t.Errorf("the builtin gazetteer is not the shipped one: %s", lx.GazetteerName)
	}
	if _, err := configOf(t, t.TempDir(), "index"); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	root := newRootCmd()
	root.SetArgs([]string{"index"})
	root.SetOut(&out)
	root.SetErr(&out)
	if err := root.ExecuteContext(context.Background()); err == nil || !strings.Contains(err.Error(), "no archive folder: pass --archive DIR") {
		t.Errorf("index without an archive: %v", err)
	}
}

// A config file's relative paths are relative to the file, so one config works from anywhere;
// a flag's or an environment variable's are relative to where the command runs.
func TestConfigFilePaths(t *testing.T) {
	dir := t.TempDir()
	home := t.TempDir()
	t.Setenv("HOME", home)
	conf := filepath.Join(dir, "briefsearch.yaml")
	writeFile(t, conf, "archive: briefings\nindex: ~/idx\ngazetteer: lexicon/gz.yaml\nglossary: none\n")
	cfg, err := configOf(t, t.TempDir(), "index", "--config", conf)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Archive != filepath.Join(dir, "briefings") || cfg.Index != filepath.Join(home, "idx") ||
		cfg.Gazetteer != filepath.Join(dir, "lexicon", "gz.yaml") || cfg.Glossary != noLexicon {
		t.Errorf("paths from the config file: %+v", cfg)
	}
	cfg, err = configOf(t, t.TempDir(), "index", "--config", conf, "--archive", "here")
	if err != nil || cfg.Archive != "here" {
		t.Errorf("--archive over the config file: %q, %v", cfg.Archive, err)
	}
	t.Setenv("BRIEFSEARCH_INDEX", "from-env")
	if cfg, err = configOf(t, t.TempDir(), "index", "--config", conf); err != nil || cfg.Index != "from-env" {
		t.Errorf("BRIEFSEARCH_INDEX over the config file: %q, %v", cfg.Index, err)
	}
	// A configured lexicon file that is missing names the key to fix.
	_, err = readLexicon(Config{Gazetteer: filepath.Join(dir, "lexicon", "gz.yaml"), Glossary: builtinLexicon})
	if err == nil || !strings.Contains(err.Error(), "gazetteer "+filepath.Join(dir, "lexicon", "gz.yaml")+": no such file or directory (config key gazetteer or --gazetteer") {
		t.Errorf("missing gazetteer: %v", err)
	}
}

func TestVersion(t *testing.T) {
	var out bytes.Buffer
	root := newRootCmd()
	root.SetArgs([]string{"version"})
	root.SetOut(&out)
	if err := root.ExecuteContext(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^briefsearch \S+( \(commit [0-9a-f]{12}, \S+(, modified)?\))? go1\.\d+\S* \w+/\w+\n$`).MatchString(out.String()) {
		t.Errorf("version %q", out.String())
	}
}

// Loopback clients are spared the rate limit by default; the environment turns it off.
func TestRateLimitLoopbackDefault(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	cfg, err := configOf(t, t.TempDir(), "serve", "--archive", "briefings")
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.Server.RateLimitExemptLoopback || cfg.Server.RateLimit <= 0 {
		t.Errorf("defaults: rate limit %v, loopback exempt %v; want a limit, loopback exempt", cfg.Server.RateLimit, cfg.Server.RateLimitExemptLoopback)
	}
	t.Setenv("BRIEFSEARCH_SERVER_RATE_LIMIT_EXEMPT_LOOPBACK", "false")
	if cfg, err = configOf(t, t.TempDir(), "serve", "--archive", "briefings"); err != nil || cfg.Server.RateLimitExemptLoopback {
		t.Errorf("BRIEFSEARCH_SERVER_RATE_LIMIT_EXEMPT_LOOPBACK=false: exempt %v, %v", cfg.Server.RateLimitExemptLoopback, err)
	}
}
