package main

import (
	"briefsearch/ingest"
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The lexicon files the project ships.
const (
	shippedGazetteer = "../../archive/lexicon/gazetteer.yaml"
	shippedGlossary  = "../../archive/lexicon/glossary.yaml"
)

// testConfig points at a copy of the shipped archive in a temporary folder, with the shipped
// gazetteer and glossary.
func testConfig(t *testing.T, extraFiles map[string]string) Config {
	t.Helper()
	dir := t.TempDir()
	archiveDir := filepath.Join(dir, "archive")
	if err := os.MkdirAll(archiveDir, 0o755); err != nil {
		t.Fatal(err)
	}
	sample, err := os.ReadFile("../../archive/briefings/2026-05-16.txt")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{"2026-05-16.txt": string(sample)}
	for k, v := range extraFiles {
		files[k] = v
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(archiveDir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return Config{Archive: archiveDir, Index: filepath.Join(dir, "index"),
		Gazetteer: shippedGazetteer, Glossary: shippedGlossary,
		Search: SearchConfig{Timeout: 2 * time.Second, LockTimeout: time.Second}}
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func TestRunIndex(t *testing.T) {
	cfg := testConfig(t, nil)
	var out, progress bytes.Buffer
	if err := runIndex(context.Background(), cfg, ingest.Update, quiet, &out, &progress); err != nil {
		t.Fatal(err)
	}
	report := regexp.MustCompile(`^indexed 1 briefing, 18 items in \S+ \(\d+ items/s\): generation \S+\n` +
		`briefings by form: 1 text \(1 file read, 0 known unchanged\)\n$`)
	if !report.MatchString(out.String()) {
		t.Errorf("report = %q", out.String())
	}
	// Again, nothing changed: nothing is read and no generation is written.
	out.Reset()
	if err := runIndex(context.Background(), cfg, ingest.Update, quiet, &out, &progress); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^index up to date: 1 briefing, 18 items .*\nbriefings by form: 1 text \(0 files read, 1 known unchanged\)\n$`).MatchString(out.String()) {
		t.Errorf("second report = %q", out.String())
	}
	// Not a terminal: plain lines, not a bar's control characters.
	if progress.String() != "indexing: 18 of 18 items\n" {
		t.Errorf("progress = %q", progress.String())
	}
}

func TestRunIndexRejectsBadFilesButIndexesTheRest(t *testing.T) {
	cfg := testConfig(t, map[string]string{"notes.txt": "shopping list\nmilk\n"})
	var out bytes.Buffer
	err := runIndex(context.Background(), cfg, ingest.Update, quiet, &out, nil)
	if err == nil || !isReported(err) {
		t.Fatalf("err = %v, want a reported error (exit status 1)", err)
	}
	if !strings.Contains(out.String(), "indexed 1 briefing, 18 items") {
		t.Errorf("the good file was not indexed: %q", out.String())
	}
	if !regexp.MustCompile(`rejected 1 file:\n  \S*notes\.txt(:\d+)?: .+\n`).MatchString(out.String()) {
		t.Errorf("rejected file not reported as file:line: reason: %q", out.String())
	}
	var sout bytes.Buffer
	if err := runSearch(context.Background(), cfg, searchRequest("Bayramov"), false, &sout); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(sout.String(), "4 items match") {
		t.Errorf("search after a build with a rejected file: %q", sout.String())
	}
}

func TestRunIndexEmptyArchive(t *testing.T) {
	dir := t.TempDir()
	cfg := Config{Archive: dir, Index: filepath.Join(dir, "index")}
	if err := runIndex(context.Background(), cfg, ingest.Update, quiet, io.Discard, nil); err == nil || !strings.Contains(err.Error(), "no briefing to index") {
		t.Errorf("empty archive: %v", err)
	}
}

// The progress bar is for terminals only; anything else gets lines.
func TestProgressChoosesLinesOffTerminal(t *testing.T) {
	var b bytes.Buffer
	if p := newProgress(&b); p.bar != nil || p.lines == nil {
		t.Error("a buffer got a progress bar")
	}
	if p := newProgress(nil); p.bar != nil || p.lines != nil {
		t.Error("nil writer is not silent")
	}
	f, err := os.CreateTemp(t.TempDir(), "log")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if isTerminal(f) {
		t.Error("a regular file is taken for a terminal")
	}
}
