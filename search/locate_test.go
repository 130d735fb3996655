package search

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// locate reads locations through pageReader, which shows searchers the page's documents
// alone; it must find exactly the locations a bleve search restricted to those documents
// finds, for every kind of query and page. It reads the terms the search looked up for its
// tree and phrases (termLookups), as a search does.
func TestLocateMatchesBleve(t *testing.T) {
	f := newEntityFixture(t)
	s := f.open(t)
	queries := []string{"Bayramov", "バイラモフ", "カザフ", "地雷除去", "demining", "minist*", `"Middle Corridor"`,
		"Aliyev OR Bayramov -Kazakhstan", "section:foreign security", "アゼルバイジャン 大統領", "peace agreement"}
	for _, g := range f.lex.Groups() {
		queries = append(queries, g.Terms[0])
	}
	for i, p := range samplePhrases(t, s) {
		if i%16 == 0 {
			queries = append(queries, `"`+p+`"`)
		}
	}
	compared, shared := 0, 0
	for _, q := range queries {
		for _, size := range []int{3, MaxSize} {
			v, err := s.acquire()
			if err != nil {
				t.Fatal(err)
			}
			p, err := newPlan(Request{Query: q, Size: size})
			if err != nil {
				v.mu.RUnlock()
				continue // a phrase cut from the text may be all stop words
			}
			c := v.matcher()
			cq, err := c.compile(p)
			if err != nil {
				v.mu.RUnlock()
				t.Fatal(err)
			}
			located := cq
			if c.noLocations {
				located, _ = v.highlighter().compile(p)
			}
			col := newCollector(v.gen.Columns, p, size, nil)
			ctx := withLookups(context.Background(), v.impacts)
			if err := col.run(ctx, v.gen.Index, cq); err != nil {
				v.mu.RUnlock()
				t.Fatal(err)
			}
			hits := col.hits(0)
			lookups := ctx.Value(lookupsKey{}).(*termLookups)
			before := lookups.reused
			if err := locate(ctx, v, located, hits); err != nil {
				v.mu.RUnlock()
				t.Fatal(err)
			}
			shared += lookups.reused - before
			want := bleveLocations(t, v, located, hits)
			for _, h := range hits {
				// As bleve gathers a match's: the list into the map, sorted, deduplicated.
				dm := &bsearch.DocumentMatch{FieldTermLocations: slices.Clone(h.dm.FieldTermLocations)}
				dm.Complete(nil)
				if got := printLocations(dm.Locations); got != want[h.dm.ID] {
					t.Errorf("%s (size %d), %s:\nlocate %s\nbleve  %s", q, size, h.dm.ID, got, want[h.dm.ID])
				}
				compared++
			}
			v.mu.RUnlock()
		}
	}
	if compared < 400 || shared < len(queries) {
		t.Errorf("only %d hits compared, %d terms read from the tree's", compared, shared)
	}
}

// bleveLocations is what locate did before pageReader: q and the page's documents, searched by
// bleve asking for locations.
func bleveLocations(t *testing.T, v *view, q query.Query, hits []collectedHit) map[string]string {
	t.Helper()
	docs := roaring.New()
	for _, h := range hits {
		docs.Add(uint32(h.pos.doc))
	}
	sr := bleve.NewSearchRequestOptions(query.NewConjunctionQuery([]query.Query{&docSetQuery{docs: docs, boost: 1}, q}), len(hits)+1, 0, false)
	sr.IncludeLocations = true
	res, err := v.gen.Index.Search(sr)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, m := range res.Hits {
		out[m.ID] = printLocations(m.Locations)
	}
	return out
}

func printLocations(flm bsearch.FieldTermLocationMap) string {
	var out []string
	for field, tlm := range flm {
		for term, locs := range tlm {
			for _, l := range locs {
				out = append(out, fmt.Sprintf("%s:%s@%d[%d:%d]", field, term, l.Pos, l.Start, l.End))
			}
		}
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}
