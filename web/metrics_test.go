package web

import (
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"briefsearch/archive"
	"briefsearch/ingest"
)

// scrape GETs /metrics through the real router and parses it as Prometheus would.
func scrape(t *testing.T, srv *Server) map[string]*dto.MetricFamily {
	t.Helper()
	rec := do(t, srv, http.MethodGet, "/metrics", nil)
	if rec.Code != 200 {
		t.Fatalf("/metrics: %d %s", rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("content type %q, want the text format 0.0.4", ct)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	families, err := p.TextToMetricFamilies(rec.Body)
	if err != nil {
		t.Fatalf("parsing /metrics: %v\n%s", err, rec.Body)
	}
	return families
}

// sample finds the one sample of name whose labels are labels ("k=v" pairs, all of them).
func sample(t *testing.T, families map[string]*dto.MetricFamily, name string, labels ...string) *dto.Metric {
	t.Helper()
	f := families[name]
	if f == nil {
		t.Fatalf("no metric %s", name)
	}
	for _, m := range f.GetMetric() {
		var got []string
		for _, l := range m.GetLabel() {
			got = append(got, l.GetName()+"="+l.GetValue())
		}
		if strings.Join(got, ",") == strings.Join(labels, ",") {
			return m
		}
	}
	t.Fatalf("no sample %s{%s}", name, strings.Join(labels, ","))
	return nil
}

// value is a counter's, gauge's or untyped sample's value.
func value(t *testing.T, families map[string]*dto.MetricFamily, name string, labels ...string) float64 {
	t.Helper()
	m := sample(t, families, name, labels...)
	switch {
	case m.Counter != nil:
		return m.Counter.GetValue()
	case m.Gauge != nil:
		return m.Gauge.GetValue()
	case m.Untyped != nil:
		return m.Untyped.GetValue()
	}
	t.Fatalf("%s is neither counter nor gauge", name)
	return 0
}

func TestMetricsScrape(t *testing.T) {
	env := newTestEnv(t)
	srv := env.server(t, Options{RateLimit: 100, RateBurst: 100})
	do(t, srv, "GET", "/api/v1/items/2026-05-16-01", nil)
	do(t, srv, "GET", "/api/v1/items/2026-05-16-02", nil)
	do(t, srv, "GET", "/api/v1/search?q=%22unclosed", nil)
	do(t, srv, "GET", "/made/up/path", nil)
	// Durations through the router are whatever they are; these are known, to check buckets.
	for _, d := range []time.Duration{3 * time.Millisecond, 2 * time.Second, time.Millisecond} {
		srv.metrics.observe("/fixed", 200, d)
	}
	fam := scrape(t, srv)

	for _, c := range []struct {
		name   string
		labels []string
		want   float64
	}{
		{"briefsearch_http_requests_total", []string{"route=/api/v1/items/:id", "status=200"}, 2},
		{"briefsearch_http_requests_total", []string{"route=/api/v1/search", "status=400"}, 1},
		{"briefsearch_http_requests_total", []string{"route=unmatched", "status=404"}, 1},
		{"briefsearch_http_requests_in_flight", nil, 1}, // the scrape itself
		{"briefsearch_http_panics_total", nil, 0},
		{"briefsearch_rate_limited_clients", nil, 1}, // httptest's one peer address
		{"briefsearch_index_generation_info", []string{"generation=" + srv.index.Corpus().Generation}, 1},
		{"briefsearch_index_built_timestamp_seconds", nil, float64(srv.index.Corpus().BuiltAt.Unix())},
		{"briefsearch_index_briefings", nil, float64(len(env.briefings))},
		{"briefsearch_index_items", nil, float64(env.items)},
		{"briefsearch_admission_running", nil, 0}, // /metrics holds no slot
		{"briefsearch_admission_waiting", nil, 0},
	} {
		if got := value(t, fam, c.name, c.labels...); got != c.want {
			t.Errorf("%s{%s} = %v, want %v", c.name, strings.Join(c.labels, ","), got, c.want)
		}
	}
	if f := fam["briefsearch_http_requests_total"]; f.GetType() != dto.MetricType_COUNTER {
		t.Errorf("requests_total is a %v", f.GetType())
	}
	if srv.index.Corpus().BuiltAt.IsZero() {
		t.Error("the test index has no build time to report")
	}
	// The service time was learnt from the searches that held a slot.
	if got := value(t, fam, "briefsearch_admission_service_seconds"); got <= 0 {
		t.Errorf("admission service time %v after three searches", got)
	}

	h := sample(t, fam, "briefsearch_http_request_duration_seconds", "route=/fixed").GetHistogram()
	bounds := append(latencyBuckets[:], math.Inf(1)) // the text format writes +Inf too
	if len(h.GetBucket()) != len(bounds) {
		t.Fatalf("%d buckets, want %d", len(h.GetBucket()), len(bounds))
	}
	wantCumulative := map[float64]uint64{0.001: 1, 0.0025: 1, 0.005: 2, 1: 2, 2.5: 3, 10: 3, math.Inf(1): 3}
	for i, b := range h.GetBucket() {
		if b.GetUpperBound() != bounds[i] {
			t.Errorf("bucket %d bound %v, want %v", i, b.GetUpperBound(), bounds[i])
		}
		if want, ok := wantCumulative[b.GetUpperBound()]; ok && b.GetCumulativeCount() != want {
			t.Errorf("bucket le=%v: %d, want %d", b.GetUpperBound(), b.GetCumulativeCount(), want)
		}
	}
	if h.GetSampleCount() != 3 || math.Abs(h.GetSampleSum()-2.004) > 1e-9 {
		t.Errorf("histogram count %d sum %v, want 3 and 2.004", h.GetSampleCount(), h.GetSampleSum())
	}
	if n := sample(t, fam, "briefsearch_http_request_duration_seconds", "route=/api/v1/items/:id").GetHistogram().GetSampleCount(); n != 2 {
		t.Errorf("item route histogram count %d, want 2", n)
	}

	// The Go runtime and the process, as their collectors report them.
	for _, name := range []string{"go_goroutines", "process_resident_memory_bytes", "process_open_fds"} {
		if v := value(t, fam, name); v <= 0 {
			t.Errorf("%s = %v, want > 0", name, v)
		}
	}
	if fam["go_gc_duration_seconds"] == nil {
		t.Error("no GC metrics")
	}
	if fam["briefsearch_archive_builds_total"] != nil {
		t.Error("archive metrics without an archive")
	}

	// A second server in the same process counts for itself: no global registry.
	other := env.server(t, Options{})
	if f := scrape(t, other)["briefsearch_http_requests_total"]; len(f.GetMetric()) != 0 {
		t.Errorf("a new server already counts requests: %v", f)
	}
}

// fixedArchive is an archive whose status is a given value: a failed build and a file still
// being written are hard to bring about on cue in a real one (TestMetricsRealArchive uses one).
type fixedArchive ingest.Status

func (a fixedArchive) Status() ingest.Status { return ingest.Status(a) }

func TestMetricsArchive(t *testing.T) {
	st := ingest.Status{At: time.Unix(1_780_000_100, 0), Builds: map[string]uint64{ingest.Extended: 4, ingest.FullRebuild: 1}, Failures: 2,
		Report: &ingest.Report{Rejected: []*archive.ParseError{{File: "a.pdf", Reason: "no text layer: scanned image?"}}}, Pending: []string{"b.pdf", "c.docx"}}
	fam := scrape(t, newTestServer(t, Options{Archive: fixedArchive(st)}))
	for _, c := range []struct {
		name   string
		labels []string
		want   float64
	}{
		{"briefsearch_archive_rejected_files", nil, 1},
		{"briefsearch_archive_pending_files", nil, 2},
		{"briefsearch_archive_last_build_timestamp_seconds", nil, 1_780_000_100},
		{"briefsearch_archive_builds_total", []string{"how=" + ingest.Extended}, 4},
		{"briefsearch_archive_builds_total", []string{"how=" + ingest.FullRebuild}, 1},
		{"briefsearch_archive_build_failures_total", nil, 2},
	} {
		if got := value(t, fam, c.name, c.labels...); got != c.want {
			t.Errorf("%s{%s} = %v, want %v", c.name, strings.Join(c.labels, ","), got, c.want)
		}
	}
	if f := fam["briefsearch_archive_builds_total"]; f.GetType() != dto.MetricType_COUNTER {
		t.Errorf("builds_total is a %v", f.GetType())
	}
}

func TestMetricsRealArchive(t *testing.T) {
	lib := testLibrary(t)
	st := lib.Status()
	fam := scrape(t, newTestServer(t, Options{Archive: lib}))
	if got := value(t, fam, "briefsearch_archive_last_build_timestamp_seconds"); got != float64(st.At.Unix()) || got == 0 {
		t.Errorf("last build %v, want %v", got, st.At.Unix())
	}
	var builds float64
	for _, m := range fam["briefsearch_archive_builds_total"].GetMetric() {
		builds += m.GetCounter().GetValue()
	}
	if builds != 1 {
		t.Errorf("%v builds counted, want the library's one", builds)
	}
	if got := value(t, fam, "briefsearch_archive_rejected_files"); got != 0 {
		t.Errorf("rejected %v, want 0 for the sample", got)
	}
}
