package web

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"

	"briefsearch/archive"
	"briefsearch/cite"
)

// debianPython is the Python Debian's python3-* packages install into (/usr/bin/python3); a
// python3 earlier in PATH (pyenv, a venv) lacks them.
func debianPython(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat("/usr/bin/python3"); err == nil {
		return "/usr/bin/python3"
	}
	p, err := exec.LookPath("python3")
	if err != nil {
		t.Fatal("python3 is needed")
	}
	return p
}

// parsedFeed is what feedparser makes of a feed.
type parsedFeed struct {
	Bozo      int    `json:"bozo"`
	Exception string `json:"exception"`
	Version   string `json:"version"`
	Title     string `json:"title"`
	Updated   string `json:"updated"`
	Entries   []struct {
		ID        string `json:"id"`
		Title     string `json:"title"`
		Link      string `json:"link"`
		Author    string `json:"author"`
		Summary   string `json:"summary"`
		Published string `json:"published"`
	} `json:"entries"`
}

const feedparserRead = `
import feedparser, json, sys
d = feedparser.parse(sys.stdin.buffer.read())
print(json.dumps({"bozo": int(d.bozo), "exception": str(d.get("bozo_exception", "")), "version": d.version,
  "title": d.feed.get("title", ""), "updated": d.feed.get("updated", ""),
  "entries": [{"id": e.get("id", ""), "title": e.get("title", ""), "link": e.get("link", ""),
    "author": e.get("author", ""), "summary": e.get("summary", ""), "published": e.get("published", "")}
    for e in d.entries]}))
`

// readFeed parses a feed with Python's feedparser, the library most feed readers' servers use.
func readFeed(t *testing.T, body []byte) parsedFeed {
	t.Helper()
	cmd := exec.Command(debianPython(t), "-c", feedparserRead)
	cmd.Stdin = bytes.NewReader(body)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("feedparser (apt-get install python3-feedparser): %v\n%s", err, stderr.String())
	}
	var f parsedFeed
	if err := json.Unmarshal(out, &f); err != nil {
		t.Fatal(err)
	}
	if f.Bozo != 0 || f.Version != "atom10" {
		t.Fatalf("feedparser: bozo %d (%s), version %q\n%s", f.Bozo, f.Exception, f.Version, body)
	}
	return f
}

func TestSearchFeed(t *testing.T) {
	env := newTestEnv(t)
	srv := env.server(t, Options{PublicURL: "https://briefs.example.org"})
	links := cite.Links{Base: "https://briefs.example.org"}
	byID := map[string]archive.Item{}
	for _, b := range env.briefings {
		for _, it := range b.Items {
			byID[it.ID] = it
		}
	}
	for _, q := range []string{"?q=Bayramov&", "?section=foreign&", "?"} {
		rec := do(t, srv, "GET", "/feeds/search.atom"+strings.TrimSuffix(q, "&"), nil)
		if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/atom+xml; charset=utf-8" {
			t.Fatalf("%s: %d %s", q, rec.Code, rec.Header().Get("Content-Type"))
		}
		f := readFeed(t, rec.Body.Bytes())
		// The entries are the search's newest FeedSize, newest first.
		api := do(t, srv, "GET", "/api/v1/search"+q+"sort=-date&size=50", nil)
		var res struct {
			Total uint64 `json:"total"`
			Hits  []struct {
				ID string `json:"id"`
			} `json:"hits"`
		}
		if err := json.Unmarshal(api.Body.Bytes(), &res); err != nil || res.Total == 0 {
			t.Fatalf("%s: the search: %v %s", q, err, api.Body)
		}
		if len(f.Entries) != min(int(res.Total), FeedSize) {
			t.Errorf("%s: %d entries, the search has %d", q, len(f.Entries), res.Total)
		}
		for i, e := range f.Entries {
			it := byID[res.Hits[i].ID]
			if e.ID != links.Permalink(it) || e.Link != links.Item(it.ID) {
				t.Errorf("%s: entry %d: id %s link %s, want %s and %s", q, i, e.ID, e.Link, links.Permalink(it), links.Item(it.ID))
			}
			if !strings.Contains(e.Title, strings.TrimSpace(it.HeadlineEN)) || !strings.Contains(e.Title, strings.TrimSpace(it.HeadlineJA)) {
				t.Errorf("%s: entry title %q lacks a headline of %s", q, e.Title, it.ID)
			}
			if e.Author != env.briefing(strings.TrimSuffix(it.ID, it.ID[strings.LastIndex(it.ID, "-"):])).Issuer || e.Author == "" {
				t.Errorf("%s: entry author %q", q, e.Author)
			}
			if !strings.HasPrefix(e.Published, it.Date.String()) {
				t.Errorf("%s: entry published %q, item date %s", q, e.Published, it.Date)
			}
		}
	}
	for _, p := range []string{"page=2", "highlight=false"} {
		if rec := do(t, srv, "GET", "/feeds/search.atom?q=x&"+p, nil); rec.Code != 400 {
			t.Errorf("a feed with %s: %d", p, rec.Code)
		}
	}
	// The search page announces its feed.
	page := do(t, srv, "GET", "/?q=Bayramov&sort=date", nil).Body.String()
	if !strings.Contains(page, `<link rel="alternate" type="application/atom+xml" title="This search as an Atom feed" href="/feeds/search.atom?q=Bayramov">`) {
		t.Error("the search page has no feed autodiscovery link")
	}
}

// The latest feed and the home page's "this week" hold the newest issue's items; the feed
// answers conditional GETs until the generation changes.
func TestLatestFeedAndThisWeek(t *testing.T) {
	env := newTestEnv(t)
	srv := env.server(t, Options{})
	newest := slices.MaxFunc(env.briefings, func(a, b *archive.Briefing) int { return a.WeekStart.Compare(b.WeekStart.Time) })
	rec := do(t, srv, "GET", "/feeds/latest.atom", nil)
	f := readFeed(t, rec.Body.Bytes())
	if len(f.Entries) != min(len(newest.Items), FeedSize) {
		t.Fatalf("latest: %d entries, the newest issue has %d items", len(f.Entries), len(newest.Items))
	}
	for i, e := range f.Entries {
		if !strings.Contains(e.Title, strings.TrimSpace(newest.Items[i].HeadlineEN)) || !strings.HasSuffix(e.Link, "/items/"+newest.Items[i].ID) {
			t.Errorf("latest entry %d: %q %s", i, e.Title, e.Link)
		}
	}
	if !strings.Contains(f.Title, newest.Title) {
		t.Errorf("latest feed title %q lacks %q", f.Title, newest.Title)
	}
	if strings.Contains(rec.Body.String(), "<script>") {
		t.Error("stored markup in the feed unescaped")
	}

	etag, modified := rec.Header().Get("ETag"), rec.Header().Get("Last-Modified")
	req := httptest.NewRequest("GET", "/feeds/latest.atom", nil)
	req.Header.Set("If-None-Match", etag)
	again := httptest.NewRecorder()
	srv.ServeHTTP(again, req)
	if etag == "" || again.Code != http.StatusNotModified || again.Body.Len() != 0 {
		t.Errorf("If-None-Match %s: %d", etag, again.Code)
	}
	req = httptest.NewRequest("GET", "/feeds/latest.atom", nil)
	req.Header.Set("If-Modified-Since", modified)
	again = httptest.NewRecorder()
	srv.ServeHTTP(again, req)
	if again.Code != http.StatusNotModified {
		t.Errorf("If-Modified-Since %s: %d", modified, again.Code)
	}
	if other := do(t, srv, "GET", "/feeds/search.atom?q=Bayramov", nil).Header().Get("ETag"); other == etag {
		t.Error("two feeds share an ETag")
	}

	home := do(t, srv, "GET", "/", nil).Body.String()
	block := regexp.MustCompile(`(?s)<section class="this-week".*?</section>`).FindString(home)
	links := regexp.MustCompile(`<li><a href="(/items/[^"]+)">`).FindAllStringSubmatch(block, -1)
	var got, want []string
	for _, l := range links {
		got = append(got, l[1])
	}
	for _, it := range newest.Items[:min(len(newest.Items), thisWeekItems)] {
		want = append(want, "/items/"+it.ID)
	}
	if !slices.Equal(got, want) {
		t.Errorf("this week lists %v, want %v", got, want)
	}
	if strings.Contains(do(t, srv, "GET", "/?q=Bayramov", nil).Body.String(), `class="this-week"`) {
		t.Error("a search shows the this-week block")
	}
}

// A feed's ETag follows the generation: after a rebuild and reload, the old one no longer
// matches.
func TestFeedETagFollowsGeneration(t *testing.T) {
	dir := t.TempDir()
	env, err := buildTestIndex(dir, testdataArchive)
	if err != nil {
		t.Fatal(err)
	}
	srv := env.server(t, Options{})
	first := do(t, srv, "GET", "/feeds/latest.atom", nil).Header().Get("ETag")
	if _, err := buildTestIndex(dir, testdataArchive); err != nil {
		t.Fatal(err)
	}
	if err := srv.opts.Reloader.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("GET", "/feeds/latest.atom", nil)
	req.Header.Set("If-None-Match", first)
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != 200 || rec.Header().Get("ETag") == first {
		t.Errorf("after a new generation: %d, ETag %s (was %s)", rec.Code, rec.Header().Get("ETag"), first)
	}
}

// The hostile headline reads back from the feed as it was written.
func TestFeedEscapesHostileText(t *testing.T) {
	env := hostileEnv(t)
	srv := env.server(t, Options{})
	it := env.briefings[0].Items[0]
	f := readFeed(t, do(t, srv, "GET", "/feeds/latest.atom", nil).Body.Bytes())
	if len(f.Entries) != 1 || f.Entries[0].Title != strings.TrimSpace(it.HeadlineEN)+" · "+strings.TrimSpace(it.HeadlineJA) {
		t.Fatalf("entries %+v, want the title %q", f.Entries, it.HeadlineEN)
	}
	if f.Entries[0].Author != env.briefings[0].Issuer {
		t.Errorf("author %q, want %q", f.Entries[0].Author, env.briefings[0].Issuer)
	}
}
