package search

import (
	"context"
	"errors"
	"slices"
)

// MaxCompare is how many searches one comparison puts side by side.
const MaxCompare = 4

// CompareRequest is up to MaxCompare searches to count per period on one time axis. Each
// query is a query of the search language, so an entity is person:"Jeyhun Bayramov"; Filters
// (a date range, a section) narrow every one of them.
type CompareRequest struct {
	Queries []string `json:"q"`
	Filters Filters  `json:"filters"`
	By      string   `json:"by"` // ByMonth, ByYear, or "" to choose by the span
}

// Comparison is the searches' counts over one shared run of periods, from the first period
// with a match in any of them to the last.
type Comparison struct {
	Generation string   `json:"generation"`
	By         string   `json:"by"`
	Periods    []Period `json:"periods"` // Count is every series' items together
	Series     []Series `json:"series"`
}

// CompareResponse is a comparison as the API serves it and `briefsearch compare --json`
// prints it: the counts, the request as understood and the corpus.
type CompareResponse struct {
	*Comparison
	Request CompareRequest `json:"request"`
	Corpus  Corpus         `json:"corpus"`
}

// Series is one search of a comparison.
type Series struct {
	Query      string `json:"query"`      // as given
	Normalized string `json:"normalized"` // as understood (Result.Query.Text)
	Total      uint64 `json:"total"`
	Counts     []int  `json:"counts"` // one per Comparison.Periods
}

// Compare runs each query through Search (the month facet, one hit) and lays the counts on
// one time axis. Every search runs under ctx; the first error ends the comparison.
func (s *Searcher) Compare(ctx context.Context, req CompareRequest) (*Comparison, error) {
	if len(req.Queries) == 0 {
		return nil, BadRequestf("compare needs at least one query (q=…)")
	}
	if len(req.Queries) > MaxCompare {
		return nil, BadRequestf("compare takes at most %d queries; %d were given", MaxCompare, len(req.Queries))
	}
	if err := CheckBy(req.By); err != nil {
		return nil, err
	}
	out := &Comparison{Series: make([]Series, 0, len(req.Queries))}
	counts := make([]map[string]int, len(req.Queries)) // per series: month -> items
	first, last := "", ""
	for i, q := range req.Queries {
		res, err := s.Search(ctx, TimelineRequest(Request{Query: q, Filters: req.Filters}))
		if err != nil {
			if re := (*RequestError)(nil); errors.As(err, &re) && len(req.Queries) > 1 {
				return nil, BadRequestf("query %d (%s): %s", i+1, truncateRunes(q, 40), re.Msg)
			}
			return nil, err
		}
		out.Generation = res.Generation
		out.Series = append(out.Series, Series{Query: q, Normalized: res.Query.Text, Total: res.Total})
		counts[i] = map[string]int{}
		for _, f := range res.Facets {
			for _, v := range f.Values {
				counts[i][v.Value] += v.Count
				if first == "" || v.Value < first {
					first = v.Value
				}
				last = max(last, v.Value)
			}
		}
	}
	if out.By = req.By; out.By == "" {
		out.By = AutoBy(len(periodsBetween(ByMonth, first, last)))
	}
	if out.By == ByYear && first != "" {
		for i, c := range counts {
			years := map[string]int{}
			for m, n := range c {
				years[m[:4]] += n
			}
			counts[i] = years
		}
		first, last = first[:4], last[:4]
	}
	out.Periods = periodsBetween(out.By, first, last)
	for i := range out.Series {
		out.Series[i].Counts = make([]int, len(out.Periods))
		for j, p := range out.Periods {
			out.Series[i].Counts[j] = counts[i][p.Period]
			out.Periods[j].Count += counts[i][p.Period]
		}
	}
	return out, nil
}

// Max is the largest count of any series in any period.
func (c *Comparison) Max() int {
	m := 0
	for _, s := range c.Series {
		if len(s.Counts) > 0 {
			m = max(m, slices.Max(s.Counts))
		}
	}
	return m
}
