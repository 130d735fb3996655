package index

// A generation's integrity. A build records every file of the generation with its size and
// SHA-256 in meta.json (written last). Opening a generation checks the sizes, which costs a
// stat per file and catches a truncated or missing file; Verify checks the contents too, which
// costs reading every byte (about a second for a 200k-item index) and catches the rest.

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// FileSum is one file of a generation as its build wrote it.
type FileSum struct {
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// ErrDamaged marks a generation whose files are not those its build wrote.
var ErrDamaged = errors.New("damaged")

// ErrOtherFormat marks a generation written by a version of briefsearch with another Format.
var ErrOtherFormat = errors.New("written by another version of briefsearch")

// sumFiles lists every file under dir but meta.json with its size and hash. A file that
// previous recorded with the same size and the same inode (a segment linked by Extend) takes
// the recorded hash rather than being read again.
func sumFiles(dir string, previous map[string]FileSum, previousDir string) (map[string]FileSum, error) {
	sums := map[string]FileSum{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil || d.IsDir() || rel == metaName || isLease(rel) {
			return err
		}
		rel = filepath.ToSlash(rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		if prev, ok := previous[rel]; ok && prev.Size == info.Size() && previousDir != "" {
			if old, err := os.Stat(filepath.Join(previousDir, filepath.FromSlash(rel))); err == nil && os.SameFile(old, info) {
				sums[rel] = prev
				return nil
			}
		}
		sum, err := hashFile(p)
		if err != nil {
			return err
		}
		sums[rel] = FileSum{Size: info.Size(), SHA256: sum}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("recording the generation's files: %w", err)
	}
	return sums, nil
}

func hashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// checkFiles compares the files in dir with the recorded ones: each must be there with its
// size, and, when full, its hash. The error names the first file that is not as written.
func checkFiles(dir string, files map[string]FileSum, full bool) error {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		want := files[name]
		p := filepath.Join(dir, filepath.FromSlash(name))
		info, err := os.Stat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("%w: %s is missing", ErrDamaged, describe(name))
		case err != nil:
			return fmt.Errorf("%w: %s cannot be read: %v", ErrDamaged, describe(name), err)
		case info.Size() < want.Size:
			return fmt.Errorf("%w: %s is truncated (%d of %d bytes)", ErrDamaged, describe(name), info.Size(), want.Size)
		case info.Size() != want.Size:
			return fmt.Errorf("%w: %s is %d bytes, its build wrote %d", ErrDamaged, describe(name), info.Size(), want.Size)
		}
		if !full {
			continue
		}
		sum, err := hashFile(p)
		if err != nil {
			return fmt.Errorf("%w: %s cannot be read: %v", ErrDamaged, describe(name), err)
		}
		if sum != want.SHA256 {
			return fmt.Errorf("%w: %s has changed since its build (its SHA-256 differs)", ErrDamaged, describe(name))
		}
	}
	return nil
}

// describe names a generation file for a person: "segment 000000000003.zap".
func describe(name string) string {
	base := filepath.Base(name)
	switch {
	case strings.HasSuffix(base, ".zap"):
		return "segment " + base
	case base == "root.bolt":
		return "the index root (root.bolt)"
	}
	return name
}

// Verify checks the generation in dir against what its build recorded: every file there,
// with its size and its SHA-256. A generation built before files were recorded is checked for
// what can be: it opens. The error names the file, not the generation (the caller knows it).
func Verify(dir string) error {
	meta, err := readMetaOf(dir)
	if err != nil {
		return err
	}
	if len(meta.Files) == 0 {
		g, err := OpenDir(dir, OpenOptions{})
		if err != nil {
			return err
		}
		return g.Close()
	}
	return checkFiles(dir, meta.Files, true)
}

// CheckSizes is the cheap check Open makes: every file the build recorded is there with its
// size. A build trusts the current generation (to extend it, or to find the archive unchanged)
// only when it passes.
func CheckSizes(dir string) error {
	meta, err := readMetaOf(dir)
	if err != nil {
		return err
	}
	return checkFiles(dir, meta.Files, false)
}

// readMetaOf reads a generation's meta.json, saying plainly what is wrong when it cannot.
func readMetaOf(dir string) (Meta, error) {
	var m Meta
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return m, fmt.Errorf("generation %s does not exist", filepath.Base(dir))
	}
	err := readJSON(filepath.Join(dir, metaName), &m)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return m, fmt.Errorf("generation %s is incomplete: it has no %s (a build that did not finish)", filepath.Base(dir), metaName)
	case err != nil:
		return m, fmt.Errorf("generation %s: %w: %s is damaged: %v", filepath.Base(dir), ErrDamaged, metaName, err)
	case m.Format != Format:
		return m, fmt.Errorf("generation %s has format %d, this program reads %d (%w): rebuild the index", filepath.Base(dir), m.Format, Format, ErrOtherFormat)
	}
	return m, nil
}

// Generations lists the complete generations under root, newest first, and the one current
// names ("" when the link is missing or broken).
func Generations(root string) (all []string, current string) {
	if dir, err := CurrentDir(root); err == nil {
		current = generationOf(root, dir)
	}
	return completeGenerations(root), current
}

// GenerationDir is the folder of generation id under root.
func GenerationDir(root, id string) string { return filepath.Join(root, generationsDir, id) }
