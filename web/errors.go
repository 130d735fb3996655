package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"briefsearch/search"
)

// httpError is an error this package raises itself (limits, auth): its message is meant for
// the client.
type httpError struct {
	Status     int
	Code       string
	Msg        string
	RetryAfter int // seconds; 0 = no Retry-After header
}

func (e *httpError) Error() string { return e.Msg }

func errBadRequest(msg string) error { return &httpError{http.StatusBadRequest, "bad_query", msg, 0} }

// apiError is the JSON body of every error: {"error":{"code":"bad_query","message":"..."}}.
type apiError struct {
	Error apiErrorBody `json:"error"`
}

type apiErrorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// classify maps any error a handler or middleware returns to what the client is told. It is
// the one place that decides status codes; only messages written for people pass through.
func classify(err error) (h httpError, internal bool) {
	var own *httpError
	var reqErr *search.RequestError
	var echoErr *echo.HTTPError
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &own):
		return *own, false
	case errors.As(err, &reqErr):
		return httpError{Status: http.StatusBadRequest, Code: "bad_query", Msg: reqErr.Msg}, false
	case errors.Is(err, search.ErrBadRequest):
		// A bad-request kind without a RequestError carries no vetted message.
		return httpError{Status: http.StatusBadRequest, Code: "bad_query", Msg: "the request is not valid"}, false
	case errors.Is(err, search.ErrNotFound):
		return httpError{Status: http.StatusNotFound, Code: "not_found", Msg: "no such item or briefing"}, false
	case errors.Is(err, search.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return httpError{Status: http.StatusServiceUnavailable, Code: "timeout",
			Msg: "the search took too long; try a narrower query", RetryAfter: 1}, false
	case errors.Is(err, search.ErrOverloaded):
		return httpError{Status: http.StatusServiceUnavailable, Code: "overloaded",
			Msg: "too many searches at once; try again shortly", RetryAfter: 1}, false
	case errors.As(err, &tooBig):
		return httpError{Status: http.StatusRequestEntityTooLarge, Code: "body_too_large",
			Msg: "the request body is larger than " + strconv.FormatInt(tooBig.Limit, 10) + " bytes"}, false
	case errors.As(err, &echoErr):
		return fromEcho(echoErr), false
	}
	return httpError{Status: http.StatusInternalServerError, Code: "internal",
		Msg: "internal error; it has been logged"}, true
}

// fromEcho covers the router's own errors (404, 405) and any other echo.HTTPError, whose
// message we do not show because echo may put internal detail there.
func fromEcho(e *echo.HTTPError) httpError {
	switch e.Code {
	case http.StatusNotFound:
		return httpError{Status: e.Code, Code: "not_found", Msg: "no such page"}
	case http.StatusMethodNotAllowed:
		return httpError{Status: e.Code, Code: "method_not_allowed", Msg: "this path only answers GET and HEAD"}
	case http.StatusRequestEntityTooLarge:
		return httpError{Status: e.Code, Code: "body_too_large", Msg: "the request body is too large"}
	}
	if e.Code >= 400 && e.Code < 500 {
		return httpError{Status: e.Code, Code: "bad_request", Msg: strings.ToLower(http.StatusText(e.Code))}
	}
	return httpError{Status: http.StatusInternalServerError, Code: "internal", Msg: "internal error; it has been logged"}
}

// handleError is echo's HTTPErrorHandler: JSON for API-style paths, an HTML page elsewhere.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		// Mid-stream failure (an export): the status is gone; all we can do is log.
		if !errors.Is(err, context.Canceled) {
			s.log.Warn("error after response started", "path", c.Request().URL.Path, "err", err)
		}
		return
	}
	if errors.Is(err, context.Canceled) {
		// The client went away; nobody reads the answer. 499 is nginx's name for it.
		c.Response().WriteHeader(499)
		return
	}
	h, internal := classify(err)
	if internal {
		s.log.Error("request failed", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
	}
	if h.RetryAfter > 0 {
		c.Response().Header().Set("Retry-After", strconv.Itoa(h.RetryAfter))
	}
	if h.Status == http.StatusMethodNotAllowed && c.Response().Header().Get(echo.HeaderAllow) == "" {
		c.Response().Header().Set(echo.HeaderAllow, "GET, HEAD")
	}
	var werr error
	switch {
	case c.Request().Method == http.MethodHead:
		werr = c.NoContent(h.Status)
	case wantsJSON(c.Request().URL.Path):
		werr = c.JSON(h.Status, apiError{apiErrorBody{Code: h.Code, Message: h.Msg}})
	default:
		werr = s.renderError(c, h)
	}
	if werr != nil {
		s.log.Debug("writing error response", "err", werr)
	}
}

// wantsJSON tells machine paths from pages; a browser that mistypes a page URL gets a page.
func wantsJSON(path string) bool {
	for _, p := range []string{"/api/", "/admin/", "/healthz", "/readyz", "/metrics", "/feeds/"} {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}
