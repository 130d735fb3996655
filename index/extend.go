package index

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"briefsearch/archive"
)

// ErrNotExtendable means the current generation cannot be extended (none yet, another
// format, or a briefing that is already in it): build in full instead.
var ErrNotExtendable = errors.New("the current generation cannot be extended")

// maxSegments bounds the segments an extended generation may hold: each added week brings
// one, and every search visits them all. Past the bound, Extend merges them into one.
const maxSegments = 12

// Extend writes a new generation holding the current generation's items and those of added,
// which must all be new briefings, and switches to it, as Build does. Nothing already indexed
// is analyzed or written again: the current generation's segment files are immutable, so the
// new generation links them and adds one small segment for the new items. Its columns,
// briefing records and derived files are those of a full build of the same briefings (ties
// in ranking go by item id, never by document number), which a test holds it to.
func Extend(ctx context.Context, root string, added []*archive.Briefing, opts BuildOptions) (*BuildReport, error) {
	start := time.Now()
	Register() // the linked index is opened with the mapping it was built with
	if err := LoadDictionary(); err != nil {
		return nil, fmt.Errorf("loading the Japanese dictionary: %w", err)
	}
	for name := range opts.Extra {
		if err := checkExtraName(name); err != nil {
			return nil, err
		}
	}
	unlock, err := lockFile(filepath.Join(root, lockName))
	if err != nil {
		return nil, err
	}
	defer unlock()

	prevDir, err := CurrentDir(root)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotExtendable, err)
	}
	base, err := readBase(prevDir, added)
	if err != nil {
		return nil, err
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	id, err := newGenerationID(now())
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(root, generationsDir, id)
	report := &BuildReport{Generation: id, Dir: dir, Previous: generationOf(root, prevDir)}
	// The linked segments cost nothing; the new one does, and so does merging them all, once
	// there are too many.
	need := needFor(textBytes(added))
	if zapFiles(filepath.Join(prevDir, bleveDir, "store"))+1 > maxSegments {
		need += 2 * dirBytes(filepath.Join(prevDir, bleveDir))
	}
	if err := checkSpace(root, need, countItems(added)); err != nil {
		return nil, err
	}
	if err := extendGeneration(ctx, prevDir, dir, id, now().UTC(), base, added, opts, report); err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	if opts.Written != nil {
		opts.Written(id, dir)
	}
	if err := switchCurrent(root, id); err != nil {
		return nil, err
	}
	if err := prune(root, id, report.Previous); err != nil {
		return report, fmt.Errorf("generation %s is current, but removing old generations failed: %w", id, err)
	}
	report.Took = time.Since(start)
	return report, nil
}

// readBase reads what the new generation carries over from the one in dir, and checks that
// added holds only briefings that are not in it.
func readBase(dir string, added []*archive.Briefing) (generationBase, error) {
	var meta Meta
	if err := readJSON(filepath.Join(dir, metaName), &meta); err != nil {
		return generationBase{}, fmt.Errorf("%w: %w", ErrNotExtendable, err)
	}
	if meta.Format != Format {
		return generationBase{}, fmt.Errorf("%w: it has format %d, this program writes %d", ErrNotExtendable, meta.Format, Format)
	}
	// Linking a damaged segment would carry the damage into the new generation.
	if err := checkFiles(dir, meta.Files, false); err != nil {
		return generationBase{}, fmt.Errorf("%w: %w", ErrNotExtendable, err)
	}
	base := generationBase{files: meta.Files, dir: dir, sequence: meta.Sequence, previous: dir}
	if err := readJSON(filepath.Join(dir, briefingsName), &base.records); err != nil {
		return generationBase{}, fmt.Errorf("%w: %w", ErrNotExtendable, err)
	}
	cols, err := decodeColumns(dir)
	if err != nil {
		return generationBase{}, fmt.Errorf("%w: %w", ErrNotExtendable, err)
	}
	base.columns = cols
	have := make(map[string]bool, len(base.records))
	for _, r := range base.records {
		have[r.ID] = true
	}
	for _, b := range added {
		if have[b.ID] {
			return generationBase{}, fmt.Errorf("%w: briefing %s is in it already", ErrNotExtendable, b.ID)
		}
		have[b.ID] = true
	}
	return base, nil
}

// extendGeneration writes the new generation into dir: the previous generation's index,
// linked, plus the added items.
func extendGeneration(ctx context.Context, prevDir, dir, id string, builtAt time.Time, base generationBase, added []*archive.Briefing, opts BuildOptions, report *BuildReport) error {
	path := filepath.Join(dir, bleveDir)
	if err := linkIndex(filepath.Join(prevDir, bleveDir), path); err != nil {
		return err
	}
	// Background merging is held off: it would rewrite the linked segments, the work Extend
	// exists to avoid. Past maxSegments they are merged at once, below.
	idx, err := openWriter(path, mergesHeldOff)
	if err != nil {
		return fmt.Errorf("opening the linked index: %w", err)
	}
	_, err = indexItems(ctx, idx, added, opts)
	if err == nil {
		err = idx.failure()
	}
	var segments uint64
	if err == nil {
		segments, err = waitPersisted(ctx, idx)
	}
	if err == nil && segments > maxSegments {
		if err = forceMerge(ctx, idx); err == nil {
			awaitObsoleteRemoved(ctx, idx, filepath.Join(path, "store"))
		}
	}
	if cerr := idx.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("closing index: %w", cerr)
	}
	if err != nil {
		return err
	}
	return finishGeneration(ctx, dir, id, builtAt, base, added, opts, report)
}

// linkIndex makes dst a copy of the scorch index in src that shares its segment files: a
// segment (.zap) is never written again once persisted, so a hard link is as good as a copy
// and costs nothing; the files scorch rewrites (its root.bolt, the index metadata) are copied.
func linkIndex(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("linking the index: %w", err)
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case filepath.Ext(p) == ".zap":
			if err := os.Link(p, target); err == nil {
				return nil
			}
			return copyFile(p, target) // a file system without hard links
		default:
			return copyFile(p, target)
		}
	})
}

// dirBytes is the size of the files under dir.
func dirBytes(dir string) uint64 {
	var n uint64
	_ = filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += uint64(info.Size())
			}
		}
		return nil
	})
	return n
}

// copyFile copies src to dst and syncs it.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("linking the index: %w", err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("linking the index: %w", err)
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("linking the index: %w", err)
	}
	return nil
}
