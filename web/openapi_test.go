package web

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// redoclyCLI is pinned: a linter that changes under us would make this test flaky. 2.77.0
// supports node >=20.19 <21 and >=22.12 (checked with `npm view @redocly/cli@2.77.0 engines`).
const redoclyCLI = "@redocly/cli@2.77.0"

// TestOpenAPILint runs a real OpenAPI 3.1 validator over the embedded document, with
// Redocly's recommended rules; warnings fail too.
func TestOpenAPILint(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the npx download of " + redoclyCLI)
	}
	npx, err := exec.LookPath("npx")
	if err != nil {
		t.Fatal("npx (node >= 20.19) is needed to validate openapi.json with " + redoclyCLI + "; install nodejs and npm, or run with -short")
	}
	dir := t.TempDir()
	doc := filepath.Join(dir, "openapi.json")
	if err := os.WriteFile(doc, openAPIDoc, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, npx, "--yes", redoclyCLI, "lint", "--format=stylish", doc)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "REDOCLY_TELEMETRY=off", "REDOCLY_SUPPRESS_UPDATE_NOTICE=true", "NO_COLOR=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("redocly lint failed: %v\n%s", err, out)
	}
	// Exit status 0 still allows warnings; the summary line names them.
	if regexp.MustCompile(`You have \d+ warnings?`).Match(out) {
		t.Fatalf("redocly lint reported warnings:\n%s", out)
	}
}

func loadOpenAPI(t *testing.T) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	return doc
}

// TestSchemaCheckerCatches proves the response check used by TestOpenAPIPathsAnswer can fail.
func TestSchemaCheckerCatches(t *testing.T) {
	c := schemaChecker{doc: loadOpenAPI(t)}
	errSchema := map[string]any{"$ref": "#/components/schemas/Error"}
	tests := []struct {
		name, body string
		ok         bool
	}{
		{"valid", `{"error":{"code":"bad_query","message":"m"}}`, true},
		{"missing field", `{"error":{"code":"bad_query"}}`, false},
		{"wrong type", `{"error":{"code":1,"message":"m"}}`, false},
		{"extra field", `{"error":{"code":"x","message":"m","detail":"leak"}}`, false},
		{"not an object", `[]`, false},
	}
	for _, tt := range tests {
		var v any
		if err := json.Unmarshal([]byte(tt.body), &v); err != nil {
			t.Fatal(err)
		}
		errs := c.check("$", errSchema, v)
		if (len(errs) == 0) != tt.ok {
			t.Errorf("%s: errors %v, want ok=%v", tt.name, errs, tt.ok)
		}
	}
	if errs := c.check("$", map[string]any{"oneOf": []any{}}, nil); len(errs) == 0 {
		t.Error("an unsupported keyword went unnoticed")
	}
}

// TestOpenAPIPathsAnswer calls every documented operation, with good and bad input, and
// checks that each answer's status is documented and its JSON body fits the documented
// schema. It also checks that every machine route the server registers is documented.
func TestOpenAPIPathsAnswer(t *testing.T) {
	env := newTestEnv(t)
	token := strings.Repeat("t", 40)
	lib := testLibrary(t)
	srv := env.server(t, Options{AdminToken: token, Uploader: lib, Archive: lib})
	doc := loadOpenAPI(t)
	checker := schemaChecker{doc: doc}
	paths := doc["paths"].(map[string]any)

	item, briefing := env.briefings[0].Items[0].ID, env.briefings[0].ID
	// Requests per documented path: the happy one first, then ones that must fail.
	calls := map[string][]string{
		"/api/v1/search": {"?q=Bayramov", "?section=domestic&facets=section,month:6", "?q=%22unclosed", "?size=1000",
			"?q=Bairamov+after:2026-05-20", "?q=%E5%9C%B0%E9%9B%B7%E9%99%A4%E5%8E%BB+-Armenia+from:2026-05&section=military&size=0&facets=section:2&facets=month",
			"?section=militry"},
		"/api/v1/search.csv":      {"?q=Bayramov", "?q=x&page=2", "?q=バイラモフ&bom=0", "?q=x&bom=2", "?after=bogus"},
		"/api/v1/search.jsonl":    {"?q=Bayramov", "?q=%22unclosed"},
		"/api/v1/items/{id}":      {item, "1999-01-01-99"},
		"/api/v1/briefings":       {""},
		"/api/v1/briefings/{id}":  {briefing, "1999-01-01"},
		"/api/v1/entities":        {"?type=person&q=bayramov", "?q=%EF%BD%82ayramov&page=2&size=1", "?type=ship", "?size=1000", "?bogus=1"},
		"/api/v1/entities/{slug}": {"jeyhun-bayramov", "nobody-at-all"},
		"/api/v1/openapi.json":    {""},
		"/healthz":                {""},
		"/readyz":                 {""},
		"/metrics":                {""},
		"/admin/reload":           {"", "bad-token"},
		// A path parameter's argument may carry a query after "|".
		"/api/v1/items/{id}/cite":     {item, item + "|?format=bibtex", item + "|?format=ris", item + "|?format=csl-json", item + "|?format=docx", "1999-01-01-99"},
		"/api/v1/briefings/{id}/cite": {briefing + "|?format=csl-json", briefing + "|?style=apa", "1999-01-01"},
		"/api/v1/p/{hash}":            {env.briefings[0].Items[0].ShortHash(), env.briefings[0].Items[0].ContentHash(), "0123456789abcdef", "not-a-hash"},
		"/feeds/search.atom":          {"?q=Bayramov", "?section=foreign&month=2026-05", "?q=x&sort=date", "?q=%22unclosed"},
		"/feeds/latest.atom":          {"", "?q=x"},
	}
	maps.Copy(calls, timeCalls) // time_test.go: the timeline, facets and compare routes
	for path, item := range paths {
		ops := item.(map[string]any)
		if _, ok := calls[path]; !ok {
			t.Errorf("documented path %s has no calls in this test", path)
			continue
		}
		for method, op := range ops {
			if path == uploadRoute && method == "post" {
				checkUploads(t, srv, checker, op.(map[string]any), token)
				continue
			}
			for _, arg := range calls[path] {
				target := path + arg
				if pathParam.MatchString(path) {
					param, q, _ := strings.Cut(arg, "|")
					target = pathParam.ReplaceAllLiteralString(path, param) + q
				}
				req := httptest.NewRequest(strings.ToUpper(method), target, nil)
				if path == "/admin/reload" {
					req = httptest.NewRequest(strings.ToUpper(method), path, nil)
					req.Header.Set("Authorization", "Bearer "+token+arg)
				}
				rec := httptest.NewRecorder()
				srv.ServeHTTP(rec, req)
				checkDocumented(t, checker, op.(map[string]any), method+" "+target, rec)
			}
		}
	}
	// The reverse: no undocumented machine route.
	for _, r := range srv.echo.Routes() {
		if !wantsJSON(r.Path) || r.Method == http.MethodHead {
			continue
		}
		docPath := routeParam.ReplaceAllString(r.Path, "{$1}")
		ops, ok := paths[docPath].(map[string]any)
		if !ok || ops[strings.ToLower(r.Method)] == nil {
			t.Errorf("route %s %s is not in openapi.json", r.Method, r.Path)
		}
	}
}

// checkUploads posts a briefing, and what must be refused, and checks each answer against
// the document.
func checkUploads(t *testing.T, srv *Server, c schemaChecker, op map[string]any, token string) {
	t.Helper()
	week, err := os.ReadFile("testdata/briefings/2026-06-06.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct {
		name, token, file string
		data              []byte
		multipart         bool
		query             string
		status            int
	}{
		{"a briefing", token, "w.txt", week, true, "", 201},
		{"the same week", token, "w.txt", week, true, "", 409},
		{"no token", "", "w.txt", week, true, "", 401},
		{"not a briefing", token, "n.txt", []byte("shopping list\n"), true, "", 422},
		{"not multipart", token, "", week, false, "", 400},
		{"replace=maybe", token, "w.txt", week, true, "?replace=maybe", 400},
	} {
		body, ctype := &bytes.Buffer{}, "text/plain"
		if u.multipart {
			mw := multipart.NewWriter(body)
			fw, _ := mw.CreateFormFile("file", u.file)
			fw.Write(u.data)
			mw.Close()
			ctype = mw.FormDataContentType()
		} else {
			body.Write(u.data)
		}
		req := httptest.NewRequest(http.MethodPost, uploadRoute+u.query, body)
		req.Header.Set("Content-Type", ctype)
		if u.token != "" {
			req.Header.Set("Authorization", "Bearer "+u.token)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != u.status {
			t.Errorf("upload %s: %d %s, want %d", u.name, rec.Code, rec.Body, u.status)
		}
		checkDocumented(t, c, op, "POST "+uploadRoute+" ("+u.name+")", rec)
	}
}

// Path parameters as documented ({id}) and as routed (:id).
var (
	pathParam  = regexp.MustCompile(`\{[a-z]+\}`)
	routeParam = regexp.MustCompile(`:([a-z]+)`)
)

func checkDocumented(t *testing.T, c schemaChecker, op map[string]any, call string, rec *httptest.ResponseRecorder) {
	t.Helper()
	responses := op["responses"].(map[string]any)
	resp, ok := responses[strconv.Itoa(rec.Code)].(map[string]any)
	if !ok {
		t.Errorf("%s: status %d is not documented", call, rec.Code)
		return
	}
	if ref, ok := resp["$ref"].(string); ok {
		var err error
		if resp, err = c.resolve(ref); err != nil {
			t.Fatal(err)
		}
	}
	content, _ := resp["content"].(map[string]any)
	ct := rec.Header().Get("Content-Type")
	mediaType, _, _ := strings.Cut(ct, ";")
	media, ok := content[strings.TrimSpace(mediaType)].(map[string]any)
	if !ok {
		t.Errorf("%s: content type %q is not documented for %d (have %v)", call, ct, rec.Code, keys(content))
		return
	}
	headers, _ := resp["headers"].(map[string]any)
	for h := range headers {
		if rec.Header().Get(h) == "" {
			t.Errorf("%s: documented header %s is missing", call, h)
		}
	}
	if mediaType != "application/json" {
		return
	}
	var body any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Errorf("%s: body is not JSON: %v", call, err)
		return
	}
	for _, e := range c.check("$", media["schema"].(map[string]any), body) {
		t.Errorf("%s: %s", call, e)
	}
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
