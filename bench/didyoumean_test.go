package bench

import (
	"context"
	"strings"
	"testing"
	"unicode"

	"briefsearch/search"
)

// typoQueries mistypes each query of the set that has a Latin word of 5+ letters: the
// longest such word loses its middle letter (Bayramov -> Bayrmov). Only the mistyped queries
// that find fewer than search.SuggestBelow items are kept: those run the suggestion step.
func typoQueries(b *testing.B, s *search.Searcher) (typos, right []string) {
	b.Helper()
	ctx := context.Background()
	for _, q := range loadQueries(b) {
		longest := ""
		for _, w := range strings.FieldsFunc(q.BS, func(r rune) bool { return r == ' ' || r == '"' }) {
			if len(w) > len(longest) && !strings.ContainsAny(w, ":*-") && !strings.ContainsFunc(w, func(r rune) bool { return !unicode.IsLetter(r) || r > unicode.MaxASCII }) {
				longest = w
			}
		}
		if len(longest) < 5 {
			continue
		}
		typo := strings.Replace(q.BS, longest, longest[:len(longest)/2]+longest[len(longest)/2+1:], 1)
		res, err := s.Search(ctx, search.Request{Query: typo, Size: 10})
		if err != nil {
			b.Fatalf("%q: %v", typo, err)
		}
		if res.Total < search.SuggestBelow {
			typos, right = append(typos, typo), append(right, q.BS)
		}
	}
	if len(typos) == 0 {
		b.Fatal("no mistyped query of the set finds few enough items")
	}
	return typos, right
}

// BenchmarkDidYouMean is a mistyped search with its suggestions (each corrected query counted
// before it is offered), round-robin over the set's mistyped queries; "spelled-right" is the
// same queries as written, the cost of the search alone. The suggested metric is the share of
// mistyped queries that got a suggestion.
func BenchmarkDidYouMean(b *testing.B) {
	s, n := openSearcher(b)
	typos, right := typoQueries(b, s)
	ctx := context.Background()
	for _, set := range []struct {
		name    string
		queries []string
	}{{"mistyped", typos}, {"spelled-right", right}} {
		b.Run(sizeName(n)+"/"+set.name, func(b *testing.B) {
			b.ReportAllocs()
			i, suggested := 0, 0
			for b.Loop() {
				res, err := s.Search(ctx, search.Request{Query: set.queries[i%len(set.queries)], Size: 10})
				if err != nil {
					b.Fatal(err)
				}
				if len(res.Query.Suggestions) > 0 {
					suggested++
				}
				i++
			}
			b.ReportMetric(float64(suggested)/float64(i), "suggested")
			b.ReportMetric(float64(len(set.queries)), "queries")
		})
	}
}
