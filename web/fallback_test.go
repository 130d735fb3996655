package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"briefsearch/index"
	"briefsearch/search"
)

// A server started while the current generation does not open serves the one before and says
// so everywhere an operator looks: /readyz (with the reason), /metrics, and a reload that is
// refused with the reason while the older generation keeps serving.
func TestFallbackIsReported(t *testing.T) {
	root := t.TempDir()
	if _, err := buildTestIndex(root, testdataArchive); err != nil {
		t.Fatal(err)
	}
	older, err := index.CurrentDir(root)
	if err != nil {
		t.Fatal(err)
	}
	env, err := buildTestIndex(root, testdataArchive)
	if err != nil {
		t.Fatal(err)
	}
	current, err := index.CurrentDir(root)
	if err != nil || current == older {
		t.Fatalf("the second build did not make a new generation: %s (%v)", current, err)
	}
	if err := os.Remove(filepath.Join(current, "meta.json")); err != nil {
		t.Fatal(err)
	}
	env.root = root
	token := strings.Repeat("k", 40)
	srv := env.server(t, Options{AdminToken: token})
	doc := loadOpenAPI(t)
	checker := schemaChecker{doc: doc}
	paths := doc["paths"].(map[string]any)

	rec := do(t, srv, "GET", "/readyz", nil)
	checkDocumented(t, checker, paths["/readyz"].(map[string]any)["get"].(map[string]any), "GET /readyz", rec)
	var st struct {
		Corpus search.Corpus `json:"corpus"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &st); err != nil {
		t.Fatal(err)
	}
	fb := st.Corpus.Fallback
	switch {
	case st.Corpus.Generation != filepath.Base(older):
		t.Errorf("serving %s, want the older generation %s", st.Corpus.Generation, filepath.Base(older))
	case fb == nil:
		t.Errorf("readyz does not say the server falls back: %s", rec.Body)
	case fb.Current != filepath.Base(current) || !strings.Contains(fb.Reason, "meta.json"):
		t.Errorf("fallback %+v: want current %s and a reason naming meta.json", fb, filepath.Base(current))
	}
	if m := do(t, srv, "GET", "/metrics", nil).Body.String(); !strings.Contains(m, "briefsearch_index_fallback 1\n") {
		t.Errorf("metrics do not report the fallback")
	}

	req := httptest.NewRequest(http.MethodPost, "/admin/reload", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	rec = httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	checkDocumented(t, checker, paths["/admin/reload"].(map[string]any)["post"].(map[string]any), "POST /admin/reload", rec)
	if e := decodeError(t, rec, http.StatusConflict); !strings.Contains(e.Error.Message, "meta.json") {
		t.Errorf("the refused reload does not say why: %q", e.Error.Message)
	}
	if got := srv.opts.Index.Corpus().Generation; got != filepath.Base(older) {
		t.Errorf("after the refused reload: serving %s, want %s still", got, filepath.Base(older))
	}
	if rec := do(t, srv, "GET", "/api/v1/search?q=Bayramov", nil); rec.Code != 200 {
		t.Errorf("search on the fallback: %d", rec.Code)
	}
}

// A server on an intact generation reports no fallback.
func TestNoFallbackReportedWhenIntact(t *testing.T) {
	srv := newTestServer(t, Options{})
	if body := do(t, srv, "GET", "/readyz", nil).Body.String(); strings.Contains(body, "fallback") {
		t.Errorf("readyz reports a fallback on an intact index: %s", body)
	}
	if m := do(t, srv, "GET", "/metrics", nil).Body.String(); !strings.Contains(m, "briefsearch_index_fallback 0\n") {
		t.Errorf("metrics do not report 0 fallback")
	}
}
