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

	"math/rand/v2"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"briefsearch/archive"
	"briefsearch/index"
	"briefsearch/index/indextest"
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

// readAt, the phrase read straight from zap, must give what the searcher gives advanced to the
// same documents (evalAt's other way): the same matches, scores to the last bit. On an index of
// several postings chunks, one of three segments, and one with deleted documents; at every
// document and at random subsets; in one to three parts read at once; with and without a
// query norm. Its phrases are runs of two
// and three terms of the texts as analyzed (which match) and the same terms shuffled (which
// mostly don't). On an index whose bodies are lists (array positions) it must decline.
func TestPhraseReadAtAsSearcher(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(7, 24))
	synthetic := indextest.Synthetic(150, 20)
	defer func(was uint64) { denseShare = was }(denseShare)
	for _, c := range []struct {
		name     string
		idx      bleve.Index
		field    string
		analyzer string
		texts    []string
		declines bool // bodies are lists: readAt must not read
	}{
		{"scale", open(t, scaleRoot(t), Options{}).cur.Load().gen.Index, index.FieldBody, index.AnalyzerEnglish, bodiesOf(synthetic), false},
		{"extended", open(t, extendedRoot(t), Options{}).cur.Load().gen.Index, index.FieldBody, index.AnalyzerEnglish, bodiesOf(synthetic), false},
		{"deleted", deletedIndexOf(t, false), "body", standard.Name, deletedTexts(), false},
		{"lists", deletedIndexOf(t, true), "body", standard.Name, deletedTexts(), true},
	} {
		snap := snapshotOf(t, c.idx)
		var maxDoc uint64
		for _, ss := range snap.Segments() {
			maxDoc += ss.Segment().Count()
		}
		an := c.idx.Mapping().AnalyzerNamed(c.analyzer)
		if an == nil {
			t.Fatalf("%s: no analyzer %s", c.name, c.analyzer)
		}
		var phrases [][]string
		for i, text := range c.texts {
			if len(c.texts) > 100 && i%5 != 0 {
				continue
			}
			toks := an.Analyze([]byte(text))
			for j := 0; j+2 < len(toks) && len(phrases) < 200; j += 7 {
				run := []string{string(toks[j].Term), string(toks[j+1].Term), string(toks[j+2].Term)}
				if toks[j+1].Position != toks[j].Position+1 || toks[j+2].Position != toks[j].Position+2 {
					continue
				}
				shuffled := slices.Clone(run)
				rng.Shuffle(len(shuffled), func(a, b int) { shuffled[a], shuffled[b] = shuffled[b], shuffled[a] })
				phrases = append(phrases, run[:2], run, shuffled)
			}
		}
		if len(phrases) < 30 {
			t.Fatalf("%s: setup: only %d phrases", c.name, len(phrases))
		}
		read, matched, declined := 0, 0, 0
		for _, terms := range phrases {
			q := &exactPhraseQuery{terms: terms, field: c.field, boost: 1.5}
			all := roaring.New()
			all.AddRange(0, maxDoc)
			some, few := roaring.New(), roaring.New()
			for d := range maxDoc {
				if rng.IntN(4) == 0 {
					some.Add(uint32(d))
				}
				if rng.IntN(64) == 0 {
					few.Add(uint32(d))
				}
			}
			// Each read with the terms' documents from roaring's iterator and from arrays
			// (walkDense), whatever share of them it reads.
			denseShare = []uint64{0, math.MaxUint32}[rng.IntN(2)]
			for _, where := range []*roaring.Bitmap{all, some, few} {
				for _, qnorm := range []float64{0, 0.37} {
					denseShare = math.MaxUint32 - denseShare // the other way each time
					searcher := func() *exactPhraseSearcher {
						s, err := q.Searcher(ctx, snap, nil, bsearch.SearcherOptions{})
						if err != nil {
							t.Fatal(err)
						}
						t.Cleanup(func() { s.Close() })
						if qnorm != 0 {
							s.SetQueryNorm(qnorm)
						}
						return s.(*exactPhraseSearcher)
					}
					parts := 1 + rng.IntN(3) // 1 to 3, whatever the machine's cores
					got, ok, err := searcher().readIn(ctx, where, parts)
					if err != nil {
						t.Fatal(err)
					}
					want, err := (&treeNode{s: searcher()}).advanceAt(ctx, where)
					if err != nil {
						t.Fatal(err)
					}
					if !ok {
						if !c.declines {
							t.Fatalf("%s %q: readAt declined on single values", c.name, terms)
						}
						declined++
						continue
					}
					read++
					if !slices.Equal(got.docs, want.docs) || !slices.Equal(got.scores, want.scores) {
						t.Fatalf("%s %q at %d documents in %d parts (qnorm %v, dense share %d):\nreadAt   %v %v\nsearcher %v %v", c.name, terms,
							where.GetCardinality(), parts, qnorm, denseShare, got.docs, got.scores, want.docs, want.scores)
					}
					if len(want.docs) > 0 {
						matched++
					}
				}
			}
		}
		t.Logf("%s: %d phrases, %d reads compared, %d of them matched, %d declined", c.name, len(phrases), read, matched, declined)
		if c.declines && declined == 0 {
			t.Fatalf("%s: readAt read bodies that are lists", c.name)
		}
		if !c.declines && (read == 0 || matched < read/4) {
			t.Fatalf("%s: %d reads, %d matched: the comparison proves little", c.name, read, matched)
		}
	}
}

func bodiesOf(bs []*archive.Briefing) []string {
	var out []string
	for _, b := range bs {
		for _, it := range b.Items {
			out = append(out, it.Body)
		}
	}
	return out
}

// deletedTexts are texts of deletedIndex's words, to cut phrases from.
func deletedTexts() []string {
	words := deletedWords
	var out []string
	for i := range words {
		for j := range words {
			out = append(out, words[i]+" "+words[j]+" "+words[(i+j)%len(words)]+" "+words[(i*j)%len(words)])
		}
	}
	return out
}
