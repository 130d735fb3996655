package web

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"briefsearch/archive"
	"briefsearch/archive/forms"
	"briefsearch/entity"
	"briefsearch/index"
	"briefsearch/ingest"
	"briefsearch/search"
)

// testdataArchive holds the sample briefing and one whose stored text carries markup.
const testdataArchive = "testdata/briefings"

// The shipped lexicon: the test index is annotated with it and keeps a snapshot, as the index
// command does.
const (
	shippedGazetteer = "../archive/lexicon/gazetteer.yaml"
	shippedGlossary  = "../archive/lexicon/glossary.yaml"
)

// testEnv is a real on-disk index built from testdata, and the briefings it was built from
// (the expected values of tests come from these, not from constants).
type testEnv struct {
	root      string
	briefings []*archive.Briefing
	items     int
}

// The index is built once per test binary: it is read-only for every test, and building it
// loads the Japanese dictionary, which takes most of a second.
var (
	sharedOnce sync.Once
	sharedEnv  *testEnv
	sharedErr  error
	sharedDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if sharedDir != "" {
		_ = os.RemoveAll(sharedDir)
	}
	os.Exit(code)
}

func newTestEnv(t testing.TB) *testEnv {
	t.Helper()
	sharedOnce.Do(func() {
		sharedDir, sharedErr = os.MkdirTemp("", "briefsearch-web-test-")
		if sharedErr != nil {
			return
		}
		sharedEnv, sharedErr = buildTestIndex(sharedDir, testdataArchive)
	})
	if sharedErr != nil {
		t.Fatalf("building the test index: %v", sharedErr)
	}
	return sharedEnv
}

func buildTestIndex(root, archiveDir string) (*testEnv, error) {
	res, err := forms.LoadDir(context.Background(), archiveDir)
	if err != nil {
		return nil, err
	}
	briefings := res.Briefings
	if len(res.Rejected) > 0 {
		return nil, fmt.Errorf("parsing testdata: %v", res.Rejected)
	}
	gz, err := os.ReadFile(shippedGazetteer)
	if err != nil {
		return nil, err
	}
	gl, err := os.ReadFile(shippedGlossary)
	if err != nil {
		return nil, err
	}
	lx, err := entity.Parse(gz, gl)
	if err != nil {
		return nil, err
	}
	for _, b := range briefings {
		lx.Annotate(b)
	}
	extra := map[string][]byte{search.GazetteerSnapshot: gz, search.GlossarySnapshot: gl}
	if _, err := index.Build(context.Background(), root, briefings, index.BuildOptions{Extra: extra, Derive: search.Derive}); err != nil {
		return nil, err
	}
	env := &testEnv{root: root, briefings: briefings}
	for _, b := range briefings {
		env.items += len(b.Items)
	}
	return env, nil
}

// open returns a fresh Searcher over the shared index, closed when the test ends.
func (e *testEnv) open(t testing.TB) *search.Searcher {
	t.Helper()
	s, err := search.Open(search.Options{Root: e.root, LoadLexicon: search.LoadLexicon})
	if err != nil {
		t.Fatalf("opening the test index: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// server is the real Server over a real Searcher; the Searcher is also its Reloader.
func (e *testEnv) server(t testing.TB, opts Options) *Server {
	t.Helper()
	s := e.open(t)
	opts.Index = s
	opts.Reloader = s
	srv, err := New(opts)
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	return srv
}

func newTestServer(t testing.TB, opts Options) *Server {
	t.Helper()
	return newTestEnv(t).server(t, opts)
}

func (e *testEnv) item(id string) archive.Item {
	for _, b := range e.briefings {
		for _, it := range b.Items {
			if it.ID == id {
				return it
			}
		}
	}
	return archive.Item{}
}

func (e *testEnv) briefing(id string) *archive.Briefing {
	for _, b := range e.briefings {
		if b.ID == id {
			return b
		}
	}
	return &archive.Briefing{}
}

func (e *testEnv) count(match func(archive.Item) bool) int {
	n := 0
	for _, b := range e.briefings {
		for _, it := range b.Items {
			if match(it) {
				n++
			}
		}
	}
	return n
}

// testLibrary is an archive folder of its own (the sample, in a year folder) with an index of
// its own, for the upload route: uploads write into it.
func testLibrary(t *testing.T) *ingest.Library {
	t.Helper()
	dir := t.TempDir()
	sample, err := os.ReadFile(filepath.Join(testdataArchive, "2026-05-16.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "archive", "2026"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "archive", "2026", "2026-05-16.txt"), sample, 0o644); err != nil {
		t.Fatal(err)
	}
	r := forms.NewReader(forms.Options{})
	t.Cleanup(func() { r.Close() })
	lib, err := ingest.New(ingest.Options{Archive: filepath.Join(dir, "archive"), Index: filepath.Join(dir, "index"), Reader: r})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lib.Build(context.Background(), ingest.Update, nil); err != nil {
		t.Fatal(err)
	}
	return lib
}
