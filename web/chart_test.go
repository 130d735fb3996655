package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"briefsearch/search"
)

// months makes gap-free month counts from first for len(counts) months.
func months(first string, counts ...int) []search.FacetValue {
	p, _ := search.NewPeriod(first)
	var out []search.FacetValue
	for i, n := range counts {
		m := p.Start.AddDate(0, i, 0).Format("2006-01")
		out = append(out, search.FacetValue{Value: m, Count: n})
	}
	return out
}

func TestMonthTimeline(t *testing.T) {
	st := newState(url.Values{"q": {"x"}, "month": {"2026-03"}})
	tl := newTimeline(st, search.NewTimeline(months("2025-11", 3, 0, 0, 0, 10, 0, 1), ""))
	if tl.By != search.ByMonth || len(tl.Frames) != 2 {
		t.Fatalf("timeline %+v", tl)
	}
	for _, f := range tl.Frames {
		if len(f.Bars) != 7 {
			t.Fatalf("%s: %d bars", f.Class, len(f.Bars))
		}
		full, empty, small, first := f.Bars[4], f.Bars[1], f.Bars[6], f.Bars[0]
		top := f.YTicks[len(f.YTicks)-1]
		if full.Y < top.Y || full.Y+full.H != f.Bottom {
			t.Errorf("%s: tallest bar %+v leaves the scale (top tick %+v, bottom %v)", f.Class, full, top, f.Bottom)
		}
		if empty.H != 1 || empty.URL != "" || small.H < 2 || first.H <= small.H {
			t.Errorf("%s: empty %+v, one-item %+v, three-item %+v", f.Class, empty, small, first)
		}
		if !full.Active || full.URL != "/?q=x" {
			t.Errorf("%s: active month bar %+v: its link should remove the filter", f.Class, full)
		}
		if small.URL != "/?month=2026-03&month=2026-05&q=x" || small.Label != "May 2026" {
			t.Errorf("%s: bar %+v: link should add the month", f.Class, small)
		}
		// A year mark at the first month and at January, nowhere else.
		var years []string
		for _, l := range f.XLabels {
			if l.Major {
				years = append(years, l.Text)
			}
		}
		if strings.Join(years, ",") != "2025,2026" {
			t.Errorf("%s: year labels %v", f.Class, years)
		}
	}
}

func TestYearTimeline(t *testing.T) {
	counts := make([]int, 12*17) // 2010-01 .. 2026-12
	for i := range counts {
		counts[i] = i % 7
	}
	st := newState(url.Values{"q": {"Baku from:2012"}, "month": {"2014-02"}})
	tl := newTimeline(st, search.NewTimeline(months("2010-01", counts...), ""))
	if tl.By != search.ByYear || tl.Whole != "/?q=Baku" {
		t.Fatalf("by %s, whole %q", tl.By, tl.Whole)
	}
	for _, f := range tl.Frames {
		if len(f.Bars) != 17 {
			t.Fatalf("%s: %d bars, want 17 years", f.Class, len(f.Bars))
		}
		if b := f.Bars[8]; b.Label != "2018" || b.URL != "/?from=2018&q=Baku&to=2018" {
			t.Errorf("%s: the 2018 bar %+v should narrow to 2018 in place of other dates", f.Class, b)
		}
		// Labels never overlap: each is at least its width from the next.
		prev := num(-1000)
		for _, l := range f.XLabels {
			if l.X-prev < num(len(l.Text))*f.Font*0.62 {
				t.Errorf("%s: label %s at %v crowds the one at %v", f.Class, l.Text, l.X, prev)
			}
			prev = l.X
		}
		if len(f.XLabels) < 4 {
			t.Errorf("%s: only %d year labels", f.Class, len(f.XLabels))
		}
	}
	// The year already chosen goes back to every date.
	chosen := newState(url.Values{"from": {"2018"}, "to": {"2018"}})
	if got := chosen.withYear("2018"); got != "/" {
		t.Errorf("the chosen year's bar leads to %s", got)
	}
}

func TestNiceScale(t *testing.T) {
	for _, max := range []int{1, 3, 7, 10, 42, 99, 100, 101, 1234, 98765} {
		step, top := niceScale(max)
		lead := fmt.Sprint(step)
		if top < max || top-step >= max || (lead[0] != '1' && lead[0] != '2' && lead[0] != '5') || strings.Trim(lead[1:], "0") != "" {
			t.Errorf("niceScale(%d) = %d, %d", max, step, top)
		}
		if n := top / step; n < 2 && max > 1 || n > 6 {
			t.Errorf("niceScale(%d): %d ticks", max, n)
		}
	}
}

func TestPager(t *testing.T) {
	st := newState(url.Values{"q": {"x"}})
	p := newPager(st, &search.Result{Total: 200, Page: 5, Size: 20})
	var got []int
	for _, pl := range p.Pages {
		got = append(got, pl.N)
	}
	want := []int{1, 3, 4, 5, 6, 7, 10}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("pages %v, want %v", got, want)
	}
	if !p.Pages[1].Gap || p.Pages[2].Gap || !p.Pages[6].Gap || !p.Pages[3].Current {
		t.Errorf("gaps/current wrong: %+v", p.Pages)
	}
	if p.Prev != "/?page=4&q=x" || p.Next != "/?page=6&q=x" {
		t.Errorf("prev %q next %q", p.Prev, p.Next)
	}
	if p := newPager(st, &search.Result{Total: 20, Page: 1, Size: 20}); len(p.Pages) != 0 {
		t.Errorf("a single page needs no pager: %+v", p)
	}
	// The window caps the numbered pages; its last page reads on by cursor.
	last := search.MaxWindow / 100
	deep := newPager(st, &search.Result{Total: 1_000_000, Page: last, Size: 100, Next: "CUR"})
	if n := deep.Pages[len(deep.Pages)-1].N; n != last {
		t.Errorf("last page %d, want %d", n, last)
	}
	if deep.Next != "/?after=CUR&q=x" || !deep.PastWindow {
		t.Errorf("past the window, Next is %q", deep.Next)
	}
	cur := newPager(st, &search.Result{Total: 1_000_000, Page: 0, Size: 100, Next: "CUR2"})
	if !cur.Cursor || cur.Next != "/?after=CUR2&q=x" || cur.First != "/?q=x" || len(cur.Pages) != 0 {
		t.Errorf("a cursor page: %+v", cur)
	}
}
