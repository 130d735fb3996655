package search

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"

	"briefsearch/archive"
	"briefsearch/index"
	"briefsearch/index/indextest"
)

// The tree (tree.go) must answer exactly as bleve's walk of the same query: the same total,
// facets and hits, the hits with bit-identical scores, for every kind of query the grammar has
// (words, AND, OR, exclusions, phrases, prefixes, qualifiers, dates, expansions), sorted by
// relevance and by date, on later pages, after a cursor, and for counts alone. On the sample
// (one postings chunk, no stored impacts: every term bounded by 1) and on 3,000 synthetic
// items (several chunks, impacts and norms stored, so that ranking skips documents), and on
// those items indexed in three steps (Extend: three segments, document numbers offset).
func TestTreeAnswersAsBleve(t *testing.T) {
	for _, c := range []struct {
		name    string
		root    string
		opts    Options
		queries []string
	}{
		{"sample", entitiesRoot, Options{Lexicon: testLexicon}, []string{
			"Bayramov", "Aliyev", "demining", "Armenia", "Baku", "peace agreement Armenia", "the",
			"Bayramov OR Armenia", "Bayramov -Armenia", `"peace agreement"`, "mine*", "journalist*",
			"バイラモフ", "地雷除去", "アリエフ Macron", "電話会談", "Aliyev section:foreign",
			"Aliyev from:2026-05-18", "person:Bayramov", "source:TREND", "section:domestic",
			`"twin cities" -Baku`, "EU OR Azerbaijan -Russia", "President visit*",
			// phrases whose words also stand apart in items that match anyway (Minister of
			// Foreign Affairs Jeyhun Bayramov): read at the scored documents, some don't hold it
			`Bayramov OR "foreign minister"`, `Aliyev OR "minister foreign"`, `バイラモフ OR "外相 会談"`,
		}},
		{"extended", extendedRoot(t), Options{}, []string{
			"energy", "Baku", "peace agreement", `"peace agreement"`, "energy -Baku", "President OR Baku",
			"平和条約", "visit*", "Baku from:2021-01-01 to:2021-12-31", "energy section:foreign",
			"", "-Baku", "-energy section:foreign", // every document (less some): browses
		}},
		{"scale", scaleRoot(t), Options{}, []string{
			"energy", "Baku", "Shusha", "peace agreement", `"peace agreement"`, "energy -Baku",
			"President OR Baku", "corridor partners", "平和条約", "大統領 訪問", "visit*",
			"Baku from:2021-01-01 to:2021-12-31", "energy section:foreign", "signs water",
			`"from shusha" -energy`, "外相", "delegation OR corridor OR water",
			`Baku OR "partners corridor"`, `Shusha OR "energy baku"`,
		}},
	} {
		// No browse cache: a query without words (a browse, or exclusions alone) would
		// otherwise answer the second way from what the first way cached.
		c.opts.CacheSize = -1
		s := open(t, c.root, c.opts)
		if c.name == "extended" {
			if n := segments(t, s); n < 3 {
				t.Fatalf("setup: the extended index has %d segments, want 3", n)
			}
		}
		queries := append(c.queries, vocabulary(t, s, 25)...)
		checkBounds = true // every match's score against both its bounds
		compared := compareWithBleve(t, c.name, s, queries)
		// Again with every phrase deferred: settled between the bounds of the match, and
		// read at the documents scored (the sizes here leave too few unread to defer); and
		// every match counted beside its ranking (the sizes here are too few for that too).
		compared += deferringAll(func() int {
			return countingBeside(func() int { return compareWithBleve(t, c.name+" (phrases deferred, counts beside)", s, queries) })
		})
		checkBounds = false
		t.Logf("%s: %d requests compared", c.name, compared)
	}
}

// deferringAll runs f with every phrase deferred (no minimum of unread candidates), and
// restores the minimum however f ends.
func deferringAll(f func() int) int {
	saved := minDeferred
	defer func() { minDeferred = saved }()
	minDeferred = 0
	return f()
}

// countingBeside runs f with every match counted beside its ranking, whatever the number of
// matches and cores.
func countingBeside(f func() int) int {
	saved := countsBeside
	defer func() { countsBeside = saved }()
	countsBeside = func(uint64) bool { return true }
	return f()
}

// compareWithBleve runs each query in several requests both ways and compares the results.
func compareWithBleve(t *testing.T, name string, s *Searcher, queries []string) int {
	t.Helper()
	compared := 0
	for _, q := range queries {
		for _, req := range []Request{
			{Query: q, Size: 10},
			{Query: q, Size: 3, Page: 2},
			{Query: q, Size: 10, Sort: SortDate},
			{Query: q, Size: 5, Sort: SortDateDesc, Page: 3},
			{Query: q, Size: NoHits},
		} {
			want, got := bothWays(t, s, req)
			sameResult(t, fmt.Sprintf("%s %q %+v", name, q, req), got, want)
			compared++
			if want.Next == "" || req.Size == NoHits {
				continue
			}
			next := req
			next.Page, next.After = 0, want.Next
			want, got = bothWays(t, s, next)
			sameResult(t, fmt.Sprintf("%s %q after page %d", name, q, req.Page), got, want)
		}
	}
	return compared
}

// extendedRoot indexes the scale test's items in three steps, as new weeks arrive.
func extendedRoot(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	all := indextest.Synthetic(150, 20)
	opts := index.BuildOptions{Derive: Derive}
	if _, err := index.Build(context.Background(), root, all[:100], opts); err != nil {
		t.Fatal(err)
	}
	for _, part := range [][]*archive.Briefing{all[100:125], all[125:]} {
		if _, err := index.Extend(context.Background(), root, part, opts); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// segments counts the segments of s's index.
func segments(t *testing.T, s *Searcher) int {
	t.Helper()
	return len(snapshotOf(t, s.cur.Load().gen.Index).Segments())
}

// snapshotOf opens a reader of idx, scorch's snapshot, closed when the test ends.
func snapshotOf(t *testing.T, idx bleve.Index) *scorch.IndexSnapshot {
	t.Helper()
	adv, err := idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		t.Fatalf("setup: the reader is a %T", r)
	}
	return snap
}

// bothWays answers req by bleve's walk and by the tree.
func bothWays(t *testing.T, s *Searcher, req Request) (bleve, tree *Result) {
	t.Helper()
	bleveWalk = true
	bleve, err := s.Search(context.Background(), req)
	bleveWalk = false
	if err != nil {
		t.Fatalf("%+v: %v", req, err)
	}
	tree, err = s.Search(context.Background(), req)
	if err != nil {
		t.Fatalf("%+v: %v", req, err)
	}
	return bleve, tree
}

func sameResult(t *testing.T, what string, got, want *Result) {
	t.Helper()
	if got.Total != want.Total {
		t.Errorf("%s: total %d, bleve %d", what, got.Total, want.Total)
	}
	hits := func(r *Result) []string {
		var out []string
		for _, h := range r.Hits {
			out = append(out, fmt.Sprintf("%s %v %v", h.ID, h.Score, h.Highlights))
		}
		return out
	}
	if g, w := hits(got), hits(want); !slices.Equal(g, w) {
		t.Errorf("%s: hits\n got %q\nwant %q", what, g, w)
	}
	if g, w := fmt.Sprint(got.Facets), fmt.Sprint(want.Facets); g != w {
		t.Errorf("%s: facets\n got %s\nwant %s", what, g, w)
	}
	if got.Next != want.Next {
		t.Errorf("%s: next %q, bleve %q", what, got.Next, want.Next)
	}
}

// vocabulary is every so many body word of the index with two or more documents, and pairs
// of them, so the comparison does not rest on hand-picked words alone.
func vocabulary(t *testing.T, s *Searcher, n int) []string {
	t.Helper()
	dict, err := s.cur.Load().gen.Index.FieldDict(index.FieldBody)
	if err != nil {
		t.Fatal(err)
	}
	defer dict.Close()
	var terms []string
	for {
		e, err := dict.Next()
		if err != nil {
			t.Fatal(err)
		}
		if e == nil {
			break
		}
		if e.Count >= 2 && len(e.Term) > 3 {
			terms = append(terms, e.Term)
		}
	}
	if len(terms) < 20 {
		t.Fatalf("setup: only %d body words", len(terms))
	}
	var out []string
	step := max(2, len(terms)/n)
	for i := 0; i+step < len(terms) && len(out) < 2*n; i += step {
		out = append(out, terms[i], terms[i]+" "+terms[i+step/2])
	}
	return out
}

// TestTopFloats holds the selection that sets rank's bar to the sorted answer, on values with
// many ties (bounds of one length and frequency are equal).
func TestTopFloats(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 13))
	for trial := range 3000 {
		n := 1 + rng.IntN(300)
		vs := make([]float64, n)
		levels := 1 + rng.IntN(n+1) // few levels: many ties
		for i := range vs {
			vs[i] = float64(rng.IntN(levels)) / 7
		}
		k := 1 + rng.IntN(n)
		top := topFloats{k: k}
		for _, v := range vs {
			top.push(v)
		}
		got := top.least()
		sorted := slices.Sorted(slices.Values(vs))
		if want := sorted[n-k]; got != want {
			t.Fatalf("trial %d: the %d-th largest of %v is %v, got %v", trial, k, vs, want, got)
		}
	}
}

// firstBar must find the want-th best bound of all the forms' documents, leaving undone only
// forms that hold none as high; on random forms whose documents' bounds lie anywhere up to
// their form's most, so that a form with a lower most can still hold bounds above the bar a
// better form's documents set.
func TestFirstBar(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 17))
	skipped := 0
	for trial := range 2000 {
		var forms []*rankForm
		var bounds []float64
		for range 1 + rng.IntN(6) {
			f := &rankForm{most: float64(1+rng.IntN(20)) / 4}
			for range 1 + rng.IntN(40) {
				f.at = append(f.at, uint32(len(bounds)))
				bounds = append(bounds, f.most*float64(rng.IntN(9))/8)
			}
			forms = append(forms, f)
		}
		if len(bounds) < 2 {
			continue
		}
		slices.SortStableFunc(forms, func(a, b *rankForm) int { return cmp.Compare(b.most, a.most) })
		want := 1 + rng.IntN(len(bounds)-1)
		set := make([]float64, len(bounds))
		for i := range set {
			set[i] = math.NaN() // not computed
		}
		got := firstBar(forms, want, func(f *rankForm) {
			for _, i := range f.at {
				set[i] = bounds[i]
			}
			f.done = true
		}, set)
		sorted := slices.Sorted(slices.Values(bounds))
		if w := sorted[len(bounds)-want]; got != w {
			t.Fatalf("trial %d: the %d-th best bound is %v, firstBar gave %v", trial, want, w, got)
		}
		// Nor more than it needs: before the last form it did, the want best were not known.
		done := 0
		for done < len(forms) && forms[done].done {
			done++
		}
		var before []float64
		for _, f := range forms[:done-1] {
			for _, i := range f.at {
				before = append(before, bounds[i])
			}
		}
		if slices.Sort(before); len(before) >= want && forms[done-1].most < before[len(before)-want] {
			t.Fatalf("trial %d: form %d done, though its most %v is below the %d-th best bound before it %v", trial, done-1, forms[done-1].most, want, before[len(before)-want])
		}
		for k, f := range forms {
			if f.done {
				continue
			}
			skipped++
			if f.most >= got {
				t.Fatalf("trial %d: form %d (most %v) left undone, at or above the bar %v", trial, k, f.most, got)
			}
		}
	}
	if skipped == 0 {
		t.Fatal("no trial left a form undone")
	}
}

// liveDocs must be the documents bleve's match-all finds: on three segments, and on two
// with deleted documents.
func TestLiveDocsAsMatchAll(t *testing.T) {
	for name, idx := range map[string]bleve.Index{
		"extended": open(t, extendedRoot(t), Options{}).cur.Load().gen.Index,
		"deleted":  deletedIndex(t),
	} {
		snap := snapshotOf(t, idx)
		s, err := bleve.NewMatchAllQuery().Searcher(context.Background(), snap, idx.Mapping(), bsearch.SearcherOptions{})
		if err != nil {
			t.Fatal(err)
		}
		want := roaring.New()
		sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(1, 0)}
		for dm, err := s.Next(sctx); dm != nil || err != nil; dm, err = s.Next(sctx) {
			if err != nil {
				t.Fatal(err)
			}
			want.Add(uint32(index.DocNum(dm.IndexInternalID)))
			sctx.DocumentMatchPool.Put(dm)
		}
		s.Close()
		if got := liveDocs(snap); !got.Equals(want) || want.IsEmpty() {
			t.Errorf("%s: liveDocs %d documents, match-all %d; differ at %v", name, got.GetCardinality(),
				want.GetCardinality(), roaring.Xor(got, want).ToArray())
		}
	}
}
