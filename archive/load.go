package archive

// Loading a folder of briefings: every good one, plus one error per bad file, so that one
// broken file never hides the rest of the archive.

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// LoadDir parses every *.txt file directly in dir (not in subfolders; hidden files are
// skipped). Briefings come sorted by ID; errors are *ParseError values naming dir/file.
func LoadDir(dir string) ([]*Briefing, []error) {
	return loadFS(os.DirFS(dir), func(name string) string { return filepath.Join(dir, filepath.FromSlash(name)) })
}

// LoadFS is LoadDir over any file system: the *.txt files at the root of fsys, named in
// errors as fsys names them.
func LoadFS(fsys fs.FS) ([]*Briefing, []error) {
	return loadFS(fsys, func(name string) string { return name })
}

func loadFS(fsys fs.FS, display func(string) string) ([]*Briefing, []error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, []error{&ParseError{File: display("."), Reason: "cannot list the folder: " + cause(err)}}
	}
	var briefings []*Briefing
	var errs []error
	seen := map[string]string{} // briefing id -> the file it came from
	for _, e := range entries { // fs.ReadDir sorts by name, so "first" is well defined
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, ".") || !strings.EqualFold(path.Ext(name), ".txt") {
			continue
		}
		file := display(name)
		data, perr := readFile(fsys, name, file)
		if perr != nil {
			errs = append(errs, perr)
			continue
		}
		b, err := Parse(file, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if prev, dup := seen[b.ID]; dup {
			errs = append(errs, &ParseError{File: file, Reason: fmt.Sprintf("briefing %s was already loaded from %s", b.ID, prev)})
			continue
		}
		seen[b.ID] = file
		briefings = append(briefings, b)
	}
	sort.Slice(briefings, func(i, j int) bool { return briefings[i].ID < briefings[j].ID })
	return briefings, errs
}

// readFile reads name from fsys, refusing anything that is not a regular file or is larger
// than a briefing can be before reading it all.
func readFile(fsys fs.FS, name, file string) ([]byte, *ParseError) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, &ParseError{File: file, Reason: "cannot open: " + cause(err)}
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, &ParseError{File: file, Reason: "cannot stat: " + cause(err)}
	}
	if !info.Mode().IsRegular() {
		return nil, &ParseError{File: file, Reason: "not a regular file"}
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, &ParseError{File: file, Reason: "cannot read: " + cause(err)}
	}
	if len(data) > MaxFileSize {
		return nil, &ParseError{File: file, Reason: fmt.Sprintf("file is larger than the %d bytes a briefing may have", MaxFileSize)}
	}
	return data, nil
}

// cause drops the path an fs error repeats, since the ParseError already names the file.
func cause(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
