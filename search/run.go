package search

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"briefsearch/index"
)

// Search answers one request: a search when it has query text, a browse (newest first) when
// it has none. User errors are *RequestError; a search past its deadline returns ErrTimeout,
// never partial results.
func (s *Searcher) Search(ctx context.Context, req Request) (*Result, error) {
	v, err := s.acquire()
	if err != nil {
		return nil, err
	}
	defer v.mu.RUnlock()
	return s.searchView(ctx, v, req)
}

// searchView answers req from v, which the caller holds.
func (s *Searcher) searchView(ctx context.Context, v *view, req Request) (*Result, error) {
	start := time.Now()
	p, err := newPlanIn(req, v)
	if err != nil {
		return nil, err
	}

	if p.after != nil && p.after.Gen != v.gen.ID {
		return nil, BadRequestf("the index was rebuilt since this cursor was made; start again from the first page")
	}

	// The answer depends only on the generation and the normalized request, so it can be
	// cached. Without query text (a browse) every item matches and facets count them all:
	// always cached. With query text, only when Options.QueryCacheSize asks for it.
	cache, cacheKey := v.cache, ""
	if p.query.hasText() {
		cache = v.queryCache
	}
	if cache.enabled() {
		cacheKey = p.cacheKey()
		if res, ok := cache.get(cacheKey); ok {
			return res.clone(time.Since(start)), nil
		}
	}

	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	ctx = withLookups(ctx, v.impacts)
	c := v.matcher()
	q, err := c.compile(p)
	if err != nil {
		return nil, err
	}
	located := q // what locate highlights the page's hits with
	if c.noLocations && p.highlights {
		if located, err = v.highlighter().compile(p); err != nil {
			return nil, err
		}
	}
	col := v.collector(p, p.offset()+p.size, p.facets)
	defer col.release()
	if p.after != nil {
		col.after = &p.after.Pos
	}
	col.estimate = p.estimate
	if err := col.run(ctx, v.gen.Index, q); err != nil {
		return nil, s.searchError(ctx, v, err)
	}

	matches := col.hits(p.offset())
	items, err := v.loadHits(ctx, matches, p.highlights)
	if err != nil {
		return nil, s.searchError(ctx, v, err)
	}
	var hl *hitHighlighter
	if p.highlights {
		if err := locate(ctx, v, located, ordinary(matches, items)); err != nil {
			return nil, s.searchError(ctx, v, err)
		}
		hl = newHighlighter(located, v.gen.Index.Mapping(), v.entityNames(c.entities))
	}
	out := &Result{
		Generation:     v.gen.ID,
		Total:          uint64(col.total),
		TotalEstimated: col.estimated,
		Page:           p.page,
		Size:           p.size,
		Offset:         p.start(),
		Query: Normalized{Text: p.query.String(), Sort: p.sort, Expansions: c.exps,
			Warnings: slices.Concat(p.query.warnings, v.filterWarnings(p.request)), Explain: c.explain(p)},
	}
	if out.Query.Expansions == nil {
		out.Query.Expansions = []Expansion{}
	}
	if out.Query.Warnings == nil {
		out.Query.Warnings = []Warning{}
	}
	if out.Hits, err = hits(ctx, matches, items, hl); err != nil {
		return nil, s.searchError(ctx, v, err)
	}
	out.Facets = v.facets(col.facets, p)
	if p.after == nil {
		out.Query.Suggestions = s.suggest(ctx, v, p, col.total)
	}
	if out.Query.Suggestions == nil {
		out.Query.Suggestions = []Suggestion{}
	}
	if n := len(matches); hasNext(p, n, col.total, col.estimated) {
		next := cursor{Sort: p.sort, Key: p.key(), Gen: v.gen.ID, Pos: matches[n-1].pos, N: out.Offset + n}
		out.Next = next.encode()
	}
	if cacheKey != "" {
		cache.put(cacheKey, out)
		return out.clone(time.Since(start)), nil
	}
	out.Took = time.Since(start)
	out.TookMS = float64(out.Took.Microseconds()) / 1000
	return out, nil
}

// hasNext reports whether a page of n hits is followed by another: when it is full, unless
// its total says there is no more (an estimated total cannot: the next page may be empty). A
// page after a cursor does not know how many came before it (the cursor's count is the
// caller's), so it offers the next whenever it is full.
func hasNext(p *plan, n, total int, estimated bool) bool {
	return n > 0 && n == p.size && (p.after != nil || estimated || p.offset()+n < total)
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

// cacheKey is the whole normalized request, unhashed, so two requests share a cache entry only
// when they are the same request.
func (p *plan) cacheKey() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\x00%d|%d|", p.keyText(), p.page, p.size)
	if p.after != nil {
		fmt.Fprintf(&b, "%v", p.after.Pos)
	}
	for _, f := range p.facets {
		fmt.Fprintf(&b, "|%s=%d", f.Name, f.Size)
	}
	for _, r := range p.sections { // the explanation says which name was resolved
		fmt.Fprintf(&b, "|%s>%s", r.Given, r.Key)
	}
	if !p.highlights {
		b.WriteString("|no highlights")
	}
	if p.estimate {
		b.WriteString("|estimate")
	}
	return b.String()
}

// clone copies a cached result so no caller shares its slices with another.
func (r *Result) clone(took time.Duration) *Result {
	c := *r
	c.Hits = slices.Clone(r.Hits)
	c.Facets = slices.Clone(r.Facets)
	c.Query.Expansions = slices.Clone(r.Query.Expansions)
	c.Query.Warnings = slices.Clone(r.Query.Warnings)
	c.Query.Suggestions = slices.Clone(r.Query.Suggestions)
	c.Took = took
	c.TookMS = float64(took.Microseconds()) / 1000
	return &c
}

func facetField(name string) string {
	switch name {
	case FacetSection:
		return index.FieldSection
	case FacetSource:
		return index.FieldSource
	case FacetMonth, FacetYear: // a year's count is its months' (facets.go)
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
