package deploy

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"briefsearch/bench/gen"
)

// bin is the briefsearch binary under test.
var bin string

func TestMain(m *testing.M) {
	for _, prog := range []string{"haproxy", "rsync"} {
		if _, err := exec.LookPath(prog); err != nil {
			fmt.Fprintf(os.Stderr, "%s is not installed: ./scripts/test installs it (apt-get install %s)\n", prog, prog)
			os.Exit(2)
		}
	}
	dir, err := os.MkdirTemp("", "deploy-")
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
	os.RemoveAll(dir)
	os.Exit(code)
}

// long is the full run (DEPLOY_LONG=1): longer load in each phase.
var long = os.Getenv("DEPLOY_LONG") != ""

func phase() time.Duration {
	if long {
		return 20 * time.Second
	}
	return 3 * time.Second
}

// logBuffer keeps a process's stderr.
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

// proc is a running process of the cluster.
type proc struct {
	name string
	cmd  *exec.Cmd
	logs *logBuffer
	addr string // host:port it serves on
	done chan struct{}
}

func (p *proc) kill() {
	if p.cmd.Process != nil {
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

var servingURL = regexp.MustCompile(`msg=serving url=http://(\S+)/`)

// start runs a process and, for briefsearch serve, waits for the address it serves on. The
// process is killed when owner ends (the test that owns the cluster, not a subtest that
// restarted it).
func start(t, owner *testing.T, name string, cmd *exec.Cmd, waitServing bool) *proc {
	t.Helper()
	p := &proc{name: name, cmd: cmd, logs: &logBuffer{}, done: make(chan struct{})}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout = p.logs
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", name, err)
	}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			p.logs.Write([]byte(sc.Text() + "\n"))
			if m := servingURL.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
		_ = cmd.Wait()
		close(p.done)
	}()
	owner.Cleanup(p.kill)
	if !waitServing {
		return p
	}
	select {
	case p.addr = <-addr:
	case <-p.done:
		t.Fatalf("%s exited before serving:\n%s", name, p.logs.String())
	case <-time.After(2 * time.Minute):
		t.Fatalf("%s did not serve within 2 minutes:\n%s", name, p.logs.String())
	}
	return p
}

// cluster is a writer's index, replicas following it, and HAProxy in front.
type cluster struct {
	owner                      *testing.T
	home, archive, writerIndex string
	replicas                   []*proc
	lb                         string // HAProxy's address
	stats                      string // its admin socket
	haproxy                    *proc
	week                       time.Time // the next week to publish
}

func env(home string, extra ...string) []string {
	return append(append(os.Environ(), "HOME="+home, "XDG_DATA_HOME="+filepath.Join(home, "data"),
		"XDG_CACHE_HOME="+filepath.Join(home, "cache"), "BRIEFSEARCH_SERVER_RATE_LIMIT=0"), extra...)
}

func (c *cluster) writeWeeks(t *testing.T, n int) {
	t.Helper()
	files, err := gen.Files(gen.Options{Items: n * gen.PerIssue, Seed: c.week.Unix(), First: c.week, Last: c.week.AddDate(0, 0, 7*(n-1))})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		p := filepath.Join(c.archive, f.Name[:4], f.Name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c.week = c.week.AddDate(0, 0, 7*n)
}

// publish adds n weeks to the archive and has the writer build; it returns the new generation.
func (c *cluster) publish(t *testing.T, n int) string {
	t.Helper()
	c.writeWeeks(t, n)
	cmd := exec.Command(bin, "index", "--archive", c.archive, "--index", c.writerIndex)
	cmd.Env, cmd.Dir = env(c.home), c.home
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the writer's build: %v\n%s", err, out)
	}
	cur, err := os.Readlink(filepath.Join(c.writerIndex, "current"))
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Base(cur)
}

// replica starts replica i (0-based) on its own index folder, following the writer, on addr
// ("" = a free port).
func (c *cluster) replica(t *testing.T, i int, addr string, extraEnv ...string) *proc {
	t.Helper()
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	cmd := exec.Command(bin, "serve", "--replicate", c.writerIndex, "--index", filepath.Join(c.home, fmt.Sprintf("replica%d", i+1)),
		"--addr", addr)
	cmd.Env = env(c.home, append([]string{"BRIEFSEARCH_REPLICA_INTERVAL=200ms", "BRIEFSEARCH_SERVER_DRAIN_DELAY=1500ms"}, extraEnv...)...)
	cmd.Dir = c.home
	return start(t, c.owner, fmt.Sprintf("replica %d", i+1), cmd, true)
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// newCluster builds a writer's index of weeks, starts three replicas on it and HAProxy with
// deploy/haproxy.cfg in front, and waits until HAProxy has every replica up.
func newCluster(t *testing.T, weeks int) *cluster {
	t.Helper()
	home := t.TempDir()
	c := &cluster{owner: t, home: home, archive: filepath.Join(home, "archive"), writerIndex: filepath.Join(home, "writer-index"),
		stats: filepath.Join(home, "haproxy.sock"), week: time.Date(2024, 1, 6, 0, 0, 0, 0, time.UTC)}
	c.publish(t, weeks)
	for i := range 3 {
		c.replicas = append(c.replicas, c.replica(t, i, ""))
	}
	c.lb = freeAddr(t)
	cmd := exec.Command("haproxy", "-f", "haproxy.cfg", "-db")
	cmd.Env = append(os.Environ(), "BS_BIND="+c.lb, "BS_STATS="+c.stats,
		"BS_R1="+c.replicas[0].addr, "BS_R2="+c.replicas[1].addr, "BS_R3="+c.replicas[2].addr)
	c.haproxy = start(t, t, "haproxy", cmd, false)
	c.waitUp(t, "r1", "r2", "r3")
	return c
}

// serverStats are HAProxy's figures for one server or the backend (show stat).
type serverStats map[string]string

// stat asks HAProxy's admin socket for its statistics, by server name ("BACKEND" for all).
func (c *cluster) stat(t *testing.T) map[string]serverStats {
	t.Helper()
	out := c.admin(t, "show stat")
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "# ")))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("show stat: %v\n%s", err, out)
	}
	all := map[string]serverStats{}
	for _, row := range rows[1:] {
		if len(row) < 2 || row[0] != "replicas" {
			continue
		}
		s := serverStats{}
		for i, h := range rows[0] {
			if i < len(row) {
				s[h] = row[i]
			}
		}
		all[row[1]] = s
	}
	return all
}

func (c *cluster) admin(t *testing.T, command string) string {
	t.Helper()
	var conn net.Conn
	var err error
	for wait := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) { // HAProxy starting
		if conn, err = net.DialTimeout("unix", c.stats, 5*time.Second); err == nil || time.Now().After(wait) {
			break
		}
	}
	if err != nil {
		t.Fatalf("HAProxy's admin socket: %v\n%s", err, c.haproxy.logs.String())
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	fmt.Fprintf(conn, "%s\n", command)
	b, _ := io.ReadAll(conn)
	return string(b)
}

// waitUp waits until HAProxy's health checks have the named servers up.
func (c *cluster) waitUp(t *testing.T, names ...string) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		st := c.stat(t)
		up := 0
		for _, n := range names {
			if st[n]["status"] == "UP" {
				up++
			}
		}
		if up == len(names) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("HAProxy does not have %v up: %v\n%s", names, st, c.haproxy.logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

type readyz struct {
	Status string `json:"status"`
	Corpus struct {
		Generation string `json:"generation"`
	} `json:"corpus"`
	Replica *struct {
		Generation       string `json:"generation"`
		SourceGeneration string `json:"source_generation"`
		Behind           int    `json:"behind"`
		Refused          int    `json:"refused"`
		Error            string `json:"error"`
	} `json:"replica"`
}

var client = &http.Client{Timeout: 10 * time.Second}

func ready(t *testing.T, addr string) (int, readyz) {
	t.Helper()
	var r readyz
	resp, err := client.Get("http://" + addr + "/readyz")
	if err != nil {
		return 0, r
	}
	defer resp.Body.Close()
	_ = json.NewDecoder(resp.Body).Decode(&r)
	return resp.StatusCode, r
}

// waitServing waits until every named replica serves generation gen.
func waitServing(t *testing.T, gen string, replicas ...*proc) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for _, p := range replicas {
		for {
			_, r := ready(t, p.addr)
			if r.Corpus.Generation == gen {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s serves %q, want %s:\n%s", p.name, r.Corpus.Generation, gen, p.logs.String())
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
}

// load is c clients searching through HAProxy until stopped.
type load struct {
	stop     chan struct{}
	wg       sync.WaitGroup
	mu       sync.Mutex
	statuses map[string]int // "200", "503", "error: ..."
	total    int
}

var words = []string{"Bayramov", "energy", "corridor", "demining", "Aliyev", "peace", "地雷除去", "visit", "talks", "border", "バイラモフ", "trade"}

func startLoad(lb string, conns int) *load {
	l := &load{stop: make(chan struct{}), statuses: map[string]int{}}
	tr := &http.Transport{MaxIdleConnsPerHost: conns}
	c := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	for i := range conns {
		l.wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(i), 7))
			for {
				select {
				case <-l.stop:
					return
				default:
				}
				q := words[rng.IntN(len(words))] + " " + words[rng.IntN(len(words))]
				status := ""
				resp, err := c.Get("http://" + lb + "/api/v1/search?q=" + url.QueryEscape(q))
				if err != nil {
					status = "error: " + err.Error()
				} else {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					status = strconv.Itoa(resp.StatusCode)
					if err != nil {
						status = "error reading the body: " + err.Error()
					}
				}
				l.mu.Lock()
				l.statuses[status]++
				l.total++
				l.mu.Unlock()
			}
		})
	}
	return l
}

// end stops the load and returns what it got: the count of each answer, and how many were
// not 2xx.
func (l *load) end() (map[string]int, int, int) {
	close(l.stop)
	l.wg.Wait()
	failed := 0
	for s, n := range l.statuses {
		if !strings.HasPrefix(s, "2") {
			failed += n
		}
	}
	return l.statuses, l.total, failed
}

func retries(st map[string]serverStats) (retried, redispatched int) {
	r, _ := strconv.Atoi(st["BACKEND"]["wretr"])
	d, _ := strconv.Atoi(st["BACKEND"]["wredis"])
	return r, d
}

// Three replicas behind HAProxy under load at c=32, through everything a rollout and a bad
// day bring: not one request fails.
func TestCluster(t *testing.T) {
	c := newCluster(t, 20)
	conns := 32

	t.Run("two rollouts in a row", func(t *testing.T) {
		l := startLoad(c.lb, conns)
		time.Sleep(phase() / 3)
		c.publish(t, 1)
		newest := c.publish(t, 1)
		waitServing(t, newest, c.replicas...)
		time.Sleep(phase() / 3)
		statuses, total, failed := l.end()
		t.Logf("%d requests through two rollouts: %v", total, statuses)
		if failed != 0 || total == 0 {
			t.Errorf("%d of %d requests failed: %v", failed, total, statuses)
		}
		for _, p := range c.replicas {
			if code, r := ready(t, p.addr); code != 200 || r.Replica == nil || r.Replica.Generation != newest || r.Replica.Behind != 0 {
				t.Errorf("%s: readyz %d %+v, want generation %s, 0 behind", p.name, code, r.Replica, newest)
			}
		}
	})

	t.Run("kill -9 of a replica", func(t *testing.T) {
		before, beforeRedis := retries(c.stat(t))
		l := startLoad(c.lb, conns)
		time.Sleep(phase() / 3)
		victim := c.replicas[1]
		victim.kill()
		time.Sleep(phase())
		statuses, total, failed := l.end()
		after, afterRedis := retries(c.stat(t))
		t.Logf("%d requests, replica 2 killed mid-load: %v; HAProxy retried %d, redispatched %d", total, statuses, after-before, afterRedis-beforeRedis)
		// A request the dead replica had not begun to answer is retried on another; one whose
		// answer had begun (its headers forwarded) cannot be, by any proxy: the client sees the
		// body cut short. Those, and only those, may fail: at most the requests in flight.
		truncated := 0
		for s, n := range statuses {
			if strings.HasPrefix(s, "error reading the body") {
				truncated += n
			}
		}
		if failed != truncated || truncated > conns {
			t.Errorf("%d of %d requests failed when a replica died, %d of them cut mid-answer: %v", failed, total, truncated, statuses)
		}
		if st := c.stat(t)["r2"]["status"]; !strings.HasPrefix(st, "DOWN") {
			t.Errorf("HAProxy has the dead replica %s", st)
		}
		// It comes back on its address and the index it had, and HAProxy takes it back.
		c.replicas[1] = c.replica(t, 1, victim.addr)
		waitServing(t, newestOf(t, c), c.replicas[1])
		c.waitUp(t, "r1", "r2", "r3")
	})

	t.Run("SIGTERM drains a replica", func(t *testing.T) {
		l := startLoad(c.lb, conns)
		time.Sleep(phase() / 3)
		victim := c.replicas[2]
		began := time.Now()
		_ = victim.cmd.Process.Signal(syscall.SIGTERM)
		// Not ready first, still answering, then gone.
		sawDraining := false
		for time.Since(began) < 1500*time.Millisecond { // the drain delay: it is gone after
			if code, r := ready(t, victim.addr); code == 503 && r.Status == "draining" {
				sawDraining = true
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		select {
		case <-victim.done:
		case <-time.After(30 * time.Second):
			t.Fatalf("the replica did not exit within 30 s of SIGTERM")
		}
		time.Sleep(phase() / 3)
		statuses, total, failed := l.end()
		t.Logf("%d requests, replica 3 stopped with SIGTERM: %v", total, statuses)
		if !sawDraining {
			t.Error("the replica did not answer /readyz 503 draining after SIGTERM")
		}
		if failed != 0 {
			t.Errorf("%d of %d requests failed while a replica drained: %v", failed, total, statuses)
		}
		if !strings.Contains(victim.logs.String(), "drain_delay=1.5s") {
			t.Errorf("the replica's log does not show the drain:\n%s", victim.logs.String())
		}
		c.replicas[2] = c.replica(t, 2, victim.addr)
		c.waitUp(t, "r1", "r2", "r3")
	})

	t.Run("a corrupt transfer is refused", func(t *testing.T) {
		// Replica 3 receives through an rsync that corrupts a segment of what it received.
		real, err := exec.LookPath("rsync")
		if err != nil {
			t.Fatal(err)
		}
		bad := filepath.Join(c.home, "corrupting-rsync")
		script := "#!/bin/sh\n\"" + real + `" "$@" || exit $?
for last; do :; done
case "$last" in */incoming/*) f=$(find "$last" -name '*.zap' -newer "$0" | head -1); [ -n "$f" ] && { cp "$f" "$f.x" && mv "$f.x" "$f"; printf 'X' | dd of="$f" bs=1 seek=100 conv=notrunc 2>/dev/null; } ;; esac
`
		if err := os.WriteFile(bad, []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
		had := newestOf(t, c)
		old := c.replicas[2]
		_ = old.cmd.Process.Signal(syscall.SIGTERM)
		<-old.done
		c.replicas[2] = c.replica(t, 2, old.addr, "BRIEFSEARCH_REPLICA_RSYNC="+bad)
		c.waitUp(t, "r1", "r2", "r3")
		l := startLoad(c.lb, conns)
		newest := c.publish(t, 1)
		waitServing(t, newest, c.replicas[0], c.replicas[1])
		deadline := time.Now().Add(30 * time.Second)
		var r readyz
		for {
			_, r = ready(t, c.replicas[2].addr)
			if r.Replica != nil && r.Replica.Refused > 0 || time.Now().After(deadline) {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		time.Sleep(phase() / 3)
		statuses, total, failed := l.end()
		t.Logf("%d requests while replica 3 refused a corrupt transfer: %v", total, statuses)
		switch {
		case r.Replica == nil || r.Replica.Refused == 0:
			t.Errorf("replica 3 did not refuse the corrupt transfer: %+v\n%s", r.Replica, c.replicas[2].logs.String())
		case r.Corpus.Generation != had || r.Replica.SourceGeneration != newest || r.Replica.Behind != 1 || !strings.Contains(r.Replica.Error, "has changed since its build"):
			t.Errorf("replica 3 after the refusal: serving %s (want %s still), replica %+v", r.Corpus.Generation, had, r.Replica)
		}
		if code, _ := ready(t, c.replicas[2].addr); code != 200 {
			t.Errorf("replica 3 is not ready after refusing a transfer: %d", code)
		}
		if failed != 0 {
			t.Errorf("%d of %d requests failed: %v", failed, total, statuses)
		}
		m := metrics(t, c.replicas[2].addr)
		for _, want := range []string{"briefsearch_replica_refused_total ", "briefsearch_replica_generations_behind 1\n", "briefsearch_replica_failing 1\n"} {
			if !strings.Contains(m, want) {
				t.Errorf("replica 3's metrics lack %q", want)
			}
		}
	})
}

func metrics(t *testing.T, addr string) string {
	t.Helper()
	resp, err := client.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func newestOf(t *testing.T, c *cluster) string {
	t.Helper()
	cur, err := os.Readlink(filepath.Join(c.writerIndex, "current"))
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Base(cur)
}
