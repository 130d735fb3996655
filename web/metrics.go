package web

import (
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"

	"briefsearch/ingest"
	"briefsearch/search"
)

// latencyBuckets are the histogram's upper bounds in seconds: searches take milliseconds,
// exports and overload take seconds.
var latencyBuckets = [...]float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// metrics is a hand-written Prometheus registry: a few counters need no client library.
// Labels are route templates and status codes only, so the series stay few.
type metrics struct {
	mu       sync.Mutex
	requests map[routeStatus]uint64
	latency  map[string]*histogram // by route

	inFlight atomic.Int64
	panics   atomic.Uint64
}

type routeStatus struct {
	route  string
	status int
}

type histogram struct {
	counts [len(latencyBuckets)]uint64 // per bucket, not cumulative; summed when written
	sum    float64
	count  uint64
}

func newMetrics() *metrics {
	return &metrics{requests: map[routeStatus]uint64{}, latency: map[string]*histogram{}}
}

func (m *metrics) observe(route string, status int, took time.Duration) {
	sec := took.Seconds()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[routeStatus{route, status}]++
	h := m.latency[route]
	if h == nil {
		h = &histogram{}
		m.latency[route] = h
	}
	for i, le := range latencyBuckets {
		if sec <= le {
			h.counts[i]++
			break
		}
	}
	h.sum += sec
	h.count++
}

// handleMetrics serves the Prometheus text exposition format, version 0.0.4.
func (s *Server) handleMetrics(c echo.Context) error {
	c.Response().Header().Set(echo.HeaderContentType, "text/plain; version=0.0.4; charset=utf-8")
	c.Response().WriteHeader(http.StatusOK)
	var archive *ingest.Status
	if s.opts.Archive != nil {
		st := s.opts.Archive.Status()
		archive = &st
	}
	return s.metrics.write(c.Response(), s.index.Corpus(), s.limiterSize(), archive)
}

func (m *metrics) write(w io.Writer, corpus search.Corpus, clients int, archive *ingest.Status) error {
	var b strings.Builder
	m.mu.Lock()
	keys := make([]routeStatus, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b routeStatus) int {
		if c := strings.Compare(a.route, b.route); c != 0 {
			return c
		}
		return a.status - b.status
	})
	b.WriteString("# HELP briefsearch_http_requests_total HTTP requests answered, by route template and status.\n")
	b.WriteString("# TYPE briefsearch_http_requests_total counter\n")
	for _, k := range keys {
		fmt.Fprintf(&b, "briefsearch_http_requests_total{route=%s,status=\"%d\"} %d\n", quoteLabel(k.route), k.status, m.requests[k])
	}
	routes := make([]string, 0, len(m.latency))
	for r := range m.latency {
		routes = append(routes, r)
	}
	slices.Sort(routes)
	b.WriteString("# HELP briefsearch_http_request_duration_seconds Time from request to the last byte written.\n")
	b.WriteString("# TYPE briefsearch_http_request_duration_seconds histogram\n")
	for _, r := range routes {
		h := m.latency[r]
		var cum uint64
		for i, le := range latencyBuckets {
			cum += h.counts[i]
			fmt.Fprintf(&b, "briefsearch_http_request_duration_seconds_bucket{route=%s,le=\"%s\"} %d\n",
				quoteLabel(r), strconv.FormatFloat(le, 'g', -1, 64), cum)
		}
		fmt.Fprintf(&b, "briefsearch_http_request_duration_seconds_bucket{route=%s,le=\"+Inf\"} %d\n", quoteLabel(r), h.count)
		fmt.Fprintf(&b, "briefsearch_http_request_duration_seconds_sum{route=%s} %s\n", quoteLabel(r), strconv.FormatFloat(h.sum, 'g', -1, 64))
		fmt.Fprintf(&b, "briefsearch_http_request_duration_seconds_count{route=%s} %d\n", quoteLabel(r), h.count)
	}
	m.mu.Unlock()

	gauge(&b, "briefsearch_http_requests_in_flight", "Requests being served now.", float64(m.inFlight.Load()))
	b.WriteString("# HELP briefsearch_http_panics_total Panics recovered while serving.\n# TYPE briefsearch_http_panics_total counter\n")
	fmt.Fprintf(&b, "briefsearch_http_panics_total %d\n", m.panics.Load())
	gauge(&b, "briefsearch_rate_limited_clients", "Clients with a rate-limit bucket in memory.", float64(clients))
	b.WriteString("# HELP briefsearch_index_generation_info The index generation being served (value is always 1).\n")
	b.WriteString("# TYPE briefsearch_index_generation_info gauge\n")
	fmt.Fprintf(&b, "briefsearch_index_generation_info{generation=%s} 1\n", quoteLabel(corpus.Generation))
	gauge(&b, "briefsearch_index_built_timestamp_seconds", "When the served generation was built, Unix time.", builtAt(corpus))
	gauge(&b, "briefsearch_index_briefings", "Briefings in the served generation.", float64(corpus.Briefings))
	gauge(&b, "briefsearch_index_items", "Items in the served generation.", float64(corpus.Items))
	if archive != nil {
		writeArchiveMetrics(&b, *archive)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeArchiveMetrics writes how the archive's builds went.
func writeArchiveMetrics(b *strings.Builder, st ingest.Status) {
	var rejected, at float64
	if r := st.Report; r != nil {
		rejected = float64(len(r.Rejected))
	}
	pending := float64(len(st.Pending))
	if !st.At.IsZero() {
		at = float64(st.At.Unix())
	}
	gauge(b, "briefsearch_archive_rejected_files", "Files of the archive the last build could not read as briefings.", rejected)
	gauge(b, "briefsearch_archive_pending_files", "Files of the archive still being written at the last build.", pending)
	gauge(b, "briefsearch_archive_last_build_timestamp_seconds", "When the last build of the archive ended, Unix time.", at)
	b.WriteString("# HELP briefsearch_archive_builds_total Builds of the archive, by how they went.\n# TYPE briefsearch_archive_builds_total counter\n")
	for _, how := range slices.Sorted(maps.Keys(st.Builds)) {
		fmt.Fprintf(b, "briefsearch_archive_builds_total{how=%s} %d\n", quoteLabel(how), st.Builds[how])
	}
	b.WriteString("# HELP briefsearch_archive_build_failures_total Builds of the archive that failed.\n# TYPE briefsearch_archive_build_failures_total counter\n")
	fmt.Fprintf(b, "briefsearch_archive_build_failures_total %d\n", st.Failures)
}

func gauge(b *strings.Builder, name, help string, v float64) {
	fmt.Fprintf(b, "# HELP %s %s\n# TYPE %s gauge\n%s %s\n", name, help, name, name, strconv.FormatFloat(v, 'g', -1, 64))
}

// quoteLabel escapes a label value as the exposition format asks: backslash, quote, newline.
func quoteLabel(v string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(v) + `"`
}

func builtAt(c search.Corpus) float64 {
	if c.BuiltAt.IsZero() {
		return 0
	}
	return float64(c.BuiltAt.Unix())
}
