package search

import (
	"context"
	"testing"

	"briefsearch/archive"
	"briefsearch/index"
	"briefsearch/index/indextest"
)

// queryMix is a researcher's session in miniature: names in both scripts, a phrase, Japanese
// compounds and substrings, boolean operators, a prefix, filters, and browsing with facets.
var queryMix = []struct {
	name string
	req  Request
}{
	{"name", Request{Query: "Bayramov", Size: 10}},
	{"name-ja", Request{Query: "バイラモフ", Size: 10}},
	{"phrase", Request{Query: `"Middle Corridor"`, Size: 10}},
	{"compound-ja", Request{Query: "地雷除去", Size: 10}},
	{"substring-ja", Request{Query: "カザフ", Size: 10}},
	{"frequent", Request{Query: "Azerbaijan", Size: 10}},
	{"boolean", Request{Query: "Aliyev OR Bayramov -Kazakhstan", Size: 10}},
	{"prefix", Request{Query: "minist*", Size: 10}},
	{"filtered", Request{Query: "security", Size: 10, Filters: Filters{Sections: []string{"foreign"}, From: archive.DateOf(2020, 6, 1)}}},
	{"no-facets", Request{Query: "peace agreement", Size: 10, Facets: []FacetRequest{}}},
	{"browse", Request{Size: 20}},
	{"browse-section", Request{Size: 20, Filters: Filters{Sections: []string{"economy"}}}},
}

// BenchmarkQueryMix runs each query of the mix against the sample plus 1,000 synthetic items,
// top 10 with the default facets (all of them) and highlights. Browsing is measured both as
// served (cached per generation) and uncached.
func BenchmarkQueryMix(b *testing.B) {
	root := b.TempDir()
	sample, err := loadDir(sampleDir)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := index.Build(context.Background(), root, append(indextest.Synthetic(50, 20), sample...), index.BuildOptions{}); err != nil {
		b.Fatal(err)
	}
	for _, cache := range []struct {
		name string
		size int
	}{{"", 0}, {"uncached-", -1}} {
		s := open(b, root, Options{Lexicon: testLexicon, CacheSize: cache.size})
		for _, q := range queryMix {
			if cache.size < 0 && q.req.Query != "" {
				continue // only browsing is cached
			}
			b.Run(cache.name+q.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := s.Search(context.Background(), q.req); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
