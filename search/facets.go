package search

import (
	"slices"
	"strings"
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
	lo, hi := "", ""
	for _, t := range matched {
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
	from, ok1 := monthIndex(lo)
	to, ok2 := monthIndex(hi)
	if !ok1 || !ok2 || from > to {
		return []FacetValue{}
	}
	// The matched months in order, merged into the span.
	matched = slices.Clone(matched)
	slices.SortFunc(matched, func(a, b valueCount) int { return strings.Compare(a.value, b.value) })
	values := make([]FacetValue, 0, to-from+1)
	j := 0
	for k := from; k <= to; k++ {
		name := monthNameOf(k)
		for j < len(matched) && matched[j].value < name.value {
			j++
		}
		n := 0
		if j < len(matched) && matched[j].value == name.value {
			n = matched[j].count
		}
		values = append(values, FacetValue{Value: name.value, Label: name.label, Count: n})
	}
	return values
}

func monthOf(t time.Time) string { return t.Format("2006-01") }

// monthIndex is "YYYY-MM" as months since year 0 (year×12 + month − 1).
func monthIndex(m string) (int, bool) {
	t, err := time.Parse("2006-01", m)
	if err != nil {
		return 0, false
	}
	return t.Year()*12 + int(t.Month()) - 1, true
}

// monthNames are each month's value ("2026-05") and label ("May 2026") by monthIndex from
// the first month of monthNamesFrom, formatted once per process: a month histogram has
// hundreds of them a search. Months outside the table are formatted when asked for.
var monthNames = sync.OnceValue(func() []monthName {
	names := make([]monthName, (monthNamesTo-monthNamesFrom)*12)
	for i := range names {
		names[i] = formatMonth(monthNamesFrom*12 + i)
	}
	return names
})

const monthNamesFrom, monthNamesTo = 1900, 2200 // years, the last excluded

type monthName struct{ value, label string }

func monthNameOf(k int) monthName {
	if i := k - monthNamesFrom*12; i >= 0 && i < (monthNamesTo-monthNamesFrom)*12 {
		return monthNames()[i]
	}
	return formatMonth(k)
}

func formatMonth(k int) monthName {
	t := time.Date(k/12, time.Month(k%12+1), 1, 0, 0, 0, 0, time.UTC)
	return monthName{value: monthOf(t), label: t.Format("January 2006")}
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
