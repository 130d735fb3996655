package search

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"briefsearch/index/indextest"
)

// A long briefing comes in pages of bounded size, in order, every item on exactly one page.
func TestBriefingPages(t *testing.T) {
	bs := indextest.Synthetic(1, 45)
	root := t.TempDir()
	buildAt(t, root, bs)
	s := open(t, root, Options{})
	b := bs[0]

	var seen []string
	for page := 1; page <= 3; page++ {
		p, err := s.BriefingPage(context.Background(), b.ID, page, 0)
		if err != nil {
			t.Fatalf("page %d: %v", page, err)
		}
		if p.Page != page || p.Size != DefaultBriefingItems || p.Pages != 3 || p.TotalItems != 45 ||
			p.ID != b.ID || len(p.Sections) != len(b.Sections) {
			t.Errorf("page %d: page %d size %d pages %d total %d id %s", page, p.Page, p.Size, p.Pages, p.TotalItems, p.ID)
		}
		if want := min(DefaultBriefingItems, 45-len(seen)); len(p.Items) != want {
			t.Errorf("page %d: %d items, want %d", page, len(p.Items), want)
		}
		for _, it := range p.Items {
			seen = append(seen, it.ID)
		}
	}
	var want []string
	for _, it := range b.Items {
		want = append(want, it.ID)
	}
	if !slices.Equal(seen, want) {
		t.Errorf("pages gave %v, want every item once in order", seen)
	}
	if p, err := s.BriefingPage(context.Background(), b.ID, 0, MaxBriefingItems); err != nil || p.Pages != 1 || len(p.Items) != 45 {
		t.Errorf("size %d: %v", MaxBriefingItems, err)
	}

	for _, c := range []struct {
		page, size int
		want       string
	}{
		{4, 0, "page 4 is past the last page of briefing " + b.ID + ": it has 45 items, 20 a page, on 3 pages"},
		{-1, 0, "page -1 is out of range"},
		{1, MaxBriefingItems + 1, "size 51 is out of range; it must be between 1 and 50"},
		{1, -5, "size -5 is out of range"},
	} {
		_, err := s.BriefingPage(context.Background(), b.ID, c.page, c.size)
		if !errors.Is(err, ErrBadRequest) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("page %d size %d: %v, want a bad request saying %q", c.page, c.size, err, c.want)
		}
	}
	if _, err := s.BriefingPage(context.Background(), "1999-01-01", 1, 0); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown briefing: %v, want ErrNotFound", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.BriefingPage(ctx, b.ID, 1, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v, want context.Canceled", err)
	}
}

// Validate refuses what Search refuses, with the same message, and accepts what it runs.
func TestRequestValidate(t *testing.T) {
	s := open(t, sampleRoot, Options{})
	for _, req := range []Request{
		{Query: "month:2026-13"}, {Filters: Filters{Months: []string{"2026-13"}}}, {Size: MaxSize + 1},
		{Page: 200, Size: 100}, {Sort: "score"}, {Facets: []FacetRequest{{Name: "colour"}}}, {Query: `"open`},
		{Query: "Bayramov"}, {Size: 5, Page: 2}, {},
	} {
		_, searchErr := s.Search(context.Background(), req)
		err := req.Validate()
		if (err == nil) != (searchErr == nil) || err != nil && err.Error() != searchErr.Error() {
			t.Errorf("%+v: Validate says %v, Search %v", req, err, searchErr)
		}
	}
}
