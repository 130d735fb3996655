package search

import (
	"fmt"
	"maps"
	"slices"
	"strings"
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

// andNotQuery must give what bleve's BooleanQuery gives for must and must-not clauses: the
// same documents with the same scores.
func TestAndNotMatchesBoolean(t *testing.T) {
	for _, c := range []struct {
		root  string
		pairs [][2]string // must words, excluded words
	}{
		{sampleRoot, [][2]string{{"Bayramov", "Armenia"}, {"Azerbaijan minister", "Baku"}, {"Azerbaijan", "foreign"}, {"mine", "nosuchword"}, {"nosuchword", "Baku"}}},
		{scaleRoot(t), [][2]string{{"energy", "Baku"}, {"peace agreement", "Shusha"}, {"President", "signs"}, {"Baku", "Baku"}}},
	} {
		s := open(t, c.root, Options{})
		idx := s.cur.Load().gen.Index
		comp := &compiler{idx: idx, exact: true}
		for _, p := range c.pairs {
			var must []query.Query
			for _, w := range strings.Fields(p[0]) {
				must = append(must, comp.text(w))
			}
			not := unscored(comp.text(p[1]))
			var m query.Query = must[0]
			if len(must) > 1 {
				m = query.NewConjunctionQuery(must)
			}
			b := query.NewBooleanQuery(must, nil, []query.Query{not})
			for _, q := range []struct {
				name   string
				qa, qb query.Query
			}{
				{"alone", &andNotQuery{must: m, not: not}, b},
				{"and", query.NewConjunctionQuery([]query.Query{termQuery(index.FieldBody, "the"), &andNotQuery{must: m, not: not}}),
					query.NewConjunctionQuery([]query.Query{termQuery(index.FieldBody, "the"), b})},
			} {
				sameScores(t, fmt.Sprintf("%v (%s)", p, q.name), scores(t, idx, q.qa), scores(t, idx, q.qb))
			}
		}
	}
}
