package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
)

// incomingDir holds generations a replica is receiving. It is beside generations/, on the
// same file system (installing one is a rename), and Open never looks in it: a generation
// half received there is invisible.
const incomingDir = "incoming"

// generationName is what a generation id looks like (newGenerationID).
var generationName = regexp.MustCompile(`^\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{6}$`)

// ErrNotGeneration marks an id that is not a generation's name.
var ErrNotGeneration = errors.New("not a generation id")

// IncomingDir is the folder to receive generation id into before Install; it creates
// incoming/ (not the generation's own folder, which the transfer makes).
func IncomingDir(root, id string) (string, error) {
	if !generationName.MatchString(id) {
		return "", fmt.Errorf("%q: %w", id, ErrNotGeneration)
	}
	if err := os.MkdirAll(filepath.Join(root, incomingDir), 0o755); err != nil {
		return "", fmt.Errorf("creating the incoming folder: %w", err)
	}
	return filepath.Join(root, incomingDir, id), nil
}

// InstallReport says what Install did.
type InstallReport struct {
	Generation string
	Previous   string // the generation current named before; "" on the first
	Sequence   int    // the installed generation's sequence number
}

// Install makes the generation received into IncomingDir(root, id) current, as a build
// makes the one it wrote current: only when every file it holds is the one its build
// recorded in meta.json (size and SHA-256, so a truncated or corrupted transfer is refused),
// by a rename into generations/ and an atomic switch of the current link, then pruning as a
// build does (never a leased generation). A refused generation is removed, with an error
// wrapping ErrDamaged that names the bad file; current is untouched.
func Install(ctx context.Context, root, id string) (*InstallReport, error) {
	staged, err := IncomingDir(root, id)
	if err != nil {
		return nil, err
	}
	unlock, err := lockRoot(root)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	meta, err := verifyReceived(staged, id)
	if err != nil {
		_ = os.RemoveAll(staged)
		return nil, fmt.Errorf("refusing generation %s: %w", id, err)
	}
	report := &InstallReport{Generation: id, Sequence: meta.Sequence}
	dir := filepath.Join(root, generationsDir, id)
	if _, err := os.Stat(dir); err == nil {
		// Received before (an install interrupted after the rename): the one in place verified then.
		_ = os.RemoveAll(staged)
	} else if err := os.Rename(staged, dir); err != nil {
		return nil, fmt.Errorf("installing generation %s: %w", id, err)
	}
	if err := syncDir(filepath.Join(root, generationsDir)); err != nil {
		return nil, err
	}
	if prev, err := CurrentDir(root); err == nil {
		report.Previous = generationOf(root, prev)
	}
	if report.Previous == id {
		return report, nil
	}
	if err := switchCurrent(root, id); err != nil {
		return nil, err
	}
	if err := prune(root, id, report.Previous); err != nil {
		return report, fmt.Errorf("generation %s is current, but removing old generations failed: %w", id, err)
	}
	return report, nil
}

// verifyReceived checks a received generation in full: its meta.json names it, lists its
// files with their checksums, and every one of them is there as recorded.
func verifyReceived(dir, id string) (Meta, error) {
	meta, err := readMetaOf(dir)
	if err != nil {
		return meta, err
	}
	switch {
	case meta.ID != id:
		return meta, fmt.Errorf("%w: its meta.json names generation %q", ErrDamaged, meta.ID)
	case len(meta.Files) == 0:
		return meta, fmt.Errorf("its meta.json records no file checksums (built by an older briefsearch): rebuild it on the writer")
	}
	return meta, checkFiles(dir, meta.Files, true)
}
