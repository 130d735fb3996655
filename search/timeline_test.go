package search

import (
	"context"
	"strings"
	"testing"
)

func TestParseBound(t *testing.T) {
	for _, tt := range []struct {
		in         string
		end        bool
		want, fail string
	}{
		{in: "2018", want: "2018-01-01"},
		{in: "2018", end: true, want: "2018-12-31"},
		{in: "2016-02", end: true, want: "2016-02-29"},
		{in: "2018-05", want: "2018-05-01"},
		{in: " 2018-05-16 ", end: true, want: "2018-05-16"},
		{in: "2018-5", fail: `"2018-5" is not a date`},
		{in: "18", fail: "is not a date"},
		{in: "2018-02-30", fail: "is not a date"},
	} {
		d, err := ParseBound(tt.in, tt.end)
		switch {
		case tt.fail != "" && (err == nil || !strings.Contains(err.Error(), tt.fail)):
			t.Errorf("ParseBound(%q): %v, want an error with %q", tt.in, err, tt.fail)
		case tt.fail == "" && (err != nil || d.String() != tt.want):
			t.Errorf("ParseBound(%q, %v) = %s, %v; want %s", tt.in, tt.end, d, err, tt.want)
		}
	}
}

func TestQueryBounds(t *testing.T) {
	q := `Bayramov from:2018 "peace deal" to:2019-06`
	bs := QueryBounds(q)
	if len(bs) != 2 || bs[0].Key != "from" || bs[0].Value != "2018" || bs[1].Key != "to" || bs[1].Value != "2019-06" {
		t.Fatalf("QueryBounds = %+v", bs)
	}
	if got := WithoutBound(q, bs[0]); got != `Bayramov "peace deal" to:2019-06` {
		t.Errorf("without from: %q", got)
	}
	if got := WithoutBound(q, bs[1]); got != `Bayramov from:2018 "peace deal"` {
		t.Errorf("without to: %q", got)
	}
	if got := WithoutBounds(q); got != `Bayramov "peace deal"` {
		t.Errorf("without both: %q", got)
	}
	if bs := QueryBounds(`"unclosed from:2018`); bs != nil {
		t.Errorf("a query that does not parse has no bounds, got %+v", bs)
	}
}

// The year facet is the month facet summed: same total, calendar order, no gaps; and a
// from/to of whole years selects exactly what the year facet counted for them, whichever
// door the years come through.
func TestYearFacetAndYearBounds(t *testing.T) {
	s := open(t, scaleRoot(t), Options{})
	ctx := context.Background()
	res, err := s.Search(ctx, Request{Size: 1, Facets: []FacetRequest{{Name: FacetMonth}, {Name: FacetYear}}})
	if err != nil {
		t.Fatal(err)
	}
	months, years := res.Facets[0].Values, res.Facets[1].Values
	if len(years) < 2 {
		t.Fatalf("the scale index should span several years, got %+v", years)
	}
	perYear := map[string]int{}
	for _, m := range months {
		perYear[m.Value[:4]] += m.Count
	}
	sum := 0
	for i, y := range years {
		sum += y.Count
		if y.Count != perYear[y.Value] {
			t.Errorf("year %s counts %d, its months %d", y.Value, y.Count, perYear[y.Value])
		}
		if i > 0 && y.Value <= years[i-1].Value {
			t.Errorf("years out of order: %s after %s", y.Value, years[i-1].Value)
		}
	}
	if uint64(sum) != res.Total {
		t.Errorf("years sum to %d, total %d", sum, res.Total)
	}
	y := years[1].Value
	from, _ := ParseBound(y, false)
	to, _ := ParseBound(y, true)
	byFilter, err := s.Search(ctx, Request{Filters: Filters{From: from, To: to}, Facets: []FacetRequest{}})
	if err != nil {
		t.Fatal(err)
	}
	byQuery, err := s.Search(ctx, Request{Query: "from:" + y + " to:" + y, Facets: []FacetRequest{}})
	if err != nil {
		t.Fatal(err)
	}
	if int(byFilter.Total) != years[1].Count || byQuery.Total != byFilter.Total {
		t.Errorf("year %s: from/to filter %d, from:/to: query %d, year facet %d", y, byFilter.Total, byQuery.Total, years[1].Count)
	}
}

func TestMonthGivenAYear(t *testing.T) {
	s := open(t, sampleRoot, Options{})
	for _, req := range []Request{{Filters: Filters{Months: []string{"2018"}}}, {Query: "month:2018"}} {
		_, err := s.Search(context.Background(), req)
		if err == nil || !strings.Contains(err.Error(), "from=2018&to=2018") || !strings.Contains(err.Error(), "from:2018 to:2018") {
			t.Errorf("%+v: %v, want a pointer to from=2018&to=2018", req, err)
		}
	}
}

// A cursor carries how far it has come: Result.Offset on the page it opens.
func TestCursorOffset(t *testing.T) {
	s := open(t, scaleRoot(t), Options{})
	req := Request{Size: 100, Facets: []FacetRequest{}}
	first, err := s.Search(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	seen, after := len(first.Hits), first.Next
	for range 3 {
		res, err := s.Search(context.Background(), Request{Size: 100, After: after, Facets: []FacetRequest{}})
		if err != nil {
			t.Fatal(err)
		}
		if res.Offset != seen {
			t.Fatalf("cursor page after %d results says offset %d", seen, res.Offset)
		}
		seen += len(res.Hits)
		after = res.Next
	}
	if page3, _ := s.Search(context.Background(), Request{Size: 100, Page: 3}); page3.Offset != 200 {
		t.Errorf("page 3 of 100: offset %d", page3.Offset)
	}
}

func TestCompare(t *testing.T) {
	s := open(t, scaleRoot(t), Options{})
	ctx := context.Background()
	queries := []string{"Baku", "Ankara", "peace agreement", "section:economy"}
	for _, by := range []string{"", ByMonth, ByYear} {
		c, err := s.Compare(ctx, CompareRequest{Queries: queries, By: by})
		if err != nil {
			t.Fatal(err)
		}
		if by == "" && c.By != AutoBy(len(periodsBetween(ByMonth, c.Periods[0].Start.Format("2006-01"), c.Periods[len(c.Periods)-1].End.Format("2006-01")))) {
			t.Errorf("auto chose %s for %d periods", c.By, len(c.Periods))
		}
		if by != "" && c.By != by {
			t.Errorf("by %s gave %s", by, c.By)
		}
		for i, p := range c.Periods[1:] {
			if p.Start.AddDate(0, 0, -1) != c.Periods[i].End.Time {
				t.Errorf("by %s: gap between %s and %s", c.By, c.Periods[i].Period, p.Period)
			}
		}
		for i, ser := range c.Series {
			res, err := s.Search(ctx, Request{Query: queries[i], Facets: []FacetRequest{}})
			if err != nil {
				t.Fatal(err)
			}
			sum := 0
			for _, n := range ser.Counts {
				sum += n
			}
			if ser.Total != res.Total || uint64(sum) != res.Total || len(ser.Counts) != len(c.Periods) {
				t.Errorf("by %s, %q: total %d, counts sum %d over %d periods; the search finds %d", c.By, queries[i], ser.Total, sum, len(ser.Counts), res.Total)
			}
		}
	}
	if _, err := s.Compare(ctx, CompareRequest{Queries: append(queries, "Tbilisi")}); err == nil || !strings.Contains(err.Error(), "at most 4") {
		t.Errorf("five queries: %v", err)
	}
	if _, err := s.Compare(ctx, CompareRequest{Queries: []string{"Baku", `"open`}}); err == nil || !strings.Contains(err.Error(), "query 2") {
		t.Errorf("a bad second query: %v", err)
	}
	if _, err := s.Compare(ctx, CompareRequest{Queries: []string{"Baku"}, By: "week"}); err == nil {
		t.Error("by=week was accepted")
	}
}
