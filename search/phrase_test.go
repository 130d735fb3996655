package search

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"briefsearch/index"
)

// exactPhraseQuery must find exactly what bleve's phrase query finds, with the same scores and
// term locations,
// alone and inside conjunctions and disjunctions (which drive it through Advance). The
// phrases are every run of two and three words of the sample's English, and two to four
// characters of its Japanese headlines: many match once, many nowhere, some often.
func TestExactPhraseMatchesBlevePhrase(t *testing.T) {
	s := open(t, sampleRoot, Options{})
	v := s.cur.Load()
	idx := v.gen.Index
	phrases := samplePhrases(t, s)
	if len(phrases) < 200 {
		t.Fatalf("setup: only %d phrases", len(phrases))
	}
	exact, plain := &compiler{idx: idx, exact: true}, &compiler{idx: idx}
	common := termQuery(index.FieldBody, "azerbaijan") // in most items: exercises Advance
	matched := 0
	for _, ph := range phrases {
		qe, qp := exact.text(ph), plain.text(ph)
		if qe == nil || qp == nil {
			continue
		}
		for _, c := range []struct {
			name   string
			qe, qp query.Query
		}{
			{"alone", qe, qp},
			{"and", query.NewConjunctionQuery([]query.Query{common, qe}), query.NewConjunctionQuery([]query.Query{common, qp})},
			{"or", query.NewDisjunctionQuery([]query.Query{qe, termQuery(index.FieldHeadlineEN, "bayramov")}),
				query.NewDisjunctionQuery([]query.Query{qp, termQuery(index.FieldHeadlineEN, "bayramov")})},
		} {
			got, want := scores(t, idx, c.qe), scores(t, idx, c.qp)
			if gl, wl := locationsOf(t, idx, c.qe), locationsOf(t, idx, c.qp); !maps.Equal(gl, wl) {
				t.Errorf("%q (%s): locations\n%v\nbleve's phrase\n%v", ph, c.name, gl, wl)
			}
			sameScores(t, fmt.Sprintf("%q (%s)", ph, c.name), got, want)
			if c.name == "alone" && len(want) > 0 {
				matched++
			}
		}
	}
	t.Logf("%d phrases, %d of them found", len(phrases), matched)
	if matched < len(phrases)/2 {
		t.Fatalf("only %d of %d phrases matched anything: the comparison proves little", matched, len(phrases))
	}
}

// scores runs q over the whole index: every match's id and score.
func scores(t *testing.T, idx bleve.Index, q query.Query) map[string]float64 {
	t.Helper()
	sr := bleve.NewSearchRequestOptions(q, 5000, 0, false)
	res, err := idx.Search(sr)
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != uint64(len(res.Hits)) {
		t.Fatalf("total %d, %d hits", res.Total, len(res.Hits))
	}
	out := make(map[string]float64, len(res.Hits))
	for _, h := range res.Hits {
		out[h.ID] = h.Score
	}
	return out
}

// sameScores reports where got, a search's id -> score, differs from want, bleve's answer to
// the same question: a missing or extra match, or a score off by more than rounding.
func sameScores(t *testing.T, what string, got, want map[string]float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d matches, bleve's own %d", what, len(got), len(want))
		return
	}
	for id, w := range want {
		if g, ok := got[id]; !ok || math.Abs(g-w) > 1e-9*math.Max(1, math.Abs(w)) {
			t.Errorf("%s: %s scores %g (found %v), bleve's own %g", what, id, g, ok, w)
			return
		}
	}
}

// locationsOf runs q asking for term locations, as locate does: per match, its locations,
// printed in order.
func locationsOf(t *testing.T, idx bleve.Index, q query.Query) map[string]string {
	t.Helper()
	sr := bleve.NewSearchRequestOptions(q, 5000, 0, false)
	sr.IncludeLocations = true
	res, err := idx.Search(sr)
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]string, len(res.Hits))
	for _, h := range res.Hits {
		var locs []string
		for field, tlm := range h.Locations {
			for term, ls := range tlm {
				for _, l := range ls {
					locs = append(locs, fmt.Sprintf("%s:%s@%d[%d:%d]%v", field, term, l.Pos, l.Start, l.End, l.ArrayPositions))
				}
			}
		}
		slices.Sort(locs)
		out[h.ID] = strings.Join(locs, " ")
	}
	return out
}

// samplePhrases cuts phrases out of the sample's stored texts.
func samplePhrases(t *testing.T, s *Searcher) []string {
	t.Helper()
	res := mustSearch(t, s, Request{Size: 100})
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		if p != "" && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, h := range res.Hits {
		page, err := s.Item(context.Background(), h.ID)
		if err != nil {
			t.Fatal(err)
		}
		it := page.Item
		for _, text := range []string{it.HeadlineEN, it.Body, it.Note} {
			words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
			for i := range words {
				if i+1 < len(words) && i%3 == 0 {
					add(words[i] + " " + words[i+1])
				}
				if i+2 < len(words) && i%7 == 0 {
					add(words[i] + " " + words[i+1] + " " + words[i+2])
				}
			}
		}
		ja := []rune(it.HeadlineJA)
		for i := range ja {
			for n := 2; n <= 4 && i+n <= len(ja); n++ {
				add(string(ja[i : i+n]))
			}
		}
	}
	return out
}
