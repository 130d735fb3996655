package ingest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"time"

	"briefsearch/archive"
	"briefsearch/archive/forms"
	"briefsearch/index"
	"briefsearch/search"
)

// Mode chooses how Build brings the index up to date.
type Mode int

const (
	// Update reads only what changed and extends the current generation when briefings were
	// only added; it rebuilds in full when one changed or went, or when the lexicon or the
	// program changed since the current generation was built.
	Update Mode = iota
	// Rebuild reads every file and builds a generation from scratch.
	Rebuild
)

// How a build went.
const (
	Unchanged   = "unchanged"   // the index already holds the archive: no new generation
	Waiting     = "waiting"     // files are still being written: nothing read or built yet
	Extended    = "extended"    // the current generation plus the added briefings
	FullRebuild = "full"        // a generation built from every briefing
	NoBriefings = "no-briefing" // nothing to index
)

// errNothingToIndex is a build's error when the archive holds no briefing.
var errNothingToIndex = errors.New("no briefing to index")

// Report is what a build did and found.
type Report struct {
	How        string // Unchanged, Extended, FullRebuild
	Generation string // the generation current after the build
	Briefings  int
	Items      int
	Added      int // briefings new since the previous generation
	Changed    int
	Removed    int
	Files      int                   // briefing files in the archive
	Read       int                   // files read (the others were known unchanged)
	Forms      map[forms.Form]int    // briefings indexed, by the form they were read from
	Rejected   []*archive.ParseError // files that are not briefings: file:line: reason
	Duplicates []forms.Duplicate     // second files of a week
	Pending    []string              // files still changing, left for the next build
	Settled    time.Time             // when all of them will have been still for the settle time
	Ignored    map[string]int        // files of other types, by extension
	Hidden     int                   // hidden files and folders skipped
	Notices    []string
	Took       time.Duration
}

// Build brings the index up to date with the archive folder (see Mode). progress, when set,
// hears how many items are indexed. A file that is not a briefing is in the report and the
// rest is indexed; the error is for a build that could not be made (then the served
// generation is untouched).
func (l *Library) Build(ctx context.Context, mode Mode, progress func(done, total int)) (*Report, error) {
	return l.buildSettled(ctx, mode, Settling{}, progress)
}

// Settling says which files a build leaves for later: a file still being copied is not to be
// read as a broken one.
type Settling struct {
	Settle time.Duration // a file changed within it is still being written
	Whole  bool          // while any file is, build nothing: a folder copied in makes one build
}

// BuildSettled is Build leaving the files that have not settled for a later build.
func (l *Library) BuildSettled(ctx context.Context, mode Mode, s Settling, progress func(done, total int)) (*Report, error) {
	return l.buildSettled(ctx, mode, s, progress)
}

func (l *Library) buildSettled(ctx context.Context, mode Mode, s Settling, progress func(done, total int)) (*Report, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	rep, err := l.runBuild(ctx, mode, s, progress)
	l.record(rep, err)
	return rep, err
}

// runBuild builds in this process, or in a child process when the library has a Builder.
func (l *Library) runBuild(ctx context.Context, mode Mode, s Settling, progress func(done, total int)) (*Report, error) {
	if l.opts.Builder != nil {
		return l.opts.Builder(ctx, mode, s)
	}
	return l.build(ctx, mode, s, progress)
}

func (l *Library) build(ctx context.Context, mode Mode, s Settling, progress func(done, total int)) (*Report, error) {
	start := time.Now()
	prev := l.previous(mode)
	st, err := l.resolve(ctx, prev, s)
	if err != nil {
		return nil, err
	}
	if s.Whole && len(st.pending) > 0 {
		return &Report{How: Waiting, Pending: st.pending, Settled: st.settled, Took: time.Since(start)}, nil
	}
	scan := st.scan
	rep := &Report{Rejected: parseErrors(scan.Rejected), Ignored: scan.Ignored, Hidden: scan.Hidden,
		Notices: scan.Notices, Forms: map[forms.Form]int{}, Pending: st.pending, Settled: st.settled}
	states, fresh, byRel := st.states, st.fresh, st.byRel
	rep.Files, rep.Read = len(scan.Files), st.read

	// One file per week; then what changed since the previous generation.
	var good []fileState
	for _, f := range scan.Files {
		st, ok := states[f.Rel]
		switch {
		case !ok: // pending
		case st.Reason != "":
			rep.Rejected = append(rep.Rejected, st.rejection(f))
		default:
			good = append(good, st)
		}
	}
	kept, dups := forms.Choose(good, func(s fileState) forms.Candidate {
		return forms.Candidate{ID: s.ID, Form: s.Form, File: byRel[s.Rel]}
	})
	rep.Duplicates = dups
	var added, changed []fileState
	keptIDs := map[string]bool{}
	for _, st := range kept {
		keptIDs[st.ID] = true
		rep.Forms[st.Form]++
		switch r, ok := prev.records[st.ID]; {
		case !ok:
			added = append(added, st)
		case r.Hash != st.Hash || r.SourceFile != st.Rel:
			changed = append(changed, st)
		}
	}
	for id := range prev.records {
		if !keptIDs[id] {
			rep.Removed++
		}
	}
	rep.Added, rep.Changed = len(added), len(changed)
	defer func() { rep.Took = time.Since(start) }()
	l.known = states

	switch {
	case len(kept) == 0 && len(rep.Pending) > 0:
		rep.How = NoBriefings // not yet: the files are still being written
		return rep, nil
	case len(kept) == 0:
		rep.How = NoBriefings
		return rep, fmt.Errorf("%w in %s", errNothingToIndex, l.opts.Archive)
	case prev.usable && len(added)+len(changed)+rep.Removed == 0:
		rep.How, rep.Generation = Unchanged, prev.generation
		rep.Briefings, rep.Items = len(prev.records), prev.items
		return rep, nil
	}
	extra, err := l.extra(states)
	if err != nil {
		return rep, err
	}
	if prev.usable && len(changed)+rep.Removed == 0 {
		briefings, err := l.briefings(ctx, added, byRel, fresh)
		if err != nil {
			return rep, err
		}
		built, err := index.Extend(ctx, l.opts.Index, briefings, index.BuildOptions{
			BatchSize: l.opts.BatchSize, Extra: extra, Derive: search.Derive, Progress: progress})
		if err == nil {
			rep.How, rep.Generation, rep.Briefings, rep.Items = Extended, built.Generation, built.Briefings, built.Items
			return rep, nil
		}
		if !errors.Is(err, index.ErrNotExtendable) {
			return rep, fmt.Errorf("extending the index: %w", err)
		}
		l.opts.Logger.Info("rebuilding the index in full", "reason", err)
	}
	if prev.why != "" {
		// Said, as a full rebuild of a large archive takes minutes where an update took seconds.
		n := "rebuilding the index in full: " + prev.why
		rep.Notices = append(rep.Notices, n)
		l.opts.Logger.Info(n)
	}
	briefings, err := l.briefings(ctx, kept, byRel, fresh)
	if err != nil {
		return rep, err
	}
	built, err := index.Build(ctx, l.opts.Index, briefings, index.BuildOptions{
		BatchSize: l.opts.BatchSize, Extra: extra, Derive: search.Derive, Progress: progress})
	if err != nil {
		if errors.Is(err, index.ErrBuildRunning) {
			return rep, fmt.Errorf("%s: %w; wait for it to finish", l.opts.Index, err)
		}
		return rep, fmt.Errorf("building the index: %w", err)
	}
	rep.How, rep.Generation, rep.Briefings, rep.Items = FullRebuild, built.Generation, built.Briefings, built.Items
	return rep, nil
}

// archiveState is what the archive folder holds, file by file.
type archiveState struct {
	scan    *forms.Scan
	byRel   map[string]forms.File        // the scanned files by path in the archive
	states  map[string]fileState         // what each settled file holds
	fresh   map[string]*archive.Briefing // the briefings read now, by path
	pending []string                     // files still being written
	settled time.Time                    // when all of them will have been still for settle
	read    int                          // files read now
}

// resolve scans the archive and finds what each file holds: known from earlier builds when
// its size and time are unchanged, read now otherwise. A file that has not settled (s) is
// left pending; with s.Whole, while one is, nothing is read.
func (l *Library) resolve(ctx context.Context, prev previousState, s Settling) (*archiveState, error) {
	scan, err := forms.ScanDir(ctx, l.opts.Archive)
	if err != nil {
		return nil, err
	}
	st := &archiveState{scan: scan, byRel: map[string]forms.File{}, states: map[string]fileState{},
		fresh: map[string]*archive.Briefing{}}
	var toRead []forms.File
	now := l.opts.Now()
	for _, f := range scan.Files {
		st.byRel[f.Rel] = f
		if known, ok := prev.known[f.Rel]; ok && known.matches(f) {
			st.states[f.Rel] = known
			continue
		}
		if s.Settle > 0 && now.Sub(f.ModTime) < s.Settle {
			st.pending = append(st.pending, f.Path)
			st.settled = later(st.settled, f.ModTime.Add(s.Settle))
			continue
		}
		toRead = append(toRead, f)
	}
	if s.Whole && len(st.pending) > 0 {
		return st, nil
	}
	if err := l.read(ctx, toRead, st.states, st.fresh); err != nil {
		return nil, err
	}
	st.read = len(toRead)
	return st, nil
}

// parseErrors are errs as the *archive.ParseError each of them is (a scan reports nothing else).
func parseErrors(errs []error) []*archive.ParseError {
	out := make([]*archive.ParseError, 0, len(errs))
	for _, err := range errs {
		var pe *archive.ParseError
		if !errors.As(err, &pe) {
			pe = &archive.ParseError{Reason: err.Error()}
		}
		out = append(out, pe)
	}
	return out
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// previousState is what the generation being served says about the archive it holds.
type previousState struct {
	usable     bool   // the generation can be extended: same reader and lexicon, records readable
	why        string // why a current generation is not usable ("" when it is, or there is none)
	generation string
	items      int
	records    map[string]index.BriefingRecord
	known      map[string]fileState
}

// previous reads the current generation's records and sources. With Rebuild, or when it was
// built by another reader or lexicon, nothing of it is trusted.
func (l *Library) previous(mode Mode) previousState {
	var p previousState
	if mode == Rebuild {
		return p
	}
	dir, err := index.CurrentDir(l.opts.Index)
	if err != nil {
		return p
	}
	meta, err := index.ReadMeta(dir)
	switch {
	case err == nil && meta.Format != index.Format:
		p.why = fmt.Sprintf("it was written by another version of briefsearch (index format %d; this one writes %d)", meta.Format, index.Format)
		return p
	case err != nil || index.CheckSizes(dir) != nil:
		p.why = "it is damaged" // rebuilt, never extended or trusted
		return p
	}
	src := readSources(dir)
	switch {
	case src == nil:
		p.why = "it does not say which files it was read from"
		return p
	case src.Reader != readerFingerprint():
		p.why = "another version of briefsearch read its files"
		return p
	case src.Lexicon != l.opts.Lexicon.fingerprint():
		p.why = "it was annotated with another gazetteer or glossary"
		return p
	}
	records, err := index.ReadRecords(dir)
	if err != nil {
		p.why = "its briefing records do not read"
		return p
	}
	for _, r := range records {
		if len(r.ItemHashes) != len(r.ItemIDs) {
			p.why = "it was built before items had content hashes" // permalinks need them all
			return p
		}
	}
	p = previousState{usable: true, generation: meta.ID, items: meta.Items,
		records: make(map[string]index.BriefingRecord, len(records)), known: map[string]fileState{}}
	for _, r := range records {
		p.records[r.ID] = r
	}
	for _, f := range src.Files {
		p.known[f.Rel] = f
	}
	// What this process saw since (a file rejected or pending then) is as good.
	maps.Copy(p.known, l.known)
	return p
}

// read reads files, recording each one's state, and keeps the briefings read.
func (l *Library) read(ctx context.Context, files []forms.File, states map[string]fileState, fresh map[string]*archive.Briefing) error {
	reads, err := l.opts.Reader.ReadAll(ctx, files)
	if err != nil {
		return err
	}
	for _, rd := range reads {
		states[rd.File.Rel] = stateOf(rd)
		if rd.Briefing != nil {
			fresh[rd.File.Rel] = rd.Briefing
		}
	}
	return nil
}

// briefings returns the briefings of the given files, annotated: read by this build, or read
// now (a file known unchanged, needed for a full rebuild).
func (l *Library) briefings(ctx context.Context, sts []fileState, byRel map[string]forms.File, fresh map[string]*archive.Briefing) ([]*archive.Briefing, error) {
	var missing []forms.File
	for _, st := range sts {
		if fresh[st.Rel] == nil {
			missing = append(missing, byRel[st.Rel])
		}
	}
	if len(missing) > 0 {
		reads, err := l.opts.Reader.ReadAll(ctx, missing)
		if err != nil {
			return nil, err
		}
		for _, rd := range reads {
			if rd.Err != nil { // it read before: it changed under us
				return nil, fmt.Errorf("%w (it changed during the build; the next one will read it)", rd.Err)
			}
			fresh[rd.File.Rel] = rd.Briefing
		}
	}
	out := make([]*archive.Briefing, 0, len(sts))
	for _, st := range sts {
		out = append(out, fresh[st.Rel])
	}
	if err := l.lex.AnnotateAll(ctx, out); err != nil {
		return nil, err
	}
	return out, nil
}

// extra are the files a build stores in its generation: the lexicon it annotated with (the
// server expands queries with exactly that) and what it saw of the archive.
func (l *Library) extra(states map[string]fileState) (map[string][]byte, error) {
	sources, err := encodeSources(readerFingerprint(), l.opts.Lexicon.fingerprint(), states)
	if err != nil {
		return nil, err
	}
	extra := map[string][]byte{SourcesFile: sources}
	if l.opts.Lexicon.Gazetteer != nil {
		extra[search.GazetteerSnapshot] = l.opts.Lexicon.Gazetteer
	}
	if l.opts.Lexicon.Glossary != nil {
		extra[search.GlossarySnapshot] = l.opts.Lexicon.Glossary
	}
	return extra, nil
}
