package web

import (
	"maps"
	"slices"

	"github.com/prometheus/client_golang/prometheus"

	"briefsearch/ingest"
	"briefsearch/search"
)

// stateCollector reports what is true at scrape time (the generation served, the archive's
// builds, the clients and requests being tracked) by asking the Server's parts then, so no
// value is copied into a gauge that could go stale.
type stateCollector struct {
	corpus    func() search.Corpus
	archive   func() *ingest.Status // nil: no archive, and no archive metrics
	clients   func() int
	admission *admission
}

var (
	descRateLimited   = prometheus.NewDesc("briefsearch_rate_limited_clients", "Clients with a rate-limit bucket in memory.", nil, nil)
	descGeneration    = prometheus.NewDesc("briefsearch_index_generation_info", "The index generation being served (value is always 1).", []string{"generation"}, nil)
	descBuilt         = prometheus.NewDesc("briefsearch_index_built_timestamp_seconds", "When the served generation was built, Unix time.", nil, nil)
	descBriefings     = prometheus.NewDesc("briefsearch_index_briefings", "Briefings in the served generation.", nil, nil)
	descItems         = prometheus.NewDesc("briefsearch_index_items", "Items in the served generation.", nil, nil)
	descFallback      = prometheus.NewDesc("briefsearch_index_fallback", "1 when the generation served is an older one because the current one did not open (see /readyz for why), else 0.", nil, nil)
	descWaiting       = prometheus.NewDesc("briefsearch_admission_waiting", "Requests waiting for a slot to use the index.", nil, nil)
	descRunning       = prometheus.NewDesc("briefsearch_admission_running", "Requests holding a slot to use the index.", nil, nil)
	descService       = prometheus.NewDesc("briefsearch_admission_service_seconds", "Recent time a request holds a slot (moving average): what a queued request expects to wait per request ahead of it, per slot.", nil, nil)
	descArchRejected  = prometheus.NewDesc("briefsearch_archive_rejected_files", "Files of the archive the last build could not read as briefings.", nil, nil)
	descArchPending   = prometheus.NewDesc("briefsearch_archive_pending_files", "Files of the archive still being written at the last build.", nil, nil)
	descArchLastBuild = prometheus.NewDesc("briefsearch_archive_last_build_timestamp_seconds", "When the last build of the archive ended, Unix time.", nil, nil)
	descArchBuilds    = prometheus.NewDesc("briefsearch_archive_builds_total", "Builds of the archive, by how they went.", []string{"how"}, nil)
	descArchFailures  = prometheus.NewDesc("briefsearch_archive_build_failures_total", "Builds of the archive that failed.", nil, nil)
)

// Describe lists every metric Collect may send; the archive ones are sent only with an archive.
func (c *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descRateLimited, descGeneration, descBuilt, descBriefings, descItems, descFallback,
		descWaiting, descRunning, descService,
		descArchRejected, descArchPending, descArchLastBuild, descArchBuilds, descArchFailures} {
		ch <- d
	}
}

func (c *stateCollector) Collect(ch chan<- prometheus.Metric) {
	send := func(d *prometheus.Desc, kind prometheus.ValueType, v float64, labels ...string) {
		m, err := prometheus.NewConstMetric(d, kind, v, labels...)
		if err != nil { // a label that is not UTF-8: the scrape says so instead of panicking
			m = prometheus.NewInvalidMetric(d, err)
		}
		ch <- m
	}
	gauge := func(d *prometheus.Desc, v float64, labels ...string) { send(d, prometheus.GaugeValue, v, labels...) }
	gauge(descRateLimited, float64(c.clients()))
	corpus := c.corpus()
	gauge(descGeneration, 1, corpus.Generation)
	var built float64
	if !corpus.BuiltAt.IsZero() {
		built = float64(corpus.BuiltAt.Unix())
	}
	gauge(descBuilt, built)
	gauge(descBriefings, float64(corpus.Briefings))
	gauge(descItems, float64(corpus.Items))
	var fallback float64
	if corpus.Fallback != nil {
		fallback = 1
	}
	gauge(descFallback, fallback)
	waiting, running, service := c.admission.state()
	gauge(descWaiting, float64(waiting))
	gauge(descRunning, float64(running))
	gauge(descService, service.Seconds())

	st := c.archive()
	if st == nil {
		return
	}
	var rejected, at float64
	if r := st.Report; r != nil {
		rejected = float64(len(r.Rejected))
	}
	if !st.At.IsZero() {
		at = float64(st.At.Unix())
	}
	gauge(descArchRejected, rejected)
	gauge(descArchPending, float64(len(st.Pending)))
	gauge(descArchLastBuild, at)
	for _, how := range slices.Sorted(maps.Keys(st.Builds)) {
		send(descArchBuilds, prometheus.CounterValue, float64(st.Builds[how]), how)
	}
	send(descArchFailures, prometheus.CounterValue, float64(st.Failures))
}
