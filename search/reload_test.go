package search

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"briefsearch/archive"
	"briefsearch/index"
	"briefsearch/index/indextest"
)

func buildAt(t testing.TB, root string, briefings []*archive.Briefing) *index.BuildReport {
	t.Helper()
	rep, err := index.Build(context.Background(), root, briefings, index.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestOpenWithoutIndex(t *testing.T) {
	_, err := Open(Options{Root: t.TempDir()})
	if !errors.Is(err, ErrNoIndex) {
		t.Errorf("Open of an empty folder: %v, want ErrNoIndex", err)
	}
}

// Searches keep running, without an error, while generations are swapped under them.
func TestReloadUnderLoad(t *testing.T) {
	root := t.TempDir()
	sample, err := loadDir(sampleDir)
	if err != nil {
		t.Fatal(err)
	}
	first := buildAt(t, root, sample)
	s := open(t, root, Options{})

	var searches, failures atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				res, err := s.Search(context.Background(), Request{Query: "Azerbaijan", Size: 5})
				searches.Add(1)
				if err != nil || res.Total == 0 {
					failures.Add(1)
					t.Errorf("search during reload: %v", err)
				}
				if _, err := s.Item(context.Background(), "2026-05-16-01"); err != nil && !errors.Is(err, ErrNotFound) {
					failures.Add(1)
					t.Errorf("item during reload: %v", err)
				}
			}
		}()
	}
	cursor := mustSearch(t, s, Request{Query: "Azerbaijan", Size: 2}).Next
	gens := []string{first.Generation}
	for i := range 3 {
		// Every generation keeps the sample, so every search has hits.
		rep := buildAt(t, root, append(indextest.Synthetic(i+1, 5), sample...))
		if err := s.Reload(context.Background()); err != nil {
			t.Fatal(err)
		}
		if got := s.Corpus().Generation; got != rep.Generation {
			t.Errorf("after reload %d: serving %s, want %s", i, got, rep.Generation)
		}
		gens = append(gens, rep.Generation)
	}
	close(stop)
	wg.Wait()
	if searches.Load() == 0 || failures.Load() != 0 {
		t.Errorf("%d searches, %d failures", searches.Load(), failures.Load())
	}
	// A cursor names its generation: after a swap it asks to start again, rather than skip or
	// repeat items.
	_, err = s.Search(context.Background(), Request{Query: "Azerbaijan", Size: 2, After: cursor})
	if !errors.Is(err, ErrBadRequest) || !strings.Contains(err.Error(), "rebuilt") {
		t.Errorf("cursor of a replaced generation: %v", err)
	}
	// Reloading when nothing changed is a no-op.
	if err := s.Reload(context.Background()); err != nil || s.Corpus().Generation != gens[3] {
		t.Errorf("idle reload: %v, serving %s", err, s.Corpus().Generation)
	}
}

func TestReloadFailureKeepsServing(t *testing.T) {
	root := t.TempDir()
	sample, err := loadDir(sampleDir)
	if err != nil {
		t.Fatal(err)
	}
	first := buildAt(t, root, sample)
	s := open(t, root, Options{})
	bad := buildAt(t, root, indextest.Synthetic(1, 2))
	// Damage the new generation: its index is gone.
	if err := os.RemoveAll(filepath.Join(bad.Dir, "index")); err != nil {
		t.Fatal(err)
	}
	if err := s.Reload(context.Background()); err == nil {
		t.Fatal("reload of a damaged generation succeeded")
	}
	if got := s.Corpus().Generation; got != first.Generation {
		t.Errorf("serving %s after a failed reload, want %s", got, first.Generation)
	}
	if res := mustSearch(t, s, Request{Query: "Bayramov"}); res.Total != 4 || res.Generation != first.Generation {
		t.Errorf("after a failed reload: %d hits from %s", res.Total, res.Generation)
	}
}

func TestClosedSearcher(t *testing.T) {
	s, err := Open(Options{Root: sampleRoot})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Search(context.Background(), Request{}); err == nil {
		t.Error("search on a closed searcher succeeded")
	}
	if err := s.Reload(context.Background()); err == nil {
		t.Error("reload on a closed searcher succeeded")
	}
	if c := s.Corpus(); c.Generation != "" {
		t.Errorf("closed searcher reports %+v", c)
	}
}
