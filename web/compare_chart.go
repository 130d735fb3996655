package web

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"briefsearch/search"
)

// The compare chart: one line per search on the shared time axis. Series differ in colour
// (the Okabe–Ito palette, safe for colour-blind readers; see .s0–.s3 in the stylesheet) and
// also without colour: each has its own dash pattern and marker shape.

type compareChart struct {
	By     string
	Title  string
	Frames []compareFrame
	Legend []legendEntry
}

type compareFrame struct {
	plotted
	Lines []seriesLine
}

type seriesLine struct {
	Class  string // s0..s3: colour, dash
	Label  string
	Points string // the polyline's points
	Marks  []seriesMark
}

// seriesMark is one period's point: a marker shape drawn at (X, Y), linking to its items.
type seriesMark struct {
	D     string // the marker's path
	Title string
	URL   string
}

type legendEntry struct {
	Class, Label, Marker string
	Total                uint64
	Search               string // the search behind the series
}

// markerEvery: markers are drawn when a period's slot is at least this wide (in user units);
// denser lines keep their dash patterns, which tell them apart on their own.
const markerMinSlot = 7

func newCompareChart(req search.CompareRequest, c *search.Comparison) compareChart {
	if len(c.Periods) == 0 {
		return compareChart{}
	}
	first, last := c.Periods[0], c.Periods[len(c.Periods)-1]
	ch := compareChart{By: c.By, Title: fmt.Sprintf("Items per %s, %s – %s", c.By, first.Label, last.Label)}
	if first.Period == last.Period {
		ch.Title = fmt.Sprintf("Items in %s", first.Label)
	}
	step, top := niceScale(c.Max())
	for i, ser := range c.Series {
		ch.Legend = append(ch.Legend, legendEntry{Class: seriesClass(i), Label: ser.Query, Total: ser.Total,
			Marker: marker(i, 18, 6, 4), Search: seriesSearch(ser.Query, req.Filters.From.String(), req.Filters.To.String())})
	}
	for _, f := range []frame{wideFrame, narrowFrame} {
		cf := compareFrame{plotted: newPlot(f, c.Periods, c.By, top, step)}
		n := len(c.Periods)
		size := num(0)
		if cf.slot(n) >= markerMinSlot {
			size = min(cf.slot(n)/3, 4.5)
		}
		for i, ser := range c.Series {
			line := seriesLine{Class: seriesClass(i), Label: ser.Query}
			pts := make([]string, 0, n)
			for j, count := range ser.Counts {
				x, y := cf.center(j, n), cf.y(count, top)
				pts = append(pts, x.String()+","+y.String())
				if size > 0 {
					p := c.Periods[j]
					line.Marks = append(line.Marks, seriesMark{D: marker(i, x, y, size),
						Title: fmt.Sprintf("%s, %s: %d", ser.Query, p.Label, count),
						URL:   seriesSearch(ser.Query, p.Period, p.Period)})
				}
			}
			line.Points = strings.Join(pts, " ")
			cf.Lines = append(cf.Lines, line)
		}
		ch.Frames = append(ch.Frames, cf)
	}
	return ch
}

func seriesClass(i int) string { return "s" + strconv.Itoa(i) }

// marker is the path of series i's marker centred on (x, y): a circle, a square, a triangle
// or a diamond.
func marker(i int, x, y, r num) string {
	switch i % 4 {
	case 1:
		return fmt.Sprintf("M%s %sh%sv%sh-%sz", x-r, y-r, 2*r, 2*r, 2*r)
	case 2:
		return fmt.Sprintf("M%s %sL%s %sL%s %sz", x, y-r*1.2, x+r*1.1, y+r*0.8, x-r*1.1, y+r*0.8)
	case 3:
		return fmt.Sprintf("M%s %sL%s %sL%s %sL%s %sz", x, y-r*1.3, x+r*1.3, y, x, y+r*1.3, x-r*1.3, y)
	}
	return fmt.Sprintf("M%s %sa%s %s 0 1 0 %s 0a%s %s 0 1 0 -%s 0", x-r, y, r, r, 2*r, r, r, 2*r)
}

// seriesSearch is the search page for a series' query, within from..to (each "" = open).
func seriesSearch(q, from, to string) string {
	v := url.Values{paramQ: {q}}
	if from != "" {
		v.Set(paramFrom, from)
	}
	if to != "" {
		v.Set(paramTo, to)
	}
	return href(v)
}

// compareTable is the chart's data as a table: a row per period, a column per search.
type compareTable struct {
	Heads  []string
	Rows   []compareRow
	Totals []uint64
}

type compareRow struct {
	Period string
	Counts []int
}

func newCompareTable(c *search.Comparison) compareTable {
	var t compareTable
	for _, ser := range c.Series {
		t.Heads = append(t.Heads, ser.Query)
		t.Totals = append(t.Totals, ser.Total)
	}
	for j, p := range c.Periods {
		r := compareRow{Period: p.Label}
		for _, ser := range c.Series {
			r.Counts = append(r.Counts, ser.Counts[j])
		}
		t.Rows = append(t.Rows, r)
	}
	return t
}
