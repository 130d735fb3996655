package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"briefsearch/archive"
	"briefsearch/search"
)

// Query parameters of /api/v1/search and /; the same names appear in the UI's URLs so that
// every view is a permalink and every API call can be pasted into a browser.
const (
	paramQ       = "q"
	paramSection = "section"
	paramSource  = "source"
	paramPerson  = "person"
	paramOrg     = "org"
	paramPlace   = "place"
	paramMonth   = "month"
	paramFrom    = "from"
	paramTo      = "to"
	paramSort    = "sort"
	paramPage    = "page"
	paramSize    = "size"
	paramFacets  = "facets"
	paramAfter   = "after"
	// paramHighlight=false leaves the hits' highlights empty (search.Request.NoHighlights).
	paramHighlight = "highlight"
	// paramTotal=estimate lets a search without facets estimate its total
	// (search.Request.EstimateTotal); exact, the default, counts it.
	paramTotal = "total"
)

// filterParams are the repeatable parameters, in display order, with the facet each feeds.
var filterParams = []struct{ param, facet string }{
	{paramSection, search.FacetSection},
	{paramMonth, search.FacetMonth},
	{paramSource, search.FacetSource},
	{paramPerson, search.FacetPerson},
	{paramOrg, search.FacetOrganization},
	{paramPlace, search.FacetPlace},
}

var singleParams = []string{paramQ, paramFrom, paramTo, paramSort, paramPage, paramSize, paramAfter, paramHighlight, paramTotal}

// facets may be repeated (facets=section:5&facets=month), as the CLI's --facet flag is, or
// given as one comma list.

// queryValues parses the query string of r. Go's url.ParseQuery drops any pair that holds a
// ";" or a broken %-escape, and r.URL.Query() drops the error that says so: "sort=;drop" ran
// as if no sort had been given. Such a query string is refused instead.
func queryValues(r *http.Request) (url.Values, error) {
	v, err := url.ParseQuery(r.URL.RawQuery)
	switch {
	case err == nil:
		for k, vals := range v {
			for _, s := range append(vals, k) {
				if !utf8.ValidString(s) {
					return nil, errBadRequest(fmt.Sprintf("parameter %q is not UTF-8 text: percent-encode UTF-8 bytes", strings.ToValidUTF8(k, "\uFFFD")))
				}
			}
		}
		return v, nil
	case strings.Contains(r.URL.RawQuery, ";"):
		return nil, errBadRequest(`the query string has a ";": separate parameters with "&" (and write a ";" inside a value as %3B)`)
	}
	return nil, errBadRequest(fmt.Sprintf("the query string is not valid: %s", truncate(err.Error(), 80)))
}

// searchRequest reads a search from r's query string: the one parser of the JSON API and the
// HTML page, so the page refuses exactly what the API refuses, with the same message, though
// it then runs with its own page size and facets.
func searchRequest(r *http.Request) (search.Request, error) {
	v, err := queryValues(r)
	if err != nil {
		return search.Request{}, err
	}
	req, err := parseRequest(v)
	if err != nil {
		return req, err
	}
	return req, req.Validate()
}

// parseRequest turns URL parameters into a search.Request. It checks syntax (numbers, dates,
// names, lengths); the search package checks ranges and the query grammar. An unknown
// parameter is refused: it is a typo, or a filter that does not exist.
func parseRequest(v url.Values) (search.Request, error) {
	var req search.Request
	for k := range v {
		if !knownParam(k) {
			return req, errBadRequest(fmt.Sprintf("unknown parameter %q; see /api/v1/openapi.json", k))
		}
	}
	for _, p := range singleParams {
		if len(v[p]) > 1 {
			return req, errBadRequest(fmt.Sprintf("parameter %q is given %d times; give it once", p, len(v[p])))
		}
	}
	req.Query = strings.TrimSpace(v.Get(paramQ))
	if n := utf8.RuneCountInString(req.Query); n > search.MaxQueryLen {
		return req, errBadRequest(fmt.Sprintf("q is %d characters; the limit is %d", n, search.MaxQueryLen))
	}
	f := &req.Filters
	for _, fp := range filterParams {
		vals := nonEmpty(v[fp.param])
		if len(vals) > search.MaxFilterValue {
			return req, errBadRequest(fmt.Sprintf("%s is given %d values; the limit is %d", fp.param, len(vals), search.MaxFilterValue))
		}
		*filterField(f, fp.param) = vals
	}
	var err error
	if f.From, err = dateParam(v, paramFrom); err != nil {
		return req, err
	}
	if f.To, err = dateParam(v, paramTo); err != nil {
		return req, err
	}
	req.Sort = v.Get(paramSort)
	switch req.Sort {
	case "", search.SortRelevance, search.SortDate, search.SortDateDesc:
	default:
		return req, errBadRequest(fmt.Sprintf("sort %q is not one of relevance, date, -date", req.Sort))
	}
	if req.Page, err = intParam(v, paramPage); err != nil {
		return req, err
	}
	if req.Size, err = search.ParseSize(v.Get(paramSize)); err != nil {
		return req, err
	}
	req.After = v.Get(paramAfter)
	if req.NoHighlights, err = noHighlights(v); err != nil {
		return req, err
	}
	if req.EstimateTotal, err = estimateTotal(v); err != nil {
		return req, err
	}
	if specs, given := v[paramFacets]; given {
		if req.Facets, err = search.ParseFacets(specs...); err != nil {
			return req, err
		}
	}
	return req, nil
}

// briefingParams reads the paging of a briefing: page, and size where sized (the API; the
// HTML page has a fixed size). Anything else is refused, as for a search.
func briefingParams(r *http.Request, sized bool) (page, size int, err error) {
	v, err := queryValues(r)
	if err != nil {
		return 0, 0, err
	}
	for k, vals := range v {
		if k != paramPage && (!sized || k != paramSize) {
			return 0, 0, errBadRequest(fmt.Sprintf("unknown parameter %q; a briefing takes page%s", k, map[bool]string{true: " and size", false: ""}[sized]))
		}
		if len(vals) > 1 {
			return 0, 0, errBadRequest(fmt.Sprintf("parameter %q is given %d times; give it once", k, len(vals)))
		}
	}
	if page, err = intParam(v, paramPage); err != nil {
		return 0, 0, err
	}
	size, err = intParam(v, paramSize)
	return page, size, err
}

// filterField points at the Filters slice a repeatable parameter fills.
func filterField(f *search.Filters, param string) *[]string {
	switch param {
	case paramSection:
		return &f.Sections
	case paramSource:
		return &f.Sources
	case paramPerson:
		return &f.Persons
	case paramOrg:
		return &f.Organizations
	case paramPlace:
		return &f.Places
	case paramMonth:
		return &f.Months
	}
	panic("web: no filter for parameter " + param) // a programming error, caught by tests
}

// dateParam reads from= or to= with the search's one parser of date bounds: a day, a month or
// a year (to=2019 is 2019-12-31), as the query's from:/to: and the CLI's --from/--to.
func dateParam(v url.Values, name string) (archive.Date, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return archive.Date{}, nil
	}
	d, err := search.ParseBound(s, name == paramTo)
	if err != nil {
		return d, errBadRequest(fmt.Sprintf("%s: %v", name, err))
	}
	return d, nil
}

// noHighlights reads highlight=: true (the default) or false.
func noHighlights(v url.Values) (bool, error) {
	switch s := strings.TrimSpace(v.Get(paramHighlight)); s {
	case "", "true", "1":
		return false, nil
	case "false", "0":
		return true, nil
	default:
		return false, errBadRequest(fmt.Sprintf("%s: %q is not true or false", paramHighlight, truncate(s, 40)))
	}
}

// estimateTotal reads total=: exact (the default) or estimate.
func estimateTotal(v url.Values) (bool, error) {
	switch s := strings.TrimSpace(v.Get(paramTotal)); s {
	case "", "exact":
		return false, nil
	case "estimate":
		return true, nil
	default:
		return false, errBadRequest(fmt.Sprintf("%s: %q is not exact or estimate", paramTotal, truncate(s, 40)))
	}
}

func intParam(v url.Values, name string) (int, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, errBadRequest(fmt.Sprintf("%s: %q is not a positive whole number", name, truncate(s, 40)))
	}
	return n, nil
}

func knownParam(k string) bool {
	if k == paramFacets || slices.Contains(singleParams, k) {
		return true
	}
	for _, fp := range filterParams {
		if fp.param == k {
			return true
		}
	}
	return false
}

// nonEmpty drops blank values (an empty form field) and duplicates, keeping order.
func nonEmpty(vals []string) []string {
	var out []string
	for _, s := range vals {
		s = strings.TrimSpace(s)
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
