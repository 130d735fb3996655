package web

import (
	"encoding/json"
	"html"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"briefsearch/archive"
	"briefsearch/search"
)

// sampleOrdinals are the ordinals of the hits from the shipped sample's briefing, sorted.
func sampleOrdinals(env *testEnv, hits []search.Hit) []int {
	var out []int
	for _, h := range hits {
		if h.BriefingID == env.briefings[0].ID {
			out = append(out, h.Ordinal)
		}
	}
	slices.Sort(out)
	return out
}

// The acceptance lines through the JSON API.
func TestSearchAPIAcrossScripts(t *testing.T) {
	env := newTestEnv(t)
	srv := env.server(t, Options{})
	aliyev := []int{}
	for _, it := range env.briefings[0].Items {
		if it.Entities != nil && slices.Contains(it.Entities.Persons, "Ilham Aliyev") {
			aliyev = append(aliyev, it.Ordinal)
		}
	}
	bayramov, demining := []int{5, 10, 14, 15}, []int{2, 12, 17}
	for _, tt := range []struct {
		query string
		want  []int
		kind  string // expansion kind the answer must report
	}{
		{"q=Bayramov", bayramov, "entity"},
		{"q=" + url.QueryEscape("バイラモフ"), bayramov, "entity"},
		{"q=" + url.QueryEscape("アリエフ"), aliyev, "entity"},
		{"q=demining", demining, "glossary"},
		{"q=" + url.QueryEscape("地雷除去"), demining, "glossary"},
		{"q=" + url.QueryEscape(`person:"Jeyhun Bayramov"`), bayramov, ""},
		{"person=" + url.QueryEscape("Jeyhun Bayramov"), bayramov, ""},
	} {
		r := searchAPI(t, srv, tt.query+"&size=100")
		if got := sampleOrdinals(env, r.Hits); !slices.Equal(got, tt.want) || len(r.Hits) != len(tt.want) {
			t.Errorf("%s: ordinals %v (%d hits), want %v", tt.query, got, len(r.Hits), tt.want)
		}
		if tt.kind != "" && !slices.ContainsFunc(r.Query.Expansions, func(e search.Expansion) bool { return e.Kind == tt.kind }) {
			t.Errorf("%s: expansions %+v, want a %s one", tt.query, r.Query.Expansions, tt.kind)
		}
	}
	r := searchAPI(t, srv, "q=Bayramov&facets=person")
	if len(r.Facets) != 1 || len(r.Facets[0].Values) == 0 || r.Facets[0].Values[0] != (search.FacetValue{Value: "Jeyhun Bayramov", Label: "Jeyhun Bayramov", Count: 4}) {
		t.Errorf("person facet of Bayramov: %+v, want Jeyhun Bayramov 4 first", r.Facets)
	}
}

type apiEntityList struct {
	search.EntityList
	Request search.EntityQuery `json:"request"`
}

type apiEntity struct {
	search.EntityPage
	ItemsURL     string `json:"items_url"`
	ItemsNextURL string `json:"items_next_url"`
	PageURL      string `json:"page_url"`
}

func getJSON(t *testing.T, srv *Server, target string, status int, v any) {
	t.Helper()
	rec := do(t, srv, "GET", target, nil)
	if rec.Code != status {
		t.Fatalf("%s: %d, want %d: %s", target, rec.Code, status, rec.Body)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
		t.Fatalf("%s: %v", target, err)
	}
}

func TestEntitiesAPI(t *testing.T) {
	env := newTestEnv(t)
	srv := env.server(t, Options{})

	var list apiEntityList
	getJSON(t, srv, "/api/v1/entities?type=person&q=BAYRAMOV", 200, &list)
	if list.Total != 1 || len(list.Entities) != 1 || list.Entities[0].Slug != "jeyhun-bayramov" || list.Entities[0].ItemCount != 4 ||
		!slices.Contains(list.Entities[0].Aliases, "バイラモフ") {
		t.Errorf("person bayramov: %+v", list)
	}
	if list.Request.Page != 1 || list.Request.Size != search.DefaultEntityPage || list.Request.Type != "person" {
		t.Errorf("request echo %+v", list.Request)
	}
	getJSON(t, srv, "/api/v1/entities?size=200", 200, &list)
	perType := map[string]int{}
	for _, e := range list.Entities {
		perType[e.Type]++
		if want := env.count(func(it archive.Item) bool { return mentions(it, e.Type, e.Name) }); e.ItemCount != want {
			t.Errorf("%s: %d items, the index annotated %d", e.Name, e.ItemCount, want)
		}
	}
	if len(perType) != 3 || list.Total != len(list.Entities) {
		t.Errorf("all entities: %d of %d listed, types %v", len(list.Entities), list.Total, perType)
	}

	var p apiEntity
	getJSON(t, srv, "/api/v1/entities/jeyhun-bayramov", 200, &p)
	if p.Name != "Jeyhun Bayramov" || p.ItemCount != 4 || len(p.Items) != 4 || !slices.Contains(p.NamesJapanese, "バイラモフ") ||
		p.PageURL != "/entities/jeyhun-bayramov" || p.ItemsNextURL != "" || p.FirstSeen.IsZero() {
		t.Errorf("entity page: %+v", p)
	}
	// items_url lists every item, as the page's count says.
	all := searchAPI(t, srv, strings.TrimPrefix(p.ItemsURL, "/api/v1/search?"))
	if all.Total != 4 || !strings.HasPrefix(p.ItemsURL, "/api/v1/search?") {
		t.Errorf("items_url %s finds %d items", p.ItemsURL, all.Total)
	}
	for _, g := range p.CoMentions {
		for _, cm := range g.Entities {
			if cm.Name == p.Name && cm.Type == p.Type {
				t.Errorf("Jeyhun Bayramov co-mentions himself")
			}
			var other apiEntity
			getJSON(t, srv, "/api/v1/entities/"+url.PathEscape(cm.Slug), 200, &other)
		}
	}

	var apiErr apiError
	getJSON(t, srv, "/api/v1/entities/nobody-at-all", 404, &apiErr)
	if apiErr.Error.Code != "not_found" || apiErr.Error.Message != "no such entity" {
		t.Errorf("unknown slug: %+v", apiErr)
	}
	for _, bad := range []string{"?type=ship", "?size=0", "?size=201", "?page=x", "?q=a&q=b", "?bogus=1",
		"?q=" + strings.Repeat("a", search.MaxEntityQueryLen+1)} {
		getJSON(t, srv, "/api/v1/entities"+bad, 400, &apiErr)
		if apiErr.Error.Code != "bad_query" || apiErr.Error.Message == "" {
			t.Errorf("%s: %+v", bad, apiErr)
		}
	}
}

func mentions(it archive.Item, typ, name string) bool {
	if it.Entities == nil {
		return false
	}
	switch typ {
	case search.EntityPerson:
		return slices.Contains(it.Entities.Persons, name)
	case search.EntityOrganization:
		return slices.Contains(it.Entities.Organizations, name)
	}
	return slices.Contains(it.Entities.Places, name)
}

var hrefs = regexp.MustCompile(`href="([^"]+)"`)

// links returns the unescaped targets of the page's links that start with prefix.
func links(page, prefix string) []string {
	var out []string
	for _, m := range hrefs.FindAllStringSubmatch(page, -1) {
		if u := html.UnescapeString(m[1]); strings.HasPrefix(u, prefix) {
			out = append(out, u)
		}
	}
	return out
}

func TestEntityPage(t *testing.T) {
	env := newTestEnv(t)
	srv := env.server(t, Options{})
	rec := do(t, srv, "GET", "/entities/jeyhun-bayramov", nil)
	page := rec.Body.String()
	if rec.Code != 200 {
		t.Fatalf("%d\n%s", rec.Code, page)
	}
	for _, want := range []string{`<span class="name">Jeyhun Bayramov</span>`, `<span class="name-ja" lang="ja">バイラモフ</span>`,
		`data-count="4"`, `class="timeline by-month"`, `href="/compare?q=person%3A%22Jeyhun&#43;Bayramov%22"`, "Person · 人物"} {
		if !strings.Contains(page, want) {
			t.Errorf("entity page lacks %s", want)
		}
	}
	if n := strings.Count(page, `<li class="hit">`); n != 4 {
		t.Errorf("%d items listed, want 4", n)
	}
	items := links(page, "/items/")
	if len(items) != 4 {
		t.Errorf("item links %v", items)
	}
	for _, l := range items {
		if rec := do(t, srv, "GET", l, nil); rec.Code != 200 {
			t.Errorf("%s: %d", l, rec.Code)
		}
	}
	// The "all items" link, the month bars and the shared-items pills are searches that find
	// what they promise; co-mentioned entities' pages exist.
	more := ""
	if m := regexp.MustCompile(`<a href="([^"]+)" id="entity-search"`).FindStringSubmatch(page); m != nil {
		more = m[1]
	}
	if more == "" || resultTotal(t, srv, html.UnescapeString(more)) != 4 {
		t.Errorf("the all-items link %q does not find 4 items", more)
	}
	bars := regexp.MustCompile(`<a href="([^"]+)" class="bar-link"[^>]*><title>[^<]*: (\d+)</title>`).FindAllStringSubmatch(page, -1)
	if len(bars) == 0 {
		t.Error("no month bar links")
	}
	for _, b := range bars {
		if n, _ := strconv.Atoi(b[2]); resultTotal(t, srv, html.UnescapeString(b[1])) != n {
			t.Errorf("bar %s promises %s items", b[1], b[2])
		}
	}
	pills := regexp.MustCompile(`<a href="([^"]+)" class="facet-link filter shared" data-count="(\d+)"`).FindAllStringSubmatch(page, -1)
	if len(pills) == 0 {
		t.Error("no shared-items links")
	}
	for _, p := range pills {
		if n, _ := strconv.Atoi(p[2]); resultTotal(t, srv, html.UnescapeString(p[1])) != n {
			t.Errorf("shared items %s promise %s", p[1], p[2])
		}
	}
	for _, l := range links(page, "/entities/") {
		if rec := do(t, srv, "GET", l, nil); rec.Code != 200 {
			t.Errorf("co-mention %s: %d", l, rec.Code)
		}
	}

	rec = do(t, srv, "GET", "/entities/nobody-at-all", nil)
	if rec.Code != 404 || !strings.Contains(rec.Body.String(), "no such entity") {
		t.Errorf("unknown entity page: %d", rec.Code)
	}
}

// resultTotal is the count a search page shows.
func resultTotal(t *testing.T, srv *Server, target string) int {
	t.Helper()
	rec := do(t, srv, "GET", target, nil)
	m := regexp.MustCompile(`data-total="(\d+)"`).FindStringSubmatch(rec.Body.String())
	if rec.Code != 200 || m == nil {
		t.Errorf("%s: %d, no count", target, rec.Code)
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func TestEntitiesPage(t *testing.T) {
	env := newTestEnv(t)
	srv := env.server(t, Options{})
	page := do(t, srv, "GET", "/entities", nil).Body.String()
	for _, id := range []string{`id="type-person"`, `id="type-organization"`, `id="type-place"`} {
		if !strings.Contains(page, id) {
			t.Errorf("/entities lacks the group %s", id)
		}
	}
	if !strings.Contains(page, `href="/entities/jeyhun-bayramov"`) {
		t.Error("/entities does not link Jeyhun Bayramov")
	}
	persons := do(t, srv, "GET", "/entities?type=person", nil).Body.String()
	if strings.Contains(persons, `id="type-place"`) || !strings.Contains(persons, `id="type-person"`) {
		t.Error("type=person shows other types")
	}
	found := do(t, srv, "GET", "/entities?q="+url.QueryEscape("バイラモフ"), nil).Body.String()
	if got := links(found, "/entities/"); !slices.Equal(got, []string{"/entities/jeyhun-bayramov"}) {
		t.Errorf("q=バイラモフ lists %v", got)
	}
	rec := do(t, srv, "GET", "/entities?type=ship", nil)
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), "Can't list these") {
		t.Errorf("bad type: %d", rec.Code)
	}
}

// Entity facet values link to the entity page and keep a filter link with the count; the
// item page links its entities both ways too.
func TestEntityLinksFromSearchAndItems(t *testing.T) {
	env := newTestEnv(t)
	srv := env.server(t, Options{})
	page := do(t, srv, "GET", "/?q=Bayramov", nil).Body.String()
	li := textBetween(page, `<li class="entity-value"><a href="/entities/jeyhun-bayramov" class="entity-link">Jeyhun Bayramov</a>`, `</li>`)
	filter := textBetween(li, `<a href="`, `"`)
	if li == "" || !strings.Contains(li, `data-count="4"`) {
		t.Fatalf("the person facet does not link Jeyhun Bayramov's page with a filter of 4:\n%s", li)
	}
	if n := resultTotal(t, srv, html.UnescapeString(filter)); n != 4 {
		t.Errorf("the facet's filter link %s: %d items, want 4", filter, n)
	}
	if !strings.Contains(page, `Also searched: Bayramov → <a href="/entities/jeyhun-bayramov" class="entity-link">Jeyhun Bayramov</a>`) {
		t.Error("the entity expansion does not link the entity's page")
	}
	item := do(t, srv, "GET", "/items/"+env.briefings[0].Items[4].ID, nil).Body.String()
	if !strings.Contains(item, `<a href="/entities/jeyhun-bayramov">Jeyhun Bayramov</a><a href="/?person=Jeyhun&#43;Bayramov" class="entity-filter-link"`) {
		t.Error("the item page does not link Jeyhun Bayramov's page and filter")
	}
}

// textBetween is the text after the first start up to the next end, or "".
func textBetween(s, start, end string) string {
	_, after, ok := strings.Cut(s, start)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(after, end)
	return v
}

// BenchmarkEntityRoutes is one request through the whole server (middleware, handler,
// rendering) for each entity route, on the test index, after a first visit.
func BenchmarkEntityRoutes(b *testing.B) {
	srv := newTestServer(b, Options{})
	for _, target := range []string{"/api/v1/entities/jeyhun-bayramov", "/entities/jeyhun-bayramov",
		"/api/v1/entities?type=person&q=ov", "/entities"} {
		b.Run(strings.TrimPrefix(target, "/"), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				rec := httptest.NewRecorder()
				srv.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
				if rec.Code != 200 {
					b.Fatalf("%s: %d", target, rec.Code)
				}
			}
		})
	}
}
