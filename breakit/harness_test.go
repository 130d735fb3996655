package breakit

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"briefsearch/bench/gen"
)

// long is the full audit (scripts/breakit --long); the short form runs in CI.
var long = os.Getenv("BREAKIT_LONG") != ""

// bin is the briefsearch binary under test, built once.
var bin string

// token is the admin token every server here is given.
var token = strings.Repeat("k", 40)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "breakit-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	bin = filepath.Join(dir, "briefsearch")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/briefsearch").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building briefsearch: %v\n%s", err, out)
		os.Exit(2)
	}
	code := m.Run()
	report()
	os.RemoveAll(dir)
	os.Exit(code)
}

// times is n in the short form, full in the long one.
func times(n, full int) int {
	if long {
		return full
	}
	return n
}

// result is one row of the table.
type result struct {
	scenario string
	count    int
	held     string
	took     time.Duration
	peakKiB  int64
	failed   bool
	figures  string // what was measured, for the table
}

var (
	resultsMu sync.Mutex
	results   []result
	figures   = map[string]string{} // by test name
)

// measured notes figures for the test's row of the table.
func measured(t *testing.T, format string, args ...any) {
	t.Logf(format, args...)
	resultsMu.Lock()
	defer resultsMu.Unlock()
	figures[t.Name()] = fmt.Sprintf(format, args...)
}

// record adds the scenario's row when it ends (held is what the scenario proved; a failed
// test's row says FAILED).
func record(t *testing.T, scenario string, count int, held string, start time.Time, peakKiB *int64) {
	t.Cleanup(func() {
		resultsMu.Lock()
		defer resultsMu.Unlock()
		var peak int64
		if peakKiB != nil {
			peak = *peakKiB
		}
		results = append(results, result{scenario, count, held, time.Since(start), peak, t.Failed(), figures[t.Name()]})
	})
}

func report() {
	resultsMu.Lock()
	defer resultsMu.Unlock()
	sort.SliceStable(results, func(i, j int) bool { return results[i].scenario < results[j].scenario })
	var b strings.Builder
	mode := "short"
	if long {
		mode = "long"
	}
	fmt.Fprintf(&b, "\n| scenario (%s form) | count | what held | time | server peak RSS |\n|---|---:|---|---:|---:|\n", mode)
	for _, r := range results {
		held := r.held
		if r.failed {
			held = "**FAILED**: " + held
		}
		if r.figures != "" {
			held += " (" + r.figures + ")"
		}
		rss := "–"
		if r.peakKiB > 0 {
			rss = fmt.Sprintf("%d MiB", r.peakKiB/1024)
		}
		fmt.Fprintf(&b, "| %s | %d | %s | %.1f s | %s |\n", r.scenario, r.count, held, r.took.Seconds(), rss)
	}
	fmt.Print(b.String())
	if p := os.Getenv("BREAKIT_REPORT"); p != "" {
		_ = os.WriteFile(p, []byte(b.String()), 0o644)
	}
}

// env is the environment of every process here: a home of its own, no rate limit (the
// spoofing scenario sets its own), the admin token.
func env(home string, extra ...string) []string {
	return append(append(os.Environ(), "HOME="+home, "XDG_DATA_HOME="+filepath.Join(home, "data"),
		"XDG_CACHE_HOME="+filepath.Join(home, "cache"), "BRIEFSEARCH_SERVER_RATE_LIMIT=0",
		"BRIEFSEARCH_SERVER_ADMIN_TOKEN="+token), extra...)
}

// weeks writes n synthetic weekly briefings into year folders of dir, from first on.
func weeks(t *testing.T, dir string, first time.Time, n, seed int) []string {
	t.Helper()
	files, err := gen.Files(gen.Options{Items: n * gen.PerIssue, Seed: int64(seed), First: first, Last: first.AddDate(0, 0, 7*(n-1))})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range files {
		p := filepath.Join(dir, f.Name[:4], f.Name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

var firstWeek = time.Date(2020, 1, 4, 0, 0, 0, 0, time.UTC)

// run runs the binary to its end (or the deadline) and returns its output and exit status.
func run(t *testing.T, home string, timeout time.Duration, args ...string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env, cmd.Dir = env(home), home
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("briefsearch %s did not end within %s:\n%s", strings.Join(args, " "), timeout, out)
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return string(out), code
}

// server is a running `briefsearch serve`.
type server struct {
	cmd  *exec.Cmd
	base string
	logs *logBuffer
}

type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var servingURL = regexp.MustCompile(`msg=serving url=(\S+)/`)

// serve starts `briefsearch serve` on the archive and index with args added, and waits until it
// answers.
func serve(t *testing.T, home, archiveDir, indexDir string, extraEnv []string, args ...string) *server {
	t.Helper()
	all := append([]string{"serve", "--archive", archiveDir, "--index", indexDir, "--addr", "127.0.0.1:0"}, args...)
	cmd := exec.Command(bin, all...)
	cmd.Env, cmd.Dir = env(home, extraEnv...), home
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, logs: &logBuffer{}}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.kill)
	base, gone := make(chan string, 1), make(chan struct{})
	go func() {
		defer close(gone) // stderr closed: the server has exited
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			s.logs.Write([]byte(sc.Text() + "\n"))
			if m := servingURL.FindStringSubmatch(sc.Text()); m != nil {
				base <- m[1]
			}
		}
	}()
	select {
	case s.base = <-base:
	case <-gone:
		select {
		case s.base = <-base: // it served, then stopped: the test will see
		default:
			t.Fatalf("serve exited before serving:\n%s", s.logs.String())
		}
	case <-time.After(2 * time.Minute):
		t.Fatalf("serve did not start:\n%s", s.logs.String())
	}
	return s
}

func (s *server) pid() int { return s.cmd.Process.Pid }

func (s *server) kill() {
	if s.cmd.ProcessState == nil {
		_ = s.cmd.Process.Kill()
		_ = s.cmd.Wait()
	}
}

// stop sends SIGTERM and waits for a clean exit.
func (s *server) stop(t *testing.T) {
	t.Helper()
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve did not stop cleanly: %v\n%s", err, s.logs.String())
		}
	case <-time.After(30 * time.Second):
		s.kill()
		t.Errorf("serve did not stop within 30 s of SIGTERM")
	}
}

// peakKiB is the server's peak resident set (VmHWM) so far.
func (s *server) peakKiB() int64 { return procStatus(s.pid(), "VmHWM") }

// rssKiB is its resident set now.
func (s *server) rssKiB() int64 { return procStatus(s.pid(), "VmRSS") }

func procStatus(pid int, field string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			n, _ := strconv.ParseInt(strings.Fields(v)[0], 10, 64)
			return n
		}
	}
	return 0
}

// cpu is the CPU time the server has used (user + system).
func (s *server) cpu() time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.pid()))
	if err != nil {
		return 0
	}
	// Fields after the command name, which is in parentheses and may hold spaces.
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+2:]))
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond // USER_HZ is 100 on Linux
}

var client = &http.Client{Timeout: 30 * time.Second}

// get fetches a URL and returns its status, content type and body.
func get(t *testing.T, url string) (int, string, string) {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
}

// post sends a POST with the admin token (auth is the whole header value; "" for none).
func post(t *testing.T, url, auth, ctype string, body io.Reader) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// indexed builds an index of n synthetic weeks (and returns home, archive and index folders).
func indexed(t *testing.T, n int) (home, archiveDir, indexDir string) {
	t.Helper()
	home = t.TempDir()
	archiveDir, indexDir = filepath.Join(home, "briefings"), filepath.Join(home, "index")
	weeks(t, archiveDir, firstWeek, n, 1)
	if out, code := run(t, home, 5*time.Minute, "index", "--archive", archiveDir, "--index", indexDir); code != 0 {
		t.Fatalf("index: exit %d\n%s", code, out)
	}
	return home, archiveDir, indexDir
}
