package ingest

// Adding a briefing to the archive: an upload, or the add command. The file is checked in full
// before anything is written, and written so that the archive holds it whole or not at all.

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"time"

	"briefsearch/archive"
	"briefsearch/archive/forms"
)

// ErrWeekExists means the archive already holds a briefing of the week being added.
var ErrWeekExists = errors.New("that week is already in the archive")

// replacedDir keeps the files a replacement moved aside. It is hidden, so no scan reads it.
const replacedDir = ".replaced"

// AddResult says what Add did.
type AddResult struct {
	ID       string   // the briefing's id: its week
	Items    int      // its items
	Path     string   // where it was written, relative to the archive folder
	Replaced []string // files of the same week moved into .replaced/, relative to the archive
	Report   *Report  // the build that followed; nil when it failed (BuildErr)
	BuildErr error    // why the build failed: the file is written, the next build takes it
}

// Add checks that data is a briefing (any form, told from the content; name only lends its
// extension to a Markdown file and names it in errors), and writes it into the archive as
// <year>/<week>.<form's extension>, then builds the index. A file that is not a briefing is an
// *archive.ParseError and nothing is written. When the archive has that week already, Add
// returns an error wrapping ErrWeekExists, unless replace is set: then the week's other files
// are moved to .replaced/<time>/ (nothing is deleted) once the new one is in place.
//
// The file is written to a hidden temporary name, synced and renamed, all through an os.Root
// on the archive folder: a crash leaves the archive without it or with all of it, and no name
// can reach outside the folder.
func (l *Library) Add(ctx context.Context, name string, data []byte, replace bool) (*AddResult, error) {
	b, form, err := l.opts.Reader.Parse(ctx, name, data)
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	st, err := l.resolve(ctx, l.previous(Update), Settling{})
	if err != nil {
		return nil, err
	}
	var same []string // the files of that week already in the archive
	for r, s := range st.states {
		if s.ID == b.ID && s.Reason == "" {
			same = append(same, r)
		}
	}
	slices.Sort(same)
	if len(same) > 0 && !replace {
		return nil, fmt.Errorf("%w: briefing %s is %s; add it with replace to put this file in its place",
			ErrWeekExists, b.ID, strings.Join(same, ", "))
	}
	root, err := os.OpenRoot(l.opts.Archive)
	if err != nil {
		return nil, fmt.Errorf("opening the archive folder: %w", err)
	}
	defer root.Close()
	rel, err := freeName(root, path.Join(fmt.Sprint(b.WeekStart.Year()), b.ID), extension(form), same)
	if err != nil {
		return nil, err
	}
	res := &AddResult{ID: b.ID, Items: len(b.Items), Path: rel}
	aside := path.Join(replacedDir, l.opts.Now().UTC().Format("20060102T150405.000Z"))
	if slices.Contains(same, rel) {
		// The old file keeps a name in .replaced/ before the new one takes its place.
		if err := root.MkdirAll(path.Dir(path.Join(aside, rel)), 0o755); err != nil {
			return nil, fmt.Errorf("keeping %s: %w", rel, err)
		}
		if err := root.Link(rel, path.Join(aside, rel)); err != nil {
			return nil, fmt.Errorf("keeping %s: %w", rel, err)
		}
		res.Replaced = append(res.Replaced, rel)
	}
	if err := writeAtomic(root, rel, data); err != nil {
		return nil, err
	}
	for _, r := range same {
		if r == rel {
			continue
		}
		to := path.Join(aside, r)
		if err := root.MkdirAll(path.Dir(to), 0o755); err != nil {
			return res, fmt.Errorf("%s is written, but moving %s aside failed: %w", rel, r, err)
		}
		if err := root.Rename(r, to); err != nil {
			return res, fmt.Errorf("%s is written, but moving %s aside failed: %w", rel, r, err)
		}
		res.Replaced = append(res.Replaced, r)
	}
	rep, err := l.runBuild(ctx, Update, Settling{}, nil)
	l.record(rep, err)
	if err != nil {
		res.BuildErr = err
		return res, nil
	}
	res.Report = rep
	return res, nil
}

// freeName is base+ext, or base-2+ext, base-3+ext, … when that name holds another file than
// one of the week's own (which replace overwrites).
func freeName(root *os.Root, base, ext string, same []string) (string, error) {
	for n := 1; n <= 100; n++ {
		name := base + ext
		if n > 1 {
			name = fmt.Sprintf("%s-%d%s", base, n, ext)
		}
		if _, err := root.Lstat(name); errors.Is(err, fs.ErrNotExist) || slices.Contains(same, name) {
			return name, nil
		}
	}
	return "", fmt.Errorf("no free name for %s%s in the archive: 100 files are named so", base, ext)
}

// extension is the file extension a briefing of form is stored with.
func extension(form forms.Form) string {
	switch form {
	case forms.FormPDF:
		return ".pdf"
	case forms.FormDOCX:
		return ".docx"
	case forms.FormMarkdown:
		return ".md"
	}
	return ".txt"
}

// writeAtomic writes data to rel under root: into a hidden temporary file beside it, synced,
// then renamed over rel, and the folder synced, so rel is complete or absent after a crash.
func writeAtomic(root *os.Root, rel string, data []byte) error {
	dir := path.Dir(rel)
	if err := root.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating %s in the archive: %w", dir, err)
	}
	var rnd [6]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return err
	}
	tmp := path.Join(dir, ".upload-"+hex.EncodeToString(rnd[:])+".tmp")
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("writing %s: %w", rel, err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = root.Rename(tmp, rel)
	}
	if err != nil {
		_ = root.Remove(tmp)
		return fmt.Errorf("writing %s: %w", rel, err)
	}
	d, err := root.Open(dir)
	if err != nil {
		return fmt.Errorf("syncing %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, fs.ErrInvalid) {
		return fmt.Errorf("syncing %s: %w", dir, err)
	}
	return nil
}

// RemoveStaleUploads deletes temporary files an interrupted upload left in the archive
// (.upload-*.tmp, older than an hour): they are hidden, so no build ever read them.
func (l *Library) RemoveStaleUploads() error {
	cutoff := l.opts.Now().Add(-time.Hour)
	return fs.WalkDir(os.DirFS(l.opts.Archive), ".", func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return nil // unreadable parts are the scan's to report
		case d.IsDir() && strings.HasPrefix(d.Name(), ".") && p != ".":
			return fs.SkipDir
		case d.IsDir() || !strings.HasPrefix(d.Name(), ".upload-") || !strings.HasSuffix(d.Name(), ".tmp"):
			return nil
		}
		if info, err := d.Info(); err == nil && info.ModTime().Before(cutoff) {
			_ = os.Remove(l.opts.Archive + string(os.PathSeparator) + p)
		}
		return nil
	})
}

// IsNotBriefing reports whether an Add error says the file is not a briefing (as opposed to
// the archive or the index failing).
func IsNotBriefing(err error) bool {
	var pe *archive.ParseError
	return errors.As(err, &pe)
}
