package web

import (
	"net/url"
	"testing"

	"briefsearch/search"
)

func TestMonthChart(t *testing.T) {
	st := newState(url.Values{"q": {"x"}, "month": {"2026-03"}})
	f := search.Facet{Name: search.FacetMonth, Values: []search.FacetValue{
		{Value: "2026-03", Label: "2026-03", Count: 10}, {Value: "2026-04", Count: 0}, {Value: "2026-05", Count: 1}}}
	c := newMonthChart(st, f)
	if len(c.Bars) != 3 || c.Max != 10 || c.Width != chartMinSlots*chartSlot {
		t.Fatalf("chart = %+v", c)
	}
	full, empty, small := c.Bars[0], c.Bars[1], c.Bars[2]
	if full.H != chartHeight-2 || full.Y != 2 {
		t.Errorf("tallest bar %+v, want height %d", full, chartHeight-2)
	}
	if empty.H != 1 || small.H < 2 {
		t.Errorf("empty month %+v and one-item month %+v must stay visible", empty, small)
	}
	if !full.Active || full.URL != "/?q=x" {
		t.Errorf("active month bar %+v: its link should remove the filter", full)
	}
	if small.URL != "/?month=2026-03&month=2026-05&q=x" || small.Label != "2026-05" {
		t.Errorf("bar %+v: link should add the month, label fall back to the value", small)
	}
	if c.First != "2026-03" || c.Last != "2026-05" {
		t.Errorf("axis %q..%q", c.First, c.Last)
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
	if len(got) != len(want) {
		t.Fatalf("pages %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("pages %v, want %v", got, want)
		}
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
	// The window caps how deep page links go.
	deep := newPager(st, &search.Result{Total: 1_000_000, Page: 1, Size: 100})
	if last := deep.Pages[len(deep.Pages)-1].N; last != search.MaxWindow/100 {
		t.Errorf("last page %d, want %d", last, search.MaxWindow/100)
	}
}
