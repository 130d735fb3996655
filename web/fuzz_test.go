package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzRoutes are the read routes, by the index FuzzHandlers picks one with.
var fuzzRoutes = []string{"/", "/items/", "/briefings", "/briefings/", "/entities", "/entities/",
	"/api/v1/search", "/api/v1/search.csv", "/api/v1/search.jsonl", "/api/v1/items/", "/api/v1/briefings",
	"/api/v1/briefings/", "/api/v1/entities", "/api/v1/entities/"}

// Whatever a client sends to a read route (any path segment, any query string), the answer is
// never a 500: a page or JSON for the route, or a 4xx that says what is wrong, JSON on the API.
func FuzzHandlers(f *testing.F) {
	for i, seed := range []struct{ seg, query string }{
		{"", "q=Bayramov"}, {"2026-05-16-01", ""}, {"", "section=foreign&facets=section,month:6&page=2"},
		{"2026-05-16", "page=2"}, {"jeyhun-bayramov", ""}, {"", "q=%22unclosed"}, {"", "q=a;b"},
		{"..%2f..%2fetc", "q=%zz"}, {"", "from=2026-13-01&sort=-date&after=x"}, {"", "type=person&q=バイラモフ"},
		{"", "q=month:2026-13"}, {"<script>", "q=<script>alert(1)</script>"},
	} {
		f.Add(uint8(i), seed.seg, seed.query)
	}
	srv := newTestServer(f, Options{})
	f.Fuzz(func(t *testing.T, route uint8, seg, query string) {
		path := fuzzRoutes[int(route)%len(fuzzRoutes)]
		if strings.HasSuffix(path, "/") {
			if seg == "" {
				seg = "x"
			}
			path += strings.ReplaceAll(seg, "/", "%2F")
		}
		target := path
		if query != "" {
			target += "?" + query
		}
		req, err := http.NewRequest(http.MethodGet, "http://briefsearch.test"+target, nil)
		if err != nil {
			return // not a URL any client could send
		}
		req.RemoteAddr = "192.0.2.1:1234"
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		ct := rec.Header().Get("Content-Type")
		switch {
		case rec.Code >= 500:
			t.Fatalf("GET %q: %d %s", target, rec.Code, rec.Body)
		case rec.Code >= 400 && strings.HasPrefix(req.URL.Path, "/api/"):
			var e apiError
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error.Message == "" {
				t.Fatalf("GET %q: %d is not a JSON error with a message: %s", target, rec.Code, rec.Body)
			}
		case rec.Code >= 400 && !strings.HasPrefix(ct, "text/html"):
			t.Fatalf("GET %q: %d page with content type %q", target, rec.Code, ct)
		}
		if strings.HasPrefix(ct, "text/html") && !utf8.Valid(rec.Body.Bytes()) {
			t.Fatalf("GET %q: the page is not UTF-8", target)
		}
	})
}
