package forms

// Walking an archive folder as researchers keep it: year folders (2019/, 2020/, …), copies in
// several forms, the odd spreadsheet or image, hidden files left by editors and sync tools,
// and symbolic links to folders kept elsewhere.

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"briefsearch/archive"
)

// maxDepth bounds how deep the walk goes: no archive nests folders this deep, and a bound
// keeps a pathological tree from running on.
const maxDepth = 32

// File is one briefing file of an archive folder.
type File struct {
	Path    string    // the folder as given, joined with Rel: how messages name the file
	Rel     string    // slash-separated path inside the archive folder
	Size    int64     // in bytes, when scanned
	ModTime time.Time // when scanned
}

// Form is the form the file's name claims (its content decides when it is read).
func (f File) Form() Form {
	form, _ := formByName(f.Rel)
	return form
}

// Scan is what walking an archive folder found.
type Scan struct {
	Files    []File         // briefing files, sorted by Rel
	Rejected []error        // *archive.ParseError: named like briefings but not readable as files
	Ignored  map[string]int // files of other types, counted by lower-case extension ("" for none)
	Hidden   int            // hidden files and folders (names starting with "."), skipped
	Notices  []string       // what was read differently from how it looks, and why
}

// IgnoredCount is the number of files of other types.
func (s *Scan) IgnoredCount() int {
	n := 0
	for _, c := range s.Ignored {
		n += c
	}
	return n
}

// ScanDir walks dir recursively for briefing files (.pdf .docx .txt .md, and .doc to report
// it). Hidden files and folders are skipped; symbolic links are followed, but never back into
// a folder being walked or into one already walked; files that are not regular files (named
// pipes, devices, sockets) are never opened. The error is for dir itself or a cancelled ctx;
// everything below dir is reported in the Scan.
func ScanDir(ctx context.Context, dir string) (*Scan, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("archive folder %s: %w", dir, pathCause(err))
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("archive folder %s is not a folder", dir)
	}
	w := &walker{ctx: ctx, root: dir, scan: &Scan{Ignored: map[string]int{}}}
	w.seen = append(w.seen, info)
	if err := w.walk("", 0); err != nil {
		return nil, err
	}
	slices.SortFunc(w.scan.Files, func(a, b File) int { return strings.Compare(a.Rel, b.Rel) })
	return w.scan, nil
}

type walker struct {
	ctx  context.Context
	root string
	scan *Scan
	seen []fs.FileInfo // every folder walked, to walk none twice
}

func (w *walker) display(rel string) string { return filepath.Join(w.root, filepath.FromSlash(rel)) }

func (w *walker) reject(rel, reason string) {
	w.scan.Rejected = append(w.scan.Rejected, &archive.ParseError{File: w.display(rel), Reason: reason})
}

func (w *walker) walk(rel string, depth int) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	if depth > maxDepth {
		w.scan.Notices = append(w.scan.Notices, fmt.Sprintf("%s: folders nest deeper than %d levels; not read further", w.display(rel), maxDepth))
		return nil
	}
	entries, err := os.ReadDir(w.display(rel))
	if err != nil && len(entries) == 0 {
		w.reject(rel, "cannot list the folder: "+pathCause(err).Error())
		return nil
	}
	for _, e := range entries {
		name := e.Name()
		child := path.Join(rel, name)
		if strings.HasPrefix(name, ".") {
			w.scan.Hidden++
			continue
		}
		info, err := e.Info()
		if err != nil {
			w.reject(child, "cannot read: "+pathCause(err).Error())
			continue
		}
		link := info.Mode()&fs.ModeSymlink != 0
		if link {
			if info, err = os.Stat(w.display(child)); err != nil {
				if IsBriefingName(name) {
					w.reject(child, "a symbolic link to nothing: "+pathCause(err).Error())
				} else {
					w.scan.Notices = append(w.scan.Notices, fmt.Sprintf("%s: a symbolic link to nothing; skipped", w.display(child)))
				}
				continue
			}
		}
		switch {
		case info.IsDir():
			if slices.ContainsFunc(w.seen, func(s fs.FileInfo) bool { return os.SameFile(s, info) }) {
				w.scan.Notices = append(w.scan.Notices, fmt.Sprintf("%s: a link to a folder already read; not read again", w.display(child)))
				continue
			}
			if IsBriefingName(name) {
				w.scan.Notices = append(w.scan.Notices, fmt.Sprintf("%s: a folder named like a briefing file; read as a folder", w.display(child)))
			}
			w.seen = append(w.seen, info)
			if err := w.walk(child, depth+1); err != nil {
				return err
			}
		case !IsBriefingName(name):
			w.scan.Ignored[strings.ToLower(path.Ext(name))]++
		case !info.Mode().IsRegular():
			w.reject(child, "not a regular file ("+fileKind(info.Mode())+"): never opened")
		default:
			w.scan.Files = append(w.scan.Files, File{Path: w.display(child), Rel: child, Size: info.Size(), ModTime: info.ModTime()})
		}
	}
	if err != nil { // a partial listing: say so, keep what was listed
		w.reject(rel, "folder listed only in part: "+pathCause(err).Error())
	}
	return nil
}

// fileKind names a non-regular file type for a person.
func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// pathCause drops the path an fs error repeats, since the message names the file already.
func pathCause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
