package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"

	"briefsearch/ingest"
	"briefsearch/search"
)

// Options are the server's dependencies and limits, handed down from the command's Config.
type Options struct {
	Index    Index
	Reloader Reloader     // nil, or an empty AdminToken, leaves POST /admin/reload unregistered
	Logger   *slog.Logger // nil discards

	MaxBodyBytes  int64   // every route; 0 = 64 KiB
	MaxConcurrent int     // requests using the index at once; 0 = 2 per CPU core (see admission.go)
	MaxQueue      int     // requests waiting in line for the index; 0 = 1024; more get 503 at once
	RateLimit     float64 // requests per second per client; 0 = off
	RateBurst     int     // bucket size when RateLimit is on
	// ExemptLoopback spares clients on this host from the rate limit: a peer on a loopback
	// address whose request carries no forwarding header (a proxy's is limited as before).
	ExemptLoopback bool
	TrustedProxies []string      // CIDRs whose X-Forwarded-For names the client
	AdminToken     string        // bearer token for /admin/* and uploads; empty = neither
	SearchTimeout  time.Duration // a request's deadline for the index, from its arrival; 0 = search.DefaultTimeout

	Uploader       Uploader // nil, or an empty AdminToken, leaves POST /api/v1/briefings unregistered
	UploadMaxBytes int64    // the largest file an upload may carry; 0 = 64 MiB
	Archive        Archive  // the archive's builds, for /readyz and /metrics; nil = none
	Replica        Replica  // the replica loop, for /readyz and /metrics; nil = not a replica

	Now func() time.Time // the rate limiter's clock; nil = time.Now (tests pass a fake)

	// PublicURL is the server's address as readers reach it (https://briefs.example.org), for
	// the absolute URLs of citations and feeds; "" = the request's own scheme and host.
	PublicURL string
}

// Server is the HTTP handler. Build it with New; serve it with an http.Server that sets
// the timeouts.
type Server struct {
	opts      Options
	index     Index
	log       *slog.Logger
	echo      *echo.Echo
	metrics   *metrics
	limiter   *rateLimiter
	admission *admission
	slots     chan struct{} // admission's: tests hold them to fill the server
	exports   chan struct{} // exports streaming at once (capExports)
	assets    *assets
	draining  atomic.Bool
}

// New checks opts, parses the templates once and registers every route.
func New(opts Options) (*Server, error) {
	if opts.Index == nil {
		return nil, errors.New("web: Options.Index is required")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = 64 << 10
	}
	if opts.MaxConcurrent <= 0 {
		opts.MaxConcurrent = 2 * runtime.GOMAXPROCS(0)
	}
	if opts.MaxQueue <= 0 {
		opts.MaxQueue = 1024
	}
	if opts.SearchTimeout <= 0 {
		opts.SearchTimeout = search.DefaultTimeout
	}
	if opts.UploadMaxBytes <= 0 {
		opts.UploadMaxBytes = 64 << 20
	}
	if opts.RateLimit < 0 || opts.RateLimit > 0 && opts.RateBurst <= 0 {
		return nil, errors.New("web: RateLimit must be >= 0 and RateBurst > 0 when it is on")
	}
	extract, err := ipExtractor(opts.TrustedProxies)
	if err != nil {
		return nil, err
	}
	a, err := loadAssets()
	if err != nil {
		return nil, err
	}
	s := &Server{
		opts:      opts,
		index:     opts.Index,
		log:       opts.Logger,
		admission: newAdmission(opts.MaxConcurrent, opts.MaxQueue, nil),
		exports:   make(chan struct{}, opts.MaxConcurrent),
		assets:    a,
	}
	s.slots = s.admission.slots
	if opts.RateLimit > 0 {
		s.limiter = newRateLimiter(opts.RateLimit, opts.RateBurst, opts.Now)
	}
	state := &stateCollector{corpus: s.index.Corpus, archive: s.archiveState, replica: s.replicaState, clients: s.limiterSize, admission: s.admission}
	if s.metrics, err = newMetrics(state); err != nil {
		return nil, fmt.Errorf("web: registering metrics: %w", err)
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.IPExtractor = extract
	e.HTTPErrorHandler = s.handleError
	e.JSONSerializer = bufferedJSON{}
	e.Use(s.observe, s.recoverPanics, secureHeaders, s.limitRequest)
	s.echo = e
	s.routes()
	return s, nil
}

// routes is the whole URL space in one place.
func (s *Server) routes() {
	read := []string{http.MethodGet, http.MethodHead}
	probe := []echo.MiddlewareFunc{markMatched}                             // never throttled: orchestrators poll these
	light := []echo.MiddlewareFunc{markMatched, s.rateLimit}                // no index access
	heavy := []echo.MiddlewareFunc{markMatched, s.rateLimit, s.admit}       // holds an index slot
	stream := []echo.MiddlewareFunc{markMatched, s.rateLimit, s.capExports} // exports: slots of their own
	e := s.echo

	e.Match(read, "/", s.handleSearchPage, heavy...)
	e.Match(read, "/items/:id", s.handleItemPage, heavy...)
	e.Match(read, "/briefings", s.handleBriefingsPage, heavy...)
	e.Match(read, "/briefings/:id", s.handleBriefingPage, heavy...)
	e.Match(read, "/entities", s.handleEntitiesPage, heavy...)
	e.Match(read, "/entities/:slug", s.handleEntityPage, heavy...)
	e.Match(read, "/compare", s.handleComparePage, heavy...)
	e.Match(read, "/static/:name", s.handleStatic, light...)

	e.Match(read, "/api/v1/search", s.handleSearchAPI, heavy...)
	e.Match(read, "/api/v1/search.csv", s.handleExportCSV, stream...)
	e.Match(read, "/api/v1/search.jsonl", s.handleExportJSONL, stream...)
	e.Match(read, "/api/v1/items/:id", s.handleItemAPI, heavy...)
	e.Match(read, "/api/v1/briefings", s.handleBriefingsAPI, heavy...)
	e.Match(read, "/api/v1/briefings/:id", s.handleBriefingAPI, heavy...)
	e.Match(read, "/api/v1/entities", s.handleEntitiesAPI, heavy...)
	e.Match(read, "/api/v1/entities/:slug", s.handleEntityAPI, heavy...)
	e.Match(read, "/api/v1/search/facets", s.handleFacetsAPI, heavy...)
	e.Match(read, "/api/v1/search/facets.csv", s.handleFacetsCSV, heavy...)
	e.Match(read, "/api/v1/search/timeline", s.handleTimelineAPI, heavy...)
	e.Match(read, "/api/v1/search/timeline.csv", s.handleTimelineCSV, heavy...)
	e.Match(read, "/api/v1/compare", s.handleCompareAPI, heavy...)
	e.Match(read, "/api/v1/compare.csv", s.handleCompareCSV, heavy...)
	e.Match(read, "/api/v1/openapi.json", s.handleOpenAPI, light...)

	// Citations, permalinks and feeds (cite.go, feed.go).
	e.Match(read, "/p/:hash", s.handlePermalinkPage, heavy...)
	e.Match(read, "/api/v1/p/:hash", s.handlePermalinkAPI, heavy...)
	e.Match(read, "/api/v1/items/:id/cite", s.handleItemCite, heavy...)
	e.Match(read, "/api/v1/briefings/:id/cite", s.handleBriefingCite, heavy...)
	e.Match(read, "/feeds/search.atom", s.handleSearchFeed, heavy...)
	e.Match(read, "/feeds/latest.atom", s.handleLatestFeed, heavy...)

	e.Match(read, "/healthz", s.handleHealthz, probe...)
	e.Match(read, "/readyz", s.handleReadyz, probe...)
	e.Match(read, "/metrics", s.metrics.handler(s.log), probe...)

	if s.opts.AdminToken != "" && s.opts.Reloader != nil {
		e.POST("/admin/reload", s.handleReload, light...)
	}
	if s.opts.AdminToken != "" && s.opts.Uploader != nil {
		e.POST(uploadRoute, s.handleUpload, light...)
	}
}

// ServeHTTP makes the Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.echo.ServeHTTP(w, r) }

// Drain makes /readyz answer 503 so a load balancer stops sending traffic before shutdown;
// requests are still served.
func (s *Server) Drain() { s.draining.Store(true) }

// indexCtx bounds a call into the index by the request's deadline, which started when the
// request arrived: time spent waiting for a slot counts, so a request never takes the search
// timeout twice over. It is not the request's own context, so an export's stream, which runs
// under the write timeout, is not cut by it.
func (s *Server) indexCtx(c echo.Context) (context.Context, context.CancelFunc) {
	return context.WithDeadline(c.Request().Context(), s.deadline(c))
}

// deadline is when the request's time is up: its arrival (observe) plus the search timeout.
func (s *Server) deadline(c echo.Context) time.Time {
	arrived, ok := c.Get(ctxArrived).(time.Time)
	if !ok {
		arrived = time.Now()
	}
	return arrived.Add(s.opts.SearchTimeout)
}

// ipExtractor decides who "the client" is for rate limiting and logs. Without trusted
// proxies it is the TCP peer, whatever headers claim; with them, X-Forwarded-For is read
// only through hops inside those ranges (echo trusts private and loopback ranges by
// default, so those defaults are switched off).
func ipExtractor(cidrs []string) (echo.IPExtractor, error) {
	if len(cidrs) == 0 {
		return echo.ExtractIPDirect(), nil
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, c := range cidrs {
		_, n, err := net.ParseCIDR(c)
		if err != nil {
			return nil, fmt.Errorf("web: trusted proxy %q is not a CIDR: %w", c, err)
		}
		opts = append(opts, echo.TrustIPRange(n))
	}
	return echo.ExtractIPFromXFFHeader(opts...), nil
}

func (s *Server) archiveState() *ingest.Status {
	if s.opts.Archive == nil {
		return nil
	}
	st := s.opts.Archive.Status()
	return &st
}

func (s *Server) limiterSize() int {
	if s.limiter == nil {
		return 0
	}
	return s.limiter.size()
}

// levelFor keeps routine requests at info and makes server faults stand out.
func levelFor(status int) slog.Level {
	if status >= 500 {
		return slog.LevelWarn
	}
	return slog.LevelInfo
}
