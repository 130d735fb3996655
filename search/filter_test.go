package search

import (
	"maps"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"briefsearch/index"
)

// anyTermQuery must match exactly the documents bleve's disjunction of the same term queries
// matches: alone, driven through Advance by a conjunction, and as an exclusion.
func TestAnyTermMatchesTermDisjunction(t *testing.T) {
	s := open(t, sampleRoot, Options{})
	idx := s.cur.Load().gen.Index
	sets := [][]fieldTerm{
		{{index.FieldSection, "foreign"}},
		{{index.FieldSection, "foreign"}, {index.FieldSection, "domestic"}},
		{{index.FieldSourceKey, "trend"}, {index.FieldSourceKey, "apa"}},
		{{index.FieldBody, "armenia"}, {index.FieldHeadlineEN, "armenia"}, {index.FieldNote, "armenia"}},
		{{index.FieldBody, "azerbaijan"}},
		{{index.FieldBody, "nosuchword"}},
		{{index.FieldBody, "nosuchword"}, {index.FieldBody, "baku"}},
		{{index.FieldMonth, "2026-05"}},
	}
	common := termQuery(index.FieldBody, "minister")
	for _, set := range sets {
		var terms []query.Query
		for _, ft := range set {
			terms = append(terms, termQuery(ft.field, ft.term))
		}
		fast, ref := &anyTermQuery{terms: set}, query.NewDisjunctionQuery(terms)
		for _, c := range []struct {
			name   string
			fq, rq query.Query
		}{
			{"alone", fast, ref},
			{"and", query.NewConjunctionQuery([]query.Query{common, fast}), query.NewConjunctionQuery([]query.Query{common, ref})},
			{"not", boolNot(common, fast), boolNot(common, ref)},
			// Filters alone: every weight is zero, and no score may come out NaN.
			{"filters", query.NewConjunctionQuery([]query.Query{fast, &anyTermQuery{terms: []fieldTerm{{index.FieldMonth, "2026-05"}}}}),
				query.NewConjunctionQuery([]query.Query{ref, termQuery(index.FieldMonth, "2026-05")})},
		} {
			got, want := ids(t, idx, c.fq), ids(t, idx, c.rq)
			if !slices.Equal(got, want) {
				t.Errorf("%v (%s): %v, term queries give %v", set, c.name, got, want)
			}
		}
	}
	if n := len(ids(t, idx, &anyTermQuery{terms: sets[0]})); n == 0 || n == 20 {
		t.Fatalf("setup: section foreign matches %d of the sample's items", n)
	}
}

func boolNot(must, not query.Query) query.Query {
	b := query.NewBooleanQuery([]query.Query{must}, nil, []query.Query{not})
	return b
}

// ids runs q over the whole index: the ids of its matches, sorted; every score must be a number.
func ids(t *testing.T, idx bleve.Index, q query.Query) []string {
	t.Helper()
	res, err := idx.Search(bleve.NewSearchRequestOptions(q, 5000, 0, false))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, h := range res.Hits {
		if h.Score != h.Score {
			t.Fatalf("%s scores NaN", h.ID)
		}
		out[h.ID] = true
	}
	return slices.Sorted(maps.Keys(out))
}
