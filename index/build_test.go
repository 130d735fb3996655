package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"briefsearch/archive"
	"briefsearch/index/indextest"
)

// countHits runs a term query straight against a generation's bleve index.
func countHits(t *testing.T, g *Generation, field, term string) uint64 {
	t.Helper()
	q := bleve.NewTermQuery(term)
	q.SetField(field)
	res, err := g.Index.Search(bleve.NewSearchRequest(q))
	if err != nil {
		t.Fatalf("search %s:%s: %v", field, term, err)
	}
	return res.Total
}

func TestBuildThenOpen(t *testing.T) {
	root := t.TempDir()
	briefings := indextest.Synthetic(3, 5)
	briefings[0].Items[0].Entities = &archive.Entities{Persons: []string{"Jeyhun Bayramov"}}
	var progress [][2]int
	rep, err := Build(context.Background(), root, briefings, BuildOptions{
		BatchSize: 4,
		Extra:     map[string][]byte{"gazetteer.yaml": []byte("people: []\n")},
		Progress:  func(done, total int) { progress = append(progress, [2]int{done, total}) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Briefings != 3 || rep.Items != 15 || rep.Previous != "" {
		t.Errorf("report = %+v, want 3 briefings, 15 items, no previous", rep)
	}
	// Four batches (4+4+4+3), reported as they finish: rising counts, ending at the total.
	if len(progress) != 4 || progress[3] != [2]int{15, 15} ||
		!slices.IsSortedFunc(progress, func(a, b [2]int) int { return a[0] - b[0] }) {
		t.Errorf("progress = %v, want 4 rising reports ending at 15 of 15", progress)
	}

	g, err := Open(root, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if g.ID != rep.Generation || g.Dir != rep.Dir {
		t.Errorf("opened %s in %s, built %s in %s", g.ID, g.Dir, rep.Generation, rep.Dir)
	}
	if g.Meta.Items != 15 || g.Meta.Briefings != 3 || !slices.Equal(g.Meta.Months, []string{"2020-01"}) {
		t.Errorf("meta = %+v", g.Meta)
	}
	if len(g.Briefings) != 3 || len(g.Briefings[1].ItemIDs) != 5 || g.Briefings[1].ItemIDs[0] != briefings[1].Items[0].ID {
		t.Errorf("briefing records = %+v", g.Briefings)
	}
	if b, err := g.ReadExtra("gazetteer.yaml"); err != nil || string(b) != "people: []\n" {
		t.Errorf("extra = %q, %v", b, err)
	}
	if _, err := g.ReadExtra("../meta.json"); err == nil {
		t.Error("ReadExtra accepted a path outside the extra folder")
	}
	if n := countHits(t, g, FieldPersonKey, "jeyhun bayramov"); n != 1 {
		t.Errorf("person_key hits = %d, want 1", n)
	}
	// As printed, a name is a column value (facets), not an index term.
	people, with := g.Columns.Facets[FieldPerson], 0
	for d := range g.Columns.IDs {
		for _, ref := range people.DocRefs(uint64(d)) {
			if people.Values[ref] == "Jeyhun Bayramov" {
				with++
			}
		}
	}
	if with != 1 {
		t.Errorf("person column holds Jeyhun Bayramov in %d documents, want 1", with)
	}
	if n := countHits(t, g, FieldPerson, "Jeyhun Bayramov"); n != 0 {
		t.Errorf("person hits = %d, want 0: the printed names are columns, not terms", n)
	}
	if n := countHits(t, g, FieldMonth, "2020-01"); n != 15 {
		t.Errorf("month hits = %d, want 15", n)
	}
	link, err := os.Readlink(filepath.Join(root, "current"))
	if err != nil || filepath.IsAbs(link) {
		t.Errorf("current link = %q, %v; want a relative link (the root can move)", link, err)
	}
}

func TestBuildKeepsPreviousAndPrunesOlder(t *testing.T) {
	root := t.TempDir()
	var ids []string
	for i := range 3 {
		rep, err := Build(context.Background(), root, indextest.Synthetic(1+i, 2), BuildOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 && rep.Previous != ids[i-1] {
			t.Errorf("build %d: previous = %q, want %q", i, rep.Previous, ids[i-1])
		}
		ids = append(ids, rep.Generation)
	}
	entries, err := os.ReadDir(filepath.Join(root, generationsDir))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if want := []string{ids[1], ids[2]}; !slices.Equal(got, want) {
		t.Errorf("generations = %v, want %v (current and previous)", got, want)
	}
	g, err := Open(root, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if g.ID != ids[2] || g.Meta.Items != 6 {
		t.Errorf("current = %s with %d items, want %s with 6", g.ID, g.Meta.Items, ids[2])
	}
}

func TestBuildCancelledLeavesCurrent(t *testing.T) {
	root := t.TempDir()
	first, err := Build(context.Background(), root, indextest.Synthetic(1, 3), BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	_, err = Build(ctx, root, indextest.Synthetic(5, 20), BuildOptions{
		BatchSize: 10,
		Progress:  func(int, int) { cancel() },
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled build: err = %v, want context.Canceled", err)
	}
	dir, err := CurrentDir(root)
	if err != nil || filepath.Base(dir) != first.Generation {
		t.Errorf("current = %s, %v; want %s", dir, err, first.Generation)
	}
	entries, _ := os.ReadDir(filepath.Join(root, generationsDir))
	if len(entries) != 1 {
		t.Errorf("%d generations on disk, want only the first (the partial one removed)", len(entries))
	}
}

func TestBuildSkipsDuplicateBriefings(t *testing.T) {
	b := indextest.Synthetic(2, 2)
	dup := *b[0]
	dup.SourceFile = "copy.txt"
	rep, err := Build(context.Background(), t.TempDir(), append(b, &dup), BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Briefings != 2 || rep.Items != 4 || len(rep.Skipped) != 1 || !strings.HasPrefix(rep.Skipped[0], "copy.txt: ") {
		t.Errorf("report = %+v, want 2 briefings, 4 items, copy.txt skipped", rep)
	}
}

func TestBuildRejectsBadExtraName(t *testing.T) {
	root := t.TempDir()
	for _, name := range []string{"../x", "a/b", "", ".hidden"} {
		if _, err := Build(context.Background(), root, nil, BuildOptions{Extra: map[string][]byte{name: nil}}); err == nil {
			t.Errorf("extra name %q accepted", name)
		}
	}
	if _, err := CurrentDir(root); !errors.Is(err, ErrNoIndex) {
		t.Errorf("rejected builds left a current generation: %v", err)
	}
}

func TestOpenErrors(t *testing.T) {
	root := t.TempDir()
	if _, err := Open(root, OpenOptions{}); !errors.Is(err, ErrNoIndex) {
		t.Errorf("open of an empty root: %v, want ErrNoIndex", err)
	}
	rep, err := Build(context.Background(), root, indextest.Synthetic(1, 2), BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("lock held by a writer", func(t *testing.T) {
		w, err := bleve.Open(filepath.Join(rep.Dir, bleveDir)) // read-write: exclusive lock
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		done := make(chan error, 1)
		go func() {
			g, err := OpenDir(rep.Dir, OpenOptions{LockTimeout: 50 * time.Millisecond})
			if err == nil {
				g.Close()
			}
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), "lock") {
				t.Errorf("open while a writer holds the lock: %v, want a lock error", err)
			}
		case <-time.After(time.Minute):
			t.Fatal("open waited for the lock far beyond its timeout")
		}
	})

	t.Run("incomplete generation", func(t *testing.T) {
		if err := os.Remove(filepath.Join(rep.Dir, metaName)); err != nil {
			t.Fatal(err)
		}
		if _, err := Open(root, OpenOptions{}); err == nil || !strings.Contains(err.Error(), "incomplete") {
			t.Errorf("open without meta.json: %v, want incomplete", err)
		}
	})
}

func TestBuildEmpty(t *testing.T) {
	root := t.TempDir()
	rep, err := Build(context.Background(), root, nil, BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	g, err := Open(root, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if g.ID != rep.Generation || g.Meta.Items != 0 || len(g.Columns.IDs) != 0 {
		t.Errorf("empty generation: %+v", g.Meta)
	}
}

// Derive runs on the finished index (every item, one segment) beside the columns: what it
// returns is stored with the generation, and its failure fails the build, leaving the
// previous generation current.
func TestBuildDerives(t *testing.T) {
	root := t.TempDir()
	briefings := indextest.Synthetic(2, 6)
	derive := func(ctx context.Context, idx bleve.Index, extra map[string][]byte) (map[string][]byte, error) {
		n, err := idx.DocCount()
		if err != nil {
			return nil, err
		}
		return map[string][]byte{"count.txt": fmt.Appendf(nil, "%d %s", n, extra["in.txt"])}, nil
	}
	rep, err := Build(context.Background(), root, briefings, BuildOptions{
		Extra: map[string][]byte{"in.txt": []byte("given")}, Derive: derive})
	if err != nil {
		t.Fatal(err)
	}
	g, err := Open(root, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := g.ReadExtra("count.txt")
	g.Close()
	if err != nil || string(got) != "12 given" {
		t.Fatalf("derived file = %q, %v; want %q", got, err, "12 given")
	}

	failed := errors.New("no topics today")
	_, err = Build(context.Background(), root, briefings, BuildOptions{
		Derive: func(context.Context, bleve.Index, map[string][]byte) (map[string][]byte, error) { return nil, failed },
		Now:    func() time.Time { return time.Now().Add(time.Hour) },
	})
	if !errors.Is(err, failed) || !strings.Contains(err.Error(), "deriving generation files") {
		t.Fatalf("a failing Derive: build error %v", err)
	}
	if cur, err := CurrentDir(root); err != nil || filepath.Base(cur) != rep.Generation {
		t.Errorf("after the failed build, current is %s (%v), want %s", cur, err, rep.Generation)
	}
}
