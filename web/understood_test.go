package web

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"briefsearch/search"
)

// pageThrough asks for 300 pages of one item each, following the after cursor (and starting
// over at the end), as fast as it can; it returns how many were answered 429.
func pageThrough(t *testing.T, get func(target string) (int, []byte)) (limited int) {
	t.Helper()
	after := ""
	for range 300 {
		target := "/api/v1/search?q=Azerbaijan&size=1&facets="
		if after != "" {
			target += "&after=" + url.QueryEscape(after)
		}
		status, body := get(target)
		switch status {
		case http.StatusOK:
			var r struct{ Next string }
			if err := json.Unmarshal(body, &r); err != nil {
				t.Fatal(err)
			}
			after = r.Next
		case http.StatusTooManyRequests:
			limited++
		default:
			t.Fatalf("%s: %d %s", target, status, body)
		}
	}
	return limited
}

// A script on the same host paging through the API never meets 429 at the default limits
// (50/s, burst 100) with the loopback exemption on; the same from another address, or from
// loopback through a proxy that says whom it forwards, is limited. The clock stands still, so
// no bucket refills: every request beyond the burst would be refused without the exemption.
func TestRateLimitSparesLoopback(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 5, 16, 0, 0, 0, 0, time.UTC)}
	srv := newTestServer(t, Options{RateLimit: 50, RateBurst: 100, ExemptLoopback: true, Now: clock.now})
	ts := httptest.NewServer(srv) // a real listener on 127.0.0.1
	defer ts.Close()
	fetch := func(header http.Header) func(string) (int, []byte) {
		return func(target string) (int, []byte) {
			req, err := http.NewRequest(http.MethodGet, ts.URL+target, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header = header
			resp, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, body
		}
	}
	if n := pageThrough(t, fetch(http.Header{})); n != 0 {
		t.Errorf("from 127.0.0.1: %d of 300 requests limited, want none", n)
	}
	if n := pageThrough(t, fetch(http.Header{"X-Forwarded-For": {"198.51.100.7"}})); n != 200 {
		t.Errorf("from 127.0.0.1 through a proxy: %d of 300 limited, want 200 (the burst is 100)", n)
	}
	remote := func(target string) (int, []byte) {
		req := httptest.NewRequest(http.MethodGet, target, nil)
		req.RemoteAddr = "192.0.2.1:1234"
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		return rec.Code, rec.Body.Bytes()
	}
	if n := pageThrough(t, remote); n != 200 {
		t.Errorf("from 192.0.2.1: %d of 300 limited, want 200", n)
	}
	// Off, loopback is limited like anyone.
	off := httptest.NewServer(newTestServer(t, Options{RateLimit: 50, RateBurst: 100, Now: clock.now}))
	defer off.Close()
	ts = off
	if n := pageThrough(t, fetch(http.Header{})); n != 200 {
		t.Errorf("exemption off, from 127.0.0.1: %d of 300 limited, want 200", n)
	}
}

// apiJSON gets target from the API and decodes the response.
func apiJSON(t *testing.T, srv *Server, target string) search.Response {
	t.Helper()
	rec := do(t, srv, http.MethodGet, target, nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("%s: %d %s", target, rec.Code, rec.Body)
	}
	var r search.Response
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// size=0 is the total and facets alone; facets may be repeated or a comma list; a section
// is found by its title as printed; an unknown one is a 400 naming the valid keys.
func TestSearchAPISizeFacetsSections(t *testing.T) {
	env := newTestEnv(t)
	srv := env.server(t, Options{})
	full := apiJSON(t, srv, "/api/v1/search?q=Azerbaijan")
	none := apiJSON(t, srv, "/api/v1/search?q=Azerbaijan&size=0")
	if len(none.Hits) != 0 || none.Total != full.Total || full.Total == 0 || none.Request.Size != 0 || len(none.Facets) != len(full.Facets) {
		t.Errorf("size=0: %d hits, total %d (with hits: %d), request size %d, %d facets", len(none.Hits), none.Total, full.Total, none.Request.Size, len(none.Facets))
	}
	repeated := apiJSON(t, srv, "/api/v1/search?q=Azerbaijan&facets=section:1&facets=source:2")
	comma := apiJSON(t, srv, "/api/v1/search?q=Azerbaijan&facets=section:1,source:2")
	if len(repeated.Facets) != 2 || len(repeated.Facets[0].Values) != 1 || len(repeated.Facets[1].Values) != 2 ||
		fmt.Sprint(repeated.Facets) != fmt.Sprint(comma.Facets) {
		t.Errorf("repeated facets %+v, comma list %+v", repeated.Facets, comma.Facets)
	}
	sec := env.briefings[0].Sections[0]
	byKey := apiJSON(t, srv, "/api/v1/search?section="+url.QueryEscape(sec.Key))
	byTitle := apiJSON(t, srv, "/api/v1/search?section="+url.QueryEscape(fmt.Sprintf("%d. %s", sec.Number, sec.Title)))
	if byKey.Total == 0 || byTitle.Total != byKey.Total {
		t.Errorf("section %s: %d items by key, %d by its numbered title", sec.Key, byKey.Total, byTitle.Total)
	}
	rec := do(t, srv, http.MethodGet, "/api/v1/search?section=zzzz"+url.QueryEscape(sec.Key), nil)
	e := decodeError(t, rec, http.StatusBadRequest)
	for _, s := range env.briefings[0].Sections {
		if !strings.Contains(e.Error.Message, s.Key) {
			t.Errorf("400 %q does not list section %s", e.Error.Message, s.Key)
		}
	}
	if rec := do(t, srv, http.MethodGet, "/api/v1/search?size=-1", nil); rec.Code != http.StatusBadRequest {
		t.Errorf("size=-1: %d", rec.Code)
	}
}

// The search page shows an unknown qualifier's warning, a "did you mean" link that leads to
// the hits it promises, and the explanation collapsed under the count.
func TestSearchPageUnderstood(t *testing.T) {
	srv := newTestServer(t, Options{})
	rec := do(t, srv, http.MethodGet, "/?q="+url.QueryEscape("Bairamov after:2026-05-20"), nil)
	body := rec.Body.String()
	for _, want := range []string{`class="notice query-warning"`, "after: is not a qualifier", `class="did-you-mean"`,
		`<details class="explain">`, "How the query was understood"} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	res := apiJSON(t, srv, "/api/v1/search?q="+url.QueryEscape("Bairamov after:2026-05-20"))
	if len(res.Query.Suggestions) == 0 {
		t.Fatal("no suggestions in the API")
	}
	sg := res.Query.Suggestions[0]
	// The page's first suggestion link leads to a page with the hits it promises.
	m := regexp.MustCompile(`<a href="([^"]+)" class="suggestion" data-total="(\d+)">`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no suggestion link on the page")
	}
	page := do(t, srv, http.MethodGet, html.UnescapeString(m[1]), nil).Body.String()
	if want := fmt.Sprintf(`data-total="%d"`, sg.Total); m[2] != fmt.Sprint(sg.Total) || !strings.Contains(page, `id="result-count" `+want) || sg.Total == 0 {
		t.Errorf("the suggestion link %s promises %s items (the API: %d); its page does not say %s", m[1], m[2], sg.Total, want)
	}
	// A filter value no item has: warned of on the page, with a link that replaces the value
	// by the one meant, and that link finds items.
	sources := apiJSON(t, srv, "/api/v1/search?size=0&facets=source")
	if len(sources.Facets) != 1 || len(sources.Facets[0].Values) == 0 {
		t.Fatalf("setup: source facet %+v", sources.Facets)
	}
	src := sources.Facets[0].Values[0].Value
	warned := do(t, srv, http.MethodGet, "/?source="+url.QueryEscape(src+"x"), nil).Body.String()
	fix := regexp.MustCompile(`<a href="([^"]+)" class="warning-fix">`).FindStringSubmatch(warned)
	if !strings.Contains(warned, html.EscapeString(fmt.Sprintf("no item has source %q", src+"x"))) || fix == nil {
		t.Fatalf("source=%sx: the page shows no warning with a fix", src)
	}
	fixed, err := url.Parse(html.UnescapeString(fix[1]))
	if err != nil || fixed.Query().Get("source") != src {
		t.Errorf("the fix link %s does not search source=%s", fix[1], src)
	}
	if r := apiJSON(t, srv, "/api/v1/search?"+fixed.RawQuery); r.Total == 0 || len(r.Query.Warnings) != 0 {
		t.Errorf("the fix link's search: %d items, warnings %+v", r.Total, r.Query.Warnings)
	}
	japanese := do(t, srv, http.MethodGet, "/?q="+url.QueryEscape("地雷除去"), nil).Body.String()
	if !strings.Contains(japanese, "kagome: ") || !strings.Contains(japanese, "bigram phrase: ") {
		t.Error("the explanation of a Japanese query shows no segmentation")
	}
}
