package web

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"github.com/labstack/echo/v4"

	"briefsearch/search"
)

// Aggregates as data: the facet counts and the timeline of any search, as JSON and as CSV,
// without the hits. They take the search's parameters (q, the filters, from, to), refuse
// paging and sorting (nothing is paged), and run under the request's deadline.

const paramBy = "by"

// facetsResponse is every asked-for facet of a search, without hits.
type facetsResponse struct {
	Total   uint64            `json:"total"`
	Facets  []search.Facet    `json:"facets"`
	Query   search.Normalized `json:"query"`
	Request search.Request    `json:"request"`
	Corpus  search.Corpus     `json:"corpus"`
}

// timelineResponse is a search's items per month or year.
type timelineResponse struct {
	search.Timeline
	Query   search.Normalized `json:"query"`
	Request search.Request    `json:"request"`
	Corpus  search.Corpus     `json:"corpus"`
}

// aggregateRefused are the search parameters an aggregate refuses: it counts every matching
// item, unpaged and unordered.
var aggregateRefused = []string{paramPage, paramSize, paramAfter, paramSort, paramHighlight, paramTotal}

// aggregateRequest reads a search's parameters for an aggregate: no paging or sort; extra
// names the parameters of the route itself (by), returned apart.
func aggregateRequest(r *http.Request, extra ...string) (search.Request, url.Values, error) {
	v, err := queryValues(r)
	if err != nil {
		return search.Request{}, nil, err
	}
	own := url.Values{}
	for _, p := range extra {
		if len(v[p]) > 1 {
			return search.Request{}, nil, errBadRequest(fmt.Sprintf("parameter %q is given %d times; give it once", p, len(v[p])))
		}
		if x, ok := v[p]; ok {
			own[p] = x
			delete(v, p)
		}
	}
	for _, p := range aggregateRefused {
		if _, ok := v[p]; ok {
			return search.Request{}, nil, errBadRequest(fmt.Sprintf("parameter %q does not apply here: aggregates count every matching item, unpaged", p))
		}
	}
	req, err := parseRequest(v)
	if err != nil {
		return req, nil, err
	}
	return req, own, req.Validate()
}

// facetsOf runs the search for its facets: every facet (year included) unless facets= says.
func (s *Server) facetsOf(c echo.Context) (*facetsResponse, error) {
	req, _, err := aggregateRequest(c.Request())
	if err != nil {
		return nil, err
	}
	if req.Facets == nil {
		for _, name := range search.FacetNames() {
			req.Facets = append(req.Facets, search.FacetRequest{Name: name})
		}
	}
	req.Size = search.NoHits // the total and the facets only
	ctx, cancel := s.indexCtx(c)
	defer cancel()
	res, err := s.index.Search(ctx, req)
	if err != nil {
		return nil, err
	}
	corpus := s.index.Corpus()
	return &facetsResponse{Total: res.Total, Facets: res.Facets, Query: res.Query, Request: search.NewResponse(req, res, corpus).Request,
		Corpus: corpus}, nil
}

func (s *Server) handleFacetsAPI(c echo.Context) error {
	f, err := s.facetsOf(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, f)
}

func (s *Server) handleFacetsCSV(c echo.Context) error {
	f, err := s.facetsOf(c)
	if err != nil {
		return err
	}
	rows := [][]string{{"facet", "value", "label", "count"}}
	for _, fc := range f.Facets {
		for _, v := range fc.Values {
			rows = append(rows, []string{fc.Name, v.Value, v.Label, strconv.Itoa(v.Count)})
		}
	}
	return writeCSV(c, "facets", f.Request.Query, rows)
}

// timelineOf runs the search for its timeline, by= month or year (chosen by span without).
func (s *Server) timelineOf(c echo.Context) (*timelineResponse, error) {
	req, own, err := aggregateRequest(c.Request(), paramBy)
	if err != nil {
		return nil, err
	}
	by := own.Get(paramBy)
	if err := search.CheckBy(by); err != nil {
		return nil, err
	}
	if req.Facets != nil {
		return nil, errBadRequest(`parameter "facets" does not apply to a timeline; see /api/v1/search/facets`)
	}
	ctx, cancel := s.indexCtx(c)
	defer cancel()
	res, err := s.index.Search(ctx, search.TimelineRequest(req))
	if err != nil {
		return nil, err
	}
	return &timelineResponse{Timeline: search.TimelineOf(res, by), Query: res.Query, Request: req, Corpus: s.index.Corpus()}, nil
}

func (s *Server) handleTimelineAPI(c echo.Context) error {
	t, err := s.timelineOf(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, t)
}

func (s *Server) handleTimelineCSV(c echo.Context) error {
	t, err := s.timelineOf(c)
	if err != nil {
		return err
	}
	rows := [][]string{{"period", "start", "end", "count"}}
	for _, p := range t.Periods {
		rows = append(rows, []string{p.Period, p.Start.String(), p.End.String(), strconv.Itoa(p.Count)})
	}
	return writeCSV(c, "timeline-"+t.By, t.Request.Query, rows)
}

// csvBOM starts every CSV the server writes, so spreadsheet programs read it as UTF-8 (the
// Japanese headlines and labels would not survive otherwise).
const csvBOM = "\ufeff"

// writeCSV sends rows as an attachment named after the query. The rows are small (periods,
// facet values): they are written whole, so an error is still a JSON error.
func writeCSV(c echo.Context, kind, query string, rows [][]string) error {
	var b strings.Builder
	b.WriteString(csvBOM)
	w := csv.NewWriter(&b)
	if err := w.WriteAll(rows); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, attachment("briefsearch-"+kind+"-"+fileSlug(query)+".csv"))
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8; header=present", []byte(b.String()))
}

// attachment is a Content-Disposition for a file name that may hold any script: an ASCII
// fallback, and the name itself in RFC 8187 form.
func attachment(name string) string {
	ascii := strings.Map(func(r rune) rune {
		if r < 0x80 {
			return r
		}
		return -1
	}, name)
	ascii = strings.ReplaceAll(ascii, "--", "-")
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii, url.PathEscape(name))
}

// fileSlug makes a query into a file name part: letters and digits of any script, runs of
// anything else as one "-", at most 60 characters; "all" for no query.
func fileSlug(q string) string {
	var b strings.Builder
	dash := false
	for _, r := range q {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	s := []rune(b.String())
	if len(s) > 60 {
		s = s[:60]
	}
	if len(s) == 0 {
		return "all"
	}
	return string(s)
}
