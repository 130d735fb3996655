package web

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

func TestSearchPage(t *testing.T) {
	env := newTestEnv(t)
	srv := env.server(t, Options{})

	rec := do(t, srv, "GET", "/?q=Bayramov", nil)
	page := rec.Body.String()
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("%d %v", rec.Code, rec.Header())
	}
	if n := strings.Count(page, `<li class="hit">`); n != 4 {
		t.Errorf("%d hits on the page, want 4", n)
	}
	for _, want := range []string{
		`data-total="4"`, "<mark>Bayramov</mark>", `lang="ja"`, `class="timeline by-month"`, "Section · 分野",
		`value="Bayramov"`, `href="/api/v1/search.csv?q=Bayramov"`, `<strong aria-current="true">Relevance</strong>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("search page lacks %q", want)
		}
	}
	// Every hit links to its item page, and that page exists.
	for _, m := range regexp.MustCompile(`href="(/items/[^"]+)"`).FindAllStringSubmatch(page, -1) {
		if rec := do(t, srv, "GET", m[1], nil); rec.Code != 200 {
			t.Errorf("%s: %d", m[1], rec.Code)
		}
	}

	// A facet link narrows; its chip removes the filter again.
	narrowed := do(t, srv, "GET", "/?q=Bayramov&section=domestic&section=foreign", nil).Body.String()
	if !strings.Contains(narrowed, `class="chip"`) || !strings.Contains(narrowed, `href="/?q=Bayramov&amp;section=foreign"`) {
		t.Errorf("no removable chips for the active sections")
	}
	for _, hidden := range []string{`name="section" value="domestic"`, `name="section" value="foreign"`} {
		if !strings.Contains(narrowed, hidden) {
			t.Errorf("the search form drops the active filter %s", hidden)
		}
	}

	// A bad query keeps the form, says what is wrong, and answers 400.
	rec = do(t, srv, "GET", "/?q=%22unclosed", nil)
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), "Can't run this search") ||
		!strings.Contains(rec.Body.String(), `value="&#34;unclosed"`) {
		t.Errorf("bad query page: %d\n%s", rec.Code, rec.Body)
	}

	// Browse with no query: newest first, every item counted.
	browse := do(t, srv, "GET", "/", nil).Body.String()
	if !strings.Contains(browse, `data-total="`+strconv.Itoa(env.items)+`"`) {
		t.Errorf("browse page does not count all %d items", env.items)
	}
}

func TestPagesGolden(t *testing.T) {
	env := newTestEnv(t)
	srv := env.server(t, Options{})
	sample := env.briefings[0]
	for _, tt := range []struct{ name, target string }{
		{"item", "/items/" + sample.Items[4].ID},
		{"briefing", "/briefings/" + sample.ID},
		{"briefings", "/briefings"},
		{"notfound", "/items/1999-01-01-01"},
		{"entity", "/entities/jeyhun-bayramov"},
		{"entities", "/entities"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(t, srv, "GET", tt.target, nil)
			got := normalizePage(rec.Body.String())
			path := filepath.Join("testdata", "golden", tt.name+".html")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./web -run TestPagesGolden -update)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from %s (run with -update after checking the change):\n%s", tt.target, path, got)
			}
		})
	}
}

// normalizePage replaces what changes between builds and days: the generation id and a
// citation's access date.
func normalizePage(s string) string {
	s = regexp.MustCompile(`Accessed [A-Z][a-z]+ \d{1,2}, \d{4}\.`).ReplaceAllString(s, "Accessed DATE.")
	return regexp.MustCompile(`index [0-9TZ.:-]+-[0-9a-f]+`).ReplaceAllString(s, "index GENERATION")
}

func TestItemPageNavigation(t *testing.T) {
	env := newTestEnv(t)
	srv := env.server(t, Options{})
	b := env.briefings[0]
	first, second := b.Items[0], b.Items[1]
	page := do(t, srv, "GET", "/items/"+second.ID, nil).Body.String()
	for _, want := range []string{
		`href="/items/` + first.ID + `" rel="prev"`, `href="/items/` + b.Items[2].ID + `" rel="next"`,
		`href="/briefings/` + b.ID + `#item-02"`, second.Sources[0].Name,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("item page lacks %q", want)
		}
	}
	for _, p := range paragraphs(second.Body) {
		if !strings.Contains(page, "<p>"+htmlEscape(p)+"</p>") {
			t.Errorf("item page lacks the paragraph %.40q", p)
		}
	}
	bp := do(t, srv, "GET", "/briefings/"+b.ID, nil).Body.String()
	last := 0
	for _, it := range b.Items {
		i := strings.Index(bp, `id="`+itemAnchor(it)+`"`)
		if i < last {
			t.Errorf("briefing page: %s missing or out of order", it.ID)
		}
		last = i
	}
}

func TestNoInlineScriptOrStyle(t *testing.T) {
	env := newTestEnv(t)
	srv := env.server(t, Options{})
	inline := regexp.MustCompile(`(?i)<script|\sstyle=|\son[a-z]+=|javascript:`)
	for _, p := range []string{"/", "/?q=Bayramov&section=foreign", "/?q=%22x", "/briefings", "/briefings/" + env.briefings[0].ID,
		"/items/" + env.briefings[0].Items[0].ID, "/nowhere", "/entities", "/entities/jeyhun-bayramov", "/entities?type=ship"} {
		body := do(t, srv, "GET", p, nil).Body.String()
		if m := inline.FindString(body); m != "" {
			t.Errorf("%s: inline script or style %q (the CSP would block it)", p, m)
		}
	}
}

func TestStaticCaching(t *testing.T) {
	srv := newTestServer(t, Options{})
	page := do(t, srv, "GET", "/", nil).Body.String()
	m := regexp.MustCompile(`href="(/static/style\.[0-9a-f]+\.css)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("page does not link a hashed stylesheet")
	}
	rec := do(t, srv, "GET", m[1], nil)
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/css") ||
		!strings.Contains(rec.Header().Get("Cache-Control"), "immutable") || rec.Header().Get("ETag") == "" {
		t.Fatalf("stylesheet: %d %v", rec.Code, rec.Header())
	}
	if !strings.Contains(rec.Body.String(), "Noto Sans CJK JP") {
		t.Error("stylesheet lacks the Japanese font stack")
	}
	req := httptest.NewRequest("GET", m[1], nil)
	req.Header.Set("If-None-Match", rec.Header().Get("ETag"))
	rec2 := httptest.NewRecorder()
	srv.ServeHTTP(rec2, req)
	if rec2.Code != http.StatusNotModified {
		t.Errorf("conditional request: %d", rec2.Code)
	}
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

// The HTML page refuses every request the API refuses, with the API's message on a 400 page in
// the site's layout: it used to drop facets, size and unknown parameters it did not use.
func TestSearchPageRefusesWhatTheAPIRefuses(t *testing.T) {
	srv := newTestServer(t, Options{})
	for _, q := range []string{"facets=nonsense", "sectoin=foreign", "utm_source=x", "size=1000", "size=ten",
		"sort=;drop", "q=month:2026-13", "month=2026-13", "q=x&q=y", "from=2026-02-30", "q=%22open",
		"page=101&size=100", "q=%zz"} {
		api := do(t, srv, "GET", "/api/v1/search?"+q, nil)
		var body apiError
		if err := json.Unmarshal(api.Body.Bytes(), &body); err != nil || api.Code != 400 || body.Error.Message == "" {
			t.Errorf("API %s: %d %s, want a 400 with a message", q, api.Code, api.Body)
			continue
		}
		ui := do(t, srv, "GET", "/?"+q, nil)
		page := ui.Body.String()
		if ui.Code != 400 || !strings.HasPrefix(ui.Header().Get("Content-Type"), "text/html") ||
			!strings.Contains(page, htmlEscape(body.Error.Message)) || !strings.Contains(page, "Can't run this search") {
			t.Errorf("page %s: %d, want 400 saying %q on the search page:\n%.300s", q, ui.Code, body.Error.Message, page)
		}
	}
	// What the API runs, the page runs: its own size and facets replace the client's.
	for _, q := range []string{"q=Bayramov&size=100&facets=section", "q=month:2026-05", "month=2026-05&sort=date"} {
		if api, ui := do(t, srv, "GET", "/api/v1/search?"+q, nil), do(t, srv, "GET", "/?"+q, nil); api.Code != 200 || ui.Code != 200 {
			t.Errorf("%s: API %d, page %d; want both 200", q, api.Code, ui.Code)
		}
	}
	// A month qualifier is refused with the month filter's message.
	qual, filter := do(t, srv, "GET", "/api/v1/search?q=month:2026-13", nil).Body.String(),
		do(t, srv, "GET", "/api/v1/search?month=2026-13", nil).Body.String()
	if !strings.Contains(qual, `month \"2026-13\" is not YYYY-MM at column 1`) || !strings.Contains(filter, `month \"2026-13\" is not YYYY-MM"`) {
		t.Errorf("month qualifier %s, filter %s: want the same message", qual, filter)
	}
}

// A long issue is paged: bounded pages, links to the next, items in order across them, and
// an item's page links to the page of the issue that shows it.
func TestBriefingPagePaged(t *testing.T) {
	env := longBriefingEnv(t, 45)
	srv := env.server(t, Options{})
	b := env.briefings[0]
	var seen []string
	for n := 1; n <= 3; n++ {
		target := briefingURL(b.ID, n)
		rec := do(t, srv, "GET", target, nil)
		page := rec.Body.String()
		if rec.Code != 200 {
			t.Fatalf("%s: %d", target, rec.Code)
		}
		items := regexp.MustCompile(`<article class="briefing-item" id="(item-\d+)"`).FindAllStringSubmatch(page, -1)
		if want := min(20, 45-len(seen)); len(items) != want {
			t.Errorf("%s: %d items, want %d", target, len(items), want)
		}
		for _, m := range items {
			seen = append(seen, m[1])
		}
		from := (n-1)*20 + 1
		if want := fmt.Sprintf("items %d–%d of 45", from, from+len(items)-1); !strings.Contains(page, want) {
			t.Errorf("%s does not say %q", target, want)
		}
		next := `href="/briefings/` + b.ID + `?page=` + strconv.Itoa(n+1) + `" rel="next"`
		if has := strings.Contains(page, next); has != (n < 3) {
			t.Errorf("%s: next link %q present %v", target, next, has)
		}
	}
	for i, it := range b.Items {
		if i >= len(seen) || seen[i] != itemAnchor(it) {
			t.Fatalf("pages show %v, want every item once, in order", seen)
		}
	}
	item := do(t, srv, "GET", "/items/"+b.Items[24].ID, nil).Body.String()
	if want := `href="/briefings/` + b.ID + `?page=2#item-25"`; !strings.Contains(item, want) {
		t.Errorf("item 25's page lacks %s", want)
	}
	for _, bad := range []struct{ query, want string }{
		{"?page=4", "page 4 is past the last page of briefing " + b.ID},
		{"?size=5", `unknown parameter &#34;size&#34;`},
		{"?page=0", `page: &#34;0&#34; is not a positive whole number`},
	} {
		rec := do(t, srv, "GET", "/briefings/"+b.ID+bad.query, nil)
		if page := rec.Body.String(); rec.Code != 400 || !strings.Contains(page, bad.want) || !strings.Contains(page, `class="error-page"`) {
			t.Errorf("%s: %d, want a 400 error page saying %s:\n%.300s", bad.query, rec.Code, bad.want, page)
		}
	}
}

// longBriefingEnv is an index of one briefing of n items, written as the format has it.
func longBriefingEnv(t *testing.T, n int) *testEnv {
	t.Helper()
	var text strings.Builder
	text.WriteString("アゼルバイジャン政治・治安情報\n\n2026年6月13日～6月19日\n\n在アゼルバイジャン大使館\n\n1. 外政関連\n\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&text, "● 外相会談（%d）\n\nForeign ministers meet (%d)\n\nThe ministers met for the %dth time. (TREND / 15.06.2026)\n\n", i, i, i)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "2026-06-13.txt"), []byte(text.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	env, err := buildTestIndex(filepath.Join(dir, "index"), dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(env.briefings) != 1 || len(env.briefings[0].Items) != n {
		t.Fatalf("the long briefing parsed to %d briefings", len(env.briefings))
	}
	return env
}

// Counts read as a reader says them, "1 item", "2 items": the briefings list, the footer's
// corpus and a timeline bar's label, on an archive of one briefing of one item and of two.
func TestCountsReadInEnglish(t *testing.T) {
	for _, n := range []int{1, 2} {
		srv := longBriefingEnv(t, n).server(t, Options{})
		items := fmt.Sprintf("%d items", n)
		if n == 1 {
			items = "1 item"
		}
		for _, c := range []struct{ path, want string }{
			{"/briefings", `<span class="count">` + items + `</span>`},
			{"/briefings", "<span>" + items + " in 1 briefing</span>"},
			{"/?q=ministers", `: ` + items + `"`},
		} {
			rec := do(t, srv, "GET", c.path, nil)
			if rec.Code != 200 || !strings.Contains(rec.Body.String(), c.want) {
				t.Errorf("%d items: %s answers %d and lacks %s", n, c.path, rec.Code, c.want)
			}
		}
	}
}
