package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"briefsearch/archive/forms"
	"briefsearch/archive/lexicon"
	"briefsearch/bench/gen"
	"briefsearch/bench/queryset"
	"briefsearch/index"
	"briefsearch/index/indextest"
	"briefsearch/search"
)

// shipped is the lexicon the binary carries.
func shipped() Lexicon {
	return Lexicon{GazetteerName: lexicon.GazetteerName, Gazetteer: lexicon.Gazetteer(),
		GlossaryName: lexicon.GlossaryName, Glossary: lexicon.Glossary()}
}

func newLibrary(t testing.TB, archiveDir, indexDir string) *Library {
	t.Helper()
	r := forms.NewReader(forms.Options{})
	t.Cleanup(func() { r.Close() })
	lib, err := New(Options{Archive: archiveDir, Index: indexDir, Lexicon: shipped(), Reader: r})
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

// weeks writes n synthetic weekly briefings (bench/gen) into dir, in year folders, and
// returns their paths, oldest first.
func weeks(t testing.TB, dir string, n int) []string {
	t.Helper()
	files, err := gen.Files(gen.Options{Items: n * gen.PerIssue, Seed: 3,
		First: time.Date(2024, 11, 2, 0, 0, 0, 0, time.UTC), Last: time.Date(2024, 11, 2, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 7*(n-1))})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != n {
		t.Fatalf("generated %d weeks, want %d", len(files), n)
	}
	var paths []string
	for _, f := range files {
		p := filepath.Join(dir, f.Name[:4], f.Name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

func build(t testing.TB, lib *Library, mode Mode) *Report {
	t.Helper()
	rep, err := lib.Build(context.Background(), mode, nil)
	if err != nil {
		t.Fatalf("build: %v (report %+v)", err, rep)
	}
	return rep
}

func expect(t *testing.T, step string, rep *Report, how string, read, added, changed, removed int) {
	t.Helper()
	if rep.How != how || rep.Read != read || rep.Added != added || rep.Changed != changed || rep.Removed != removed {
		t.Errorf("%s: %s, read %d, added %d, changed %d, removed %d; want %s, %d, %d, %d, %d", step,
			rep.How, rep.Read, rep.Added, rep.Changed, rep.Removed, how, read, added, changed, removed)
	}
}

// rebuiltBecause checks the report's note on a full rebuild forced by the generation before:
// one naming why (want), or none when want is "".
func rebuiltBecause(t *testing.T, step string, rep *Report, want string) {
	t.Helper()
	var notes []string
	for _, n := range rep.Notices {
		if strings.HasPrefix(n, "rebuilding the index in full: ") {
			notes = append(notes, n)
		}
	}
	if want == "" && len(notes) > 0 || want != "" && (len(notes) != 1 || !strings.Contains(notes[0], want)) {
		t.Errorf("%s: notes %q, want one saying %q", step, notes, want)
	}
}

// A build reads only what changed, extends the index when weeks were only added, and
// rebuilds it when one changed or went.
func TestBuildReadsWhatChanged(t *testing.T) {
	archiveDir, indexDir := t.TempDir(), t.TempDir()
	paths := weeks(t, archiveDir, 4)
	pending := paths[3]
	aside := filepath.Join(t.TempDir(), "aside.txt")
	if err := os.Rename(pending, aside); err != nil {
		t.Fatal(err)
	}
	lib := newLibrary(t, archiveDir, indexDir)

	rep := build(t, lib, Update)
	expect(t, "first build", rep, FullRebuild, 3, 3, 0, 0)
	first := rep.Generation
	expect(t, "nothing changed", build(t, lib, Update), Unchanged, 0, 0, 0, 0)

	if err := os.Rename(aside, pending); err != nil {
		t.Fatal(err)
	}
	rep = build(t, lib, Update)
	expect(t, "a week added", rep, Extended, 1, 1, 0, 0)
	if rep.Briefings != 4 || rep.Generation == first {
		t.Errorf("after the added week: %d briefings, generation %s", rep.Briefings, rep.Generation)
	}

	// A new library (another process) trusts what the generation recorded.
	lib = newLibrary(t, archiveDir, indexDir)
	expect(t, "a new process, nothing changed", build(t, lib, Update), Unchanged, 0, 0, 0, 0)

	// A file that is not a briefing is reported, and not read again while unchanged.
	bad := filepath.Join(archiveDir, "2024", "notes.txt")
	if err := os.WriteFile(bad, []byte("shopping list\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rep = build(t, lib, Update)
	expect(t, "a bad file", rep, Unchanged, 1, 0, 0, 0)
	rep = build(t, lib, Update)
	expect(t, "the bad file again", rep, Unchanged, 0, 0, 0, 0)
	if len(rep.Rejected) != 1 || !strings.Contains(rep.Rejected[0].Error(), "notes.txt: no items") {
		t.Errorf("rejected %v, want notes.txt", rep.Rejected)
	}

	data, err := os.ReadFile(paths[1])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(paths[1], []byte(strings.Replace(string(data), "●", "● 訂正", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	rep = build(t, lib, Update)
	expect(t, "a week corrected", rep, FullRebuild, 1, 0, 1, 0)
	rebuiltBecause(t, "a week corrected", rep, "") // the archive changed, not the index
	if err := os.Remove(paths[0]); err != nil {
		t.Fatal(err)
	}
	rep = build(t, lib, Update)
	expect(t, "a week removed", rep, FullRebuild, 0, 0, 0, 1)
	if rep.Briefings != 3 {
		t.Errorf("after removing a week: %d briefings, want 3", rep.Briefings)
	}
	rep = build(t, lib, Rebuild)
	expect(t, "rebuild on demand", rep, FullRebuild, 4, 3, 0, 0)
	rebuiltBecause(t, "rebuild on demand", rep, "")

	// A generation written by another version: rebuilt, and the report says why.
	dir, err := index.CurrentDir(indexDir)
	if err != nil {
		t.Fatal(err)
	}
	if err := indextest.SetMetaFormat(filepath.Join(dir, "meta.json"), index.Format-1); err != nil {
		t.Fatal(err)
	}
	rep = build(t, lib, Update)
	expect(t, "an older version's generation", rep, FullRebuild, 4, 3, 0, 0) // nothing of it is trusted
	rebuiltBecause(t, "an older version's generation", rep, fmt.Sprintf("another version of briefsearch (index format %d; this one writes %d)", index.Format-1, index.Format))

	// Another lexicon: every item may have other entities; no generation of the old one is
	// extended.
	other := shipped()
	other.Glossary = []byte("groups:\n  - terms: [demining, mine clearance]\n")
	r := forms.NewReader(forms.Options{})
	defer r.Close()
	lib2, err := New(Options{Archive: archiveDir, Index: indexDir, Lexicon: other, Reader: r})
	if err != nil {
		t.Fatal(err)
	}
	rep = build(t, lib2, Update)
	expect(t, "another glossary", rep, FullRebuild, 4, 3, 0, 0)
	rebuiltBecause(t, "another glossary", rep, "another gazetteer or glossary")
}

// A file still being written (changed within Settle) is left for a later build, not read as
// a broken briefing.
func TestBuildWaitsForFilesToSettle(t *testing.T) {
	archiveDir := t.TempDir()
	paths := weeks(t, archiveDir, 2)
	now := time.Now()
	old := now.Add(-time.Hour)
	if err := os.Chtimes(paths[0], old, old); err != nil {
		t.Fatal(err)
	}
	r := forms.NewReader(forms.Options{})
	defer r.Close()
	lib, err := New(Options{Archive: archiveDir, Index: t.TempDir(), Lexicon: shipped(), Reader: r,
		Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := lib.buildSettled(context.Background(), Update, Settling{Settle: time.Minute}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Briefings != 1 || len(rep.Pending) != 1 || rep.Pending[0] != paths[1] {
		t.Errorf("%d briefings, pending %v; want 1 and %s", rep.Briefings, rep.Pending, paths[1])
	}
	// Waiting for the whole archive to settle, a build reads and builds nothing.
	rep, err = lib.buildSettled(context.Background(), Update, Settling{Settle: time.Minute, Whole: true}, nil)
	info, statErr := os.Stat(paths[1])
	if statErr != nil {
		t.Fatal(statErr)
	}
	if err != nil || rep.How != Waiting || rep.Read != 0 || len(rep.Pending) != 1 || !rep.Settled.Equal(info.ModTime().Add(time.Minute)) {
		t.Errorf("waiting for the whole archive: %+v, %v", rep, err)
	}
	now = now.Add(2 * time.Minute)
	if rep, err := lib.buildSettled(context.Background(), Update, Settling{Settle: time.Minute}, nil); err != nil || rep.How != Extended || rep.Briefings != 2 || len(rep.Pending) != 0 {
		t.Errorf("once settled: %s, %d briefings, pending %v", rep.How, rep.Briefings, rep.Pending)
	}
}

// An index extended week by week answers every query of the benchmark set as an index built
// in full from the same archive: the same totals, facets and top 10.
func TestExtendedAnswersAsFullBuild(t *testing.T) {
	archiveDir := t.TempDir()
	paths := weeks(t, archiveDir, 20)
	asides := map[string]string{}
	for _, p := range paths[5:] {
		asides[p] = p + ".later"
		if err := os.Rename(p, asides[p]); err != nil {
			t.Fatal(err)
		}
	}
	extendedRoot, fullRoot := t.TempDir(), t.TempDir()
	lib := newLibrary(t, archiveDir, extendedRoot)
	build(t, lib, Update)
	for _, p := range paths[5:] {
		if err := os.Rename(asides[p], p); err != nil {
			t.Fatal(err)
		}
		if rep := build(t, lib, Update); rep.How != Extended {
			t.Fatalf("adding %s: %s, want extended", p, rep.How)
		}
	}
	build(t, newLibrary(t, archiveDir, fullRoot), Rebuild)

	queries, err := queryset.Load("../bench/queries.txt")
	if err != nil {
		t.Fatal(err)
	}
	open := func(root string) *search.Searcher {
		s, err := search.Open(search.Options{Root: root, Timeout: time.Minute, LoadLexicon: search.LoadLexicon})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	ext, full := open(extendedRoot), open(fullRoot)
	if segments := segmentFiles(t, extendedRoot); segments < 2 {
		t.Errorf("the extended index has %d segment files: it was not extended", segments)
	}
	matched := 0
	for _, q := range queries {
		req := search.Request{Query: q.BS, Size: 10}
		a, err := ext.Search(context.Background(), req)
		if err != nil {
			t.Fatalf("%s: %v", q.ID, err)
		}
		b, err := full.Search(context.Background(), req)
		if err != nil {
			t.Fatalf("%s: %v", q.ID, err)
		}
		if a.Total > 0 {
			matched++
		}
		if a.Total != b.Total || !slices.Equal(hitIDs(a), hitIDs(b)) || fmt.Sprint(a.Facets) != fmt.Sprint(b.Facets) {
			t.Errorf("%s (%s): extended %d %v, full build %d %v", q.ID, q.BS, a.Total, hitIDs(a), b.Total, hitIDs(b))
		}
	}
	if matched < len(queries)/2 {
		t.Errorf("only %d of %d queries match anything: the comparison says little", matched, len(queries))
	}
}

func hitIDs(r *search.Result) []string {
	ids := make([]string, len(r.Hits))
	for i, h := range r.Hits {
		ids[i] = h.ID
	}
	return ids
}

func segmentFiles(t *testing.T, root string) int {
	t.Helper()
	dir, err := index.CurrentDir(root)
	if err != nil {
		t.Fatal(err)
	}
	zaps, _ := filepath.Glob(filepath.Join(dir, "index", "store", "*.zap"))
	return len(zaps)
}

// A damaged current generation is never trusted: the next build reads every file and
// builds a whole new generation, rather than finding the archive unchanged or extending it.
func TestBuildRebuildsDamagedGeneration(t *testing.T) {
	archiveDir, indexDir := t.TempDir(), t.TempDir()
	paths := weeks(t, archiveDir, 3)
	aside := filepath.Join(t.TempDir(), "aside.txt")
	if err := os.Rename(paths[2], aside); err != nil {
		t.Fatal(err)
	}
	lib := newLibrary(t, archiveDir, indexDir)
	expect(t, "first build", build(t, lib, Update), FullRebuild, 2, 2, 0, 0)
	dir, err := index.CurrentDir(indexDir)
	if err != nil {
		t.Fatal(err)
	}
	zaps, _ := filepath.Glob(filepath.Join(dir, "index", "store", "*.zap"))
	if len(zaps) == 0 {
		t.Fatalf("no segment in %s", dir)
	}
	if err := os.Truncate(zaps[0], 100); err != nil {
		t.Fatal(err)
	}
	rep := build(t, lib, Update)
	expect(t, "nothing changed, but the generation is damaged", rep, FullRebuild, 2, 2, 0, 0)
	rebuiltBecause(t, "a damaged generation", rep, "it is damaged")

	// Damaged again, and a week added: rebuilt whole, not extended with the damaged segment.
	if dir, err = index.CurrentDir(indexDir); err != nil {
		t.Fatal(err)
	}
	zaps, _ = filepath.Glob(filepath.Join(dir, "index", "store", "*.zap"))
	if err := os.Truncate(zaps[0], 100); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(aside, paths[2]); err != nil {
		t.Fatal(err)
	}
	expect(t, "a week added to a damaged generation", build(t, lib, Update), FullRebuild, 3, 3, 0, 0)
	if dir, err = index.CurrentDir(indexDir); err != nil {
		t.Fatal(err)
	}
	if err := index.Verify(dir); err != nil {
		t.Errorf("the rebuilt generation: %v", err)
	}
}
