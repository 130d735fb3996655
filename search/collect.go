package search

import (
	"cmp"
	"container/heap"
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"briefsearch/index"
)

// position is where a hit sorts: by score (relevance), by day, and finally by the rank of its
// item id (so items of one day keep their briefing order). Ranks are unique, so every order is
// total and a cursor names one exact place.
type position struct {
	Score float64 `json:"score,omitempty"`
	Day   int32   `json:"day"`
	Rank  uint32  `json:"rank"`
	doc   uint64  // bleve's document number
}

// before reports whether a sorts before b under sort.
func before(sort string, a, b position) bool {
	switch sort {
	case SortRelevance:
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if a.Day != b.Day {
			return a.Day > b.Day // newer first among equals
		}
	case SortDate:
		if a.Day != b.Day {
			return a.Day < b.Day
		}
	default: // SortDateDesc
		if a.Day != b.Day {
			return a.Day > b.Day
		}
	}
	return a.Rank < b.Rank
}

type collectedHit struct {
	pos position
	dm  *bsearch.DocumentMatch
}

// collector receives every match of a search from bleve and keeps, from the generation's
// columns, the facet counts and the best k hits in the plan's order. bleve is asked to sort by
// score alone, its one order that needs no per-document doc values; everything else is here.
type collector struct {
	cols     *index.Columns
	sort     string
	k        int
	from, to int32 // inclusive day range of the plan's date filter
	after    *position
	facets   []facetCounter
	total    int
	top      hitHeap
	pool     *bsearch.DocumentMatchPool
}

// newCollector prepares the collection of p's matches, keeping the best k.
func newCollector(cols *index.Columns, p *plan, k int, facets []FacetRequest) *collector {
	c := &collector{cols: cols, sort: p.sort, k: k, facets: facetCounters(cols, facets)}
	c.from, c.to, _ = dayBounds(p.filters)
	return c
}

// dayBounds is the inclusive day range of f's dates; ok is false when f has none.
func dayBounds(f Filters) (from, to int32, ok bool) {
	from, to = math.MinInt32, math.MaxInt32
	if !f.From.IsZero() {
		from = index.Day(f.From)
	}
	if !f.To.IsZero() {
		to = index.Day(f.To)
	}
	if from == math.MinInt32 && to == math.MaxInt32 {
		return from, to, false
	}
	return max(from, index.NoDay+1), to, true // undated items fall outside any range
}

// daysBetween returns the documents dated from..to (inclusive).
func daysBetween(cols *index.Columns, from, to int32) *roaring.Bitmap {
	bm := roaring.New()
	for d, day := range cols.Days {
		if day >= from && day <= to {
			bm.Add(uint32(d))
		}
	}
	return bm
}

type facetCounter struct {
	name   string
	col    *index.Column
	counts []int
}

// run executes q through bleve with c receiving the matches. It asks for no term locations:
// only the page's hits need them, and locate fetches those.
func (c *collector) run(ctx context.Context, idx bleve.Index, q query.Query) error {
	c.top.sort = c.sort
	ctx = context.WithValue(ctx, bsearch.MakeDocumentMatchHandlerKey, bsearch.MakeDocumentMatchHandler(
		func(sctx *bsearch.SearchContext) (bsearch.DocumentMatchHandler, bool, error) {
			c.pool = sctx.DocumentMatchPool
			return c.handle, false, nil
		}))
	sr := bleve.NewSearchRequestOptions(q, 1, 0, false)
	sr.SortByCustom(bsearch.SortOrder{&bsearch.SortScore{Desc: true}})
	_, err := idx.SearchInContext(ctx, sr)
	if err == nil {
		err = ctx.Err()
	}
	return err
}

func (c *collector) handle(dm *bsearch.DocumentMatch) error {
	if dm == nil {
		return nil
	}
	d := index.DocNum(dm.IndexInternalID)
	if d >= uint64(len(c.cols.IDs)) {
		return fmt.Errorf("document %d is beyond the generation's columns", d)
	}
	day := c.cols.Days[d]
	if day < c.from || day > c.to {
		c.pool.Put(dm)
		return nil
	}
	c.total++
	for i := range c.facets {
		f := &c.facets[i]
		for _, r := range f.col.DocRefs(d) {
			f.counts[r]++
		}
	}
	pos := position{Day: day, Rank: c.cols.Ranks[d], doc: d}
	if c.sort == SortRelevance {
		pos.Score = dm.Score
	}
	switch {
	case c.k == 0:
		c.pool.Put(dm) // counted only: a request for the total and facets
	case c.after != nil && !before(c.sort, *c.after, pos):
		c.pool.Put(dm) // at or before the cursor: on an earlier page
	case c.top.Len() < c.k:
		heap.Push(&c.top, collectedHit{pos, dm})
	case before(c.sort, pos, c.top.hits[0].pos):
		c.pool.Put(c.top.hits[0].dm)
		c.top.hits[0] = collectedHit{pos, dm}
		heap.Fix(&c.top, 0)
	default:
		c.pool.Put(dm)
	}
	return nil
}

// hits returns the kept hits in order, skipping the first skip, with their ids set.
func (c *collector) hits(skip int) []collectedHit {
	out := slices.Clone(c.top.hits)
	slices.SortFunc(out, func(a, b collectedHit) int {
		if before(c.sort, a.pos, b.pos) {
			return -1
		}
		return 1 // positions are unique
	})
	if skip >= len(out) {
		return nil
	}
	out = out[skip:]
	for _, h := range out {
		h.dm.ID = c.cols.IDs[h.pos.doc]
	}
	return out
}

// hitHeap keeps the worst kept hit on top, so a better one replaces it in O(log k).
type hitHeap struct {
	sort string
	hits []collectedHit
}

func (h *hitHeap) Len() int           { return len(h.hits) }
func (h *hitHeap) Less(i, j int) bool { return before(h.sort, h.hits[j].pos, h.hits[i].pos) }
func (h *hitHeap) Swap(i, j int)      { h.hits[i], h.hits[j] = h.hits[j], h.hits[i] }
func (h *hitHeap) Push(x any)         { h.hits = append(h.hits, x.(collectedHit)) }
func (h *hitHeap) Pop() any {
	last := h.hits[len(h.hits)-1]
	h.hits = h.hits[:len(h.hits)-1]
	return last
}

// facetCounters prepares counting for the requested facets.
func facetCounters(cols *index.Columns, reqs []FacetRequest) []facetCounter {
	out := make([]facetCounter, 0, len(reqs))
	for _, r := range reqs {
		col := cols.Facets[facetField(r.Name)]
		out = append(out, facetCounter{name: r.Name, col: col, counts: make([]int, len(col.Values))})
	}
	return out
}

// top returns the size most frequent values of f, ties by value.
func (f *facetCounter) top(size int) []valueCount {
	var vs []valueCount
	for i, n := range f.counts {
		if n > 0 {
			vs = append(vs, valueCount{f.col.Values[i], n})
		}
	}
	slices.SortFunc(vs, func(a, b valueCount) int {
		return cmp.Or(cmp.Compare(b.count, a.count), cmp.Compare(a.value, b.value))
	})
	if len(vs) > size {
		vs = vs[:size]
	}
	return vs
}

type valueCount struct {
	value string
	count int
}
