package web

import (
	"flag"
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
		`data-total="4"`, "<mark>Bayramov</mark>", `lang="ja"`, `class="histogram"`, "Section · 分野",
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

// normalizePage replaces what changes between builds: the generation id.
func normalizePage(s string) string {
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
