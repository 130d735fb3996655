package main

// Crash safety, proven with a real process and SIGKILL: a server killed while its watcher
// builds, or while it takes an upload, leaves the served generation whole and every file of
// the archive complete or absent; started again, it catches up.

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"briefsearch/archive/forms"
	"briefsearch/bench/gen"
	"briefsearch/index"
	"briefsearch/search"
)

// serveChildEnv carries the config of a server child: this test binary, re-executed, runs
// runServe with it and prints "listening ADDR" once it answers.
const serveChildEnv = "BRIEFSEARCH_TEST_SERVE_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" { // a server's build (of a server child, too): this binary is briefsearch
		os.Exit(run(os.Args[1:]))
	}
	if c := os.Getenv(serveChildEnv); c != "" {
		os.Exit(runServeChild(c))
	}
	os.Exit(m.Run())
}

func runServeChild(config string) int {
	var cfg Config
	if err := json.Unmarshal([]byte(config), &cfg); err != nil {
		fmt.Println("error", err)
		return 2
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	err := runServe(context.Background(), cfg, logger, func(addr string) { fmt.Println("listening", addr) })
	fmt.Println("error", err)
	return 1
}

// child is a server process under test.
type child struct {
	cmd  *exec.Cmd
	base string
	logs *syncBuffer
}

// startChild starts a server process on cfg and waits until it answers.
func startChild(t *testing.T, cfg Config) *child {
	t.Helper()
	conf, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), serveChildEnv+"="+string(conf))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, logs: &syncBuffer{}}
	cmd.Stderr = c.logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.kill(t) })
	lines := bufio.NewScanner(out)
	addr := make(chan string, 1)
	go func() {
		for lines.Scan() {
			if a, ok := strings.CutPrefix(lines.Text(), "listening "); ok {
				addr <- a
			}
		}
	}()
	select {
	case a := <-addr:
		c.base = "http://" + a
	case <-time.After(2 * time.Minute):
		t.Fatalf("the server did not start; log:\n%s", c.logs.String())
	}
	return c
}

// kill sends SIGKILL: no cleanup of any kind runs.
func (c *child) kill(t *testing.T) {
	if c.cmd.ProcessState != nil {
		return
	}
	if err := c.cmd.Process.Kill(); err != nil {
		t.Logf("kill: %v", err)
	}
	_ = c.cmd.Wait()
}

// servedItems opens the index as a new server would and returns its item count; it fails the
// test when the current generation is not whole.
func servedItems(t *testing.T, root string) int {
	t.Helper()
	g, err := index.Open(root, index.OpenOptions{})
	if err != nil {
		t.Fatalf("the current generation does not open after the kill: %v", err)
	}
	g.Close()
	s, err := search.Open(search.Options{Root: root, Timeout: time.Minute, LoadLexicon: search.LoadLexicon})
	if err != nil {
		t.Fatalf("the current generation cannot be searched after the kill: %v", err)
	}
	defer s.Close()
	res, err := s.Search(context.Background(), search.Request{Query: "Bayramov"})
	if err != nil || res.Total < 4 {
		t.Fatalf("after the kill, Bayramov finds %v (%v)", res, err)
	}
	return s.Corpus().Items
}

// archiveWhole checks that every briefing file in the archive reads in full: a file is either
// complete or not there (the upload's temporary file is hidden, and no build reads it).
func archiveWhole(t *testing.T, dir string) {
	t.Helper()
	res, err := forms.LoadDir(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rejected) > 0 {
		t.Errorf("after the kill the archive holds files that do not read: %v", res.Rejected)
	}
}

func killTestConfig(t *testing.T, dir string) Config {
	t.Helper()
	cfg := serveTestConfig(t, filepath.Join(dir, "index"))
	cfg.Archive = filepath.Join(dir, "archive")
	cfg.Watch = WatchConfig{Enabled: true, Rescan: time.Hour, Settle: 50 * time.Millisecond, MaxBuild: time.Minute}
	cfg.Server.UploadMaxBytes = 8 << 20
	if err := os.MkdirAll(filepath.Join(cfg.Archive, "2026"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(cfg.Archive, "2026", "2026-05-16.txt"), string(mustRead(t, sampleBriefing)))
	return cfg
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Weeks arrive in the watched folder and the server is killed while it indexes them, at
// several moments; each time the index it leaves holds all of them or none, and the next start
// catches up.
func TestKillDuringWatchedBuild(t *testing.T) {
	dir := t.TempDir()
	cfg := killTestConfig(t, dir)
	weeks := syntheticWeeks(t, 5*12)
	root := cfg.Index
	interrupted := 0
	// Kills at moments in and around the build: once a build has begun writing its generation
	// (the surest moment), and at fixed delays after the copy that fall before, in or after it
	// (the watcher builds 300 ms after the last event, in a child process).
	for round, when := range []time.Duration{mid, 200 * time.Millisecond, mid, 900 * time.Millisecond, mid} {
		c := startChild(t, cfg)
		before := catchUp(t, c, cfg.Archive)
		batch := weeks[round*12 : (round+1)*12]
		added := 0
		for _, w := range batch {
			writeFile(t, filepath.Join(cfg.Archive, "2026", w.Name), string(w.Data))
			added += w.Items
		}
		if when == mid {
			awaitPartialGeneration(t, root)
		} else {
			time.Sleep(cfg.Watch.Settle + when)
		}
		c.kill(t)
		interrupted += partialGenerations(t, root)
		after := servedItems(t, root)
		if after != before && after != before+added {
			t.Errorf("round %d: %d items served, want %d (before) or %d (all added)", round, after, before, before+added)
		}
	}
	if interrupted < 3 {
		t.Errorf("%d kills interrupted a build, want at least the 3 made mid-build", interrupted)
	}
	// Started once more, the server catches up with every week.
	want := 18
	for _, w := range weeks {
		want += w.Items
	}
	if got := catchUp(t, startChild(t, cfg), cfg.Archive); got != want {
		t.Errorf("the archive holds %d items, want %d", got, want)
	}
	archiveWhole(t, cfg.Archive)
}

// catchUp waits until the server serves every item of its archive folder (its watcher's
// first build takes what arrived while it was down), and returns that count.
func catchUp(t *testing.T, c *child, archiveDir string) int {
	t.Helper()
	res, err := forms.LoadDir(context.Background(), archiveDir)
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, b := range res.Briefings {
		want += len(b.Items)
	}
	deadline := time.Now().Add(time.Minute)
	for servedItemsOver(t, c.base) != want {
		if time.Now().After(deadline) {
			t.Fatalf("the server does not catch up to the %d items of its archive; log:\n%s", want, c.logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	return want
}

// mid stands for "as soon as a build has begun writing its generation".
const mid = -1

// awaitPartialGeneration waits until a build has begun a generation folder (and not finished
// it), so that a kill lands mid-build.
func awaitPartialGeneration(t *testing.T, root string) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for partialGenerations(t, root) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no build began within a minute")
		}
		time.Sleep(time.Millisecond)
	}
}

// partialGenerations counts the generation folders a killed build left unfinished (no
// meta.json): the next build removes them.
func partialGenerations(t *testing.T, root string) int {
	t.Helper()
	dirs, _ := filepath.Glob(filepath.Join(root, "generations", "*"))
	n := 0
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "meta.json")); err != nil {
			n++
		}
	}
	return n
}

// servedItemsOver asks a running server how many items it serves.
func servedItemsOver(t *testing.T, base string) int {
	t.Helper()
	var ready struct{ Corpus struct{ Items int } }
	resp, err := http.Get(base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(&ready); err != nil {
		t.Fatal(err)
	}
	return ready.Corpus.Items
}

// An upload is killed mid-body and mid-indexing; the archive never holds part of the file.
func TestKillDuringUpload(t *testing.T) {
	dir := t.TempDir()
	cfg := killTestConfig(t, dir)
	weeks := syntheticWeeks(t, 6)
	for i, stage := range []struct {
		name  string
		body  float64       // share of the body sent before the kill (1 = all of it)
		after time.Duration // wait after the body before the kill
	}{
		{"mid-body", 0.5, 0},
		{"body sent", 1, 0},
		{"writing", 1, 20 * time.Millisecond},
		{"indexing", 1, 80 * time.Millisecond},
		{"done", 1, 2 * time.Second},
	} {
		t.Run(stage.name, func(t *testing.T) {
			c := startChild(t, cfg)
			before := catchUp(t, c, cfg.Archive)
			sendAndKill(t, c, cfg.Server.AdminToken, weeks[i], stage.body, stage.after)
			after := servedItems(t, cfg.Index)
			if after != before && after != before+weeks[i].Items {
				t.Errorf("%d items served, want %d (before) or %d (with the upload)", after, before, before+weeks[i].Items)
			}
			archiveWhole(t, cfg.Archive)
			if stage.name == "mid-body" {
				if _, err := os.Stat(filepath.Join(cfg.Archive, "2026", weeks[i].Name)); err == nil {
					t.Error("a file whose upload was cut off mid-body is in the archive")
				}
			}
		})
	}
}

// sendAndKill uploads w, sending share of the body (padded with a comment part so there is a
// body to cut), then kills the server after wait.
func sendAndKill(t *testing.T, c *child, token string, w gen.File, share float64, wait time.Duration) {
	t.Helper()
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	req, err := http.NewRequest(http.MethodPost, c.base+"/api/v1/briefings", pr)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
	}()
	fw, err := mw.CreateFormFile("file", w.Name)
	if err != nil {
		t.Fatal(err)
	}
	cut := int(float64(len(w.Data)) * share)
	if _, err := fw.Write(w.Data[:cut]); err != nil {
		t.Fatal(err)
	}
	if share < 1 {
		time.Sleep(200 * time.Millisecond) // the server holds half a file
		c.kill(t)
		pw.CloseWithError(io.ErrUnexpectedEOF)
		wg.Wait()
		return
	}
	mw.Close()
	pw.Close()
	time.Sleep(wait)
	c.kill(t)
	wg.Wait()
}
