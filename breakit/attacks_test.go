package breakit

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// hostile are queries an attacker or a careless script sends.
var hostile = []string{
	`"`, `""`, `"""`, `((((`, `))))`, `*`, `**`, `a*`, `ab*`, `*a`, `.*`, `[a-z]+`, `/.*/`, `\`, `\"`,
	`_all:x`, `body:x`, `field:value`, `meta:*`, `section:`, `source:""`, `person:"`, `-`, `--x`, `- -`,
	`OR`, `OR OR OR`, `a OR`, `OR b`, `"a" OR`, `-a -b -c`, `month:2026-13`, `month:x`, `from:9999-99-99`,
	`from:2026-02-30`, `to:0000-00-00`, `from:2026-05-20 to:2026-05-01`, "\x00", "\u202eevil", "😀😀😀",
	strings.Repeat("a ", 40), strings.Repeat("x", 513), strings.Repeat(`"a `, 100), strings.Repeat("(", 500),
	"%ff%fe", "Bayramov\r\nX-Injected: 1", "<script>alert(1)</script>", "' OR 1=1 --",
}

// hostileParams are whole query strings.
var hostileParams = []string{
	"size=-1", "size=1000000", "page=0", "page=999999999", "after=garbage", "after=" + strings.Repeat("A", 3000),
	"facets=nonsense", "facets=section:100000", "sort=;drop", "sort=relevance;drop", "q=a&q=b&q=c",
	"section=" + strings.Repeat("x,", 200), "month=2026-13", "from=2026-13-01", "qq=unknown", "q=%ff",
}

// No query, however hostile, makes a 500 or an answer that is not the JSON error (API) or a
// page (UI).
func TestHostileQueries(t *testing.T) {
	start := time.Now()
	home, archiveDir, indexDir := indexed(t, 20)
	s := serve(t, home, archiveDir, indexDir, nil, "--watch=false")
	var peak int64
	record(t, "hostile queries and parameters (API and UI), a 100 KB URL", len(hostile)*2+len(hostileParams)*2+1, "no 500; every API error JSON with a message; every UI answer a page", start, &peak)
	check := func(path string) {
		t.Helper()
		status, ctype, body := get(t, s.base+path)
		switch {
		case status >= 500 && status != 503:
			t.Errorf("%s: %d %s", path, status, body)
		case strings.HasPrefix(path, "/api/") && !strings.HasPrefix(ctype, "application/json"):
			t.Errorf("%s: %d %s, not JSON", path, status, ctype)
		case strings.HasPrefix(path, "/api/") && status >= 400 && !strings.Contains(body, `"message"`):
			t.Errorf("%s: %d without a message: %s", path, status, body)
		case !strings.HasPrefix(path, "/api/") && !strings.HasPrefix(ctype, "text/html"):
			t.Errorf("%s: %d %s, not a page", path, status, ctype)
		}
	}
	for _, q := range hostile {
		check("/api/v1/search?q=" + url.QueryEscape(q))
		check("/?q=" + url.QueryEscape(q))
	}
	for _, p := range hostileParams {
		check("/api/v1/search?" + p)
		check("/?" + p)
	}
	check("/api/v1/search?q=" + strings.Repeat("a", 100<<10))
	// The audit's silent ones now say what is wrong.
	for path, want := range map[string]int{
		"/api/v1/search?q=month:2026-13": 400, "/?q=month:2026-13": 400, "/api/v1/search?sort=;drop": 400, "/?sort=;drop": 400,
		"/?facets=nonsense": 400, "/?qq=unknown": 400, "/api/v1/search?q=" + strings.Repeat("a", 100<<10): 414,
	} {
		if status, _, body := get(t, s.base+path); status != want {
			t.Errorf("%.80s: %d, want %d: %.200s", path, status, want, body)
		}
	}
	peak = s.peakKiB()
}

// One huge item: a 5 MB one is refused with its file, line and reason while the rest is
// indexed; one just under the item cap is searched, highlighted and paged within the
// deadline, and a client that leaves early leaves no core busy behind it.
func TestHugeItem(t *testing.T) {
	start := time.Now()
	var peak int64
	record(t, "huge items: one of 5 MB (refused), one of 1 MB searched, shown, exported, and left mid-search", 4,
		"the 5 MB item reported with file, line and reason, the rest indexed; every answer within the deadline; under 0.5 s of server CPU in the 2 s after a client left", start, &peak)
	home := t.TempDir()
	archiveDir := filepath.Join(home, "briefings")
	weeks(t, archiveDir, firstWeek, 3, 4)
	huge := func(week string, bytes int) []byte {
		line := strings.Repeat("word Bayramov ", bytes/len("word Bayramov "))
		return []byte("アゼルバイジャン政治・治安情報\n(公開情報とりまとめ)\n" + week + "\n在アゼルバイジャン大使館\n\n1. 軍事・治安関係\n\n" +
			"● 巨大な項目\nA huge item\n" + line + "(TREND / 20.05.2026)\n\n● 普通の項目\nAn ordinary item\nShort body. (APA / 20.05.2026)\n")
	}
	os.MkdirAll(filepath.Join(archiveDir, "2026"), 0o755)
	if err := os.WriteFile(filepath.Join(archiveDir, "2026", "2026-05-16.txt"), huge("2026年5月16日～5月22日", 5<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(archiveDir, "2026", "2026-05-23.txt"), huge("2026年5月23日～5月29日", 1000<<10), 0o644); err != nil {
		t.Fatal(err)
	}
	indexDir := filepath.Join(home, "index")
	out, code := run(t, home, 5*time.Minute, "index", "--archive", archiveDir, "--index", indexDir)
	if code != 1 || !regexp.MustCompile(`2026-05-16\.txt:\d+: item \S+ has 5\.0 MiB of text`).MatchString(out) {
		t.Errorf("index: exit %d, want 1 naming the 5 MB item with its line and size:\n%s", code, out)
	}
	s := serve(t, home, archiveDir, indexDir, nil, "--watch=false")
	if status, _, body := get(t, s.base+"/api/v1/briefings"); status != 200 || !strings.Contains(body, `"2026-05-23"`) || strings.Contains(body, `"2026-05-16"`) {
		t.Errorf("briefings: %d; want the 1 MB week in and the 5 MB week out: %.300s", status, body)
	}
	for _, path := range []string{"/api/v1/search?q=word", "/?q=Bayramov", "/api/v1/search?q=%22word+Bayramov%22", "/items/2026-05-23-01", "/briefings/2026-05-23",
		"/api/v1/search.csv?q=word"} {
		began := time.Now()
		status, _, body := get(t, s.base+path)
		if took := time.Since(began); took > 10*time.Second || status != 200 && status != 503 {
			t.Errorf("%s: %d after %s: %.200s", path, status, took, body)
		}
	}
	// A client that gives up after 50 ms: the server stops working for it.
	impatient := &http.Client{Timeout: 50 * time.Millisecond}
	for _, q := range []string{"word", "Bayramov+word", "%22Bayramov+word%22"} {
		if resp, err := impatient.Get(s.base + "/api/v1/search?q=" + q + "&size=50"); err == nil {
			resp.Body.Close()
		}
	}
	before := s.cpu()
	time.Sleep(2 * time.Second)
	busy := s.cpu() - before
	peak = s.peakKiB()
	measured(t, "server CPU in the 2 s after the clients left: %d ms", busy.Milliseconds())
	if busy > 500*time.Millisecond {
		t.Errorf("the server used %s of CPU in the 2 s after its clients left", busy)
	}
}

// The load of many clients at once on queries never seen before: the server answers each in
// time or refuses it at once; nothing waits past the deadline.
func TestOverload(t *testing.T) {
	start := time.Now()
	home, archiveDir, indexDir := indexed(t, 100)
	s := serve(t, home, archiveDir, indexDir, []string{"BRIEFSEARCH_SEARCH_QUERY_CACHE=0"}, "--watch=false")
	conns, secs := 256, times(5, 20)
	var peak int64
	record(t, fmt.Sprintf("overload: c=%d for %d s, queries never seen before", conns, secs), conns, "only 200/429/503; none waited past the 2 s search timeout by more than the client's own scheduling (10 s cap: nothing hangs)", start, &peak)
	var mu sync.Mutex
	statuses := map[int]int{}
	var latencies []time.Duration
	tr := &http.Transport{MaxIdleConnsPerHost: conns}
	c := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	words := []string{"Bayramov", "energy", "corridor", "demining", "Aliyev", "peace", "地雷除去", "visit", "talks", "border"}
	end := time.Now().Add(time.Duration(secs) * time.Second)
	var wg sync.WaitGroup
	for i := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; time.Now().Before(end); n++ {
				q := fmt.Sprintf("%s %s -z%dq%d", words[(i+n)%len(words)], words[(i*7+n)%len(words)], i, n)
				began := time.Now()
				status := 0
				resp, err := c.Get(s.base + "/api/v1/search?q=" + url.QueryEscape(q))
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					status = resp.StatusCode
				}
				took := time.Since(began)
				mu.Lock()
				statuses[status]++
				latencies = append(latencies, took)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	peak = s.peakKiB()
	for status := range statuses {
		if !slices.Contains([]int{200, 429, 503}, status) {
			t.Errorf("answers %v: %d is none of 200, 429, 503", statuses, status)
		}
	}
	slices.Sort(latencies)
	ms := func(d time.Duration) int64 { return d.Milliseconds() }
	worst := latencies[len(latencies)-1]
	measured(t, "%d requests, %d answered 200, %d 503; p50 %d ms, p99 %d ms, max %d ms", len(latencies), statuses[200], statuses[503],
		ms(latencies[len(latencies)/2]), ms(latencies[len(latencies)*99/100]), ms(worst))
	// Not a speed limit (the figures above are the measure): a request the deadline did not
	// end is a hang, whatever the machine.
	if worst > 10*time.Second {
		t.Errorf("a request took %s: the 2 s deadline did not end it", worst)
	}
	if statuses[200] == 0 {
		t.Error("no request was answered")
	}
}

// Slowloris: many connections trickle their headers. The server closes them after its header
// timeout and answers everyone else meanwhile.
func TestSlowloris(t *testing.T) {
	start := time.Now()
	home, archiveDir, indexDir := indexed(t, 5)
	s := serve(t, home, archiveDir, indexDir, []string{"BRIEFSEARCH_SERVER_READ_HEADER_TIMEOUT=2s"}, "--watch=false")
	n := times(50, 500)
	var peak int64
	record(t, "slowloris: connections trickling headers", n, "each closed by the server after read_header_timeout; searches answered meanwhile", start, &peak)
	addr := strings.TrimPrefix(s.base, "http://")
	var conns []net.Conn
	for range n {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(c, "GET /api/v1/search?q=x HTTP/1.1\r\nHost: x\r\n")
		conns = append(conns, c)
	}
	deadline := time.Now().Add(4 * time.Second)
	for time.Now().Before(deadline) {
		for _, c := range conns {
			c.Write([]byte("X-A: b\r\n"))
		}
		if status, _, _ := get(t, s.base+"/api/v1/search?q=Bayramov"); status != 200 {
			t.Errorf("a search during the slowloris: %d", status)
		}
		time.Sleep(500 * time.Millisecond)
	}
	closed := 0
	for _, c := range conns {
		c.SetReadDeadline(time.Now().Add(2 * time.Second))
		buf := make([]byte, 512)
		if _, err := c.Read(buf); err != nil && !isTimeout(err) || err == nil {
			closed++ // EOF, a reset, or a 408 answer: the server is done with it
		}
		c.Close()
	}
	peak = s.peakKiB()
	if closed < n*9/10 {
		t.Errorf("the server closed %d of %d slow connections after its header timeout", closed, n)
	}
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}

// payloads are what an attacker would hide in a briefing.
var payloads = []string{`<script>alert(1)</script>`, `"><img src=x onerror=alert(2)>`, `<svg/onload=alert(3)>`, `</title><script>alert(4)</script>`}

// A briefing with script in every field, indexed and shown on every page: nothing runs.
func TestXSS(t *testing.T) {
	start := time.Now()
	record(t, "XSS corpus in every field of a briefing, on every page", len(payloads), "no payload unescaped on any page", start, nil)
	home := t.TempDir()
	archiveDir := filepath.Join(home, "briefings")
	p := strings.Join(payloads, " ")
	briefing := "アゼルバイジャン政治・治安情報 " + p + "\n\n(公開情報とりまとめ " + p + ")\n\n2026年5月16日～5月22日\n\n在アゼルバイジャン大使館 " + p +
		"\n\n1. 軍事・治安関係 " + payloads[0] + "\n\n● 見出し " + p + "\n\nHeadline " + p + "\n\nBody " + p + " (TREND" + payloads[2] + " / 20.05.2026)\n\nNOTE: " + p + "\n"
	os.MkdirAll(filepath.Join(archiveDir, "2026"), 0o755)
	if err := os.WriteFile(filepath.Join(archiveDir, "2026", "x.txt"), []byte(briefing), 0o644); err != nil {
		t.Fatal(err)
	}
	weeks(t, archiveDir, firstWeek, 1, 5)
	indexDir := filepath.Join(home, "index")
	if out, code := run(t, home, time.Minute, "index", "--archive", archiveDir, "--index", indexDir); code != 0 {
		t.Fatalf("index: %d\n%s", code, out)
	}
	s := serve(t, home, archiveDir, indexDir, nil, "--watch=false")
	pages := []string{"/", "/?q=alert", "/?q=script", "/?q=Headline", "/items/2026-05-16-01", "/briefings", "/briefings/2026-05-16", "/entities",
		"/?q=" + url.QueryEscape(payloads[0]), "/?source=" + url.QueryEscape("TREND"+payloads[2])}
	if _, _, body := get(t, s.base+"/items/2026-05-16-01"); !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Fatalf("the item page does not show the payload as text; was the briefing indexed?\n%s", body)
	}
	for _, page := range pages {
		status, _, body := get(t, s.base+page)
		if status != 200 && status != 400 {
			t.Errorf("%s: %d", page, status)
		}
		// Escaped, a payload's words stay (as text); its tags must not.
		for _, bad := range []string{"<script>alert", "<img src=x", "<svg/onload", "</title><script>"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s shows %q unescaped", page, bad)
			}
		}
	}
}

// Admin routes refuse every wrong token, and a client cannot buy a fresh rate-limit budget by
// claiming another address.
func TestTokensAndSpoofing(t *testing.T) {
	start := time.Now()
	home, archiveDir, indexDir := indexed(t, 3)
	s := serve(t, home, archiveDir, indexDir, nil, "--watch=false")
	bad := []string{"", "Bearer", "Bearer ", "Bearer " + token[:39], "Bearer " + token + "x", "Basic " + token, "Token " + token, token}
	record(t, "wrong admin tokens; X-Forwarded-For rotated against the rate limit", len(bad)*2+1, "every wrong token 401 on reload and upload; 'bearer' in lower case accepted; rotating X-Forwarded-For bought no budget", start, nil)
	for _, auth := range bad {
		if st := post(t, s.base+"/admin/reload", auth, "", nil); st != 401 {
			t.Errorf("reload with %q: %d", auth, st)
		}
		if st := post(t, s.base+"/api/v1/briefings", auth, "multipart/form-data; boundary=x", strings.NewReader("--x--")); st != 401 {
			t.Errorf("upload with %q: %d", auth, st)
		}
	}
	if st := post(t, s.base+"/admin/reload", "bearer "+token, "", nil); st != 200 {
		t.Errorf("reload with 'bearer' in lower case: %d", st)
	}
	// A second server, strictly limited: the wrong tokens above would have spent its budget.
	s.stop(t)
	s = serve(t, home, archiveDir, indexDir, []string{"BRIEFSEARCH_SERVER_RATE_LIMIT=5", "BRIEFSEARCH_SERVER_RATE_BURST=5"}, "--watch=false")
	limited := 0
	for i := range 40 {
		req, _ := http.NewRequest(http.MethodGet, s.base+"/api/v1/search?q=Bayramov", nil)
		req.Header.Set("X-Forwarded-For", fmt.Sprintf("203.0.113.%d", i))
		req.Header.Set("X-Real-IP", fmt.Sprintf("198.51.100.%d", i))
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == 429 {
			limited++
		}
	}
	if limited < 30 {
		t.Errorf("only %d of 40 requests from one peer rotating X-Forwarded-For were limited", limited)
	}
}

// Paths that try to leave the server's files: none answers with anything but a 4xx.
func TestPathTraversal(t *testing.T) {
	start := time.Now()
	home, archiveDir, indexDir := indexed(t, 2)
	s := serve(t, home, archiveDir, indexDir, nil, "--watch=false")
	paths := []string{"/static/../../../../etc/passwd", "/static/..%2f..%2f..%2fetc%2fpasswd", "/static/%2e%2e/%2e%2e/etc/passwd",
		"/items/..%2f..%2f..%2fetc%2fpasswd", "/briefings/%2e%2e%2f%2e%2e%2fetc", "/api/v1/items/..%2F..%2Fconfig.yaml",
		"/api/v1/briefings/....//....//etc/passwd", "/entities/..%2f..%2fmeta.json", "/static/style.css%00.png", "//etc/passwd",
		"/api/v1/openapi.json/../../../etc/passwd"}
	record(t, "path traversal", len(paths), "every path a 4xx, no file content", start, nil)
	for _, p := range paths {
		req, err := http.NewRequest(http.MethodGet, s.base+"/x", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.URL.Opaque = p // sent as written, not cleaned by the client
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode < 400 && resp.StatusCode != 301 && resp.StatusCode != 308 || resp.StatusCode >= 500 ||
			strings.Contains(string(body), "root:") || strings.Contains(string(body), "admin_token") {
			t.Errorf("%s: %d %.200s", p, resp.StatusCode, body)
		}
	}
}

// Reloads while clients search: every search answered 200.
func TestReloadUnderLoad(t *testing.T) {
	start := time.Now()
	home, archiveDir, indexDir := indexed(t, 20)
	s := serve(t, home, archiveDir, indexDir, nil, "--watch=false")
	reloads := times(5, 100)
	var peak int64
	record(t, "index switches under load (index + reload, searches at c=2)", reloads, "every search answered 200 across every switch", start, &peak)
	stop := make(chan struct{})
	wait := load(t, s.base, stop)
	next := firstWeek.AddDate(0, 0, 7*20)
	for i := range reloads {
		weeks(t, archiveDir, next, 1, 300+i)
		next = next.AddDate(0, 0, 7)
		if out, code := run(t, home, 5*time.Minute, "index", "--archive", archiveDir, "--index", indexDir); code != 0 {
			t.Fatalf("index: %d\n%s", code, out)
		}
		if st := post(t, s.base+"/admin/reload", "Bearer "+token, "", nil); st != 200 {
			t.Errorf("reload %d: %d", i, st)
		}
	}
	close(stop)
	statuses := wait()
	peak = s.peakKiB()
	if statuses[200] == 0 || len(statuses) != 1 {
		t.Errorf("searches across the reloads: %v, want only 200s", statuses)
	}
}

// Soak: steady mixed use (searches never seen before, pages, exports, the entity list) for a
// while. Memory settles rather than grows, and every request is answered.
func TestSoak(t *testing.T) {
	start := time.Now()
	home, archiveDir, indexDir := indexed(t, 100)
	s := serve(t, home, archiveDir, indexDir, nil, "--watch=false")
	conns, secs := 8, times(6, 300)
	var peak int64
	record(t, fmt.Sprintf("soak: c=%d mixed searches, pages, exports for %d s", conns, secs), conns,
		"every request 200 but exports past their slots (503 + Retry-After); resident memory at the end within 1.5x (+64 MiB) of a third of the way in", start, &peak)
	words := []string{"Bayramov", "energy", "corridor", "demining", "Aliyev", "peace", "地雷除去", "visit", "talks", "border"}
	paths := []func(i, n int) string{
		func(i, n int) string {
			return "/api/v1/search?q=" + url.QueryEscape(fmt.Sprintf("%s -z%dq%d", words[(i+n)%len(words)], i, n))
		},
		func(i, n int) string {
			return "/?q=" + url.QueryEscape(words[n%len(words)]) + fmt.Sprintf("&page=%d", 1+n%5)
		},
		func(i, n int) string { return "/api/v1/search.csv?q=" + url.QueryEscape(words[n%len(words)]) },
		func(i, n int) string { return "/entities?type=person" },
		func(i, n int) string { return "/briefings" },
	}
	var (
		mu       sync.Mutex
		statuses = map[string]int{} // "200", or "503 /api/v1/search.csv", ...
		requests int
	)
	c := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conns}, Timeout: 30 * time.Second}
	cpu0 := s.cpu()
	end := time.Now().Add(time.Duration(secs) * time.Second)
	var wg sync.WaitGroup
	for i := range conns {
		wg.Go(func() {
			for n := 0; time.Now().Before(end); n++ {
				target := paths[(i+n)%len(paths)](i, n)
				status := "error"
				resp, err := c.Get(s.base + target)
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					status = strconv.Itoa(resp.StatusCode)
					if resp.StatusCode != 200 {
						status += " " + strings.SplitN(target, "?", 2)[0]
						if resp.Header.Get("Retry-After") == "" {
							status += " without Retry-After"
						}
					}
				}
				mu.Lock()
				statuses[status]++
				requests++
				mu.Unlock()
			}
		})
	}
	time.Sleep(time.Duration(secs) * time.Second / 3)
	mid := s.rssKiB()
	wg.Wait()
	last, cpu := s.rssKiB(), s.cpu()-cpu0
	peak = s.peakKiB()
	// Exports have slots of their own (server.max_concurrent); one more at once is refused
	// with Retry-After, by design: a client waits a second and tries again.
	refused := statuses["503 /api/v1/search.csv"]
	measured(t, "%d requests, %d exports refused as too many at once; RSS %d MiB a third in, %d MiB at the end; %.2f ms CPU a request",
		requests, refused, mid/1024, last/1024, float64(cpu.Microseconds())/1000/float64(max(requests, 1)))
	if statuses["200"] == 0 || statuses["200"]+refused != requests {
		t.Errorf("answers %v, want only 200 (and 503 with Retry-After for an export past the export slots)", statuses)
	}
	if last > mid*3/2+64<<10 {
		t.Errorf("resident memory grew from %d MiB to %d MiB", mid/1024, last/1024)
	}
}
