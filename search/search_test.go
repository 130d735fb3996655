package search

import (
	"briefsearch/index"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func TestLexiconExpansion(t *testing.T) {
	s := open(t, entitiesRoot, Options{Lexicon: testLexicon})
	tests := []struct {
		query string
		want  []int
		exps  []Expansion
	}{
		{"バイラモフ", []int{5, 10, 14, 15}, []Expansion{{Term: "バイラモフ", Kind: "entity", Into: []string{"Jeyhun Bayramov"}, Entity: "Jeyhun Bayramov"}}},
		{"demining", []int{2, 12, 17}, []Expansion{{Term: "demining", Kind: "glossary", Into: []string{"mine clearance", "mine action", "地雷除去"}}}},
		{"地雷除去", []int{2, 12, 17}, []Expansion{{Term: "地雷除去", Kind: "glossary", Into: []string{"demining", "mine clearance"}}}},
		{`"mine clearance"`, []int{2}, []Expansion{}}, // a phrase is looked up whole
		{"アリエフ OR バクー", []int{4, 5, 7, 8, 9, 11, 16, 17}, []Expansion{
			{Term: "アリエフ", Kind: "entity", Into: []string{"Ilham Aliyev"}, Entity: "Ilham Aliyev"},
			{Term: "バクー", Kind: "entity", Into: []string{"Baku"}, Entity: "Baku"}}},
		{"person:バイラモフ", []int{5, 10, 14, 15}, []Expansion{}}, // qualifiers resolve aliases
		{"person:\"jeyhun BAYRAMOV\"", []int{5, 10, 14, 15}, []Expansion{}},
		{"place:baku -アリエフ", []int{5, 7, 11, 17}, []Expansion{{Term: "アリエフ", Kind: "entity", Into: []string{"Ilham Aliyev"}, Entity: "Ilham Aliyev"}}},
	}
	for _, tt := range tests {
		res := mustSearch(t, s, Request{Query: tt.query, Size: MaxSize})
		if got := ordinals(res); !slices.Equal(got, tt.want) {
			t.Errorf("%s: ordinals %v, want %v", tt.query, got, tt.want)
		}
		if !slices.EqualFunc(res.Query.Expansions, tt.exps, func(a, b Expansion) bool {
			return a.Term == b.Term && a.Kind == b.Kind && a.Entity == b.Entity && slices.Equal(a.Into, b.Into)
		}) {
			t.Errorf("%s: expansions %+v, want %+v", tt.query, res.Query.Expansions, tt.exps)
		}
	}
	res := mustSearch(t, s, Request{Query: "Bayramov"})
	if got := facet(res, FacetPerson); got["Jeyhun Bayramov"] != 4 {
		t.Errorf("person facet of Bayramov = %v, want Jeyhun Bayramov 4", got)
	}
	res = mustSearch(t, s, Request{Filters: Filters{Persons: []string{"jeyhun bayramov"}, Places: []string{"BAKU"}}})
	if !slices.Equal(ordinals(res), []int{5}) {
		t.Errorf("person and place filters: %v, want [5]", ordinals(res))
	}
	// Without a lexicon nothing widens.
	plain := open(t, entitiesRoot, Options{})
	if res := mustSearch(t, plain, Request{Query: "バイラモフ"}); !slices.Equal(ordinals(res), []int{5}) || len(res.Query.Expansions) != 0 {
		t.Errorf("no lexicon: %v %+v", ordinals(res), res.Query.Expansions)
	}
}

func TestLoadLexiconPerGeneration(t *testing.T) {
	var dirs []string
	s := open(t, entitiesRoot, Options{LoadLexicon: func(dir string) (Lexicon, error) {
		dirs = append(dirs, dir)
		return testLexicon, nil
	}})
	if len(dirs) != 1 || dirs[0] != s.GenerationDir() {
		t.Errorf("LoadLexicon called with %v, want [%s]", dirs, s.GenerationDir())
	}
	if res := mustSearch(t, s, Request{Query: "バイラモフ"}); res.Total != 4 {
		t.Errorf("loaded lexicon not used: %d hits", res.Total)
	}
	_, err := Open(Options{Root: entitiesRoot, LoadLexicon: func(string) (Lexicon, error) { return nil, errors.New("bad yaml") }})
	if err == nil {
		t.Error("Open succeeded with a lexicon that fails to load")
	}
}

func TestSortAndPaging(t *testing.T) {
	s := open(t, sampleRoot, Options{})
	all := mustSearch(t, s, Request{Size: MaxSize})
	for i := 1; i < len(all.Hits); i++ {
		a, b := all.Hits[i-1], all.Hits[i]
		if a.Date.Before(b.Date.Time) || (a.Date.Equal(b.Date.Time) && a.ID > b.ID) {
			t.Fatalf("browse not newest first: %s %s before %s %s", a.ID, a.Date, b.ID, b.Date)
		}
	}
	old := mustSearch(t, s, Request{Sort: SortDate, Size: 3})
	if old.Hits[0].Date.String() != "2026-05-15" || old.Query.Sort != SortDate {
		t.Errorf("oldest first starts with %s", old.Hits[0].Date)
	}

	for _, req := range []Request{{}, {Query: "Azerbaijan"}, {Query: "Azerbaijan", Sort: SortDate}} {
		req.Size = MaxSize
		whole := mustSearch(t, s, req)
		// By page number.
		req.Size = 4
		var paged, cursored []string
		for page := 1; ; page++ {
			req.Page = page
			res := mustSearch(t, s, req)
			for _, h := range res.Hits {
				paged = append(paged, h.ID)
			}
			if res.Next == "" {
				break
			}
		}
		// By cursor.
		req.Page = 0
		for {
			res := mustSearch(t, s, req)
			if res.Page != 0 && req.After != "" {
				t.Errorf("cursor page reports page %d", res.Page)
			}
			for _, h := range res.Hits {
				cursored = append(cursored, h.ID)
			}
			if res.Next == "" {
				break
			}
			req.After = res.Next
		}
		var want []string
		for _, h := range whole.Hits {
			want = append(want, h.ID)
		}
		if !slices.Equal(paged, want) || !slices.Equal(cursored, want) {
			t.Errorf("%q sort %q:\n pages  %v\n cursor %v\n whole  %v", req.Query, req.Sort, paged, cursored, want)
		}
	}

	first := mustSearch(t, s, Request{Query: "Azerbaijan", Size: 2})
	if _, err := s.Search(context.Background(), Request{Query: "Aliyev", Size: 2, After: first.Next}); !errors.Is(err, ErrBadRequest) {
		t.Errorf("cursor of another query accepted: %v", err)
	}
	if _, err := s.Search(context.Background(), Request{Query: "Azerbaijan", Sort: SortDate, Size: 2, After: first.Next}); !errors.Is(err, ErrBadRequest) {
		t.Errorf("cursor of another sort accepted: %v", err)
	}
}

func TestTimeout(t *testing.T) {
	s := open(t, sampleRoot, Options{Timeout: time.Nanosecond})
	_, err := s.Search(context.Background(), Request{Query: "Azerbaijan"})
	if !errors.Is(err, ErrTimeout) {
		t.Errorf("search past its deadline: %v, want ErrTimeout", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s2 := open(t, sampleRoot, Options{})
	if _, err := s2.Search(ctx, Request{Query: "Azerbaijan"}); !errors.Is(err, context.Canceled) {
		t.Errorf("search with a cancelled context: %v", err)
	}
}

func TestBrowseCache(t *testing.T) {
	s := open(t, sampleRoot, Options{})
	a := mustSearch(t, s, Request{Filters: Filters{Sections: []string{"foreign"}}})
	a.Hits[0].ID = "scribbled by a caller"
	a.Facets = nil
	b := mustSearch(t, s, Request{Filters: Filters{Sections: []string{"foreign"}}})
	if b.Hits[0].ID == "scribbled by a caller" || len(b.Facets) == 0 || b.Total != 15 {
		t.Errorf("a caller's changes reached the cache: %+v", b.Hits[0])
	}
	c := mustSearch(t, s, Request{Filters: Filters{Sections: []string{"domestic"}}})
	if c.Total != 1 {
		t.Errorf("another filter answered from the cache: %d", c.Total)
	}
}

// The month facet is calendar-ordered with every month of the span, zero counts included.
func TestMonthFacetHasNoGaps(t *testing.T) {
	root := t.TempDir()
	sample, err := loadDir(sampleDir)
	if err != nil {
		t.Fatal(err)
	}
	// Add a briefing three months later: June and July have no items.
	later, err := loadDir("testdata/escape")
	if err != nil {
		t.Fatal(err)
	}
	later[0].Items[1].Date.Time = later[0].Items[1].Date.AddDate(0, 2, 0)
	buildAt(t, root, append(sample, later...))
	s := open(t, root, Options{})
	res := mustSearch(t, s, Request{Facets: []FacetRequest{{Name: FacetMonth, Size: 1}}})
	var got []string
	for _, v := range res.Facets[0].Values {
		got = append(got, v.Value+"="+itoa(v.Count))
	}
	if want := []string{"2026-05=18", "2026-06=1", "2026-07=0", "2026-08=1"}; !slices.Equal(got, want) {
		t.Errorf("month facet = %v, want %v", got, want)
	}
	if res.Facets[0].Values[0].Label != "May 2026" {
		t.Errorf("label = %q", res.Facets[0].Values[0].Label)
	}
	res = mustSearch(t, s, Request{Query: "parliament"})
	if got := facet(res, FacetMonth); !maps.Equal(got, map[string]int{"2026-05": 1, "2026-06": 0, "2026-07": 0, "2026-08": 1}) {
		t.Errorf("month facet of parliament = %v", got)
	}
	res = mustSearch(t, s, Request{Query: "demining", Filters: Filters{To: later[0].WeekEnd}})
	if got := facet(res, FacetMonth); !maps.Equal(got, map[string]int{"2026-05": 2, "2026-06": 0}) {
		t.Errorf("month facet of demining up to June = %v (the filter's span)", got)
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// The JSON shape the API serves, pinned: review the diff when it changes (go test -update).
func TestResultGolden(t *testing.T) {
	s := open(t, entitiesRoot, Options{Lexicon: testLexicon})
	for name, req := range map[string]Request{
		"bayramov": {Query: "Bayramov", Size: 2},
		"browse":   {Size: 2, Facets: []FacetRequest{{Name: FacetSection}, {Name: FacetMonth}, {Name: FacetPerson, Size: 3}}},
	} {
		res := mustSearch(t, s, req)
		res.Generation, res.TookMS = "GENERATION", 0
		if res.Next != "" {
			res.Next = "CURSOR" // names the generation
		}
		got, err := json.MarshalIndent(res, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, '\n')
		path := filepath.Join("testdata", "result-"+name+".golden.json")
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: result differs from %s:\n%s", name, path, got)
		}
	}
}

// A generation is served with its front page (browse, all facets) already answered.
func TestFrontPageIsWarmOnOpen(t *testing.T) {
	s := open(t, sampleRoot, Options{})
	p, err := newPlan(Request{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.cur.Load().cache.get(p.cacheKey()); !ok {
		t.Error("the front page is not cached after Open")
	}
	off := open(t, sampleRoot, Options{CacheSize: -1})
	if _, ok := off.cur.Load().cache.get(p.cacheKey()); ok {
		t.Error("a disabled cache holds the front page")
	}
}

// A facet's top values are the most frequent, ties by value, whatever the column's size and
// however many counts tie: facetCounter.top against a full sort, on random counts.
func TestFacetTopAsSorted(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for round := range 300 {
		n := 1 + rng.IntN(400)
		col := &index.Column{}
		for i := range n {
			col.Values = append(col.Values, fmt.Sprintf("v%04d", i))
		}
		f := facetCounter{col: col, counts: make([]int, n)}
		var all []valueCount
		for i := range f.counts {
			if rng.IntN(3) > 0 {
				f.counts[i] = rng.IntN(1 + round%20) // few distinct counts: many ties
			}
			if f.counts[i] > 0 {
				all = append(all, valueCount{col.Values[i], f.counts[i]})
			}
		}
		slices.SortFunc(all, func(a, b valueCount) int {
			return cmp.Or(cmp.Compare(b.count, a.count), cmp.Compare(a.value, b.value))
		})
		for _, size := range []int{0, 1, 3, 10, n, n + 1} {
			want := all[:min(size, len(all))]
			if got := f.top(size); !slices.Equal(got, want) {
				t.Fatalf("round %d, size %d: %v, want %v", round, size, got, want)
			}
		}
	}
}
