package web

import (
	"errors"
	"strings"
	"testing"
	"time"

	"briefsearch/ingest"
	"briefsearch/search"
)

func TestMetricsExposition(t *testing.T) {
	m := newMetrics()
	m.observe("/api/v1/search", 200, 3*time.Millisecond)
	m.observe("/api/v1/search", 200, 2*time.Second)
	m.observe("/api/v1/search", 400, time.Millisecond)
	m.observe(`we"ird`, 404, time.Millisecond)
	var b strings.Builder
	corpus := search.Corpus{Generation: "gen-1", BuiltAt: time.Unix(1_780_000_000, 0), Briefings: 1, Items: 18}
	archive := &ingest.Status{At: time.Unix(1_780_000_100, 0), Builds: map[string]uint64{ingest.Extended: 4, ingest.FullRebuild: 1}, Failures: 2,
		Report: &ingest.Report{Rejected: []error{errors.New("a.pdf: no text layer: scanned image?")}}, Pending: []string{"b.pdf"}}
	if err := m.write(&b, corpus, 3, archive); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		`briefsearch_http_requests_total{route="/api/v1/search",status="200"} 2`,
		`briefsearch_http_requests_total{route="/api/v1/search",status="400"} 1`,
		`briefsearch_http_requests_total{route="we\"ird",status="404"} 1`,
		`briefsearch_http_request_duration_seconds_bucket{route="/api/v1/search",le="0.001"} 1`,
		`briefsearch_http_request_duration_seconds_bucket{route="/api/v1/search",le="0.005"} 2`,
		`briefsearch_http_request_duration_seconds_bucket{route="/api/v1/search",le="2.5"} 3`,
		`briefsearch_http_request_duration_seconds_bucket{route="/api/v1/search",le="+Inf"} 3`,
		`briefsearch_http_request_duration_seconds_count{route="/api/v1/search"} 3`,
		`briefsearch_index_generation_info{generation="gen-1"} 1`,
		"briefsearch_index_items 18\n",
		"briefsearch_index_built_timestamp_seconds 1.78e+09\n",
		"briefsearch_rate_limited_clients 3\n",
		"# TYPE briefsearch_http_request_duration_seconds histogram\n",
		"briefsearch_archive_rejected_files 1\n",
		"briefsearch_archive_pending_files 1\n",
		`briefsearch_archive_builds_total{how="extended"} 4`,
		`briefsearch_archive_builds_total{how="full"} 1`,
		"briefsearch_archive_build_failures_total 2\n",
		"briefsearch_archive_last_build_timestamp_seconds 1.7800001e+09\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("metrics lack %q\n%s", want, out)
		}
	}
}
