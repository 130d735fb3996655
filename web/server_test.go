package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
)

// Tests of the middleware and error paths, through the real router over the real index.

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	srv := newTestServer(t, Options{})
	for _, target := range []string{"/", "/?q=Bayramov", "/items/nope", "/api/v1/search?q=%22unclosed",
		"/nowhere", "/api/v1/nowhere", "/healthz", "/static/nope.css"} {
		rec := do(t, srv, http.MethodGet, target, nil)
		h := rec.Header()
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'none'", "frame-ancestors 'none'", "style-src 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", target, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "script-src 'self'") {
			t.Errorf("%s: CSP allows script: %q", target, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: headers %v", target, h)
		}
	}
}

func TestErrorStatuses(t *testing.T) {
	srv := newTestServer(t, Options{MaxBodyBytes: 1024})
	long := "/api/v1/search?q=" + strings.Repeat("a", MaxURLBytes)
	tests := []struct {
		name, method, target string
		body                 string
		status               int
		code                 string
		msg                  string // substring of the message
	}{
		{"unclosed quote", "GET", "/api/v1/search?q=%22unclosed", "", 400, "bad_query", "quote"},
		{"size over the cap", "GET", "/api/v1/search?size=1000", "", 400, "bad_query", "size"},
		{"query too long", "GET", "/api/v1/search?q=" + strings.Repeat("x", 513), "", 400, "bad_query", "513 characters"},
		{"unknown parameter", "GET", "/api/v1/search?qq=x", "", 400, "bad_query", `"qq"`},
		{"unknown item", "GET", "/api/v1/items/2026-05-16-99", "", 404, "not_found", "no such"},
		{"unknown briefing", "GET", "/api/v1/briefings/1999-01-01", "", 404, "not_found", "no such"},
		{"unknown path", "GET", "/api/v1/nowhere", "", 404, "not_found", "no such page"},
		{"POST on a read route", "POST", "/api/v1/search", "", 405, "method_not_allowed", "GET"},
		{"DELETE on an item", "DELETE", "/api/v1/items/2026-05-16-01", "", 405, "method_not_allowed", "GET"},
		{"URL over 4 KB", "GET", long, "", 414, "uri_too_long", "4096"},
		{"body over the cap", "GET", "/api/v1/search", strings.Repeat("x", 2048), 413, "body_too_large", "1024 bytes"},
		{"admin route absent without a token", "POST", "/admin/reload", "", 404, "not_found", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(t, srv, tt.method, tt.target, strings.NewReader(tt.body))
			e := decodeError(t, rec, tt.status)
			if e.Error.Code != tt.code || !strings.Contains(e.Error.Message, tt.msg) {
				t.Errorf("error = %+v, want code %s and message containing %q", e.Error, tt.code, tt.msg)
			}
			if tt.status == 405 && !strings.Contains(rec.Header().Get("Allow"), "GET") {
				t.Errorf("405 without an Allow header: %v", rec.Header())
			}
		})
	}
}

func TestUnclosedQuoteMessageSaysWhere(t *testing.T) {
	srv := newTestServer(t, Options{})
	rec := do(t, srv, "GET", "/api/v1/search?q=%22unclosed", nil)
	e := decodeError(t, rec, 400)
	if !strings.Contains(e.Error.Message, "column") {
		t.Errorf("message %q does not say where the problem is", e.Error.Message)
	}
}

func TestRateLimitKeysOnPeerUnlessProxyTrusted(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 5, 16, 0, 0, 0, 0, time.UTC)}
	t.Run("direct", func(t *testing.T) {
		srv := newTestServer(t, Options{RateLimit: 1, RateBurst: 2, Now: clock.now})
		for i := range 2 {
			rec := doFrom(t, srv, "192.0.2.1:1000", "198.51.100."+string(rune('1'+i)))
			if rec.Code != 200 {
				t.Fatalf("request %d within the burst: %d", i+1, rec.Code)
			}
		}
		// Rotating X-Forwarded-For must not buy a fresh budget.
		rec := doFrom(t, srv, "192.0.2.1:1001", "203.0.113.9")
		decodeError(t, rec, http.StatusTooManyRequests)
		if rec.Header().Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
		if rec := doFrom(t, srv, "192.0.2.2:1000", ""); rec.Code != 200 {
			t.Errorf("another peer was limited: %d", rec.Code)
		}
		if rec := doFrom(t, srv, "192.0.2.1:1000", ""); rec.Code != 429 {
			t.Errorf("probe routes aside, the limited peer got %d", rec.Code)
		}
		if rec := do(t, srv, "GET", "/healthz", nil); rec.Code != 200 {
			t.Errorf("healthz is throttled: %d", rec.Code)
		}
	})
	t.Run("trusted proxy", func(t *testing.T) {
		srv := newTestServer(t, Options{RateLimit: 1, RateBurst: 1, Now: clock.now, TrustedProxies: []string{"10.0.0.0/8"}})
		for _, client := range []string{"198.51.100.1", "198.51.100.2", "198.51.100.3"} {
			if rec := doFrom(t, srv, "10.1.2.3:5000", client); rec.Code != 200 {
				t.Errorf("client %s behind the trusted proxy: %d", client, rec.Code)
			}
		}
		if rec := doFrom(t, srv, "10.1.2.3:5000", "198.51.100.1"); rec.Code != 429 {
			t.Errorf("a client behind the proxy over its budget: %d", rec.Code)
		}
		// An untrusted peer's header is still ignored.
		doFrom(t, srv, "192.0.2.7:1", "198.51.100.50")
		if rec := doFrom(t, srv, "192.0.2.7:1", "198.51.100.51"); rec.Code != 429 {
			t.Errorf("untrusted peer rotated X-Forwarded-For past the limit: %d", rec.Code)
		}
	})
}

func TestConcurrencyCapAnswers503(t *testing.T) {
	srv := newTestServer(t, Options{MaxConcurrent: 2})
	for range cap(srv.slots) {
		srv.slots <- struct{}{} // two requests hold the index
	}
	// Searches have been taking longer than the deadline: no wait in line can help.
	srv.admission.learn(3 * time.Second)
	rec := do(t, srv, "GET", "/api/v1/search?q=Bayramov", nil)
	e := decodeError(t, rec, http.StatusServiceUnavailable)
	if e.Error.Code != "overloaded" || rec.Header().Get("Retry-After") == "" {
		t.Errorf("got %+v, Retry-After %q", e, rec.Header().Get("Retry-After"))
	}
	for _, p := range []string{"/healthz", "/metrics", "/api/v1/openapi.json"} {
		if rec := do(t, srv, "GET", p, nil); rec.Code != 200 {
			t.Errorf("%s while the index is busy: %d", p, rec.Code)
		}
	}
	<-srv.slots
	if rec := do(t, srv, "GET", "/api/v1/search?q=Bayramov", nil); rec.Code != 200 {
		t.Errorf("after a slot freed: %d", rec.Code)
	}
}

func TestPanicIsRecovered(t *testing.T) {
	srv := newTestServer(t, Options{})
	srv.echo.GET("/api/v1/panic", func(echo.Context) error { panic("bleve: nil document /secret/path") }, markMatched)
	rec := do(t, srv, "GET", "/api/v1/panic", nil)
	e := decodeError(t, rec, 500)
	if e.Error.Code != "internal" || strings.Contains(rec.Body.String(), "secret") {
		t.Errorf("panic answer %q", rec.Body.String())
	}
	if rec := do(t, srv, "GET", "/api/v1/search?q=Bayramov", nil); rec.Code != 200 {
		t.Errorf("after a panic: %d", rec.Code)
	}
	if m := do(t, srv, "GET", "/metrics", nil).Body.String(); !strings.Contains(m, "briefsearch_http_panics_total 1") {
		t.Errorf("panic not counted:\n%s", m)
	}
}

func TestHeadIsAnswered(t *testing.T) {
	srv := newTestServer(t, Options{})
	rec := do(t, srv, http.MethodHead, "/api/v1/search?q=Bayramov", nil)
	if rec.Code != 200 {
		t.Errorf("HEAD: %d", rec.Code)
	}
}

func TestReadyzDrains(t *testing.T) {
	srv := newTestServer(t, Options{})
	if rec := do(t, srv, "GET", "/readyz", nil); rec.Code != 200 || !strings.Contains(rec.Body.String(), `"ready"`) {
		t.Fatalf("readyz: %d %s", rec.Code, rec.Body)
	}
	srv.Drain()
	if rec := do(t, srv, "GET", "/readyz", nil); rec.Code != 503 {
		t.Errorf("readyz while draining: %d", rec.Code)
	}
	if rec := do(t, srv, "GET", "/healthz", nil); rec.Code != 200 {
		t.Errorf("healthz while draining: %d", rec.Code)
	}
}

func TestAdminReload(t *testing.T) {
	token := strings.Repeat("k", 40)
	srv := newTestServer(t, Options{AdminToken: token})
	for _, auth := range []string{"", "Bearer ", "Bearer " + token + "x", "Basic " + token, "Bearer" + token} {
		req := httptest.NewRequest(http.MethodPost, "/admin/reload", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		decodeError(t, rec, http.StatusUnauthorized)
		if rec.Header().Get("WWW-Authenticate") == "" {
			t.Errorf("%q: 401 without WWW-Authenticate", auth)
		}
	}
	// The scheme is case-insensitive (RFC 7235): "bearer" is as good as "Bearer".
	req := httptest.NewRequest(http.MethodPost, "/admin/reload", nil)
	req.Header.Set("Authorization", "bearer "+token)
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Fatalf("reload with the token: %d %s", rec.Code, rec.Body)
	}
	var got reloadResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || got.Corpus.Generation == "" || got.Previous == "" {
		t.Errorf("reload answer %s (%v)", rec.Body, err)
	}
	if rec := do(t, srv, "GET", "/admin/reload", nil); rec.Code != 405 {
		t.Errorf("GET /admin/reload: %d", rec.Code)
	}
}

func TestMetricsCountRoutesNotURLs(t *testing.T) {
	env := newTestEnv(t)
	srv := env.server(t, Options{})
	do(t, srv, "GET", "/api/v1/items/2026-05-16-01", nil)
	do(t, srv, "GET", "/api/v1/items/2026-05-16-02", nil)
	do(t, srv, "GET", "/made/up/path/1", nil)
	do(t, srv, "GET", "/made/up/path/2", nil)
	m := do(t, srv, "GET", "/metrics", nil)
	if ct := m.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("content type %q", ct)
	}
	body := m.Body.String()
	for _, want := range []string{
		`briefsearch_http_requests_total{route="/api/v1/items/:id",status="200"} 2`,
		`briefsearch_http_requests_total{route="unmatched",status="404"} 2`,
		fmt.Sprintf("briefsearch_index_items %d\n", env.items),
		`briefsearch_index_generation_info{generation="`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if strings.Contains(body, "made/up") {
		t.Error("raw URLs leaked into metric labels")
	}
}

// do sends one request through the real router.
func do(t *testing.T, srv *Server, method, target string, body *strings.Reader) *httptest.ResponseRecorder {
	t.Helper()
	var req *http.Request
	if body != nil && body.Len() > 0 {
		req = httptest.NewRequest(method, target, body)
	} else {
		req = httptest.NewRequest(method, target, nil)
	}
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	return rec
}

// doFrom searches as a peer address, optionally claiming a client with X-Forwarded-For.
func doFrom(t *testing.T, srv *Server, peer, xff string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "/api/v1/search?q=Bayramov&facets=", nil)
	req.RemoteAddr = peer
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	return rec
}

func decodeError(t *testing.T, rec *httptest.ResponseRecorder, status int) apiError {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status %d, want %d; body %s", rec.Code, status, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("error content type %q", ct)
	}
	var e apiError
	dec := json.NewDecoder(rec.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
		t.Fatalf("error body is not {\"error\":{code,message}}: %v", err)
	}
	return e
}
