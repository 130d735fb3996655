package search

import (
	"time"

	"briefsearch/archive"
)

// A timeline is a search's items per month or per year: what the UI draws, the timeline API
// serves and a comparison puts side by side. It is read from the month facet, which already
// lists every month of the matching span (widened to a date filter's), zero counts included.

// Timeline granularities.
const (
	ByMonth = "month"
	ByYear  = "year"
)

// YearsAbove is the longest span, in months, drawn month by month when no granularity is
// asked for; a longer one is drawn by year (198 one-pixel months say less than 17 years).
const YearsAbove = 36

// Period is one month or year of a timeline.
type Period struct {
	Period string       `json:"period"` // 2018-05, or 2018
	Label  string       `json:"label"`  // May 2018, or 2018
	Start  archive.Date `json:"start"`  // its first day
	End    archive.Date `json:"end"`    // its last day
	Count  int          `json:"count"`
}

// Timeline is the items of a search per period, from the first period with a match to the
// last (or across the date filter's span), periods without items included.
type Timeline struct {
	By      string   `json:"by"`
	Total   uint64   `json:"total"`
	Periods []Period `json:"periods"`
}

// CheckBy validates a granularity: "" (chosen by span), ByMonth or ByYear.
func CheckBy(by string) error {
	switch by {
	case "", ByMonth, ByYear:
		return nil
	}
	return BadRequestf("by %q is not one of month, year (or leave it out to choose by span)", by)
}

// AutoBy is the granularity a span of months is drawn in when none is asked for.
func AutoBy(months int) string {
	if months > YearsAbove {
		return ByYear
	}
	return ByMonth
}

// TimelineRequest is req asking only for what a timeline needs: the month facet and a
// single hit (the cheapest page a Request can ask for).
func TimelineRequest(req Request) Request {
	req.Page, req.Size, req.After, req.Sort = 0, 1, "", ""
	req.Facets = []FacetRequest{{Name: FacetMonth}}
	return req
}

// TimelineOf reads the timeline of res (a search that counted the month facet) by month or
// by year; by "" chooses by span (AutoBy).
func TimelineOf(res *Result, by string) Timeline {
	var months []FacetValue
	for _, f := range res.Facets {
		if f.Name == FacetMonth {
			months = f.Values
		}
	}
	t := NewTimeline(months, by)
	t.Total = res.Total
	return t
}

// NewTimeline turns gap-free month counts (the month facet, an entity's months) into a
// timeline by month or by year; by "" chooses by span.
func NewTimeline(months []FacetValue, by string) Timeline {
	if by == "" {
		by = AutoBy(len(months))
	}
	t := Timeline{By: by, Periods: []Period{}}
	values := months
	if by == ByYear {
		values = yearValues(months)
	}
	for _, v := range values {
		p, ok := NewPeriod(v.Value)
		if !ok {
			continue
		}
		p.Count = v.Count
		t.Periods = append(t.Periods, p)
		t.Total += uint64(v.Count)
	}
	return t
}

// NewPeriod is the period named by value: a month (2018-05) or a year (2018).
func NewPeriod(value string) (Period, bool) {
	if t, err := time.Parse("2006-01", value); err == nil && len(value) == 7 {
		return Period{Period: value, Label: t.Format("January 2006"), Start: archive.Date{Time: t},
			End: archive.Date{Time: t.AddDate(0, 1, -1)}}, true
	}
	if t, err := time.Parse("2006", value); err == nil && len(value) == 4 {
		return Period{Period: value, Label: value, Start: archive.Date{Time: t},
			End: archive.Date{Time: t.AddDate(1, 0, -1)}}, true
	}
	return Period{}, false
}

// periodsBetween lists every period of granularity by from first to last (inclusive).
func periodsBetween(by, first, last string) []Period {
	out := []Period{}
	p, ok := NewPeriod(first)
	for ok && p.Period <= last {
		out = append(out, p)
		next := p.Start.AddDate(0, 1, 0)
		if by == ByYear {
			next = p.Start.AddDate(1, 0, 0)
		}
		p, ok = NewPeriod(next.Format(map[bool]string{true: "2006", false: "2006-01"}[by == ByYear]))
	}
	return out
}
