package search

import (
	"sync"
	"time"
)

// sectionNames are English names of the usual section keys, for bilingual facet labels.
var sectionNames = map[string]string{
	"military-security": "Military & security",
	"domestic":          "Domestic affairs",
	"foreign":           "Foreign affairs",
	"economy":           "Economy",
}

// facets lists the counted facets in the order the plan asked for them. Terms come most
// frequent first (ties by value); months come in calendar order with the gaps filled.
func (v *view) facets(counted []facetCounter, p *plan) []Facet {
	out := make([]Facet, 0, len(counted))
	for i, fc := range counted {
		f := Facet{Name: fc.name, Values: []FacetValue{}}
		switch fc.name {
		case FacetMonth:
			f.Values = v.monthValues(fc.nonzero(), p.filters)
		case FacetYear:
			f.Values = yearValues(v.monthValues(fc.nonzero(), p.filters))
		default:
			for _, vc := range fc.top(p.facets[i].Size) {
				f.Values = append(f.Values, FacetValue{Value: vc.value, Label: v.label(fc.name, vc.value), Count: vc.count})
			}
		}
		out = append(out, f)
	}
	return out
}

func (v *view) label(facet, value string) string {
	if facet != FacetSection {
		return value
	}
	title, en := v.sections[value], sectionNames[value]
	switch {
	case title != "" && en != "":
		return title + " / " + en
	case title != "":
		return title
	case en != "":
		return en
	}
	return value
}

// monthValues lists every month from the first to the last with a match, zero counts
// included, so a histogram can be drawn from it directly. A date filter widens the span to
// the months it covers (within the corpus), so the bars of a narrowed search keep their place.
func (v *view) monthValues(matched []valueCount, f Filters) []FacetValue {
	counts := map[string]int{}
	lo, hi := "", ""
	for _, t := range matched {
		counts[t.value] = t.count
		if lo == "" || t.value < lo {
			lo = t.value
		}
		if t.value > hi {
			hi = t.value
		}
	}
	months := v.gen.Meta.Months
	if len(months) > 0 {
		first, last := months[0], months[len(months)-1]
		if m := monthOf(f.From.Time); !f.From.IsZero() && (lo == "" || m < lo) {
			lo = max(m, first)
		}
		if m := monthOf(f.To.Time); !f.To.IsZero() && m > hi {
			hi = min(m, last)
		}
		if lo == "" && hi != "" {
			lo = max(first, min(hi, last))
		}
		if hi == "" && lo != "" {
			hi = min(last, max(lo, first))
		}
	}
	values := []FacetValue{}
	if lo == "" || hi == "" || lo > hi {
		return values
	}
	t, err := time.Parse("2006-01", lo)
	if err != nil {
		return values
	}
	for m := lo; m <= hi; m = monthOf(t) {
		values = append(values, FacetValue{Value: m, Label: monthLabel(m, t), Count: counts[m]})
		t = t.AddDate(0, 1, 0)
	}
	return values
}

func monthOf(t time.Time) string { return t.Format("2006-01") }

// monthLabels keeps each month's label ("May 2026"), formatted once per process: a month
// histogram has hundreds of them a search.
var monthLabels sync.Map

func monthLabel(m string, t time.Time) string {
	if l, ok := monthLabels.Load(m); ok {
		return l.(string)
	}
	l := t.Format("January 2006")
	monthLabels.Store(m, l)
	return l
}

// yearValues sums gap-free months into gap-free years, in calendar order.
func yearValues(months []FacetValue) []FacetValue {
	years := []FacetValue{}
	for _, m := range months {
		y := m.Value[:4]
		if n := len(years); n > 0 && years[n-1].Value == y {
			years[n-1].Count += m.Count
			continue
		}
		years = append(years, FacetValue{Value: y, Label: y, Count: m.Count})
	}
	return years
}
