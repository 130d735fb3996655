package forms

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sync"

	"briefsearch/archive"
)

// Read is the outcome of reading one file.
type Read struct {
	File     File
	Briefing *archive.Briefing // nil when Err is set
	Form     Form
	Err      error // *archive.ParseError: the file is not a readable briefing
}

// Duplicate is a second file of a week already read from another file.
type Duplicate struct {
	ID      string // the week: the briefing id
	Kept    string // the file indexed
	Skipped string // the file left out
}

func (d Duplicate) String() string {
	return fmt.Sprintf("%s: the same week (%s) as %s, which is read instead", d.Skipped, d.ID, d.Kept)
}

// Result is an archive folder read in full.
type Result struct {
	Briefings  []*archive.Briefing // one per week, sorted by id
	Rejected   []error             // *archive.ParseError, by path: scanned or read, and not a briefing
	Duplicates []Duplicate
	Forms      map[Form]int // briefings read, by form
	Scan       *Scan
}

// LoadDir scans dir (ScanDir) and reads every briefing file in it on every core. One file is
// kept per week (Choose). The error is for dir itself or a cancelled ctx; a file that is not a
// briefing is in Result.Rejected and everything else is still read.
func (r *Reader) LoadDir(ctx context.Context, dir string) (*Result, error) {
	scan, err := ScanDir(ctx, dir)
	if err != nil {
		return nil, err
	}
	reads, err := r.ReadAll(ctx, scan.Files)
	if err != nil {
		return nil, err
	}
	res := &Result{Scan: scan, Rejected: slices.Clone(scan.Rejected), Forms: map[Form]int{}}
	var good []Read
	for _, rd := range reads {
		if rd.Err != nil {
			res.Rejected = append(res.Rejected, rd.Err)
			continue
		}
		good = append(good, rd)
	}
	kept, dups := Choose(good, CandidateOf)
	for _, rd := range kept {
		res.Briefings = append(res.Briefings, rd.Briefing)
		res.Forms[rd.Form]++
	}
	res.Duplicates = dups
	slices.SortStableFunc(res.Rejected, func(a, b error) int { return cmp.Compare(a.Error(), b.Error()) })
	return res, nil
}

// ReadAll reads files on every core, in the order given. The error is ctx's, if it ends.
func (r *Reader) ReadAll(ctx context.Context, files []File) ([]Read, error) {
	out := make([]Read, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for range max(1, min(len(files), runtime.GOMAXPROCS(0))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = r.ReadFile(ctx, files[i])
			}
		}()
	}
feed:
	for i := range files {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// ReadFile reads and parses one file. A cancelled read has Err set to ctx's error.
func (r *Reader) ReadFile(ctx context.Context, f File) Read {
	rd := Read{File: f}
	data, err := ReadRegular(f.Path, r.maxSize)
	if err != nil {
		rd.Err = &archive.ParseError{File: f.Path, Reason: err.Error()}
		return rd
	}
	rd.Briefing, rd.Form, rd.Err = r.Parse(ctx, f.Path, data)
	if rd.Briefing != nil {
		rd.Briefing.SourceFile = f.Rel
	}
	return rd
}

// Candidate is what choosing among the files of one week looks at.
type Candidate struct {
	ID   string // the briefing id: its week
	Form Form
	File File
}

// Choose keeps one file per week. Of two files of one week, text (or Markdown) is read
// before DOCX and DOCX before PDF, as each keeps more of the briefing as written; within one
// form, the path that sorts first. The others are returned as duplicates. The kept ones come
// sorted by briefing id.
func Choose[T any](xs []T, candidate func(T) Candidate) (kept []T, dups []Duplicate) {
	sorted := slices.Clone(xs)
	slices.SortStableFunc(sorted, func(x, y T) int {
		a, b := candidate(x), candidate(y)
		return cmp.Or(cmp.Compare(a.ID, b.ID), cmp.Compare(a.Form.rank(), b.Form.rank()), cmp.Compare(a.File.Rel, b.File.Rel))
	})
	for _, x := range sorted {
		c := candidate(x)
		if n := len(kept); n > 0 {
			if k := candidate(kept[n-1]); k.ID == c.ID {
				dups = append(dups, Duplicate{ID: c.ID, Kept: k.File.Path, Skipped: c.File.Path})
				continue
			}
		}
		kept = append(kept, x)
	}
	return kept, dups
}

// CandidateOf is a read's Candidate (for Choose).
func CandidateOf(r Read) Candidate { return Candidate{ID: r.Briefing.ID, Form: r.Form, File: r.File} }

// ReadRegular reads a regular file of at most max bytes. It refuses anything else before
// reading: a named pipe would block the read forever, a device would never end.
func ReadRegular(path string, max int64) ([]byte, error) {
	f, err := openNoBlock(path)
	if err != nil {
		return nil, fmt.Errorf("cannot open: %w", pathCause(err))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", pathCause(err))
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file (%s): never read", fileKind(info.Mode()))
	}
	if info.Size() > max {
		return nil, fmt.Errorf("file is %d bytes, more than the %d a briefing may have", info.Size(), max)
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", pathCause(err))
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("file grew past the %d bytes a briefing may have while it was read", max)
	}
	return data, nil
}

// LoadDir reads an archive folder with a Reader of default options (Reader.LoadDir) and
// closes it: for tools and tests that read a folder once.
func LoadDir(ctx context.Context, dir string) (*Result, error) {
	r := NewReader(Options{})
	defer r.Close()
	return r.LoadDir(ctx, dir)
}
