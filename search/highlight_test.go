package search

import (
	"context"
	"errors"
	"fmt"
	"html"
	"maps"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	bsearch "github.com/blevesearch/bleve/v2/search"

	"briefsearch/archive"
	"briefsearch/index/indextest"
)

// hugeReps makes the audit's item: one 5 MB line, "word Bayramov " 374,000 times.
const hugeReps = 374_000

// hugeBriefings are a few ordinary synthetic weeks plus items whose bodies are "word Bayramov "
// repeated on one line, reps[i] times for item ids[i].
func hugeBriefings(reps ...int) (bs []*archive.Briefing, ids []string) {
	bs = indextest.Synthetic(3, 5)
	b := bs[0]
	for _, n := range reps {
		ord := len(b.Items) + 1
		it := archive.Item{ID: fmt.Sprintf("%s-%02d", b.ID, ord), Ordinal: ord, Section: "foreign",
			SectionTitle: "外政関連", HeadlineJA: "単語", HeadlineEN: "Words",
			Body: strings.TrimSpace(strings.Repeat("word Bayramov ", n)), Date: b.WeekStart,
			Sources: []archive.Source{{Name: "TREND", Date: b.WeekStart}}}
		b.Items = append(b.Items, it)
		ids = append(ids, it.ID)
	}
	return bs, ids
}

// A search that finds a 5 MB item answers with highlights of ordinary size, and highlighting
// it allocates what a window costs, not what the item does.
func TestHugeItemHighlightsAreBounded(t *testing.T) {
	bs, ids := hugeBriefings(hugeReps, 3_700, 20)
	hugeID, fiftyID, smallID := ids[0], ids[1], ids[2]
	root := t.TempDir()
	buildAt(t, root, bs)
	s := open(t, root, Options{})

	for _, q := range []string{"word", "Bayramov", `"word Bayramov"`, "wor*"} {
		res := mustSearch(t, s, Request{Query: q})
		var huge, small *Hit
		for i := range res.Hits {
			switch res.Hits[i].ID {
			case hugeID:
				huge = &res.Hits[i]
			case smallID:
				small = &res.Hits[i]
			}
		}
		if res.Total != 3 || huge == nil || small == nil {
			t.Fatalf("%s: %d hits (%v), want the huge item and its 50 KB and 280-byte twins", q, res.Total, ordinals(res))
		}
		if !strings.Contains(strings.Join(small.Highlights["body"], ""), "<mark>") {
			t.Errorf("%s: the ordinary item's body is not marked: %q", q, small.Highlights)
		}
		body := huge.Highlights["body"]
		if len(body) == 0 || len(body) > bodyFragments {
			t.Fatalf("%s: %d body fragments, want 1 to %d", q, len(body), bodyFragments)
		}
		for _, f := range body {
			plain := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(f)
			if n := utf8.RuneCountInString(plain); n > fragmentSize+2 || !strings.Contains(f, "<mark>") {
				t.Errorf("%s: body fragment of %d characters (at most %d), marks: %q", q, n, fragmentSize, f)
			}
			if !strings.HasSuffix(f, "…") {
				t.Errorf("%s: a fragment of a cut body does not say it goes on: %q", q, f)
			}
		}
	}
	// Nothing adjacent in this order: every position of one term is checked for the other,
	// which a scan (not a bisection) of the positions made quadratic (minutes here).
	if res := mustSearch(t, s, Request{Query: `"Bayramov Bayramov"`}); res.Total != 0 {
		t.Errorf(`"Bayramov Bayramov": %d hits, want none`, res.Total)
	}

	// Highlighting the huge item costs what a window does: its allocations are bounded by a
	// multiple of maxHighlightBytes, and about those of its 50 KB twin (both too large to
	// locate: their windows are analyzed again).
	v, err := s.acquire()
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlan(Request{Query: "word"})
	if err != nil {
		t.Fatal(err)
	}
	located, err := v.highlighter().compile(p)
	if err != nil {
		t.Fatal(err)
	}
	hl := newHighlighter(located, v.gen.Index.Mapping(), nil)
	cost := func(id string) uint64 {
		it, ok, err := v.loadItem(id)
		if !ok || err != nil {
			t.Fatalf("loading %s: %v %v", id, ok, err)
		}
		it.trim()
		if !it.large {
			t.Fatalf("%s is not large", id)
		}
		return allocated(t, func() {
			if _, err := hl.highlights(context.Background(), it, nil); err != nil {
				t.Fatal(err)
			}
		})
	}
	huge, fifty := cost(hugeID), cost(fiftyID)
	v.mu.RUnlock()
	if limit := uint64(64 * maxHighlightBytes); huge > limit {
		t.Errorf("highlighting the 5 MB item allocated %d bytes; the bound is %d (64 windows)", huge, limit)
	}
	if huge > fifty+fifty/4 {
		t.Errorf("highlighting the 5 MB item allocated %d bytes, its 50 KB twin %d", huge, fifty)
	}

	// The whole search holds the item once as stored (bleve copies its stored fields), never
	// a location per occurrence: 374,000 of them took 35 times the item's size. (The huge item
	// comes first in the postings, so locating the ordinary hit must not step onto it.)
	itemBytes := uint64(14 * hugeReps)
	total := allocated(t, func() { mustSearch(t, s, Request{Query: "word"}) })
	if limit := 3*itemBytes + 64*maxHighlightBytes; total > limit {
		t.Errorf("a search for word allocated %d bytes; the bound is %d (three times the item plus 64 windows)", total, limit)
	}
}

// allocated is the mean number of bytes f allocates, over a few runs.
func allocated(t *testing.T, f func()) uint64 {
	t.Helper()
	const runs = 4
	f() // warm: pools, the analyzers' first use
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range runs {
		f()
	}
	runtime.ReadMemStats(&after)
	return (after.TotalAlloc - before.TotalAlloc) / runs
}

// The windows of an item too large to locate are analyzed again; on ordinary items that must
// mark exactly what bleve's locations mark, for every kind of query: words in either script,
// phrases, prefixes, glossary groups (stored as topics, then highlighted through their
// phrases), entity names and exclusions.
func TestReanalysedHighlightsMatchLocated(t *testing.T) {
	f := newEntityFixture(t)
	s := f.open(t)
	queries := []string{"Bayramov", "バイラモフ", "カザフ", "地雷除去", "demining", "minist*", "relat*",
		`"Middle Corridor"`, "Aliyev OR Bayramov -Kazakhstan", "peace agreement", "section:foreign security",
		"Azerbaijan", "アゼルバイジャン 大統領"}
	for i, p := range samplePhrases(t, s) {
		if i%8 == 0 {
			queries = append(queries, `"`+p+`"`)
		}
	}
	for _, g := range f.lex.Groups() {
		queries = append(queries, g.Terms[0])
	}
	compared := 0
	for _, q := range queries {
		res, err := s.Search(context.Background(), Request{Query: q, Size: MaxSize})
		if errors.Is(err, ErrBadRequest) {
			continue // a phrase cut from the text may be all stop words
		}
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		hl := reanalysingHighlighter(t, s, q)
		for _, h := range res.Hits {
			v, _ := s.acquire()
			it, ok, err := v.loadItem(h.ID)
			v.mu.RUnlock()
			if !ok || err != nil {
				t.Fatalf("%s: loading %s: %v", q, h.ID, err)
			}
			it.large = true // as if too large to locate
			got, err := hl.highlights(context.Background(), it, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !maps.EqualFunc(got, h.Highlights, slices.Equal) {
				t.Errorf("%s, item %s:\nreanalysed %q\nlocated    %q", q, h.ID, got, h.Highlights)
			}
			compared++
		}
	}
	if compared < 500 {
		t.Errorf("only %d hits compared: the test proves little", compared)
	}
}

// reanalysingHighlighter is the highlighter a search for q makes, as searchView makes it.
func reanalysingHighlighter(t *testing.T, s *Searcher, q string) *hitHighlighter {
	t.Helper()
	v, err := s.acquire()
	if err != nil {
		t.Fatal(err)
	}
	defer v.mu.RUnlock()
	p, err := newPlan(Request{Query: q})
	if err != nil {
		t.Fatal(err)
	}
	c := v.matcher()
	located, err := c.compile(p)
	if err != nil {
		t.Fatal(err)
	}
	if c.noLocations {
		if located, err = v.highlighter().compile(p); err != nil {
			t.Fatal(err)
		}
	}
	return newHighlighter(located, v.gen.Index.Mapping(), v.entityNames(c.entities))
}

// cancellingLexicon cancels a search's context when the search asks it for an entity's names:
// after the matches are collected and located, before the hits are loaded and highlighted.
type cancellingLexicon struct {
	fakeLexicon
	cancel context.CancelFunc
}

func (l cancellingLexicon) Names(canonical string) []string {
	l.cancel()
	return []string{canonical}
}

// A search cancelled between its stages stops there with the context's error, rather than
// loading and highlighting the page it no longer has a reader for.
func TestSearchStopsWhenCancelledBetweenStages(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := open(t, entitiesRoot, Options{Lexicon: cancellingLexicon{testLexicon, cancel}})
	res, err := s.Search(ctx, Request{Query: "Bayramov"})
	if !errors.Is(err, context.Canceled) || res != nil {
		t.Fatalf("Search cancelled before its hits: %v, result %v; want context.Canceled and no result", err, res != nil)
	}
	// The same search, not cancelled, answers: the lexicon is not what failed it.
	res, err = s.Search(context.Background(), Request{Query: "Bayramov"})
	if err != nil || res.Total == 0 {
		t.Fatalf("Search: %v", err)
	}
}

// BenchmarkHighlight is the highlight stage of a search for "word" on one item: an ordinary
// one (280 bytes: located, then highlighted), one of 50 KB and the audit's 5 MB one (both too
// large to locate: their windows are analyzed again). The last two cost about the same.
func BenchmarkHighlight(b *testing.B) {
	bs, ids := hugeBriefings(20, 3_700, hugeReps)
	root := b.TempDir()
	buildAt(b, root, bs)
	s := open(b, root, Options{})
	v, err := s.acquire()
	if err != nil {
		b.Fatal(err)
	}
	defer v.mu.RUnlock()
	p, err := newPlan(Request{Query: "word"})
	if err != nil {
		b.Fatal(err)
	}
	located, err := v.highlighter().compile(p)
	if err != nil {
		b.Fatal(err)
	}
	hl := newHighlighter(located, v.gen.Index.Mapping(), nil)
	for i, name := range []string{"280B", "50KB", "5MB"} {
		it, _, err := v.loadItem(ids[i])
		if err != nil {
			b.Fatal(err)
		}
		it.trim()
		doc := slices.Index(v.gen.Columns.IDs, ids[i])
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				hit := collectedHit{pos: position{doc: uint64(doc)}, dm: &bsearch.DocumentMatch{ID: ids[i]}}
				if !it.large {
					if err := locate(context.Background(), v, located, []collectedHit{hit}); err != nil {
						b.Fatal(err)
					}
				}
				if _, err := hl.highlights(context.Background(), it, hit.dm.FieldTermLocations); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// appendEscaped must escape as html.EscapeString does, after what the buffer holds already: on
// texts of every byte it escapes, at the edges and in runs, among multi-byte characters.
func TestAppendEscapedAsHTML(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 3))
	pieces := []string{"&", "'", "<", ">", `"`, "a", "Bayramov ", "バイラモフ", "é", " ", "&amp;"}
	for trial := range 2000 {
		var sb strings.Builder
		for range rng.IntN(12) {
			sb.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := sb.String()
		if got, want := string(appendEscaped([]byte("<mark>"), []byte(s))), "<mark>"+html.EscapeString(s); got != want {
			t.Fatalf("trial %d: %q escaped to %q, want %q", trial, s, got, want)
		}
	}
}
