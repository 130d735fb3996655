package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"briefsearch/cite"
	"briefsearch/search"
)

// Citations (/api/v1/items/{id}/cite, /api/v1/briefings/{id}/cite) and permalinks (/p/{hash},
// /api/v1/p/{hash}). The citation bytes are cite's, the same the `cite` command prints.

const paramFormat = "format"

// links makes the absolute URLs of citations and feeds: from Options.PublicURL, or, when
// none is set (tests, embedders), from the request's own scheme and host.
func (s *Server) links(c echo.Context) cite.Links {
	if s.opts.PublicURL != "" {
		return cite.Links{Base: strings.TrimRight(s.opts.PublicURL, "/")}
	}
	return cite.Links{Base: c.Scheme() + "://" + c.Request().Host}
}

func (s *Server) now() time.Time {
	if s.opts.Now != nil {
		return s.opts.Now()
	}
	return time.Now()
}

// citeFormat reads ?format= (text, the default, bibtex, ris, csl-json) and refuses anything else.
func citeFormat(r *http.Request) (cite.Format, error) {
	v, err := queryValues(r)
	if err != nil {
		return "", err
	}
	for k, vals := range v {
		if k != paramFormat {
			return "", errBadRequest(fmt.Sprintf("unknown parameter %q; a citation takes format", k))
		}
		if len(vals) > 1 {
			return "", errBadRequest(fmt.Sprintf("parameter %q is given %d times; give it once", k, len(vals)))
		}
	}
	f, err := cite.ParseFormat(v.Get(paramFormat))
	if err != nil {
		return "", errBadRequest(err.Error())
	}
	return f, nil
}

func (s *Server) handleItemCite(c echo.Context) error {
	f, err := citeFormat(c.Request())
	if err != nil {
		return err
	}
	ctx, cancel := s.indexCtx(c)
	defer cancel()
	page, err := s.index.Item(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	return sendCitation(c, cite.ForItem(page, s.links(c), s.now()), f)
}

func (s *Server) handleBriefingCite(c echo.Context) error {
	f, err := citeFormat(c.Request())
	if err != nil {
		return err
	}
	ctx, cancel := s.indexCtx(c)
	defer cancel()
	// The header is all a briefing's citation needs: one page of one item reads it.
	b, err := s.index.BriefingPage(ctx, c.Param("id"), 1, 1)
	if err != nil {
		return err
	}
	return sendCitation(c, cite.ForBriefing(&b.Briefing, s.links(c), s.now()), f)
}

func sendCitation(c echo.Context, w cite.Work, f cite.Format) error {
	body, err := cite.Render(w, f)
	if err != nil {
		return err
	}
	// inline: a browser shows it; saved, it has a name a reference manager recognizes.
	c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf(`inline; filename="%s"`, w.FileName(f)))
	return c.Blob(http.StatusOK, f.ContentType(), body)
}

// permalinkResponse is /api/v1/p/{hash}: what the hash names now, with the URLs to follow.
type permalinkResponse struct {
	*search.Permalink
	ItemURL string `json:"item_url,omitempty"` // the current item's JSON (current, changed)
	PageURL string `json:"page_url,omitempty"` // its page
}

func (s *Server) permalink(c echo.Context) (*search.Permalink, error) {
	if err := noParams(c.Request(), "a permalink"); err != nil {
		return nil, err
	}
	ctx, cancel := s.indexCtx(c)
	defer cancel()
	p, err := s.index.Permalink(ctx, c.Param("hash"))
	if errors.Is(err, search.ErrNotFound) {
		return nil, &httpError{Status: http.StatusNotFound, Code: "not_found",
			Msg: "no item has this hash, now or in the history this index keeps"}
	}
	return p, err
}

func (s *Server) handlePermalinkAPI(c echo.Context) error {
	p, err := s.permalink(c)
	if err != nil {
		return err
	}
	out := permalinkResponse{Permalink: p}
	if p.ID != "" {
		out.ItemURL = "/api/v1/items/" + url.PathEscape(p.ID)
		out.PageURL = "/items/" + url.PathEscape(p.ID)
	}
	return c.JSON(http.StatusOK, out)
}

// handlePermalinkPage sends a current item's permalink on to its page (302: where it is now
// is not where it will always be), and shows what became of one that changed or went.
func (s *Server) handlePermalinkPage(c echo.Context) error {
	p, err := s.permalink(c)
	if err != nil {
		return err
	}
	if p.Status == search.PermalinkCurrent {
		return c.Redirect(http.StatusFound, "/items/"+url.PathEscape(p.ID))
	}
	status := http.StatusOK
	var current *search.ItemPage
	if p.Status == search.PermalinkRemoved {
		status = http.StatusGone
	} else {
		ctx, cancel := s.indexCtx(c)
		defer cancel()
		if current, err = s.index.Item(ctx, p.ID); err != nil {
			return err
		}
	}
	return s.render(c, status, "permalink", newPermalinkPage(s.layout("", ""), p, current))
}

// noParams refuses a query string on a route that takes none.
func noParams(r *http.Request, what string) error {
	v, err := queryValues(r)
	if err != nil {
		return err
	}
	for k := range v {
		return errBadRequest(fmt.Sprintf("unknown parameter %q; %s takes none", k, what))
	}
	return nil
}
