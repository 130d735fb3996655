package web

import (
	"maps"
	"slices"

	"github.com/prometheus/client_golang/prometheus"

	"briefsearch/ingest"
	"briefsearch/replica"
	"briefsearch/search"
)

// stateCollector reports what is true at scrape time (the generation served, the archive's
// builds, the clients and requests being tracked) by asking the Server's parts then, so no
// value is copied into a gauge that could go stale.
type stateCollector struct {
	corpus    func() search.Corpus
	archive   func() *ingest.Status  // nil: no archive, and no archive metrics
	replica   func() *replica.Status // nil: not a replica, and no replica metrics
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
	descRepBehind     = prometheus.NewDesc("briefsearch_replica_generations_behind", "Generations the replica's source published that it has not installed.", nil, nil)
	descRepSequence   = prometheus.NewDesc("briefsearch_replica_sequence", "Sequence number of the newest generation installed here.", nil, nil)
	descRepSourceSeq  = prometheus.NewDesc("briefsearch_replica_source_sequence", "Sequence number of the generation the source publishes.", nil, nil)
	descRepLastCheck  = prometheus.NewDesc("briefsearch_replica_last_check_timestamp_seconds", "When the replica last asked its source, Unix time.", nil, nil)
	descRepFailing    = prometheus.NewDesc("briefsearch_replica_failing", "1 when the replica's last sync failed, else 0.", nil, nil)
	descRepInstalls   = prometheus.NewDesc("briefsearch_replica_installs_total", "Generations installed since start.", nil, nil)
	descRepRefused    = prometheus.NewDesc("briefsearch_replica_refused_total", "Transfers refused since start: a file not as its build wrote it.", nil, nil)
)

// Describe lists every metric Collect may send; the archive ones are sent only with an archive.
func (c *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descRateLimited, descGeneration, descBuilt, descBriefings, descItems, descFallback,
		descWaiting, descRunning, descService,
		descArchRejected, descArchPending, descArchLastBuild, descArchBuilds, descArchFailures,
		descRepBehind, descRepSequence, descRepSourceSeq, descRepLastCheck, descRepFailing, descRepInstalls, descRepRefused} {
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

	if rs := c.replica(); rs != nil {
		gauge(descRepBehind, float64(rs.Behind))
		gauge(descRepSequence, float64(rs.Sequence))
		gauge(descRepSourceSeq, float64(rs.SourceSequence))
		var at, failing float64
		if !rs.LastCheck.IsZero() {
			at = float64(rs.LastCheck.Unix())
		}
		if rs.LastError != "" {
			failing = 1
		}
		gauge(descRepLastCheck, at)
		gauge(descRepFailing, failing)
		send(descRepInstalls, prometheus.CounterValue, float64(rs.Installs))
		send(descRepRefused, prometheus.CounterValue, float64(rs.Refused))
	}
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
