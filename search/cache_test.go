package search

import (
	"context"
	"reflect"
	"testing"

	"briefsearch/index/indextest"
)

// A query-result cache hit is the same answer as the search that filled it; other requests
// (another page, size, facet list, cursor or highlighting) are not answered from it; Reload
// drops it.
func TestQueryCache(t *testing.T) {
	root := t.TempDir()
	sample, err := loadDir(sampleDir)
	if err != nil {
		t.Fatal(err)
	}
	buildAt(t, root, sample)
	uncached := open(t, root, Options{})
	s := open(t, root, Options{QueryCacheSize: 16})

	reqs := []Request{
		{Query: "Azerbaijan", Size: 3},
		{Query: "Azerbaijan", Size: 3, Page: 2},
		{Query: "Azerbaijan", Size: 4},
		{Query: "azerbaijan", Size: 3},
		{Query: "Azerbaijan", Size: 3, Facets: []FacetRequest{{Name: FacetSection, Size: 2}}},
		{Query: "Azerbaijan", Size: 3, Sort: SortDate},
		{Query: "Azerbaijan", Size: 3, Filters: Filters{Sections: []string{"foreign"}}},
		{Query: "バイラモフ", Size: 3},
		{Query: "Azerbaijan", Size: 3, NoHighlights: true},
	}
	cursor := mustSearch(t, uncached, Request{Query: "Azerbaijan", Size: 3}).Next
	reqs = append(reqs, Request{Query: "Azerbaijan", Size: 3, After: cursor})
	same := func(t *testing.T, got, want *Result) {
		t.Helper()
		got, want = got.clone(0), want.clone(0)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("cached answer differs:\n got %+v\nwant %+v", got, want)
		}
	}
	for round := range 2 { // round 1 is answered from the cache
		for _, req := range reqs {
			same(t, mustSearch(t, s, req), mustSearch(t, uncached, req))
		}
		if n := s.cur.Load().queryCache.order.Len(); n != len(reqs) {
			t.Errorf("round %d: %d cached results, want %d", round, n, len(reqs))
		}
	}

	// A caller's edits do not reach the cache.
	a := mustSearch(t, s, reqs[0])
	a.Hits[0].ID, a.Facets, a.Query.Expansions = "scribbled", nil, nil
	same(t, mustSearch(t, s, reqs[0]), mustSearch(t, uncached, reqs[0]))

	// Reload drops the cache with its generation: the new one answers from its own items.
	rep := buildAt(t, root, append(indextest.Synthetic(1, 5), sample...))
	if err := s.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := s.cur.Load().queryCache.order.Len(); n != 0 {
		t.Errorf("after reload: %d cached results, want 0", n)
	}
	fresh := open(t, root, Options{})
	got := mustSearch(t, s, reqs[0])
	if got.Generation != rep.Generation {
		t.Errorf("after reload: generation %s, want %s", got.Generation, rep.Generation)
	}
	same(t, got, mustSearch(t, fresh, reqs[0]))
	// A cursor from the old generation is refused, not answered from any cache.
	if _, err := s.Search(context.Background(), reqs[len(reqs)-1]); err == nil {
		t.Error("a cursor of the old generation was accepted after reload")
	}
}
