package web

import (
	"briefsearch/search"
)

// The month histogram is inline SVG: bars are <a> elements with geometry in attributes, so
// it needs neither script nor inline style (both barred by the CSP) and each bar is a link.

// Chart geometry in SVG user units. The viewBox is at least minSlots slots wide, so a
// single month draws a bar, not a slab; many months shrink to the sidebar's width.
const (
	chartHeight   = 64
	chartSlot     = 12
	chartBarWidth = 9
	chartMinSlots = 12
)

type monthChart struct {
	Width, Height int
	Bars          []monthBar
	First, Last   string // labels under the chart's two ends
	Max           int
}

type monthBar struct {
	X, Y, W, H int
	Label      string
	Count      int
	URL        string
	Active     bool
}

func newMonthChart(st state, f search.Facet) monthChart {
	if len(f.Values) == 0 {
		return monthChart{}
	}
	c := monthChart{Width: max(len(f.Values), chartMinSlots) * chartSlot, Height: chartHeight}
	for _, v := range f.Values {
		c.Max = max(c.Max, v.Count)
	}
	for i, v := range f.Values {
		h := 0
		if c.Max > 0 {
			h = v.Count * (chartHeight - 2) / c.Max
		}
		if v.Count > 0 {
			h = max(h, 2) // a month with one item must still show
		} else {
			h = 1 // a hairline marks an empty month in the span
		}
		label := v.Label
		if label == "" {
			label = v.Value
		}
		c.Bars = append(c.Bars, monthBar{
			X: i * chartSlot, Y: chartHeight - h, W: chartBarWidth, H: h,
			Label: label, Count: v.Count, URL: st.toggle(paramMonth, v.Value), Active: st.has(paramMonth, v.Value),
		})
	}
	c.First = c.Bars[0].Label
	c.Last = c.Bars[len(c.Bars)-1].Label
	return c
}

// newPager links to the pages around the current one, within the search window.
func newPager(st state, res *search.Result) pager {
	size := max(res.Size, 1)
	last := int((res.Total + uint64(size) - 1) / uint64(size))
	last = min(last, search.MaxWindow/size)
	return pagesAround(max(res.Page, 1), last, st.withPage)
}
