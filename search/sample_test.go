package search

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"html"
	"maps"
	"slices"
	"strings"
	"testing"
	"unicode"

	"briefsearch/archive"
)

// The acceptance lines of issue 3, on the shipped sample, through the public API.
func TestSampleQueries(t *testing.T) {
	s := open(t, sampleRoot, Options{})
	tests := []struct {
		query string
		want  []int
	}{
		{"Bayramov", []int{5, 10, 14, 15}},
		{"bayramov", []int{5, 10, 14, 15}},
		{"バイラモフ", []int{5}}, // must not match アゼルバイジャン through the バイ bigram
		{"地雷除去", []int{2, 12}},
		{"地雷", []int{2, 12}},
		{"demining", []int{12, 17}},
		{`"Middle Corridor"`, []int{4, 5, 17}},
		{`“Middle Corridor”`, []int{4, 5, 17}},
		// Beyond the acceptance lines: substrings, morphemes, mixed scripts, operators.
		{"カザフ", []int{4, 8}}, // inside カザフスタン
		{"トカエフ", []int{8}},   // split from トカエフ・カザフスタン
		{"非公式", []int{5}},    // a morpheme
		{"公式", []int{4, 5}},  // 公式訪問 and inside 非公式
		{"政治犯", []int{3}},
		{"ＥＵ 地雷除去", []int{12}},              // full-width Latin, AND across scripts
		{"Bayramov -D-8", []int{5, 10, 14}}, // D-8 is a phrase of d 8
		{"Tokayev OR Gafarova", []int{8, 18}},
		{`"Middle Corridor" -Bayramov`, []int{4, 17}},
		{"Kazakh*", []int{4, 8}},
		{"relations*", []int{8, 9, 14, 16, 17, 18}},
		{"section:domestic", []int{3}},
		{"source:trend Bayramov", []int{5, 14}},
		{"Aliyev source:AZERTAG OR source:X.COM", []int{4, 8, 9, 16}},
		{"Bayramov from:2026-05-20", []int{14, 15}},
		{"month:2026-05 demining", []int{12, 17}},
		{"-section:foreign", []int{1, 2, 3}},
		{"Macron", []int{16}}, // only in the item's NOTE and body
		{"Cumhuriyet", []int{11}},
		{"the", nil}, // a stop word alone looks for nothing
		{"the Bayramov", []int{5, 10, 14, 15}},
		{"zzyzx", nil},
	}
	for _, tt := range tests {
		res := mustSearch(t, s, Request{Query: tt.query, Size: MaxSize})
		if got := ordinals(res); !slices.Equal(got, tt.want) {
			t.Errorf("%s: ordinals %v, want %v", tt.query, got, tt.want)
		}
		if res.Total != uint64(len(tt.want)) {
			t.Errorf("%s: total %d, want %d", tt.query, res.Total, len(tt.want))
		}
	}
}

func TestSampleBrowseFacets(t *testing.T) {
	s := open(t, sampleRoot, Options{})
	res := mustSearch(t, s, Request{})
	if res.Total != 18 || res.Query.Sort != SortDateDesc {
		t.Errorf("browse: total %d sort %s, want 18 -date", res.Total, res.Query.Sort)
	}
	checks := []struct {
		facet string
		want  map[string]int
	}{
		{FacetSection, map[string]int{"military-security": 2, "domestic": 1, "foreign": 15}},
		{FacetSource, map[string]int{"TREND": 7, "AZERTAG": 3, "REPORT": 3, "MOD.GOV.AZ": 1,
			"JAM-NEWS.NET": 1, "OC-MEDIA": 1, "Cumhuriyet": 1, "X.COM": 1}},
		{FacetMonth, map[string]int{"2026-05": 18}},
		{FacetPerson, map[string]int{}}, // the parser leaves entities to the entity package
	}
	for _, c := range checks {
		if got := facet(res, c.facet); !maps.Equal(got, c.want) {
			t.Errorf("facet %s = %v, want %v", c.facet, got, c.want)
		}
	}
	// Display order: by count, then value; labels are bilingual for known sections.
	sec := res.Facets[slices.IndexFunc(res.Facets, func(f Facet) bool { return f.Name == FacetSection })]
	if sec.Values[0].Value != "foreign" || sec.Values[0].Label != "外政関連 / Foreign affairs" {
		t.Errorf("first section value = %+v, want foreign with a bilingual label", sec.Values[0])
	}

	for _, req := range []Request{
		{Filters: Filters{From: archive.DateOf(2026, 5, 20)}},
		{Query: "from:2026-05-20"},
	} {
		if res := mustSearch(t, s, req); res.Total != 7 {
			t.Errorf("%+v: %d items, want 7", req, res.Total)
		}
	}
	if res := mustSearch(t, s, Request{Filters: Filters{Sections: []string{"domestic"}}}); res.Total != 1 || res.Hits[0].Ordinal != 3 {
		t.Errorf("section filter: %d items", res.Total)
	}
	if res := mustSearch(t, s, Request{Filters: Filters{Sources: []string{"trend", "Report"}}}); res.Total != 10 {
		t.Errorf("source filter, two values, any case: %d items, want 10", res.Total)
	}
}

func TestSampleHighlights(t *testing.T) {
	s := open(t, sampleRoot, Options{})
	res := mustSearch(t, s, Request{Query: "Bayramov"})
	for _, h := range res.Hits {
		all := strings.Join(slices.Concat(h.Highlights["headline_en"], h.Highlights["body"]), " ")
		if !strings.Contains(all, "<mark>Bayramov</mark>") {
			t.Errorf("item %d: fragments %q lack <mark>Bayramov</mark>", h.Ordinal, h.Highlights)
		}
	}
	res = mustSearch(t, s, Request{Query: "カザフ"})
	for _, h := range res.Hits {
		if frag := strings.Join(h.Highlights["headline_ja"], ""); !strings.Contains(frag, "<mark>カザフ") {
			t.Errorf("item %d: headline_ja fragments %q do not mark カザフ", h.Ordinal, frag)
		}
	}
	if res := mustSearch(t, s, Request{}); len(res.Hits[0].Highlights) != 0 {
		t.Errorf("browse hits carry highlights: %v", res.Hits[0].Highlights)
	}
}

// Stored text is returned raw (templates escape it); fragments are the one HTML the index
// produces, so everything but <mark> in them must be escaped.
func TestHighlightsEscapeStoredMarkup(t *testing.T) {
	s := open(t, escapeRoot, Options{})
	for _, q := range []string{"Bayramov", "script", "見出し"} {
		res := mustSearch(t, s, Request{Query: q})
		if res.Total != 1 {
			t.Fatalf("%s: %d hits, want 1", q, res.Total)
		}
		h := res.Hits[0]
		if len(h.Highlights) == 0 {
			t.Fatalf("%s: no highlights", q)
		}
		for field, frags := range h.Highlights {
			for _, f := range frags {
				stripped := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(f)
				if strings.ContainsAny(stripped, "<>") || strings.Contains(stripped, `"x"`) {
					t.Errorf("%s: %s fragment not escaped: %q", q, field, f)
				}
				if !strings.Contains(f, "&lt;script&gt;") && !strings.Contains(f, "&lt;") {
					t.Errorf("%s: %s fragment lost the escaped markup: %q", q, field, f)
				}
			}
		}
		if !strings.Contains(h.HeadlineEN, "<script>") {
			t.Errorf("hit headline %q: stored text should come back as written", h.HeadlineEN)
		}
	}
}

func TestBadRequests(t *testing.T) {
	s := open(t, sampleRoot, Options{})
	tests := []struct {
		req  Request
		want string
	}{
		{Request{Query: `Bayramov "Middle`}, "unclosed quote at column 10"},
		{Request{Query: strings.Repeat("Bayramov ", 556)}, "characters long; the limit is 512"},
		{Request{Size: 1000}, "size 1000 is out of range"},
		{Request{Size: -2}, "size -2 is out of range"}, // -1 is NoHits
		{Request{Page: -2}, "page -2 is out of range"},
		{Request{Page: 101, Size: 100}, "beyond the first 10000 results"},
		{Request{Sort: "score"}, `sort "score" is not one of`},
		{Request{Facets: []FacetRequest{{Name: "color"}}}, `facet "color" is not one of`},
		{Request{Facets: []FacetRequest{{Name: FacetSource, Size: 101}}}, "between 1 and 100"},
		{Request{Facets: []FacetRequest{{Name: FacetSource}, {Name: FacetSource}}}, "asked for twice"},
		{Request{Filters: Filters{Months: []string{"May"}}}, `month "May" is not YYYY-MM`},
		{Request{Filters: Filters{Sources: slices.Repeat([]string{"x"}, 33)}}, "33 values for filter source"},
		{Request{Filters: Filters{From: archive.DateOf(2026, 6, 1), To: archive.DateOf(2026, 5, 1)}}, "the date range is empty"},
		{Request{Filters: Filters{From: archive.DateOf(1066, 10, 14)}}, "out of range"},
		{Request{After: "garbage"}, "cursor is not valid"},
		{Request{After: "e30", Page: 2}, "page and after cannot be used together"},
		{Request{Query: "a*"}, "at least 3 characters"},
	}
	for _, tt := range tests {
		_, err := s.Search(context.Background(), tt.req)
		var re *RequestError
		if !errors.As(err, &re) || !errors.Is(err, ErrBadRequest) {
			t.Errorf("%+v: err = %v, want a RequestError", tt.req, err)
			continue
		}
		if !strings.Contains(re.Msg, tt.want) {
			t.Errorf("%+v: %q, want it to contain %q", tt.req, re.Msg, tt.want)
		}
	}
}

func TestItemBriefingBriefings(t *testing.T) {
	s := open(t, sampleRoot, Options{})
	ctx := context.Background()
	parsed, err := loadDir(sampleDir)
	if err != nil {
		t.Fatal(err)
	}
	want := parsed[0]

	b, err := s.Briefing(ctx, want.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Everything a page shows comes back from the index exactly as parsed.
	if len(b.Items) != len(want.Items) {
		t.Fatalf("%d items, want %d", len(b.Items), len(want.Items))
	}
	for i := range want.Items {
		w := want.Items[i]
		w.Sources = append([]archive.Source{}, w.Sources...)
		if g := b.Items[i]; !itemsEqual(g, w) {
			t.Errorf("item %d differs:\n got %+v\nwant %+v", i+1, g, w)
		}
	}
	if b.Title != want.Title || b.Subtitle != want.Subtitle || b.Issuer != want.Issuer || !slices.Equal(b.Sections, want.Sections) || b.Hash != want.Hash {
		t.Errorf("briefing header differs: %+v", b)
	}

	page, err := s.Item(ctx, "2026-05-16-05")
	if err != nil {
		t.Fatal(err)
	}
	if page.Item.HeadlineEN != want.Items[4].HeadlineEN || page.Prev != "2026-05-16-04" || page.Next != "2026-05-16-06" ||
		page.BriefingID != want.ID || !page.WeekEnd.Equal(want.WeekEnd.Time) {
		t.Errorf("item page = %+v", page)
	}
	if first, _ := s.Item(ctx, "2026-05-16-01"); first == nil || first.Prev != "" || first.Next != "2026-05-16-02" {
		t.Errorf("first item page = %+v", first)
	}
	if _, err := s.Item(ctx, "2026-05-16-99"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing item: %v, want ErrNotFound", err)
	}
	if _, err := s.Briefing(ctx, "1999-01-01"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing briefing: %v, want ErrNotFound", err)
	}
	list, err := s.Briefings(ctx)
	if err != nil || len(list) != 1 || list[0].ID != want.ID || list[0].Items != 18 {
		t.Errorf("briefings = %+v, %v", list, err)
	}
	if c := s.Corpus(); c.Items != 18 || c.Briefings != 1 || c.Generation == "" || c.BuiltAt.IsZero() {
		t.Errorf("corpus = %+v", c)
	}
}

// itemsEqual compares items as the API shows them, so a field added to archive.Item that the
// index forgets to keep fails here.
func itemsEqual(a, b archive.Item) bool {
	for _, it := range []*archive.Item{&a, &b} {
		if it.Sources == nil {
			it.Sources = []archive.Source{}
		}
	}
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && bytes.Equal(ja, jb)
}

func TestExport(t *testing.T) {
	s := open(t, sampleRoot, Options{})
	var got []int
	collect := func(it archive.Item) error { got = append(got, it.Ordinal); return nil }
	if err := s.Export(context.Background(), Request{Query: "Bayramov", Size: 1, Page: 3}, collect); err != nil {
		t.Fatal(err)
	}
	if slices.Sort(got); !slices.Equal(got, []int{5, 10, 14, 15}) {
		t.Errorf("export Bayramov = %v", got)
	}
	got = nil
	if err := s.Export(context.Background(), Request{Filters: Filters{Sections: []string{"military-security"}}, Sort: SortDate}, collect); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []int{1, 2}) {
		t.Errorf("export military-security by date = %v, want [1 2]", got)
	}
	capped := open(t, sampleRoot, Options{MaxExport: 3})
	got = nil
	if err := capped.Export(context.Background(), Request{Sort: SortDate}, collect); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []int{3, 4, 5}) {
		t.Errorf("export capped at 3, oldest first = %v, want [3 4 5]", got)
	}
	stop := errors.New("client went away")
	n := 0
	err := s.Export(context.Background(), Request{}, func(archive.Item) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("export stopped by its callback: n=%d err=%v", n, err)
	}
	if err := s.Export(context.Background(), Request{Query: `"open`}, collect); !errors.Is(err, ErrBadRequest) {
		t.Errorf("export of a bad query: %v", err)
	}
}

// Snippets of English text start and end on whole words.
func TestFragmentsEndOnWords(t *testing.T) {
	s := open(t, sampleRoot, Options{})
	parsed, err := loadDir(sampleDir)
	if err != nil {
		t.Fatal(err)
	}
	bodies := map[string]string{}
	for _, it := range parsed[0].Items {
		bodies[it.ID] = it.Body
	}
	unmark := strings.NewReplacer("<mark>", "", "</mark>", "")
	checked := 0
	for _, q := range []string{"Bayramov", "Turkic", "demining", "security"} {
		for _, h := range mustSearch(t, s, Request{Query: q, Size: MaxSize}).Hits {
			for _, frag := range h.Highlights["body"] {
				for _, part := range strings.Split(frag, "… …") {
					text := html.UnescapeString(unmark.Replace(strings.Trim(part, "…")))
					i := strings.Index(bodies[h.ID], text)
					if i < 0 {
						t.Fatalf("%s: fragment %q is not in the body", h.ID, text)
					}
					end := i + len(text)
					body := bodies[h.ID]
					if (i > 0 && !unicode.IsSpace(rune(body[i-1]))) || (end < len(body) && !unicode.IsSpace(rune(body[end]))) {
						t.Errorf("%s: fragment %q cuts a word", h.ID, text)
					}
					checked++
				}
			}
		}
	}
	if checked < 10 {
		t.Errorf("only %d fragments checked", checked)
	}
}

// An export cut at the cap says where to go on, and going on from there, cut after cut, gives
// every match once, in the order of one search with every hit on one page.
func TestExportNextContinuesAfterTheCap(t *testing.T) {
	capped := open(t, sampleRoot, Options{MaxExport: 4})
	for _, req := range []Request{{Sort: SortDate}, {Sort: SortDateDesc}, {Query: "Azerbaijan"}} {
		all, err := capped.Search(context.Background(), Request{Query: req.Query, Sort: req.Sort, Size: MaxSize, Facets: []FacetRequest{}})
		if err != nil {
			t.Fatal(err)
		}
		var want, got []string
		for _, h := range all.Hits {
			want = append(want, h.ID)
		}
		cuts := 0
		for r := req; ; cuts++ {
			next, err := capped.ExportNext(context.Background(), r, func(it archive.Item) error { got = append(got, it.ID); return nil })
			if err != nil {
				t.Fatal(err)
			}
			if next == "" {
				break
			}
			r.After = next
		}
		if !slices.Equal(got, want) || cuts != (len(want)-1)/4 {
			t.Errorf("%+v: %d cuts gave %v, want %v", req, cuts, got, want)
		}
	}
}
