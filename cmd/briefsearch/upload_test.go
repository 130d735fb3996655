package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"briefsearch/bench/gen"
)

// syntheticWeeks returns n synthetic weekly briefings after the sample's week, as text.
func syntheticWeeks(t *testing.T, n int) []gen.File {
	t.Helper()
	first := time.Date(2026, 5, 23, 0, 0, 0, 0, time.UTC)
	files, err := gen.Files(gen.Options{Items: n * gen.PerIssue, Seed: 11, First: first, Last: first.AddDate(0, 0, 7*(n-1))})
	if err != nil || len(files) != n {
		t.Fatalf("generating %d weeks: %d, %v", n, len(files), err)
	}
	return files
}

// upload posts a file as the multipart field "file".
func upload(t *testing.T, base, token, name string, data []byte, query string) (int, map[string]any) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, base+"/api/v1/briefings"+query, &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	b, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("upload %s: %d, not JSON: %s", name, resp.StatusCode, b)
	}
	return resp.StatusCode, out
}

func errorCode(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	code, _ := e["code"].(string)
	msg, _ := e["message"].(string)
	return code + ": " + msg
}

// The server takes new briefings from uploads and from its watched folder, and answers from
// them when the upload returns, or within the watcher's settle time.
func TestServeUploadsAndWatches(t *testing.T) {
	dir := t.TempDir()
	archiveDir := filepath.Join(dir, "archive")
	if err := os.MkdirAll(filepath.Join(archiveDir, "2026"), 0o755); err != nil {
		t.Fatal(err)
	}
	sample, err := os.ReadFile(sampleBriefing)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(archiveDir, "2026", "2026-05-16.txt"), string(sample))
	cfg := serveTestConfig(t, filepath.Join(dir, "index"))
	cfg.Archive = archiveDir
	cfg.Watch = WatchConfig{Enabled: true, Rescan: time.Hour, Settle: 200 * time.Millisecond, MaxBuild: time.Minute}
	cfg.Server.UploadMaxBytes = 256 << 10
	token := cfg.Server.AdminToken
	var logs syncBuffer
	base, stop := startServe(t, cfg, &logs)
	defer func() {
		if err := stop(); err != nil {
			t.Errorf("shutdown: %v", err)
		}
	}()
	weeks := syntheticWeeks(t, 3)
	listing := func() []string {
		var files []string
		filepath.WalkDir(archiveDir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				files = append(files, strings.TrimPrefix(p, archiveDir))
			}
			return nil
		})
		return files
	}
	before := listing()

	for _, c := range []struct {
		name, token, file string
		data              []byte
		status            int
		code              string
	}{
		{"no token", "", "w.txt", weeks[0].Data, 401, "unauthorized"},
		{"wrong token", strings.Repeat("b", 32), "w.txt", weeks[0].Data, 401, "unauthorized"},
		{"not a briefing", token, "notes.txt", []byte("shopping list\nmilk\n"), 422, "not_a_briefing: notes.txt: no items"},
		{"a scan-like PDF", token, "scan.pdf", []byte("%PDF-1.4\n%%EOF\n"), 422, "not_a_briefing: scan.pdf: not a readable PDF"},
		{"too large", token, "big.txt", bytes.Repeat([]byte("x"), 300<<10), 413, "file_too_large"},
	} {
		status, body := upload(t, base, c.token, c.file, c.data, "")
		if status != c.status || !strings.HasPrefix(errorCode(body), c.code) {
			t.Errorf("%s: %d %s, want %d %s", c.name, status, errorCode(body), c.status, c.code)
		}
	}
	if after := listing(); !slices.Equal(after, before) {
		t.Errorf("refused uploads changed the archive: %q -> %q", before, after)
	}

	status, body := upload(t, base, token, "week.txt", weeks[0].Data, "")
	id := strings.TrimSuffix(weeks[0].Name, ".txt")
	if status != 201 || body["id"] != id || body["path"] != "2026/"+weeks[0].Name || body["searchable"] != true {
		t.Fatalf("upload: %d %v", status, body)
	}
	// Searchable when the response returns.
	var brief struct{ Items []struct{ ID string } }
	httpGetJSON(t, base+"/api/v1/briefings/"+id, 200, &brief)
	if len(brief.Items) == 0 || body["items"] != float64(len(brief.Items)) {
		t.Errorf("the uploaded week: %d items served, %v uploaded", len(brief.Items), body["items"])
	}
	status, body = upload(t, base, token, "again.txt", weeks[0].Data, "")
	if status != 409 || !strings.HasPrefix(errorCode(body), "week_exists") {
		t.Errorf("the same week again: %d %s", status, errorCode(body))
	}
	if status, body = upload(t, base, token, "again.md", weeks[0].Data, "?replace=maybe"); status != 400 {
		t.Errorf("replace=maybe: %d %v", status, body)
	}
	status, body = upload(t, base, token, "corrected.md", weeks[0].Data, "?replace=true")
	if status != 201 || body["path"] != "2026/"+id+".md" || fmt.Sprint(body["replaced"]) != "[2026/"+weeks[0].Name+"]" {
		t.Errorf("replace: %d %v", status, body)
	}

	// A file copied into the folder is served once it settles.
	id2 := strings.TrimSuffix(weeks[1].Name, ".txt")
	writeFile(t, filepath.Join(archiveDir, "2026", weeks[1].Name), string(weeks[1].Data))
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(base + "/api/v1/briefings/" + id2)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the copied week is not served after 30 s; log:\n%s", logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	// A bad file copied in is reported in /readyz, and the server stays ready.
	writeFile(t, filepath.Join(archiveDir, "2026", "draft.txt"), "not yet\n")
	var ready struct {
		Status  string
		Archive struct {
			Rejected int      `json:"rejected"`
			Files    []string `json:"rejected_files"`
		}
	}
	for deadline = time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		httpGetJSON(t, base+"/readyz", 200, &ready)
		if ready.Archive.Rejected == 1 || time.Now().After(deadline) {
			break
		}
	}
	if ready.Status != "ready" || ready.Archive.Rejected != 1 || len(ready.Archive.Files) != 1 || !strings.Contains(ready.Archive.Files[0], "draft.txt: no items") {
		t.Errorf("readyz after a bad file: %+v", ready)
	}
	if m := httpGet(t, base+"/metrics", 200, "text/plain"); !strings.Contains(m, "briefsearch_archive_rejected_files 1\n") {
		t.Errorf("metrics do not count the rejected file")
	}
}

// syncBuffer is a log sink that a server's goroutines may write to while a test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
