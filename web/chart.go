package web

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"briefsearch/search"
)

// Charts are inline SVG drawn on the server: geometry in attributes, colours in the
// stylesheet, so they need neither script nor inline style (both barred by the CSP), and
// each bar is a link. Each chart is drawn twice, for a wide and a narrow screen (the
// stylesheet shows one): a viewBox scales its text with it, so one drawing cannot keep
// labels readable both at 1280 and at 390 pixels.

// frame is one drawing's geometry in SVG user units.
type frame struct {
	Class                    string // "wide" or "narrow"
	Width, Height            int
	Left, Top, Right, Bottom num // the plot area
	Font                     num // label size; the stylesheet's is a fallback
	LabelEvery               int // year labels: every n-th bar (year timelines)
}

var (
	wideFrame   = frame{Class: "wide", Width: 960, Height: 230, Left: 52, Top: 12, Right: 950, Bottom: 190, Font: 13}
	narrowFrame = frame{Class: "narrow", Width: 360, Height: 220, Left: 40, Top: 12, Right: 352, Bottom: 180, Font: 12}
)

// num is an SVG coordinate, printed with at most one decimal.
type num float64

func (n num) String() string {
	return strings.TrimSuffix(strconv.FormatFloat(math.Round(float64(n)*10)/10, 'f', 1, 64), ".0")
}

type axisTick struct {
	Y     num
	Label string
}

type xLabel struct {
	X, Y  num
	Text  string
	Major bool // a year on a month axis
}

type xTick struct {
	X, Y1, Y2 num
	Major     bool
}

// plotted is what every chart of one frame shares: its frame, the count scale and the
// time axis.
type plotted struct {
	frame
	YTicks  []axisTick
	XTicks  []xTick
	XLabels []xLabel
}

// niceScale picks a round step for a count axis with about four ticks (1, 2 or 5 times a
// power of ten) and the top of the axis, a multiple of it.
func niceScale(maxCount int) (step, top int) {
	if maxCount <= 0 {
		return 1, 1
	}
	rough := float64(maxCount) / 4
	mag := math.Pow(10, math.Floor(math.Log10(rough)))
	step = int(mag)
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= rough {
			step = int(m * mag)
			break
		}
	}
	step = max(step, 1)
	top = (maxCount + step - 1) / step * step
	return step, top
}

// countLabel writes a count short: 950, 1,200, 12k.
func countLabel(n int) string {
	switch {
	case n >= 10_000 && n%1000 == 0:
		return strconv.Itoa(n/1000) + "k"
	case n >= 1000:
		return fmt.Sprintf("%d,%03d", n/1000, n%1000)
	}
	return strconv.Itoa(n)
}

// newPlot lays out a frame's count scale (0..top) and its time axis for periods.
func newPlot(f frame, periods []search.Period, by string, top, step int) plotted {
	p := plotted{frame: f}
	for v := 0; v <= top; v += step {
		p.YTicks = append(p.YTicks, axisTick{Y: p.y(v, top), Label: countLabel(v)})
	}
	n := len(periods)
	if n == 0 {
		return p
	}
	slot := p.slot(n)
	base := f.Bottom
	charW := float64(f.Font) * 0.62
	if by == search.ByYear {
		// A tick and, where there is room, a label under every year.
		every := 1
		for _, k := range []int{1, 2, 5, 10, 20, 50} {
			every = k
			if float64(slot)*float64(k) >= 4*charW+6 {
				break
			}
		}
		p.LabelEvery = every
		for i, per := range periods {
			x := p.center(i, n)
			year, _ := strconv.Atoi(per.Period)
			major := year%every == 0
			p.XTicks = append(p.XTicks, xTick{X: x, Y1: base, Y2: base + map[bool]num{true: 6, false: 3}[major], Major: major})
			if major {
				p.XLabels = append(p.XLabels, xLabel{X: x, Y: base + f.Font + 6, Text: per.Period, Major: true})
			}
		}
		return p
	}
	// By month: a long tick and the year at each January (and at the first month), month
	// names between them as room allows (January's only when every month has its name).
	every := 0
	for _, k := range []int{1, 2, 3, 6} {
		if float64(slot)*float64(k) >= 3*charW+4 {
			every = k
			break
		}
	}
	for i, per := range periods {
		month := per.Start.Month()
		left := p.left(i, n)
		if month == 1 || i == 0 {
			p.XTicks = append(p.XTicks, xTick{X: left, Y1: f.Top, Y2: base + 2*f.Font + 8, Major: true})
			p.XLabels = append(p.XLabels, xLabel{X: left + 3, Y: base + 2*f.Font + 8, Text: per.Start.Format("2006"), Major: true})
		}
		if every > 0 && (int(month)-1)%every == 0 && (month != 1 || every == 1) {
			p.XLabels = append(p.XLabels, xLabel{X: p.center(i, n), Y: base + f.Font + 4, Text: per.Start.Format("Jan")})
		}
	}
	return p
}

// minSlots: a short span is drawn in the middle of at least this many slots, so one month
// is a bar, not a slab.
const minSlots = 12

func (p plotted) slot(n int) num { return (p.Right - p.Left) / num(max(n, minSlots)) }

// left is where period i's slot starts.
func (p plotted) left(i, n int) num {
	pad := num(max(minSlots-n, 0)) / 2
	return p.Left + p.slot(n)*(num(i)+pad)
}

func (p plotted) center(i, n int) num { return p.left(i, n) + p.slot(n)/2 }

func (p plotted) y(v, top int) num {
	return p.Bottom - (p.Bottom-p.Top)*num(v)/num(max(top, 1))
}

// timeline is the bar chart of a search's items per month or per year.
type timeline struct {
	By      string
	Title   string // what the chart shows, for its caption and aria-label
	Hint    string // how to use it
	Whole   string // the search over every date, when a date range narrows it ("" = none)
	Compare string // the compare page, starting from what the chart shows
	Frames  []timelineFrame
	Periods int
}

type timelineFrame struct {
	plotted
	Bars []timeBar
}

type timeBar struct {
	X, Y, W, H num
	Label      string // the period, for <title> and aria-label
	Count      int
	URL        string // "" for an empty period
	Active     bool
}

// newTimeline draws t; st is the view its bars narrow (the search page's, or an entity's
// filter on the search page).
func newTimeline(st state, t search.Timeline) timeline {
	if len(t.Periods) == 0 {
		return timeline{}
	}
	tl := timeline{By: t.By, Periods: len(t.Periods)}
	first, last := t.Periods[0].Period, t.Periods[len(t.Periods)-1].Period
	span := first
	if first != last {
		span = first + "–" + last
	}
	if t.By == search.ByYear {
		tl.Title = "Items per year, " + span
		tl.Hint = "Choose a year to see its months."
	} else {
		tl.Title = "Items per month, " + t.Periods[0].Label
		if first != last {
			tl.Title += " – " + t.Periods[len(t.Periods)-1].Label
		}
		tl.Hint = "Choose a month to narrow to it."
	}
	if st.hasDates() {
		tl.Whole = st.withoutDates()
	}
	maxCount := 0
	for _, p := range t.Periods {
		maxCount = max(maxCount, p.Count)
	}
	step, top := niceScale(maxCount)
	for _, f := range []frame{wideFrame, narrowFrame} {
		tf := timelineFrame{plotted: newPlot(f, t.Periods, t.By, top, step)}
		n := len(t.Periods)
		slot := tf.slot(n)
		w := max(slot*0.8, min(slot, 1))
		for i, p := range t.Periods {
			h := tf.Bottom - tf.y(p.Count, top)
			if p.Count > 0 {
				h = max(h, 2) // one item must still show
			} else {
				h = 1 // a hairline marks an empty period in the span
			}
			b := timeBar{X: tf.left(i, n) + (slot-w)/2, Y: tf.Bottom - h, W: w, H: h,
				Label: p.Label, Count: p.Count}
			if p.Count > 0 {
				if t.By == search.ByYear {
					b.URL, b.Active = st.withYear(p.Period), st.isYear(p.Period)
				} else {
					b.URL, b.Active = st.toggle(paramMonth, p.Period), st.has(paramMonth, p.Period)
				}
			}
			tf.Bars = append(tf.Bars, b)
		}
		tl.Frames = append(tl.Frames, tf)
	}
	return tl
}

// newPager links to the pages around the current one, within the search window, and past
// it: where the next page would leave the window (or the page is already past it, reached
// by cursor), Next follows the result's cursor.
func newPager(st state, res *search.Result) pager {
	size := max(res.Size, 1)
	if res.Page == 0 { // a page reached by cursor: onwards, or back to the start
		p := pager{First: st.withPage(1), Cursor: true}
		if res.Next != "" {
			p.Next = st.withAfter(res.Next)
		}
		return p
	}
	last := int((res.Total + uint64(size) - 1) / uint64(size))
	window := search.MaxWindow / size
	p := pagesAround(max(res.Page, 1), min(last, window), st.withPage)
	if res.Page >= window && res.Page < last && res.Next != "" {
		p.Next = st.withAfter(res.Next)
		p.PastWindow = true
	}
	return p
}
