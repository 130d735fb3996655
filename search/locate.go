package search

import (
	"context"

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
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.dm.ID
	}
	sr := bleve.NewSearchRequestOptions(query.NewConjunctionQuery([]query.Query{query.NewDocIDQuery(ids), q}), len(ids), 0, false)
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
