package web

import (
	"net/url"
	"slices"
	"strconv"

	"briefsearch/search"
)

// state is the UI's whole state: the canonical URL parameters of the current view. Every
// link on a page is this state with one change, so each view is a permalink and the back
// button works without JavaScript.
type state struct {
	v url.Values
}

// newState keeps only the parameters the UI understands, without blanks or duplicates.
func newState(in url.Values) state {
	out := url.Values{}
	for _, p := range singleParams {
		if s := in.Get(p); s != "" {
			out.Set(p, s)
		}
	}
	for _, fp := range filterParams {
		if vals := nonEmpty(in[fp.param]); len(vals) > 0 {
			out[fp.param] = vals
		}
	}
	// The UI has fixed page sizes and facets; these would only make URLs differ.
	out.Del(paramSize)
	out.Del(paramFacets)
	return state{out}
}

func (s state) clone() url.Values {
	c := make(url.Values, len(s.v))
	for k, vals := range s.v {
		c[k] = slices.Clone(vals)
	}
	return c
}

// url renders the state as a path on the search page ("/?q=..."), "/" when empty.
func href(v url.Values) string {
	if len(v) == 0 {
		return "/"
	}
	return "/?" + v.Encode()
}

// resetPaging drops what points into the old result list: a new filter means a new list.
func resetPaging(v url.Values) {
	v.Del(paramPage)
	v.Del(paramAfter)
}

func (s state) has(param, value string) bool { return slices.Contains(s.v[param], value) }

// toggle adds a filter value, or removes it when already active (a facet link turned off).
func (s state) toggle(param, value string) string {
	if s.has(param, value) {
		return s.without(param, value)
	}
	v := s.clone()
	v.Add(param, value)
	resetPaging(v)
	return href(v)
}

// without removes one filter value: the link of an active filter's chip.
func (s state) without(param, value string) string {
	v := s.clone()
	v[param] = slices.DeleteFunc(v[param], func(x string) bool { return x == value })
	if len(v[param]) == 0 {
		v.Del(param)
	}
	resetPaging(v)
	return href(v)
}

// withSort changes the order and goes back to page one.
func (s state) withSort(sort string) string {
	v := s.clone()
	if sort == "" {
		v.Del(paramSort)
	} else {
		v.Set(paramSort, sort)
	}
	resetPaging(v)
	return href(v)
}

func (s state) withPage(page int) string {
	v := s.clone()
	v.Del(paramAfter)
	if page <= 1 {
		v.Del(paramPage)
	} else {
		v.Set(paramPage, strconv.Itoa(page))
	}
	return href(v)
}

// withAfter reads on after a result's cursor: past the numbered pages.
func (s state) withAfter(cursor string) string {
	v := s.clone()
	v.Del(paramPage)
	v.Set(paramAfter, cursor)
	return href(v)
}

// hasDates reports whether a date range narrows the view, as parameters or in the query.
func (s state) hasDates() bool {
	return s.v.Get(paramFrom) != "" || s.v.Get(paramTo) != "" || len(search.QueryBounds(s.v.Get(paramQ))) > 0
}

// withoutDates is the view over every date: no from=/to=, no from:/to: in the query, no month.
func (s state) withoutDates() string { return href(s.undated()) }

func (s state) undated() url.Values {
	v := s.clone()
	v.Del(paramFrom)
	v.Del(paramTo)
	v.Del(paramMonth)
	if q := search.WithoutBounds(v.Get(paramQ)); q != "" {
		v.Set(paramQ, q)
	} else {
		v.Del(paramQ)
	}
	resetPaging(v)
	return v
}

// withYear narrows the view to one year (from=2018&to=2018) in place of any other dates;
// the year already chosen goes back to every date.
func (s state) withYear(year string) string {
	v := s.undated()
	if !s.isYear(year) {
		v.Set(paramFrom, year)
		v.Set(paramTo, year)
	}
	return href(v)
}

// isYear reports whether the view is narrowed to exactly that year by from=/to=.
func (s state) isYear(year string) bool {
	return s.v.Get(paramFrom) == year && s.v.Get(paramTo) == year
}

// clearFilters keeps the query text (less its from:/to:, shown as chips) and order, nothing else.
func (s state) clearFilters() string {
	v := url.Values{}
	if q := search.WithoutBounds(s.v.Get(paramQ)); q != "" {
		v.Set(paramQ, q)
	}
	if x := s.v.Get(paramSort); x != "" {
		v.Set(paramSort, x)
	}
	return href(v)
}

// apiURL is the same view from the JSON API or an export, for people who want the data; an
// export's without what it refuses (exportRefused).
func (s state) apiURL(path string, export bool) string {
	v := s.clone()
	if export {
		resetPaging(v)
		for _, p := range exportRefused {
			v.Del(p)
		}
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// aggregateURL is the view's counts from an aggregate route, without what it refuses
// (aggregateRefused: paging, sort).
func (s state) aggregateURL(path string) string {
	v := s.clone()
	for _, p := range aggregateRefused {
		v.Del(p)
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// hidden are the form fields that carry the filters, order and highlighting through a new
// query, so typing a new query keeps the sidebar's choices; paging starts over.
func (s state) hidden() []hiddenField {
	var out []hiddenField
	for _, p := range []string{paramSort, paramFrom, paramTo, paramHighlight} {
		if x := s.v.Get(p); x != "" {
			out = append(out, hiddenField{p, x})
		}
	}
	for _, fp := range filterParams {
		for _, x := range s.v[fp.param] {
			out = append(out, hiddenField{fp.param, x})
		}
	}
	return out
}

type hiddenField struct{ Name, Value string }
