package index

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Names inside the index root and inside a generation.
const (
	currentLink    = "current"
	generationsDir = "generations"
	lockName       = "build.lock"
	bleveDir       = "index"
	metaName       = "meta.json"
	briefingsName  = "briefings.json"
	extraDir       = "extra"
)

var (
	// ErrNoIndex means no generation has been built under the root yet.
	ErrNoIndex = errors.New("no index has been built yet")
	// ErrBuildRunning means another process holds the build lock.
	ErrBuildRunning = errors.New("another index build is running")
)

// newGenerationID names a generation by its UTC build time (so names sort by age) plus a
// random suffix (so two builds in the same millisecond never share a directory).
func newGenerationID(now time.Time) (string, error) {
	var b [3]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("generation id: %w", err)
	}
	return now.UTC().Format("20060102T150405.000Z") + "-" + hex.EncodeToString(b[:]), nil
}

// CurrentDir returns the directory of the generation that root's current link points to, or
// an error wrapping ErrNoIndex when there is none.
func CurrentDir(root string) (string, error) {
	link := filepath.Join(root, currentLink)
	target, err := os.Readlink(link)
	if errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("%s: %w", root, ErrNoIndex)
	}
	if err != nil {
		if info, serr := os.Lstat(link); serr == nil && !info.Mode().IsDir() && info.Mode()&fs.ModeSymlink == 0 {
			return "", fmt.Errorf("%s is a %s, not the link to the current generation", link, strings.TrimSpace(kind(info.Mode())))
		}
		return "", fmt.Errorf("reading the current generation link: %w", err)
	}
	if !filepath.IsAbs(target) {
		target = filepath.Join(root, target)
	}
	return target, nil
}

// kind names a file type for a person.
func kind(m fs.FileMode) string {
	if m.IsDir() {
		return "folder"
	}
	if m.IsRegular() {
		return "regular file"
	}
	return "special file"
}

// switchCurrent points root/current at the generation id. A symlink cannot be replaced in
// place, so a temporary link is renamed over it: rename(2) is atomic, so a reader sees the old
// generation or the new one, never neither, whenever the process dies.
func switchCurrent(root, id string) error {
	tmp := filepath.Join(root, currentLink+".tmp-"+id)
	_ = os.Remove(tmp)
	if err := os.Symlink(filepath.Join(generationsDir, id), tmp); err != nil {
		return fmt.Errorf("switching to generation %s: %w", id, err)
	}
	if err := os.Rename(tmp, filepath.Join(root, currentLink)); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("switching to generation %s: %w", id, err)
	}
	return syncDir(root)
}

// prune removes every generation except keep (the new one and the one it replaced), and
// stray temporary links. It runs under the build lock, so no build is writing what it removes;
// partial generations of killed builds go here too.
func prune(root string, keep ...string) error {
	keepSet := map[string]bool{}
	for _, k := range keep {
		if k != "" {
			keepSet[k] = true
		}
	}
	entries, err := os.ReadDir(filepath.Join(root, generationsDir))
	if err != nil {
		return fmt.Errorf("listing generations: %w", err)
	}
	var errs []error
	for _, e := range entries {
		dir := filepath.Join(root, generationsDir, e.Name())
		if keepSet[e.Name()] || inUse(dir) { // a server still serves it: the next build prunes it
			continue
		}
		if err := os.RemoveAll(dir); err != nil {
			errs = append(errs, err)
		}
	}
	links, _ := filepath.Glob(filepath.Join(root, currentLink+".tmp-*"))
	for _, l := range links {
		_ = os.Remove(l)
	}
	return errors.Join(errs...)
}

// generationOf returns the generation id a directory under root/generations names, or "".
func generationOf(root, dir string) string {
	rel, err := filepath.Rel(filepath.Join(root, generationsDir), dir)
	if err != nil || strings.Contains(rel, string(filepath.Separator)) || rel == "." || strings.HasPrefix(rel, "..") {
		return ""
	}
	return rel
}

// syncDir flushes a directory's entries (a rename or new file) to disk.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("syncing %s: %w", dir, err)
	}
	return nil
}
