package search

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"

	"briefsearch/index"
)

// Search answers one request: a search when it has query text, a browse (newest first) when
// it has none. User errors are *RequestError; a search past its deadline returns ErrTimeout,
// never partial results.
func (s *Searcher) Search(ctx context.Context, req Request) (*Result, error) {
	start := time.Now()
	p, err := newPlan(req)
	if err != nil {
		return nil, err
	}
	v, err := s.acquire()
	if err != nil {
		return nil, err
	}
	defer v.mu.RUnlock()

	// Without query text there is nothing to score or highlight: the answer depends only on
	// the generation and the request, so it is cached.
	cacheKey := ""
	if !p.query.hasText() {
		cacheKey = p.cacheKey()
		if res, ok := v.cache.get(cacheKey); ok {
			return res.clone(time.Since(start)), nil
		}
	}

	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	c := &compiler{idx: v.gen.Index, lex: v.lex}
	q, err := c.compile(p)
	if err != nil {
		return nil, err
	}
	sr := bleve.NewSearchRequestOptions(q, p.size, p.offset(), false)
	sr.SortByCustom(sortOrder(p.sort))
	sr.IncludeLocations = p.query.hasText()
	if p.after != nil {
		sr.SearchAfter = p.after.Values
		sr.From = 0
	}
	for _, f := range p.facets {
		size := f.Size
		if f.Name == FacetMonth {
			size = max(1, len(v.gen.Meta.Months)) // all of them: the histogram has no gaps
		}
		sr.AddFacet(f.Name, bleve.NewFacetRequest(facetField(f.Name), size))
	}
	res, err := v.gen.Index.SearchInContext(ctx, sr)
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return nil, s.searchError(ctx, v, err)
	}

	out := &Result{
		Generation: v.gen.ID,
		Total:      res.Total,
		Page:       p.page,
		Size:       p.size,
		Query:      Normalized{Text: p.query.String(), Sort: p.sort, Expansions: c.exps},
	}
	if out.Query.Expansions == nil {
		out.Query.Expansions = []Expansion{}
	}
	if out.Hits, err = v.hits(res.Hits, p.query.hasText()); err != nil {
		return nil, err
	}
	out.Facets = v.facets(res.Facets, p)
	if n := len(res.Hits); n == p.size && (p.after != nil || uint64(p.offset()+n) < res.Total) {
		c := cursor{Sort: p.sort, Key: p.key(), Values: cursorValues(p.sort, res.Hits[n-1])}
		out.Next = c.encode()
	}
	if cacheKey != "" {
		v.cache.put(cacheKey, out)
		return out.clone(time.Since(start)), nil
	}
	out.Took = time.Since(start)
	out.TookMS = float64(out.Took.Microseconds()) / 1000
	return out, nil
}

// searchError maps a failed search to the error kinds of api.go.
func (s *Searcher) searchError(ctx context.Context, v *view, err error) error {
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded):
		return fmt.Errorf("%w (limit %s)", ErrTimeout, s.opts.Timeout)
	case errors.Is(err, context.Canceled):
		return err
	}
	return fmt.Errorf("searching generation %s: %w", v.gen.ID, err)
}

func (p *plan) cacheKey() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s|%d|%d|", p.key(), p.page, p.size)
	if p.after != nil {
		b.WriteString(strings.Join(p.after.Values, "\x01"))
	}
	for _, f := range p.facets {
		fmt.Fprintf(&b, "|%s=%d", f.Name, f.Size)
	}
	return b.String()
}

// clone copies a cached result so no caller shares its slices with another.
func (r *Result) clone(took time.Duration) *Result {
	c := *r
	c.Hits = slices.Clone(r.Hits)
	c.Facets = slices.Clone(r.Facets)
	c.Query.Expansions = slices.Clone(r.Query.Expansions)
	c.Took = took
	c.TookMS = float64(took.Microseconds()) / 1000
	return &c
}

// Sorts end with the item id, so equal dates and scores still page in one stable order.
func sortKeys(sort string) []string {
	switch sort {
	case SortRelevance:
		return []string{"-_score", "-date", "_id"}
	case SortDate:
		return []string{"date", "_id"}
	case SortDateDesc:
		return []string{"-date", "_id"}
	}
	return nil
}

func sortOrder(sort string) bsearch.SortOrder {
	var order bsearch.SortOrder
	for _, k := range sortKeys(sort) {
		switch k {
		case "-_score":
			order = append(order, &bsearch.SortScore{Desc: true})
		case "date", "-date":
			order = append(order, &bsearch.SortField{Field: index.FieldDate, Type: bsearch.SortFieldAsDate, Desc: k == "-date"})
		case "_id":
			order = append(order, &bsearch.SortDocID{})
		}
	}
	return order
}

// cursorValues are the sort values of a hit in the form search_after takes them back.
func cursorValues(sort string, dm *bsearch.DocumentMatch) []string {
	keys := sortKeys(sort)
	vals := make([]string, len(keys))
	for i, k := range keys {
		switch k {
		case "-_score":
			vals[i] = strconv.FormatFloat(dm.Score, 'g', -1, 64)
		case "_id":
			vals[i] = dm.ID
		default:
			if i < len(dm.DecodedSort) {
				vals[i] = dm.DecodedSort[i]
			}
		}
	}
	return vals
}

func validTime(s string) bool {
	_, err := time.Parse(time.RFC3339Nano, s)
	return err == nil
}

func facetField(name string) string {
	switch name {
	case FacetSection:
		return index.FieldSection
	case FacetSource:
		return index.FieldSource
	case FacetMonth:
		return index.FieldMonth
	case FacetPerson:
		return index.FieldPerson
	case FacetOrganization:
		return index.FieldOrg
	case FacetPlace:
		return index.FieldPlace
	}
	return ""
}
