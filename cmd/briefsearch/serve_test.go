package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"briefsearch/archive/forms"
)

// serveTestArchive is web's testdata: the sample briefing and one with stored markup.
const serveTestArchive = "../../web/testdata/briefings"

func serveTestConfig(t *testing.T, indexDir string) Config {
	t.Helper()
	cfg := Config{
		Archive:   serveTestArchive,
		Index:     indexDir,
		Gazetteer: shippedGazetteer,
		Glossary:  shippedGlossary,
		Server: ServerConfig{
			Addr:              "127.0.0.1:0",
			ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second,
			WriteTimeout: 30 * time.Second, IdleTimeout: 60 * time.Second, ShutdownTimeout: 10 * time.Second,
			MaxBodyBytes: 65536, MaxConcurrent: 8, RateLimit: 0,
			AdminToken: strings.Repeat("a", 32),
		},
		Search: SearchConfig{Timeout: 2 * time.Second, LockTimeout: 5 * time.Second},
		Log:    LogConfig{Level: "info", Format: "text"},
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// startServe runs runServe as main would, on a free loopback port, and returns its base URL
// and a stop func that shuts it down and returns runServe's error.
func startServe(t *testing.T, cfg Config, logs io.Writer) (string, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	done := make(chan error, 1)
	logger := slog.New(slog.NewTextHandler(logs, nil))
	go func() { done <- runServe(ctx, cfg, logger, func(a string) { addr <- a }) }()
	select {
	case a := <-addr:
		return "http://" + a, func() error { cancel(); return <-done }
	case err := <-done:
		cancel()
		t.Fatalf("runServe returned before serving: %v", err)
	case <-time.After(2 * time.Minute):
		cancel()
		t.Fatal("runServe did not start listening within 2 minutes")
	}
	return "", nil
}

// TestServeEndToEnd starts the real server over a fresh index folder, so it also proves the
// first-start build, then exercises every endpoint over real HTTP and shuts down cleanly.
func TestServeEndToEnd(t *testing.T) {
	var logs bytes.Buffer
	cfg := serveTestConfig(t, filepath.Join(t.TempDir(), "index"))
	base, stop := startServe(t, cfg, &logs)
	stopped := false
	defer func() {
		if !stopped {
			_ = stop()
		}
	}()
	if !strings.Contains(logs.String(), "building one from the archive") || !strings.Contains(logs.String(), "index built") {
		t.Errorf("the first-start build was not logged:\n%s", logs.String())
	}
	loaded, err := forms.LoadDir(context.Background(), serveTestArchive)
	if err != nil || len(loaded.Rejected) > 0 || len(loaded.Briefings) == 0 {
		t.Fatalf("testdata: %+v, %v", loaded, err)
	}
	briefings := loaded.Briefings
	item, briefing := briefings[0].Items[0].ID, briefings[0].ID

	// The done-when checks.
	var res struct {
		Total  int `json:"total"`
		Hits   []struct{ Highlights map[string][]string }
		Facets []struct{ Name string }
		Corpus struct{ Items int }
	}
	httpGetJSON(t, base+"/api/v1/search?q=Bayramov", 200, &res)
	if res.Total != 4 || len(res.Hits) != 4 || len(res.Facets) == 0 {
		t.Errorf("Bayramov: total %d, %d hits, %d facets; want 4, 4, some", res.Total, len(res.Hits), len(res.Facets))
	}
	for i, h := range res.Hits {
		if !strings.Contains(strings.Join(flattenHighlights(h.Highlights), " "), "<mark>Bayramov</mark>") {
			t.Errorf("hit %d lacks a Bayramov highlight", i)
		}
	}
	httpGetJSON(t, base+"/api/v1/search?section=domestic", 200, &res)
	if res.Total != 1 {
		t.Errorf("section=domestic: %d items, want 1", res.Total)
	}
	var apiErr struct {
		Error struct{ Code, Message string }
	}
	httpGetJSON(t, base+"/api/v1/search?q=%22unclosed", 400, &apiErr)
	if apiErr.Error.Code != "bad_query" || !strings.Contains(apiErr.Error.Message, "quote") {
		t.Errorf("unclosed quote: %+v", apiErr)
	}
	// Entities: the Japanese alias finds the same items, and the entity endpoints answer from
	// the lexicon snapshot of the generation the first-start build made.
	httpGetJSON(t, base+"/api/v1/search?q=%E3%83%90%E3%82%A4%E3%83%A9%E3%83%A2%E3%83%95", 200, &res) // バイラモフ
	if res.Total != 4 {
		t.Errorf("バイラモフ: total %d, want 4", res.Total)
	}
	var entities struct {
		Entities []struct {
			Slug      string `json:"slug"`
			ItemCount int    `json:"item_count"`
		} `json:"entities"`
	}
	httpGetJSON(t, base+"/api/v1/entities?type=person&q=bayramov", 200, &entities)
	if len(entities.Entities) != 1 || entities.Entities[0].Slug != "jeyhun-bayramov" || entities.Entities[0].ItemCount != 4 {
		t.Errorf("entities q=bayramov: %+v", entities)
	}
	var bayramov struct {
		NamesJapanese []string `json:"names_japanese"`
		Items         []struct{ ID string }
	}
	httpGetJSON(t, base+"/api/v1/entities/jeyhun-bayramov", 200, &bayramov)
	if len(bayramov.Items) != 4 || len(bayramov.NamesJapanese) == 0 {
		t.Errorf("entity jeyhun-bayramov: %+v", bayramov)
	}
	httpGet(t, base+"/entities/jeyhun-bayramov", 200, "text/html")
	httpGet(t, base+"/api/v1/entities/nobody-at-all", 404, "application/json")

	body := httpGet(t, base+"/api/v1/search.csv?q=Bayramov", 200, "text/csv")
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll() // the BOM Excel needs
	if err != nil || len(rows) != 5 || rows[0][0] != "id" {
		t.Errorf("csv: %d rows (want header + 4), err %v", len(rows), err)
	}

	// Every other endpoint answers.
	if n := strings.Count(strings.TrimSpace(httpGet(t, base+"/api/v1/search.jsonl?q=Bayramov", 200, "application/x-ndjson")), "\n"); n != 3 {
		t.Errorf("jsonl: %d lines, want 4", n+1)
	}
	for _, c := range []struct {
		path, ctype string
		status      int
	}{
		{"/api/v1/items/" + item, "application/json", 200},
		{"/api/v1/items/1999-01-01-01", "application/json", 404},
		{"/api/v1/briefings", "application/json", 200},
		{"/api/v1/briefings/" + briefing, "application/json", 200},
		{"/api/v1/openapi.json", "application/json", 200},
		{"/healthz", "application/json", 200},
		{"/readyz", "application/json", 200},
		{"/metrics", "text/plain", 200},
		{"/", "text/html", 200},
		{"/?q=Bayramov&section=foreign", "text/html", 200},
		{"/items/" + item, "text/html", 200},
		{"/briefings", "text/html", 200},
		{"/briefings/" + briefing, "text/html", 200},
		{"/nowhere", "text/html", 404},
	} {
		httpGet(t, base+c.path, c.status, c.ctype)
	}
	page := httpGet(t, base+"/", 200, "text/html")
	css := textBetween(page, `<link rel="stylesheet" href="`, `"`)
	if httpGet(t, base+css, 200, "text/css") == "" {
		t.Error("empty stylesheet")
	}
	if m := httpGet(t, base+"/metrics", 200, "text/plain"); !strings.Contains(m, `briefsearch_http_requests_total{route="/api/v1/search",status="200"}`) {
		t.Errorf("metrics do not count the searches:\n%s", m)
	}

	// Admin reload with the configured token; wrong tokens are refused.
	for token, want := range map[string]int{cfg.Server.AdminToken: 200, "wrong": 401} {
		req, _ := http.NewRequest(http.MethodPost, base+"/admin/reload", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("reload with token %.5s…: %d, want %d", token, resp.StatusCode, want)
		}
	}

	stopped = true
	if err := stop(); err != nil {
		t.Errorf("shutdown: %v", err)
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("still answering after shutdown")
	}
	if !strings.Contains(logs.String(), "stopped") {
		t.Errorf("no clean stop in the log:\n%s", logs.String())
	}

	// A second start finds the index and does not build again.
	logs.Reset()
	base, stop = startServe(t, cfg, &logs)
	httpGet(t, base+"/readyz", 200, "application/json")
	if err := stop(); err != nil {
		t.Errorf("second shutdown: %v", err)
	}
	if strings.Contains(logs.String(), "building") {
		t.Errorf("the second start rebuilt the index:\n%s", logs.String())
	}
}

func httpGet(t *testing.T, url string, status int, ctype string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	if resp.StatusCode != status || !strings.HasPrefix(resp.Header.Get("Content-Type"), ctype) {
		t.Errorf("GET %s: %d %s, want %d %s", url, resp.StatusCode, resp.Header.Get("Content-Type"), status, ctype)
	}
	if resp.Header.Get("Content-Security-Policy") == "" {
		t.Errorf("GET %s: no Content-Security-Policy", url)
	}
	return string(b)
}

func httpGetJSON(t *testing.T, url string, status int, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(httpGet(t, url, status, "application/json")), v); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}

func flattenHighlights(m map[string][]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v...)
	}
	return out
}

func textBetween(s, start, end string) string {
	_, after, ok := strings.Cut(s, start)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(after, end)
	return v
}
