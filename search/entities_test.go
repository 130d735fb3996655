package search

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"briefsearch/archive"
	"briefsearch/entity"
	"briefsearch/index"
)

// entityFixture is the sample annotated by the shipped gazetteer and glossary, indexed with
// their snapshots, and the annotated briefings (expected values are computed from them).
type entityFixture struct {
	root      string
	briefings []*archive.Briefing
	lex       *entity.Lexicon
}

const (
	shippedGazetteer = "../archive/lexicon/gazetteer.yaml"
	shippedGlossary  = "../archive/lexicon/glossary.yaml"
)

func newEntityFixture(t testing.TB) *entityFixture { return newEntityFixtureCopies(t, 1) }

// newEntityFixtureCopies indexes the sample copies times, copy k as a briefing 3k months
// later with its own ids: entities get more items than a page shows, over months with gaps.
func newEntityFixtureCopies(t testing.TB, copies int) *entityFixture {
	t.Helper()
	gz, gl, lx := shippedLexicon(t)
	var bs []*archive.Briefing
	for k := range copies {
		loaded, err := loadDir(sampleDir)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range loaded {
			if k > 0 {
				shiftBriefing(b, 3*k)
			}
			lx.Annotate(b)
		}
		bs = append(bs, loaded...)
	}
	root := filepath.Join(t.TempDir(), "index")
	extra := map[string][]byte{"gazetteer.yaml": gz, "glossary.yaml": gl}
	if _, err := index.Build(context.Background(), root, bs, index.BuildOptions{Extra: extra, Derive: Derive}); err != nil {
		t.Fatal(err)
	}
	return &entityFixture{root: root, briefings: bs, lex: lx}
}

// shippedLexicon reads the shipped gazetteer and glossary and parses them.
func shippedLexicon(t testing.TB) (gz, gl []byte, lx *entity.Lexicon) {
	t.Helper()
	gz, err := os.ReadFile(shippedGazetteer)
	if err != nil {
		t.Fatal(err)
	}
	gl, err = os.ReadFile(shippedGlossary)
	if err != nil {
		t.Fatal(err)
	}
	if lx, err = entity.Parse(gz, gl); err != nil {
		t.Fatal(err)
	}
	return gz, gl, lx
}

// shiftBriefing moves a briefing and its items months later, with ids to match.
func shiftBriefing(b *archive.Briefing, months int) {
	shift := func(d archive.Date) archive.Date {
		if d.IsZero() {
			return d
		}
		return archive.Date{Time: d.AddDate(0, months, 0)}
	}
	b.WeekStart, b.WeekEnd = shift(b.WeekStart), shift(b.WeekEnd)
	b.ID = b.WeekStart.String()
	for i := range b.Items {
		it := &b.Items[i]
		it.ID = fmt.Sprintf("%s-%02d", b.ID, it.Ordinal)
		it.Date = shift(it.Date)
		for j := range it.Sources {
			it.Sources[j].Date = shift(it.Sources[j].Date)
		}
	}
}

// loadSnapshot is the LoadLexicon the commands use, in miniature.
func loadSnapshot(dir string) (Lexicon, error) {
	gz, err := os.ReadFile(index.ExtraPath(dir, "gazetteer.yaml"))
	if err != nil {
		return nil, err
	}
	gl, err := os.ReadFile(index.ExtraPath(dir, "glossary.yaml"))
	if err != nil {
		return nil, err
	}
	return entity.Parse(gz, gl)
}

func (f *entityFixture) open(t testing.TB) *Searcher {
	return open(t, f.root, Options{LoadLexicon: loadSnapshot})
}

// names lists the annotated names of one type of an item.
func names(it archive.Item, typ string) []string {
	if it.Entities == nil {
		return nil
	}
	switch typ {
	case EntityPerson:
		return it.Entities.Persons
	case EntityOrganization:
		return it.Entities.Organizations
	}
	return it.Entities.Places
}

func (f *entityFixture) items(typ, name string) []archive.Item {
	var out []archive.Item
	for _, b := range f.briefings {
		for _, it := range b.Items {
			if slices.Contains(names(it, typ), name) {
				out = append(out, it)
			}
		}
	}
	return out
}

func TestEntities(t *testing.T) {
	f := newEntityFixture(t)
	s := f.open(t)
	ctx := context.Background()

	t.Run("list", func(t *testing.T) {
		all, err := s.Entities(ctx, EntityQuery{Size: MaxEntityPage})
		if err != nil {
			t.Fatal(err)
		}
		if all.Total == 0 || all.Total != len(all.Entities) {
			t.Fatalf("total %d, %d listed", all.Total, len(all.Entities))
		}
		seen := map[string]bool{}
		rules := 0
		for i, e := range all.Entities {
			if want := len(f.items(e.Type, e.Name)); e.ItemCount != want || want == 0 {
				t.Errorf("%s %s: %d items, annotated on %d", e.Type, e.Name, e.ItemCount, want)
			}
			if i > 0 && all.Entities[i-1].ItemCount < e.ItemCount {
				t.Errorf("%s (%d items) listed after %s (%d)", e.Name, e.ItemCount, all.Entities[i-1].Name, all.Entities[i-1].ItemCount)
			}
			if seen[e.Slug] || e.Slug == "" {
				t.Errorf("slug %q of %s is empty or repeated", e.Slug, e.Name)
			}
			seen[e.Slug] = true
			if got := s.EntitySlug(e.Type, e.Name); got != e.Slug {
				t.Errorf("EntitySlug(%s, %s) = %q, want %q", e.Type, e.Name, got, e.Slug)
			}
			if !e.Gazetteer {
				rules++
				if len(e.Aliases) != 0 {
					t.Errorf("rule-found %s has aliases %v", e.Name, e.Aliases)
				}
			}
		}
		// Every annotated name is listed: the gazetteer's and the rules'.
		for _, b := range f.briefings {
			for _, it := range b.Items {
				for _, typ := range EntityTypes() {
					for _, n := range names(it, typ) {
						if s.EntitySlug(typ, n) == "" {
							t.Errorf("%s %s of item %s is not in the catalog", typ, n, it.ID)
						}
					}
				}
			}
		}
		if rules == 0 {
			t.Error("no rule-found entity listed")
		}

		// Paging walks the same list.
		var paged []EntitySummary
		for page := 1; ; page++ {
			l, err := s.Entities(ctx, EntityQuery{Page: page, Size: 7})
			if err != nil {
				t.Fatal(err)
			}
			if l.Total != all.Total || len(l.Entities) > 7 {
				t.Fatalf("page %d: total %d, %d entities", page, l.Total, len(l.Entities))
			}
			if len(l.Entities) == 0 {
				break
			}
			paged = append(paged, l.Entities...)
		}
		if !slices.EqualFunc(paged, all.Entities, func(a, b EntitySummary) bool { return a.Slug == b.Slug }) {
			t.Error("paging by 7 does not walk the whole list in order")
		}
	})

	t.Run("filter", func(t *testing.T) {
		tests := []struct {
			q        EntityQuery
			want     string // slug that must be listed
			onlyType string
		}{
			{EntityQuery{Type: EntityPerson, Q: "bayramov"}, "jeyhun-bayramov", EntityPerson},
			{EntityQuery{Q: "BAYRAMOV"}, "jeyhun-bayramov", ""},
			{EntityQuery{Q: "ｂａｙｒａｍｏｖ"}, "jeyhun-bayramov", ""}, // full width
			{EntityQuery{Q: "バイラモフ"}, "jeyhun-bayramov", ""},    // a Japanese alias
			{EntityQuery{Q: "ilham aliyev", Type: EntityPerson}, "ilham-aliyev", EntityPerson},
			{EntityQuery{Q: "guler"}, "yasar-guler", ""}, // Yaşar Güler, without accents
			{EntityQuery{Type: EntityPlace}, "azerbaijan", EntityPlace},
		}
		for _, tt := range tests {
			l, err := s.Entities(ctx, tt.q)
			if err != nil {
				t.Fatalf("%+v: %v", tt.q, err)
			}
			if !slices.ContainsFunc(l.Entities, func(e EntitySummary) bool { return e.Slug == tt.want }) {
				t.Errorf("%+v: %s not listed in %+v", tt.q, tt.want, l.Entities)
			}
			for _, e := range l.Entities {
				if tt.onlyType != "" && e.Type != tt.onlyType {
					t.Errorf("%+v: lists %s of type %s", tt.q, e.Name, e.Type)
				}
				if tt.q.Q != "" && !e.matchesForTest(tt.q.Q) {
					t.Errorf("%+v: lists %s, which has no such name", tt.q, e.Name)
				}
			}
		}
		if l, err := s.Entities(ctx, EntityQuery{Q: "zzyzx"}); err != nil || l.Total != 0 || l.Entities == nil {
			t.Errorf("no match: %+v, %v; want an empty, non-nil list", l, err)
		}
		for _, bad := range []EntityQuery{{Type: "ship"}, {Size: MaxEntityPage + 1}, {Size: -1}, {Page: -1},
			{Page: MaxWindow, Size: 2}, {Q: strings.Repeat("a", MaxEntityQueryLen+1)}} {
			if _, err := s.Entities(ctx, bad); !errors.Is(err, ErrBadRequest) {
				t.Errorf("%+v: %v, want a bad request", bad, err)
			}
		}
	})

	t.Run("page", func(t *testing.T) {
		p, err := s.Entity(ctx, "jeyhun-bayramov")
		if err != nil {
			t.Fatal(err)
		}
		items := f.items(EntityPerson, "Jeyhun Bayramov")
		if p.Name != "Jeyhun Bayramov" || p.Type != EntityPerson || !p.Gazetteer || p.ItemCount != len(items) || len(items) != 4 {
			t.Errorf("summary %+v, want the gazetteer's Jeyhun Bayramov with 4 items", p.EntitySummary)
		}
		if !slices.Contains(p.NamesJapanese, "バイラモフ") || p.NamesLatin[0] != "Jeyhun Bayramov" || len(p.Roles) == 0 {
			t.Errorf("names %v / %v, roles %v", p.NamesLatin, p.NamesJapanese, p.Roles)
		}
		for _, n := range p.NamesLatin {
			if hasCJK(n) {
				t.Errorf("Latin names hold %q", n)
			}
		}
		var ids []string
		for i, it := range p.Items {
			ids = append(ids, it.ID)
			if i > 0 && it.Date.After(p.Items[i-1].Date.Time) {
				t.Errorf("items not latest first: %s after %s", it.Date, p.Items[i-1].Date)
			}
			if it.HeadlineJA == "" || it.HeadlineEN == "" {
				t.Errorf("item %s lacks a headline", it.ID)
			}
		}
		var want []string
		first, last := items[0].Date, items[0].Date
		months := map[string]int{}
		for _, it := range items {
			want = append(want, it.ID)
			if it.Date.Before(first.Time) {
				first = it.Date
			}
			if it.Date.After(last.Time) {
				last = it.Date
			}
			months[it.Date.Format("2006-01")]++
		}
		slices.Sort(ids)
		if !slices.Equal(ids, want) {
			t.Errorf("items %v, want %v", ids, want)
		}
		if !p.FirstSeen.Equal(first.Time) || !p.LastSeen.Equal(last.Time) {
			t.Errorf("seen %s..%s, want %s..%s", p.FirstSeen, p.LastSeen, first, last)
		}
		checkMonths(t, p.Months, months)
		if res := mustSearch(t, s, p.ItemsRequest); res.Total != uint64(p.ItemCount) {
			t.Errorf("the items request finds %d items, the page says %d", res.Total, p.ItemCount)
		}

		// Co-mentions: per type, counted over the shared items, the entity itself left out.
		if len(p.CoMentions) != len(EntityTypes()) {
			t.Fatalf("co-mentions %+v, want one group per type", p.CoMentions)
		}
		for _, g := range p.CoMentions {
			if len(g.Entities) > EntityPageCoMentions {
				t.Errorf("%s: %d co-mentions, cap %d", g.Type, len(g.Entities), EntityPageCoMentions)
			}
			for _, cm := range g.Entities {
				shared := 0
				for _, it := range items {
					if slices.Contains(names(it, g.Type), cm.Name) {
						shared++
					}
				}
				if cm.Type == EntityPerson && cm.Name == p.Name {
					t.Error("the entity is listed among its own co-mentions")
				}
				if cm.SharedItems != shared || shared == 0 {
					t.Errorf("%s %s: %d shared items, counted %d", g.Type, cm.Name, cm.SharedItems, shared)
				}
				if _, err := s.Entity(ctx, cm.Slug); err != nil {
					t.Errorf("co-mention %s: slug %q: %v", cm.Name, cm.Slug, err)
				}
			}
		}
		if len(p.CoMentions[0].Entities) == 0 || len(p.CoMentions[2].Entities) == 0 {
			t.Errorf("no co-mentioned persons or places: %+v", p.CoMentions)
		}
	})

	t.Run("not found and unmentioned", func(t *testing.T) {
		if _, err := s.Entity(ctx, "nobody-at-all"); !errors.Is(err, ErrNotFound) {
			t.Errorf("unknown slug: %v", err)
		}
		// A gazetteer entity the sample never mentions still has a page, with nothing on it.
		for _, e := range f.lex.Entities() {
			if len(f.items(string(e.Type), e.Name)) > 0 {
				continue
			}
			p, err := s.Entity(ctx, e.Slug)
			if err != nil || p.ItemCount != 0 || len(p.Items) != 0 || len(p.Months) != 0 || !p.FirstSeen.IsZero() {
				t.Errorf("%s: %+v, %v; want an empty page", e.Slug, p, err)
			}
			l, _ := s.Entities(ctx, EntityQuery{Q: e.Name, Type: string(e.Type)})
			if slices.ContainsFunc(l.Entities, func(x EntitySummary) bool { return x.Slug == e.Slug }) {
				t.Errorf("%s is listed without items", e.Slug)
			}
			break
		}
	})
}

// matchesForTest re-checks a listed entity against the query the slow way.
func (e EntitySummary) matchesForTest(q string) bool {
	for _, n := range append([]string{e.Name}, e.Aliases...) {
		if strings.Contains(entity.Fold(n), entity.Fold(q)) {
			return true
		}
	}
	return false
}

// checkMonths wants the months from the first to the last with items, each once, in calendar
// order, with the counts of want and zeros between.
func checkMonths(t *testing.T, got []FacetValue, want map[string]int) {
	t.Helper()
	sum := 0
	for i, m := range got {
		sum += m.Count
		if m.Count != want[m.Value] {
			t.Errorf("month %s: %d, want %d", m.Value, m.Count, want[m.Value])
		}
		if i > 0 && nextMonth(got[i-1].Value) != m.Value {
			t.Errorf("months jump from %s to %s", got[i-1].Value, m.Value)
		}
	}
	total := 0
	for _, n := range want {
		total += n
	}
	if sum != total || len(got) == 0 || got[0].Count == 0 || got[len(got)-1].Count == 0 {
		t.Errorf("months %+v, want %v", got, want)
	}
}

func nextMonth(m string) string {
	d, err := archive.ParseDate(m + "-01")
	if err != nil {
		return ""
	}
	return d.AddDate(0, 1, 0).Format("2006-01")
}

// An entity page computed from the columns says what the search for its items says: the same
// first items in the same order, a cursor that continues that search exactly, the month facet's
// months and the person/org/place facets' counts.
func TestEntityPageAgreesWithSearch(t *testing.T) {
	f := newEntityFixtureCopies(t, 3)
	s := f.open(t)
	ctx := context.Background()
	list, err := s.Entities(ctx, EntityQuery{Size: MaxEntityPage})
	if err != nil {
		t.Fatal(err)
	}
	big := 0
	for _, e := range list.Entities {
		p, err := s.Entity(ctx, e.Slug)
		if err != nil {
			t.Fatal(err)
		}
		req := p.ItemsRequest
		req.Size = EntityPageItems
		req.Facets = []FacetRequest{{Name: FacetMonth}, {Name: FacetPerson, Size: MaxFacetSize},
			{Name: FacetOrganization, Size: MaxFacetSize}, {Name: FacetPlace, Size: MaxFacetSize}}
		res := mustSearch(t, s, req)
		if res.Total != uint64(p.ItemCount) {
			t.Errorf("%s: the search finds %d items, the page counts %d", e.Slug, res.Total, p.ItemCount)
			continue
		}
		var pageIDs, searchIDs []string
		for i := range p.Items {
			pageIDs = append(pageIDs, p.Items[i].ID)
		}
		for _, h := range res.Hits {
			searchIDs = append(searchIDs, h.ID)
		}
		if !slices.Equal(pageIDs, searchIDs) {
			t.Errorf("%s: page items %v, search %v", e.Slug, pageIDs, searchIDs)
		}
		if (p.ItemsNext != "") != (res.Next != "") {
			t.Errorf("%s: page cursor %q, search cursor %q", e.Slug, p.ItemsNext, res.Next)
		}
		if p.ItemsNext != "" {
			big++
			more := p.ItemsRequest
			more.After, more.Size = p.ItemsNext, MaxSize
			rest := mustSearch(t, s, more)
			seen := map[string]bool{}
			for _, id := range pageIDs {
				seen[id] = true
			}
			for i, h := range rest.Hits {
				if seen[h.ID] {
					t.Errorf("%s: %s again after the cursor", e.Slug, h.ID)
				}
				seen[h.ID] = true
				if prev := p.Items[len(p.Items)-1].Date; i == 0 && h.Date.After(prev.Time) {
					t.Errorf("%s: the cursor continues at %s, after the page's last %s", e.Slug, h.Date, prev)
				}
			}
			if len(seen) != p.ItemCount {
				t.Errorf("%s: page and continuation give %d items of %d", e.Slug, len(seen), p.ItemCount)
			}
		}
		for _, f := range res.Facets {
			if f.Name == FacetMonth {
				if !slices.Equal(f.Values, p.Months) {
					t.Errorf("%s: months %v, the facet says %v", e.Slug, p.Months, f.Values)
				}
				continue
			}
			want := map[string]int{}
			for _, fv := range f.Values {
				if f.Name != p.Type || fv.Value != p.Name {
					want[fv.Value] = fv.Count
				}
			}
			for _, g := range p.CoMentions {
				if g.Type != f.Name {
					continue
				}
				if len(g.Entities) != min(len(want), EntityPageCoMentions) {
					t.Errorf("%s: %d %s co-mentions, the facet has %d", e.Slug, len(g.Entities), g.Type, len(want))
				}
				for _, cm := range g.Entities {
					if want[cm.Name] != cm.SharedItems {
						t.Errorf("%s: %s shares %d items, the facet counts %d", e.Slug, cm.Name, cm.SharedItems, want[cm.Name])
					}
				}
			}
		}
	}
	if big == 0 {
		t.Errorf("no entity has more than %d items: the cursor went untested", EntityPageItems)
	}
	// Months span the copies with the empty months between them.
	p, err := s.Entity(ctx, "azerbaijan")
	if err != nil {
		t.Fatal(err)
	}
	zeros := 0
	for _, m := range p.Months {
		if m.Count == 0 {
			zeros++
		}
	}
	if len(p.Months) < 7 || zeros == 0 {
		t.Errorf("azerbaijan months %v, want May to November with empty months", p.Months)
	}
}

func TestEntityPageCache(t *testing.T) {
	c := newPageCache(2)
	for _, slug := range []string{"a", "b", "a", "c"} { // "a" is used again, so "b" goes
		if _, ok := c.get(slug); !ok {
			c.put(slug, &EntityPage{EntitySummary: EntitySummary{Slug: slug}})
		}
	}
	for slug, want := range map[string]bool{"a": true, "b": false, "c": true} {
		if _, ok := c.get(slug); ok != want {
			t.Errorf("%s cached: %v, want %v", slug, ok, want)
		}
	}
	// A caller that edits its page does not edit the cached one.
	f := newEntityFixture(t)
	s := f.open(t)
	p, err := s.Entity(context.Background(), "jeyhun-bayramov")
	if err != nil {
		t.Fatal(err)
	}
	p.Items[0].HeadlineEN, p.CoMentions[0].Entities[0].Name, p.Months[0].Count = "x", "x", -1
	again, err := s.Entity(context.Background(), "jeyhun-bayramov")
	if err != nil {
		t.Fatal(err)
	}
	if again.Items[0].HeadlineEN == "x" || again.CoMentions[0].Entities[0].Name == "x" || again.Months[0].Count == -1 {
		t.Error("a caller's edit reached the cached page")
	}
}

// Names that make the same slug, and a name that is both a person and a place, still get one
// slug each, the gazetteer's own first; the same columns always give the same slugs.
func TestCatalogSlugs(t *testing.T) {
	column := func(values ...string) *index.Column {
		c := &index.Column{Values: values, Offsets: []uint32{0}}
		for i := range values {
			c.Refs = append(c.Refs, uint32(i))
			c.Offsets = append(c.Offsets, uint32(i+1))
		}
		return c
	}
	pad := func(c *index.Column, n int) *index.Column { // documents beyond the values mention nothing
		for len(c.Offsets) < n+1 {
			c.Offsets = append(c.Offsets, c.Offsets[len(c.Offsets)-1])
		}
		return c
	}
	const docs = 4
	cols := &index.Columns{
		IDs:  []string{"a", "b", "c", "d"},
		Days: []int32{20000, 20001, index.NoDay, 20003},
		Facets: map[string]*index.Column{
			index.FieldPerson: pad(column("Jeyhun Bayramov", "Yasar Guler", "Yaşar Güler", "Zakir Hasanov"), docs),
			index.FieldOrg:    pad(column(), docs),
			index.FieldPlace:  pad(column("Jeyhun Bayramov", "Yasar Guler"), docs),
		},
	}
	lx, err := entity.Parse([]byte("entities:\n  - {name: Zakir Hasanov, type: person, slug: jeyhun-bayramov}\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"person/Zakir Hasanov":   "jeyhun-bayramov", // the gazetteer's slug wins
		"person/Jeyhun Bayramov": "jeyhun-bayramov-person",
		"person/Yasar Guler":     "yasar-guler",
		"person/Yaşar Güler":     "yasar-guler-person",
		"place/Jeyhun Bayramov":  "jeyhun-bayramov-place",
		"place/Yasar Guler":      "yasar-guler-place",
	}
	for range 2 {
		c := buildCatalog(cols, lx)
		got := map[string]string{}
		for _, e := range c.list {
			got[e.Type+"/"+e.Name] = e.Slug
			if c.bySlug[e.Slug] != e {
				t.Errorf("%s does not resolve to %s", e.Slug, e.Name)
			}
		}
		if !maps.Equal(got, want) {
			t.Errorf("slugs %v, want %v", got, want)
		}
		if p := c.byName[entityKey(EntityPerson, "Yaşar Güler")]; p.first != index.NoDay || p.last != index.NoDay {
			t.Errorf("an undated item gave first/last days %d/%d", p.first, p.last)
		}
	}
}

func TestFoldName(t *testing.T) {
	for in, want := range map[string]string{
		"Yaşar GÜLER": "yasar guler", "Əliyev": "aliyev", "ＥＵ": "eu", "Kassym-Jomart": "kassym jomart",
		"ナゴルノ・カラバフ": "ナゴルノカラバフ", "Chișinău": "chisinau", "ﾊﾞｸｰ": "バクー",
	} {
		if got := entity.Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// BenchmarkEntity is one entity page, as served (kept per generation after the first visit)
// and as computed on a first visit, for a person with 12 items and a place with 51 (the
// sample indexed three times); and one filtered page of the entity list.
func BenchmarkEntity(b *testing.B) {
	f := newEntityFixtureCopies(b, 3)
	s := f.open(b)
	ctx := context.Background()
	for _, slug := range []string{"jeyhun-bayramov", "azerbaijan"} {
		b.Run("cached/"+slug, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Entity(ctx, slug); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("computed/"+slug, func(b *testing.B) {
			v, err := s.acquire()
			if err != nil {
				b.Fatal(err)
			}
			defer v.mu.RUnlock()
			cat := v.catalog()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := v.entityPage(ctx, cat, cat.bySlug[slug]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("list", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Entities(ctx, EntityQuery{Type: EntityPerson, Q: "ova"}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
