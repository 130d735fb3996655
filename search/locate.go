package search

import (
	"context"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// locate fills the term locations of the page's hits only. The collecting pass runs without
// locations: gathering and merging them for every match cost about a quarter of a query's CPU
// (bench/README.md), while only the hits on the page are highlighted. A second search of q
// restricted to those ids brings their locations; their scores and order stay the first pass's.
func locate(ctx context.Context, idx bleve.Index, q query.Query, hits []collectedHit) error {
	if len(hits) == 0 {
		return nil
	}
	// The hits' document numbers, as a bitmap: no lookup of their ids in the index.
	docs := roaring.New()
	for _, h := range hits {
		docs.Add(uint32(h.pos.doc))
	}
	sr := bleve.NewSearchRequestOptions(query.NewConjunctionQuery([]query.Query{&docSetQuery{docs: docs, boost: 1}, q}), len(hits), 0, false)
	sr.IncludeLocations = true
	res, err := idx.SearchInContext(ctx, sr)
	if err != nil {
		return err
	}
	located := make(map[string]int, len(res.Hits))
	for i, m := range res.Hits {
		located[m.ID] = i
	}
	for _, h := range hits {
		if i, ok := located[h.dm.ID]; ok {
			h.dm.Locations = res.Hits[i].Locations
		}
	}
	return ctx.Err()
}
