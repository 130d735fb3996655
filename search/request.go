package search

import (
	"slices"
	"strings"

	"briefsearch/archive"
)

// facetNames lists the default facets in display order: what a Request with nil Facets gets.
var facetNames = []string{FacetSection, FacetMonth, FacetSource, FacetPerson, FacetOrganization, FacetPlace}

// FacetNames are the facets a request may ask for: the default ones, then year.
func FacetNames() []string { return append(slices.Clone(facetNames), FacetYear) }

// plan is a Request checked and completed: every limit enforced, every default filled in.
type plan struct {
	query   *parsedQuery
	filters Filters // with the query's from:/to: folded into From/To
	sort    string
	page    int // 1-based; 0 with a cursor
	size    int
	after   *cursor
	facets  []FacetRequest
	// sections are the section values as given and the keys they were taken for (sections.go).
	sections []sectionResolution
	// paramFrom and paramTo: the request's filters had a date bound (the query may have too).
	paramFrom, paramTo bool
	request            Filters // the request's filters as given, for a corrected query's dates (didyoumean.go)
	highlights         bool    // the page's hits are located and highlighted (a query with text, unless NoHighlights)
	estimate           bool    // the total may be estimated (Request.EstimateTotal)
}

func (p *plan) offset() int {
	if p.page <= 1 {
		return 0
	}
	return (p.page - 1) * p.size
}

// start is how many results come before the page: its offset, or how far its cursor had come.
func (p *plan) start() int {
	if p.after != nil {
		return max(p.after.N, 0)
	}
	return p.offset()
}

// newPlan validates req. Every error is a *RequestError a person can act on.
func newPlan(req Request) (*plan, error) { return newPlanIn(req, nil) }

// newPlanIn validates req against what a generation knows: with v, section values are
// resolved to its section keys (an alias, a title, a prefix), and one that names no section
// is refused; without v (Validate) they are taken as given.
func newPlanIn(req Request, v *view) (*plan, error) {
	q, err := parseQuery(req.Query)
	if err != nil {
		return nil, err
	}
	p := &plan{query: q, page: req.Page, size: req.Size,
		paramFrom: !req.Filters.From.IsZero(), paramTo: !req.Filters.To.IsZero(), request: req.Filters,
		highlights: q.hasText() && !req.NoHighlights, estimate: req.EstimateTotal}

	switch {
	case p.size == 0:
		p.size = DefaultSize
	case p.size == NoHits:
		p.size = 0 // the total and facets only
	case p.size < 0 || p.size > MaxSize:
		return nil, BadRequestf("size %d is out of range; it must be between 1 and %d", req.Size, MaxSize)
	}
	switch {
	case p.page == 0:
		p.page = 1
	case p.page < 0:
		return nil, BadRequestf("page %d is out of range; pages start at 1", req.Page)
	}
	if p.page*p.size > MaxWindow {
		return nil, BadRequestf("page %d with %d results a page reaches beyond the first %d results: read on with Next from the last page before it (the API's after= cursor, a result's next), or narrow the search, to a year for one", p.page, p.size, MaxWindow)
	}

	switch req.Sort {
	case "":
		p.sort = SortDateDesc
		if q.hasText() {
			p.sort = SortRelevance
		}
	case SortRelevance, SortDate, SortDateDesc:
		p.sort = req.Sort
		if p.sort == SortRelevance && !q.hasText() {
			p.sort = SortDateDesc // nothing to rank by
		}
	default:
		return nil, BadRequestf("sort %q is not one of %s, %s, %s", req.Sort, SortRelevance, SortDate, SortDateDesc)
	}

	if p.filters, err = checkFilters(req.Filters, q); err != nil {
		return nil, err
	}
	if p.facets, err = checkFacets(req.Facets); err != nil {
		return nil, err
	}
	if v != nil {
		if err := v.sectionVocab.resolveSections(p); err != nil {
			return nil, err
		}
	}
	if req.After != "" {
		if req.Page > 1 {
			return nil, BadRequestf("page and after cannot be used together; after continues from the previous page")
		}
		c, err := decodeCursor(req.After)
		if err != nil {
			return nil, err
		}
		if c.Sort != p.sort || c.Key != p.key() {
			return nil, BadRequestf("the after cursor belongs to a different search; start again from the first page")
		}
		p.after, p.page = c, 0
	}
	return p, nil
}

// key identifies what a cursor pages through: the query, the filters and the sort.
func (p *plan) key() string { return hashKey(p.keyText()) }

// keyText is what the results of p depend on, apart from paging and facets.
func (p *plan) keyText() string {
	var b strings.Builder
	b.WriteString(p.query.String())
	b.WriteByte(0)
	b.WriteString(p.sort)
	f := p.filters
	for _, vs := range [][]string{f.Sections, f.Sources, f.Persons, f.Organizations, f.Places, f.Months} {
		b.WriteByte(0)
		b.WriteString(strings.Join(vs, "\x01"))
	}
	b.WriteByte(0)
	b.WriteString(f.From.String() + ".." + f.To.String())
	return b.String()
}

func checkFilters(f Filters, q *parsedQuery) (Filters, error) {
	out := Filters{From: f.From, To: f.To}
	lists := []struct {
		name string
		in   []string
		out  *[]string
	}{
		{"section", f.Sections, &out.Sections}, {"source", f.Sources, &out.Sources},
		{"person", f.Persons, &out.Persons}, {"org", f.Organizations, &out.Organizations},
		{"place", f.Places, &out.Places}, {"month", f.Months, &out.Months},
	}
	for _, l := range lists {
		if len(l.in) > MaxFilterValue {
			return Filters{}, BadRequestf("%d values for filter %s; the limit is %d", len(l.in), l.name, MaxFilterValue)
		}
		for _, v := range l.in {
			v = strings.TrimSpace(v)
			if v == "" {
				continue
			}
			if len(v) > MaxQueryLen {
				return Filters{}, BadRequestf("a value of filter %s is longer than %d characters", l.name, MaxQueryLen)
			}
			if l.name == "month" && !isMonth(v) {
				return Filters{}, BadRequestf("%s", monthError(v))
			}
			if !slices.Contains(*l.out, v) {
				*l.out = append(*l.out, v)
			}
		}
		slices.Sort(*l.out) // one order, so equal requests share a cursor key and a cache entry
	}
	// The query's from:/to: narrow the filters' range; they never widen it.
	if !q.from.IsZero() && (out.From.IsZero() || q.from.After(out.From.Time)) {
		out.From = q.from
	}
	if !q.to.IsZero() && (out.To.IsZero() || q.to.Before(out.To.Time)) {
		out.To = q.to
	}
	out.From, out.To = dayOf(out.From), dayOf(out.To)
	for _, d := range []archive.Date{out.From, out.To} {
		// bleve stores dates as nanoseconds since 1970 in an int64.
		if !d.IsZero() && (d.Year() < 1800 || d.Year() > 2200) {
			return Filters{}, BadRequestf("date %s is out of range (1800-2200)", d)
		}
	}
	if !out.From.IsZero() && !out.To.IsZero() && out.To.Before(out.From.Time) {
		return Filters{}, BadRequestf("the date range is empty: from %s is after to %s", out.From, out.To)
	}
	return out, nil
}

// dayOf drops any time of day, so "to" includes the whole day.
func dayOf(d archive.Date) archive.Date {
	if d.IsZero() {
		return d
	}
	y, m, day := d.Date()
	return archive.DateOf(y, m, day)
}

func checkFacets(reqs []FacetRequest) ([]FacetRequest, error) {
	if reqs == nil {
		out := make([]FacetRequest, len(facetNames))
		for i, n := range facetNames {
			out[i] = FacetRequest{Name: n, Size: DefaultFacet}
		}
		return out, nil
	}
	out := make([]FacetRequest, 0, len(reqs))
	for _, r := range reqs {
		if !slices.Contains(FacetNames(), r.Name) {
			return nil, BadRequestf("facet %q is not one of %s", r.Name, strings.Join(FacetNames(), ", "))
		}
		if slices.ContainsFunc(out, func(o FacetRequest) bool { return o.Name == r.Name }) {
			return nil, BadRequestf("facet %q is asked for twice", r.Name)
		}
		switch {
		case r.Size == 0:
			r.Size = DefaultFacet
		case r.Size < 0 || r.Size > MaxFacetSize:
			return nil, BadRequestf("facet %s size %d is out of range; it must be between 1 and %d", r.Name, r.Size, MaxFacetSize)
		}
		out = append(out, r)
	}
	return out, nil
}
