package web

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/labstack/echo/v4"
)

// MaxURLBytes caps the request target (path and query), like the search servers' 4 KB.
const MaxURLBytes = 4096

// MaxHeaderBytes is what the http.Server should read of a request line and headers
// (http.Server.MaxHeaderBytes). net/http answers a request past it by itself, before any
// handler, with a plain-text 431 and a closed connection; below it, the request reaches
// limitRequest, and a URL over MaxURLBytes gets the JSON 414 that every other error has. So it
// is far above any URL sent on purpose (a 100 KB one still gets the JSON answer), while what
// one connection can make the server hold stays bounded: this plus net/http's 4 KiB of slack,
// for at most ReadHeaderTimeout.
const MaxHeaderBytes = 256 << 10

// contentSecurityPolicy allows no script at all and only our own stylesheet: the UI works
// without JavaScript, so any script that shows up is an injection.
const contentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// observe logs each request and feeds the metrics. It is outermost, so it sees the final
// status: errors are rendered here (c.Error) rather than after the chain unwinds.
func (s *Server) observe(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		c.Set(ctxArrived, start) // the request's deadline counts from here (see deadline)
		s.metrics.inFlight.Inc()
		defer s.metrics.inFlight.Dec()
		if err := next(c); err != nil {
			c.Error(err)
		}
		elapsed := time.Since(start)
		status := c.Response().Status
		route := "unmatched" // keeps label cardinality bounded whatever URLs clients send
		if c.Get(ctxMatched) != nil {
			route = c.Path()
		}
		s.metrics.observe(route, status, elapsed)
		s.log.LogAttrs(c.Request().Context(), levelFor(status), "request",
			slog.String("method", c.Request().Method),
			slog.String("route", route),
			slog.String("uri", truncate(c.Request().RequestURI, 256)),
			slog.Int("status", status),
			slog.Int64("bytes", c.Response().Size),
			slog.Duration("took", elapsed),
			slog.String("client", c.RealIP()),
		)
		return nil
	}
}

// recoverPanics turns a panic (bleve has panicked on odd input) into a logged 500 and keeps
// the process serving.
func (s *Server) recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			r := recover()
			if r == nil {
				return
			}
			if r == http.ErrAbortHandler { //nolint:errorlint // sentinel compared as net/http does
				panic(r) // net/http's way to abort a response on purpose
			}
			s.log.Error("panic serving request", "path", c.Request().URL.Path,
				"panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			s.metrics.panics.Inc()
			err = errors.New("panic recovered")
		}()
		return next(c)
	}
}

// secureHeaders sets the headers every response carries, errors included.
func secureHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY") // for browsers that predate frame-ancestors
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		return next(c)
	}
}

// limitRequest refuses long URLs (414) and caps every body (413). The body cap applies to
// routes that read no body too, so nothing can park a large upload on the server.
func (s *Server) limitRequest(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if len(r.RequestURI) > MaxURLBytes {
			return &httpError{Status: http.StatusRequestURITooLong, Code: "uri_too_long",
				Msg: fmt.Sprintf("the URL is %d bytes; the limit is %d", len(r.RequestURI), MaxURLBytes)}
		}
		limit := s.opts.MaxBodyBytes
		if c.Path() == uploadRoute && r.Method == http.MethodPost {
			limit = s.opts.UploadMaxBytes + multipartSlack // the upload checks the file's own size
		}
		if r.ContentLength > limit {
			if limit != s.opts.MaxBodyBytes {
				return uploadTooLarge(s.opts.UploadMaxBytes)
			}
			return &httpError{Status: http.StatusRequestEntityTooLarge, Code: "body_too_large",
				Msg: fmt.Sprintf("the request body is larger than %d bytes", limit)}
		}
		if r.Body != nil && r.Body != http.NoBody {
			r.Body = http.MaxBytesReader(c.Response(), r.Body, limit)
		}
		return next(c)
	}
}

// rateLimit answers 429 to a client over its budget. The client is c.RealIP(), which is the
// peer address unless the peer is a trusted proxy (see ipExtractor).
func (s *Server) rateLimit(next echo.HandlerFunc) echo.HandlerFunc {
	if s.limiter == nil {
		return next
	}
	return func(c echo.Context) error {
		if s.opts.ExemptLoopback && localClient(c.Request()) {
			return next(c)
		}
		if ok, wait := s.limiter.allow(c.RealIP()); !ok {
			return &httpError{Status: http.StatusTooManyRequests, Code: "rate_limited",
				Msg: "too many requests from this address; slow down", RetryAfter: ceilSeconds(wait)}
		}
		return next(c)
	}
}

// localClient reports whether r comes from a program on this host: its TCP peer is a
// loopback address and it names no other client. A reverse proxy on the same host also
// connects from loopback, but it adds X-Forwarded-For (or Forwarded, X-Real-IP): such a
// request is not exempt, whether or not the proxy is trusted. (A proxy that adds none makes
// every client look local: turn the exemption off behind it.)
func localClient(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return false
	}
	for _, h := range []string{echo.HeaderXForwardedFor, "Forwarded", echo.HeaderXRealIP} {
		if _, ok := r.Header[h]; ok {
			return false
		}
	}
	return true
}

// admit holds one of the few index slots while the handler runs, waiting for one in line
// within the request's deadline; admission.go says why and how.
func (s *Server) admit(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		leave, err := s.admission.enter(c.Request().Context(), s.deadline(c))
		if err != nil {
			var shed *shedError
			if errors.As(err, &shed) {
				s.metrics.shed.WithLabelValues(shed.why).Inc()
				return &shed.httpError
			}
			return err
		}
		defer leave()
		return next(c)
	}
}

// capExports bounds the exports streaming at once. An export holds its connection for as long as
// the client reads (up to the write timeout), so it takes none of the search slots, where a few
// slow readers would stall every search; it has slots of its own, and is refused at once when
// they are taken (an export is a long job: waiting in line for one helps nobody).
func (s *Server) capExports(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		select {
		case s.exports <- struct{}{}:
			defer func() { <-s.exports }()
			return next(c)
		default:
			s.metrics.shed.WithLabelValues(shedExports).Inc()
			return &httpError{Status: http.StatusServiceUnavailable, Code: "overloaded",
				Msg: "too many exports at once; try again shortly", RetryAfter: 1}
		}
	}
}

// markMatched tells observe that routing found a handler, so c.Path() is a route template
// and not whatever URL a client made up.
func markMatched(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Set(ctxMatched, true)
		return next(c)
	}
}

const (
	ctxMatched = "briefsearch.matched"
	ctxArrived = "briefsearch.arrived" // time.Time
)

func ceilSeconds(d time.Duration) int {
	s := int((d + time.Second - 1) / time.Second)
	if s < 1 {
		return 1
	}
	return s
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
