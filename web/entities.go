package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"briefsearch/search"
)

// The entity routes: GET /api/v1/entities, /api/v1/entities/:slug, and their pages
// (entity_pages.go). The list and the pages are computed by search from the served generation.

// Query parameters of the entity list (q, page and size as in the search).
const paramType = "type"

var entityListParams = []string{paramType, paramQ, paramPage, paramSize}

// entityQuery reads the entity list's parameters from r's query string, for the API and the
// page alike; an unknown one is refused (it is a typo, or a filter the list does not have).
func entityQuery(r *http.Request) (search.EntityQuery, error) {
	var q search.EntityQuery
	v, err := queryValues(r)
	if err != nil {
		return q, err
	}
	for k, vals := range v {
		known := false
		for _, p := range entityListParams {
			known = known || k == p
		}
		switch {
		case !known:
			return q, errBadRequest(fmt.Sprintf("unknown parameter %q; see /api/v1/openapi.json", k))
		case known && len(vals) > 1:
			return q, errBadRequest(fmt.Sprintf("parameter %q is given %d times; give it once", k, len(vals)))
		}
	}
	q.Type = strings.TrimSpace(v.Get(paramType))
	q.Q = strings.TrimSpace(v.Get(paramQ))
	if n := utf8.RuneCountInString(q.Q); n > search.MaxEntityQueryLen {
		return q, errBadRequest(fmt.Sprintf("q is %d characters; the limit is %d", n, search.MaxEntityQueryLen))
	}
	if q.Page, err = intParam(v, paramPage); err != nil {
		return q, err
	}
	if q.Size, err = intParam(v, paramSize); err != nil {
		return q, err
	}
	return q, nil
}

// entityListResponse is a page of the list with the query as run, defaults filled in.
type entityListResponse struct {
	*search.EntityList
	Request search.EntityQuery `json:"request"`
	Corpus  search.Corpus      `json:"corpus"`
}

func (s *Server) handleEntitiesAPI(c echo.Context) error {
	q, err := entityQuery(c.Request())
	if err != nil {
		return err
	}
	ctx, cancel := s.indexCtx(c)
	defer cancel()
	list, err := s.index.Entities(ctx, q)
	if err != nil {
		return err
	}
	q.Page, q.Size = list.Page, list.Size
	return c.JSON(http.StatusOK, entityListResponse{EntityList: list, Request: q, Corpus: s.index.Corpus()})
}

// entityResponse is an entity page with links to the rest of its items: the search API URL
// that lists them all, and the one that continues after the items shown.
type entityResponse struct {
	*search.EntityPage
	ItemsURL     string `json:"items_url"`
	ItemsNextURL string `json:"items_next_url,omitempty"`
	PageURL      string `json:"page_url"`
}

func (s *Server) handleEntityAPI(c echo.Context) error {
	p, err := s.entity(c)
	if err != nil {
		return err
	}
	out := entityResponse{EntityPage: p, ItemsURL: requestURL("/api/v1/search", p.ItemsRequest, ""),
		PageURL: entityURL(p.Slug)}
	if p.ItemsNext != "" {
		out.ItemsNextURL = requestURL("/api/v1/search", p.ItemsRequest, p.ItemsNext)
	}
	return c.JSON(http.StatusOK, out)
}

// entity loads the entity the path names; an unknown slug is a 404 that says so.
func (s *Server) entity(c echo.Context) (*search.EntityPage, error) {
	ctx, cancel := s.indexCtx(c)
	defer cancel()
	slug := c.Param("slug")
	if u, err := url.PathUnescape(slug); err == nil {
		slug = u
	}
	p, err := s.index.Entity(ctx, slug)
	if errors.Is(err, search.ErrNotFound) {
		return nil, &httpError{Status: http.StatusNotFound, Code: "not_found", Msg: "no such entity"}
	}
	return p, err
}

// entityURL is the page of the entity with that slug.
func entityURL(slug string) string {
	if slug == "" {
		return ""
	}
	return "/entities/" + url.PathEscape(slug)
}

// entityParam is the search filter parameter of an entity type.
func entityParam(typ string) string {
	switch typ {
	case search.EntityPerson:
		return paramPerson
	case search.EntityOrganization:
		return paramOrg
	}
	return paramPlace
}

// requestURL renders the filters and sort of req (what search.EntityRequest fills) as a URL
// on path, continuing after the cursor when one is given.
func requestURL(path string, req search.Request, after string) string {
	v := url.Values{}
	for _, fp := range filterParams {
		if vals := *filterField(&req.Filters, fp.param); len(vals) > 0 {
			v[fp.param] = vals
		}
	}
	if req.Sort != "" {
		v.Set(paramSort, req.Sort)
	}
	if after != "" {
		v.Set(paramAfter, after)
	}
	return path + "?" + v.Encode()
}
