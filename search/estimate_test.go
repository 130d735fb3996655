package search

import (
	"fmt"
	"math"
	"slices"
	"testing"
)

// A search that may estimate its total (Request.EstimateTotal) reads its phrases only where
// the page needs them. Its hits must be the exact search's, score for score and in order, on
// every page; its total the exact one unless it says it estimated, and then no fewer than the
// hits it showed. Some of the phrases here hold words that also stand apart in items (in the
// synthetic items, most do), so that reading them drops documents and the total is estimated.
func TestEstimatedTotals(t *testing.T) {
	phrases := []string{
		`"peace agreement"`, `"foreign minister"`, `"minister foreign"`, `"外相 会談"`,
		`"minister review"`, `"partners corridor"`, `"baku energy" section:foreign`,
		`"from shusha" -energy`, `Baku OR "partners corridor"`, `"energy baku" from:2021-01-01`,
		`"twin cities" -Baku`, `Bayramov OR "foreign minister"`, "地雷除去", "バイラモフ",
		`"minister review"`, `"plan brussels"`, `"review security"`, `"minister reviews" section:foreign`,
	}
	var (
		estimated, differed, lowPages int
		off                           float64 // the estimates' relative errors, summed
	)
	for _, c := range []struct {
		name string
		root string
		opts Options
	}{
		{"sample", entitiesRoot, Options{Lexicon: testLexicon}},
		{"scale", scaleRoot(t), Options{}},
		{"extended", extendedRoot(t), Options{}},
	} {
		c.opts.CacheSize = -1
		s := open(t, c.root, c.opts)
		queries := append(slices.Clone(phrases), vocabulary(t, s, 10)...)
		for _, q := range queries {
			for _, req := range []Request{
				{Query: q, Size: 10, Facets: []FacetRequest{}},
				{Query: q, Size: 3, Page: 2, Facets: []FacetRequest{}},
				{Query: q, Size: 1, Facets: []FacetRequest{}},
			} {
				what := fmt.Sprintf("%s %q size %d page %d", c.name, q, req.Size, req.Page)
				exact := mustSearch(t, s, req)
				req.EstimateTotal = true
				est := mustSearch(t, s, req)
				if exact.TotalEstimated {
					t.Errorf("%s: an exact search says its total was estimated", what)
				}
				sameHits(t, what, est, exact)
				switch {
				case !est.TotalEstimated && est.Total != exact.Total:
					t.Errorf("%s: total %d not flagged as estimated, exact %d", what, est.Total, exact.Total)
				case est.TotalEstimated:
					estimated++
					if est.Total != exact.Total {
						differed++
					}
					if shown := uint64(est.Offset + len(est.Hits)); est.Total < shown {
						t.Errorf("%s: estimated total %d below the %d results shown", what, est.Total, shown)
					}
					if len(est.Hits) == req.Size && est.Next == "" {
						t.Errorf("%s: a full page with an estimated total offers no next page", what)
					}
					if est.Total < exact.Total && req.Page == 0 && pastEstimate(t, s, what, req, est.Total, exact.Total) {
						lowPages++
					}
					off += math.Abs(float64(est.Total)-float64(exact.Total)) / float64(exact.Total)
				}
				// Page on from the estimate's cursor: the same hits as the exact search's next
				// page (an estimate below the true total must not end the paging).
				if exact.Next == "" {
					continue
				}
				if est.Next == "" {
					t.Errorf("%s: no next page, the exact search has one", what)
					continue
				}
				next := Request{Query: q, Size: req.Size, Facets: []FacetRequest{}, After: exact.Next}
				exactNext := mustSearch(t, s, next)
				next.After, next.EstimateTotal = est.Next, true
				sameHits(t, what+" next page", mustSearch(t, s, next), exactNext)
			}
		}
	}
	// Otherwise the test would hold with EstimateTotal ignored.
	if estimated == 0 || differed == 0 {
		t.Fatalf("%d totals estimated, %d of them not the exact total: the queries no longer exercise estimation", estimated, differed)
	}
	// The sample is 32 documents: an estimate, but not a wild one (from the documents
	// ranking read, which hold the phrases' words most, these were 265% off on average).
	if avg := off / float64(estimated); avg > 0.5 {
		t.Errorf("the estimated totals are %.0f%% off on average", 100*avg)
	}
	// (The documents' numbers, and so the sample, differ from one build of the index to the
	// next: a page past a low estimate is checked when one turns up, hasNext always.)
	t.Logf("%d totals estimated, %d of them not exact, %d pages past a low estimate; %.0f%% off on average", estimated, differed, lowPages, 100*off/float64(estimated))
}

// A full page is followed by another unless its exact total says there is no more; with an
// estimated total it always is.
func TestHasNext(t *testing.T) {
	first := &plan{size: 10, page: 1}
	third := &plan{size: 10, page: 3}
	after := &plan{size: 10, after: &cursor{}}
	for _, c := range []struct {
		p         *plan
		n, total  int
		estimated bool
		want      bool
	}{
		{first, 10, 11, false, true},
		{first, 10, 10, false, false},
		{first, 10, 10, true, true},  // the estimate may be low
		{first, 9, 100, true, false}, // not full: the last page
		{third, 10, 30, false, false},
		{third, 10, 25, true, true},
		{third, 10, 31, false, true},
		{after, 10, 5, false, true},
		{first, 0, 0, true, false},
	} {
		if got := hasNext(c.p, c.n, c.total, c.estimated); got != c.want {
			t.Errorf("page %d after %v, %d hits of %d (estimated %v): next %v", c.p.page, c.p.after != nil, c.n, c.total, c.estimated, got)
		}
	}
}

// pastEstimate pages on with req's size through the pages that end between an estimated
// total (below the exact one) and the exact total: their hits are the exact search's, and
// where a page ends at or past its own estimate while results remain, a next page is still
// offered (the estimate must not end the paging). It reports whether such a page was found.
func pastEstimate(t *testing.T, s *Searcher, what string, req Request, estimated, exact uint64) (found bool) {
	t.Helper()
	size := uint64(req.Size)
	for page := estimated/size + 1; page*size < exact && page*size <= MaxWindow; page++ {
		req.Page, req.EstimateTotal = int(page), false
		want := mustSearch(t, s, req)
		req.EstimateTotal = true
		got := mustSearch(t, s, req)
		at := fmt.Sprintf("%s page %d", what, page)
		sameHits(t, at, got, want)
		if got.TotalEstimated && got.Total <= page*size && want.Next != "" {
			found = true
			if got.Next == "" {
				t.Errorf("%s: no next page past the estimated total %d (exact %d)", at, got.Total, exact)
			}
		}
	}
	return found
}

// With facets asked for, or sorted by date, the total is counted exactly whatever the request
// allows: the facets count the same match, and a date order reads no phrase at fewer places.
func TestEstimateNeedsNoFacets(t *testing.T) {
	s := open(t, scaleRoot(t), Options{CacheSize: -1})
	for _, req := range []Request{
		{Query: `"minister review"`, EstimateTotal: true},
		{Query: `"minister review"`, EstimateTotal: true, Facets: []FacetRequest{{Name: FacetSection}}},
		{Query: `"minister review"`, EstimateTotal: true, Facets: []FacetRequest{}, Sort: SortDate},
		{Query: `"minister review"`, EstimateTotal: true, Facets: []FacetRequest{}, Size: NoHits},
	} {
		got := mustSearch(t, s, req)
		req.EstimateTotal = false
		want := mustSearch(t, s, req)
		if got.TotalEstimated || got.Total != want.Total {
			t.Errorf("%+v: total %d (estimated %v), exact %d", req, got.Total, got.TotalEstimated, want.Total)
		}
	}
	// The query itself is one whose total is estimated without facets (else this proves nothing).
	if r := mustSearch(t, s, Request{Query: `"minister review"`, EstimateTotal: true, Facets: []FacetRequest{}}); !r.TotalEstimated {
		t.Fatalf("setup: %q's total is not estimated even without facets", `"minister review"`)
	}
}

// estimateTotal takes off the open documents ranking and the sample read and dropped, and of
// the rest the share the sample dropped; exact when there is no rest.
func TestEstimateTotalArithmetic(t *testing.T) {
	for _, c := range []struct {
		total                                       int
		open, read, dropped, sampled, sampleDropped uint64
		want                                        int
		wantEstimated                               bool
	}{
		{total: 500, open: 100, read: 10, dropped: 3, sampled: 30, sampleDropped: 6, want: 479, wantEstimated: true}, // 3 + 6 + 60×6/30
		{total: 500, open: 100, read: 100, dropped: 3, want: 497},                                                    // all read by ranking
		{total: 500, open: 100, read: 60, dropped: 3, sampled: 40, sampleDropped: 5, want: 492},                      // the rest sampled
		{total: 500, open: 100, read: 10, dropped: 1, want: 499, wantEstimated: true},                                // none sampled: all taken
		{total: 500, open: 70, read: 0, sampled: 20, sampleDropped: 2, want: 493, wantEstimated: true},               // 2 + 50×2/20 = 2 + 5
		{total: 500, open: 69, read: 1, sampled: 8, sampleDropped: 1, want: 491, wantEstimated: true},                // 1 + 60/8 = 1 + 7.5, rounded to 8
	} {
		col := &collector{total: c.total}
		col.estimateTotal(c.open, c.read, c.dropped, c.sampled, c.sampleDropped)
		if col.total != c.want || col.estimated != c.wantEstimated {
			t.Errorf("%+v: total %d estimated %v", c, col.total, col.estimated)
		}
	}
}

// sameHits fails unless got's hits are want's: ids and scores, in order.
func sameHits(t *testing.T, what string, got, want *Result) {
	t.Helper()
	hits := func(r *Result) []string {
		var out []string
		for _, h := range r.Hits {
			out = append(out, fmt.Sprintf("%s %v", h.ID, h.Score))
		}
		return out
	}
	if g, w := hits(got), hits(want); !slices.Equal(g, w) {
		t.Errorf("%s: hits\n%v\nwant\n%v", what, g, w)
	}
}
