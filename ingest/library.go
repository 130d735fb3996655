package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"sync"
	"time"

	"briefsearch/archive/forms"
	"briefsearch/entity"
)

// Lexicon is the gazetteer and the glossary that builds annotate with, as bytes (nil: none),
// with the names errors give them (a path, or the embedded file's name).
type Lexicon struct {
	GazetteerName string
	Gazetteer     []byte
	GlossaryName  string
	Glossary      []byte
}

// fingerprint identifies the lexicon's content: a generation built with another one is
// rebuilt in full, since every item's entities may differ.
func (lx Lexicon) fingerprint() string {
	h := sha256.New()
	fmt.Fprintf(h, "%d:%s%d:%s", len(lx.Gazetteer), lx.Gazetteer, len(lx.Glossary), lx.Glossary)
	return hex.EncodeToString(h.Sum(nil))
}

// Options configure a Library.
type Options struct {
	Archive   string        // the archive folder
	Index     string        // the index folder (its generations and "current")
	Lexicon   Lexicon       // what builds annotate with
	Reader    *forms.Reader // reads briefing files; required
	Logger    *slog.Logger  // nil discards
	BatchSize int           // items per index batch; 0 = the index's default
	// Builder, when set, runs each build instead of this process: a server builds in a child
	// process, so that a build's crash or its memory never touch the searches it serves.
	Builder func(ctx context.Context, mode Mode, s Settling) (*Report, error)
	// Now is the clock that tells how long ago a file changed; nil = time.Now.
	Now func() time.Time
}

// Library is an archive folder and the index built from it. Its methods are safe for
// concurrent use; builds run one at a time.
type Library struct {
	opts Options
	lex  *entity.Lexicon

	mu     sync.Mutex           // held by a build (and by Add, which ends in one)
	known  map[string]fileState // by path in the archive: what the last build saw of each file
	status Status
}

// Status is what the builds so far came to: for readiness, status pages and metrics.
type Status struct {
	At       time.Time         // when the last build ended; zero before the first
	Report   *Report           // the last build's report, when it got that far
	Pending  []string          // files still being written, left for a later build
	Err      string            // the last build's error; "" when it succeeded
	Builds   map[string]uint64 // builds by how they went (Report.How)
	Failures uint64            // builds that failed
}

// New checks opts and parses the lexicon; a bad entry is an error naming file and line.
func New(opts Options) (*Library, error) {
	if opts.Archive == "" {
		return nil, errors.New("no archive folder: pass --archive DIR or set archive in the config")
	}
	if opts.Index == "" {
		return nil, errors.New("no index folder")
	}
	if opts.Reader == nil {
		return nil, errors.New("ingest: Options.Reader is required")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	lx, err := entity.ParseFiles(opts.Lexicon.GazetteerName, opts.Lexicon.Gazetteer, opts.Lexicon.GlossaryName, opts.Lexicon.Glossary)
	if err != nil {
		return nil, err
	}
	return &Library{opts: opts, lex: lx}, nil
}

// Archive is the archive folder.
func (l *Library) Archive() string { return l.opts.Archive }

// Status is what the builds so far came to. It waits for a build that is running.
func (l *Library) Status() Status {
	l.mu.Lock()
	defer l.mu.Unlock()
	st := l.status
	st.Builds = maps.Clone(st.Builds)
	return st
}

// record notes a build's outcome in the status; the caller holds l.mu.
func (l *Library) record(rep *Report, err error) {
	if rep != nil {
		l.status.Pending = rep.Pending
	}
	if rep != nil && rep.How == Waiting {
		return // not a build: nothing was read
	}
	l.status.At = l.opts.Now()
	if rep != nil {
		l.status.Report = rep
		if l.status.Builds == nil {
			l.status.Builds = map[string]uint64{}
		}
		l.status.Builds[rep.How]++
	}
	l.status.Err = ""
	if err != nil {
		l.status.Err = err.Error()
		l.status.Failures++
	}
}
