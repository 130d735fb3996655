package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
)

// Options are the server's dependencies and limits, handed down from the command's Config.
type Options struct {
	Index    Index
	Reloader Reloader     // nil, or an empty AdminToken, leaves POST /admin/reload unregistered
	Logger   *slog.Logger // nil discards

	MaxBodyBytes   int64         // every route; 0 = 64 KiB
	MaxConcurrent  int           // requests holding the index at once; 0 = 64
	RateLimit      float64       // requests per second per client; 0 = off
	RateBurst      int           // bucket size when RateLimit is on
	TrustedProxies []string      // CIDRs whose X-Forwarded-For names the client
	AdminToken     string        // bearer token for /admin/* and uploads; empty = neither
	SearchTimeout  time.Duration // deadline for one index call; 0 = the search package's own

	Uploader       Uploader // nil, or an empty AdminToken, leaves POST /api/v1/briefings unregistered
	UploadMaxBytes int64    // the largest file an upload may carry; 0 = 64 MiB
	Archive        Archive  // the archive's builds, for /readyz and /metrics; nil = none

	Now func() time.Time // the rate limiter's clock; nil = time.Now (tests pass a fake)
}

// Server is the HTTP handler. Build it with New; serve it with an http.Server that sets
// the timeouts.
type Server struct {
	opts     Options
	index    Index
	log      *slog.Logger
	echo     *echo.Echo
	metrics  *metrics
	limiter  *rateLimiter
	slots    chan struct{}
	assets   *assets
	draining atomic.Bool
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
		opts.MaxConcurrent = 64
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
		opts:    opts,
		index:   opts.Index,
		log:     opts.Logger,
		metrics: newMetrics(),
		slots:   make(chan struct{}, opts.MaxConcurrent),
		assets:  a,
	}
	if opts.RateLimit > 0 {
		s.limiter = newRateLimiter(opts.RateLimit, opts.RateBurst, opts.Now)
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
	probe := []echo.MiddlewareFunc{markMatched}                                // never throttled: orchestrators poll these
	light := []echo.MiddlewareFunc{markMatched, s.rateLimit}                   // no index access
	heavy := []echo.MiddlewareFunc{markMatched, s.rateLimit, s.capConcurrency} // holds the index
	e := s.echo

	e.Match(read, "/", s.handleSearchPage, heavy...)
	e.Match(read, "/items/:id", s.handleItemPage, heavy...)
	e.Match(read, "/briefings", s.handleBriefingsPage, heavy...)
	e.Match(read, "/briefings/:id", s.handleBriefingPage, heavy...)
	e.Match(read, "/entities", s.handleEntitiesPage, heavy...)
	e.Match(read, "/entities/:slug", s.handleEntityPage, heavy...)
	e.Match(read, "/static/:name", s.handleStatic, light...)

	e.Match(read, "/api/v1/search", s.handleSearchAPI, heavy...)
	e.Match(read, "/api/v1/search.csv", s.handleExportCSV, heavy...)
	e.Match(read, "/api/v1/search.jsonl", s.handleExportJSONL, heavy...)
	e.Match(read, "/api/v1/items/:id", s.handleItemAPI, heavy...)
	e.Match(read, "/api/v1/briefings", s.handleBriefingsAPI, heavy...)
	e.Match(read, "/api/v1/briefings/:id", s.handleBriefingAPI, heavy...)
	e.Match(read, "/api/v1/entities", s.handleEntitiesAPI, heavy...)
	e.Match(read, "/api/v1/entities/:slug", s.handleEntityAPI, heavy...)
	e.Match(read, "/api/v1/openapi.json", s.handleOpenAPI, light...)

	e.Match(read, "/healthz", s.handleHealthz, probe...)
	e.Match(read, "/readyz", s.handleReadyz, probe...)
	e.Match(read, "/metrics", s.handleMetrics, probe...)

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

// indexCtx bounds one call into the index by the configured search timeout.
func (s *Server) indexCtx(c echo.Context) (context.Context, context.CancelFunc) {
	if s.opts.SearchTimeout > 0 {
		return context.WithTimeout(c.Request().Context(), s.opts.SearchTimeout)
	}
	return context.WithCancel(c.Request().Context())
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
