package search

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2/search/query"

	"briefsearch/archive"
	"briefsearch/index"
	"briefsearch/index/indextest"
)

// The sample fits in one postings chunk; these 3,000 synthetic items span several (zap
// chunks frequencies every 1,024 documents), so the skipping in exactPhraseSearcher and
// anyTermSearcher crosses chunk boundaries, with terms in most items and in few.
func TestOwnSearchersAtScale(t *testing.T) {
	s := open(t, scaleRoot(t), Options{})
	idx := s.cur.Load().gen.Index
	if n, _ := idx.DocCount(); n != 3000 {
		t.Fatalf("setup: %d documents", n)
	}
	exact, plain := &compiler{idx: idx, exact: true}, &compiler{idx: idx}
	rare := termQuery(index.FieldHeadlineEN, "shusha") // in about 1 item in 7
	for _, ph := range []string{"energy corridor", "peace agreement", "partners from baku",
		"from shusha", "the president visits", "signs the water resources", "corridor with partners",
		"平和条約", "エネルギー回廊", "代表団", "外相、国境委員会", "大統領 訪問"} {
		qe, qp := exact.text(ph), plain.text(ph)
		for _, c := range []struct {
			name   string
			qe, qp query.Query
		}{
			{"alone", qe, qp},
			{"and", query.NewConjunctionQuery([]query.Query{rare, qe}), query.NewConjunctionQuery([]query.Query{rare, qp})},
		} {
			sameScores(t, fmt.Sprintf("%q (%s)", ph, c.name), scores(t, idx, c.qe), scores(t, idx, c.qp))
		}
		if gl, wl := locationsOf(t, idx, query.NewConjunctionQuery([]query.Query{rare, qe})),
			locationsOf(t, idx, query.NewConjunctionQuery([]query.Query{rare, qp})); !maps.Equal(gl, wl) {
			t.Errorf("%q: locations differ from bleve's phrase", ph)
		}
	}
	for _, set := range [][]fieldTerm{
		{{index.FieldSourceKey, "trend"}},
		{{index.FieldSourceKey, "apa"}, {index.FieldSourceKey, "oc-media"}},
		{{index.FieldBody, "shusha"}, {index.FieldHeadlineEN, "shusha"}},
		{{index.FieldSection, "economy"}},
	} {
		var terms []query.Query
		for _, ft := range set {
			terms = append(terms, termQuery(ft.field, ft.term))
		}
		fast, ref := &anyTermQuery{terms: set}, query.NewDisjunctionQuery(terms)
		for name, pair := range map[string][2]query.Query{
			"alone": {fast, ref},
			"and":   {query.NewConjunctionQuery([]query.Query{rare, fast}), query.NewConjunctionQuery([]query.Query{rare, ref})},
			"not":   {boolNot(rare, fast), boolNot(rare, ref)},
		} {
			got, want := ids(t, idx, pair[0]), ids(t, idx, pair[1])
			if len(got) != len(want) || !maps.Equal(setOf(got), setOf(want)) {
				t.Errorf("%v (%s): %d matches, term queries %d", set, name, len(got), len(want))
			}
		}
	}
}

// scaleRoot builds, once for the package's tests, an index of 3,000 synthetic items, with
// the derived files a real build has (term impacts and norms).
func scaleRoot(t *testing.T) string {
	t.Helper()
	scaleOnce.Do(func() {
		dir, err := os.MkdirTemp("", "search-scale-")
		if err != nil {
			scaleErr = err
			return
		}
		scaleDir = filepath.Join(dir, "index")
		_, scaleErr = index.Build(context.Background(), scaleDir, indextest.Synthetic(150, 20), index.BuildOptions{Derive: Derive})
	})
	if scaleErr != nil {
		t.Fatal(scaleErr)
	}
	return scaleDir
}

var (
	scaleOnce sync.Once
	scaleDir  string
	scaleErr  error
)

func setOf(xs []string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// Searches running at once answer as each does alone: the pooled scratch (signatures,
// bounds, kept matches, facet counts), the lookups a search shares between its parts and the
// work handed to a spare core must not leak from one search into another. Four goroutines
// run a mix of queries in different orders against the multi-chunk index, and every answer
// (total, facets, hits with scores and highlights) is compared with the one given alone.
func TestConcurrentSearchesAnswerAsAlone(t *testing.T) {
	s := open(t, scaleRoot(t), Options{})
	reqs := []Request{
		{Query: "shusha"}, {Query: `"energy corridor"`}, {Query: "peace agreement"},
		{Query: "corridor -shusha"}, {Query: "baku OR partners", Sort: SortDate},
		{Query: "平和条約"}, {Query: "大統領 訪問"}, {Query: "energ*"},
		{Query: "president", Filters: Filters{From: archive.DateOf(2021, 1, 1), To: archive.DateOf(2023, 12, 31)}},
		{Query: "water resources", Size: 3, Page: 2}, {Query: "delegation", NoHighlights: true},
		{Query: "", Filters: Filters{Sections: []string{"economy"}}},
	}
	alone := make([]*Result, len(reqs))
	for i, r := range reqs {
		alone[i] = mustSearch(t, s, r)
		if i < 3 && alone[i].Total == 0 {
			t.Fatalf("setup: %q has no match", r.Query)
		}
	}
	same := func(a, b *Result) bool {
		if a.Total != b.Total || len(a.Hits) != len(b.Hits) || !reflect.DeepEqual(a.Facets, b.Facets) {
			return false
		}
		for i := range a.Hits {
			if a.Hits[i].ID != b.Hits[i].ID || a.Hits[i].Score != b.Hits[i].Score || !reflect.DeepEqual(a.Hits[i].Highlights, b.Hits[i].Highlights) {
				return false
			}
		}
		return true
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for round := range 6 {
				for k := range reqs {
					i := (k*(g+1) + round) % len(reqs)
					res, err := s.Search(context.Background(), reqs[i])
					if err != nil {
						t.Errorf("%+v: %v", reqs[i], err)
						return
					}
					if !same(res, alone[i]) {
						t.Errorf("%+v at once with others: total %d, %d hits; alone: total %d, %d hits", reqs[i], res.Total, len(res.Hits), alone[i].Total, len(alone[i].Hits))
						return
					}
				}
			}
		})
	}
	wg.Wait()
}
