package web

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"briefsearch/search"
)

func (s *Server) handleSearchAPI(c echo.Context) error {
	req, err := searchRequest(c.Request())
	if err != nil {
		return err
	}
	ctx, cancel := s.indexCtx(c)
	defer cancel()
	res, err := s.index.Search(ctx, req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, search.NewResponse(req, res, s.index.Corpus()))
}

func (s *Server) handleItemAPI(c echo.Context) error {
	ctx, cancel := s.indexCtx(c)
	defer cancel()
	page, err := s.index.Item(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, page)
}

// briefingsResponse wraps the list so fields can be added without breaking clients.
type briefingsResponse struct {
	Briefings []search.BriefingSummary `json:"briefings"`
	Corpus    search.Corpus            `json:"corpus"`
}

func (s *Server) handleBriefingsAPI(c echo.Context) error {
	ctx, cancel := s.indexCtx(c)
	defer cancel()
	list, err := s.index.Briefings(ctx)
	if err != nil {
		return err
	}
	if list == nil {
		list = []search.BriefingSummary{}
	}
	return c.JSON(http.StatusOK, briefingsResponse{Briefings: list, Corpus: s.index.Corpus()})
}

// handleBriefingAPI is one page of an issue (?page=, ?size=): its header, its sections and
// the page's items, with the paging fields.
func (s *Server) handleBriefingAPI(c echo.Context) error {
	page, size, err := briefingParams(c.Request(), true)
	if err != nil {
		return err
	}
	ctx, cancel := s.indexCtx(c)
	defer cancel()
	b, err := s.index.BriefingPage(ctx, c.Param("id"), page, size)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, publicBriefing(b))
}

// publicBriefing drops where the file lives on the server: a path is not the client's business.
func publicBriefing(b *search.BriefingPage) search.BriefingPage {
	out := *b
	out.SourceFile = ""
	if out.Warnings == nil {
		out.Warnings = []string{}
	}
	return out
}

func (s *Server) handleOpenAPI(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "public, max-age=300")
	return c.Blob(http.StatusOK, "application/json; charset=utf-8", s.assets.openAPI)
}

type status struct {
	Status  string         `json:"status"`
	Corpus  *search.Corpus `json:"corpus,omitempty"`
	Archive *archiveStatus `json:"archive,omitempty"`
	Replica *replicaStatus `json:"replica,omitempty"`
}

// handleHealthz says the process answers; it touches nothing that can be slow.
func (s *Server) handleHealthz(c echo.Context) error {
	return c.JSON(http.StatusOK, status{Status: "ok"})
}

// handleReadyz says whether to send traffic here: an index is open and we are not draining.
func (s *Server) handleReadyz(c echo.Context) error {
	corpus := s.index.Corpus()
	switch {
	case s.draining.Load():
		return c.JSON(http.StatusServiceUnavailable, status{Status: "draining"})
	case corpus.Generation == "":
		return c.JSON(http.StatusServiceUnavailable, status{Status: "no index"})
	}
	return c.JSON(http.StatusOK, status{Status: "ready", Corpus: &corpus, Archive: s.archiveStatus(), Replica: s.replicaStatus()})
}

type reloadResponse struct {
	Previous string        `json:"previous"`
	Corpus   search.Corpus `json:"corpus"`
}

// handleReload switches to the newest generation. Reload keeps serving the old one when the
// new one fails to open, so a failure here is logged and reported as a 500 without detail.
func (s *Server) handleReload(c echo.Context) error {
	if !s.authorized(c.Request().Header.Get(echo.HeaderAuthorization)) {
		c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="briefsearch admin"`)
		return &httpError{Status: http.StatusUnauthorized, Code: "unauthorized", Msg: "missing or wrong bearer token"}
	}
	before := s.index.Corpus()
	if err := s.opts.Reloader.Reload(c.Request().Context()); err != nil {
		if c.Request().Context().Err() != nil {
			return err
		}
		// The caller holds the admin token: tell them why, as the log does.
		s.log.Warn("reload failed; still serving the generation before", "generation", before.Generation, "err", err)
		return &httpError{Status: http.StatusConflict, Code: "reload_failed", Msg: err.Error()}
	}
	after := s.index.Corpus()
	s.log.Info("index reloaded", "from", before.Generation, "to", after.Generation, "items", after.Items)
	return c.JSON(http.StatusOK, reloadResponse{Previous: before.Generation, Corpus: after})
}

// authorized compares digests in constant time, so neither the token's bytes nor its length
// leak through timing.
func (s *Server) authorized(header string) bool {
	scheme, token, ok := strings.Cut(strings.TrimSpace(header), " ")
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" { // the scheme is case-insensitive (RFC 7235)
		return false
	}
	got := sha256.Sum256([]byte(token))
	want := sha256.Sum256([]byte(s.opts.AdminToken))
	return subtle.ConstantTimeCompare(got[:], want[:]) == 1
}
