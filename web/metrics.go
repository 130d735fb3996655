package web

import (
	"log/slog"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// latencyBuckets are the histogram's upper bounds in seconds: searches take milliseconds,
// exports and overload take seconds.
var latencyBuckets = [...]float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// metrics are the server's Prometheus collectors, in a registry of the Server's own rather than
// the library's global default one: two servers in one process (tests make many) never share a
// count, and nothing registers itself behind our back. Labels are route templates and status
// codes only, so the series stay few whatever URLs clients send.
type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	inFlight prometheus.Gauge
	panics   prometheus.Counter
	shed     *prometheus.CounterVec
}

// newMetrics registers the request metrics, the Go runtime's and the process's (GC, goroutines,
// RSS, open files) and state, whose values are read at scrape time.
func newMetrics(state prometheus.Collector) (*metrics, error) {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "briefsearch_http_requests_total",
			Help: "HTTP requests answered, by route template and status.",
		}, []string{"route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "briefsearch_http_request_duration_seconds",
			Help:    "Time from request to the last byte written.",
			Buckets: latencyBuckets[:],
		}, []string{"route"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "briefsearch_http_requests_in_flight",
			Help: "Requests being served now.",
		}),
		panics: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "briefsearch_http_panics_total",
			Help: "Panics recovered while serving.",
		}),
		shed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "briefsearch_admission_shed_total",
			Help: "Requests answered 503 before they used the index, by why: deadline (it could not start in time), queue (the queue was full), exports (too many exports at once).",
		}, []string{"why"}),
	}
	for _, c := range []prometheus.Collector{
		m.requests, m.latency, m.inFlight, m.panics, m.shed, state,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	} {
		if err := m.registry.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func (m *metrics) observe(route string, status int, took time.Duration) {
	m.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route).Observe(took.Seconds())
}

// handler serves the registry in the format the scraper asks for (the text format, 0.0.4,
// unless it asks for another). A collector that fails is logged and the rest still served.
func (m *metrics) handler(log *slog.Logger) echo.HandlerFunc {
	return echo.WrapHandler(promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{
		ErrorLog:      slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		ErrorHandling: promhttp.ContinueOnError,
	}))
}
