package search

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"briefsearch/archive"
)

// A prefix that would expand to more words than MaxPrefixTerms is refused with a message
// naming it, instead of running a huge disjunction.
func TestPrefixExpansionIsCapped(t *testing.T) {
	words := make([]string, 0, MaxPrefixTerms+50)
	for i := range cap(words) {
		words = append(words, fmt.Sprintf("zqx%04d", i))
	}
	b := &archive.Briefing{ID: "2026-01-03", Title: "t", WeekStart: archive.DateOf(2026, 1, 3), WeekEnd: archive.DateOf(2026, 1, 9),
		Items: []archive.Item{{ID: "2026-01-03-01", Ordinal: 1, Section: "foreign", HeadlineEN: "many words",
			Body: strings.Join(words, " "), Date: archive.DateOf(2026, 1, 5)}}}
	root := t.TempDir()
	buildAt(t, root, []*archive.Briefing{b})
	s := open(t, root, Options{})

	_, err := s.Search(context.Background(), Request{Query: "many zqx*"})
	if !errors.Is(err, ErrBadRequest) || !strings.Contains(err.Error(), "zqx* matches more than 1024 words") ||
		!strings.Contains(err.Error(), "column 6") {
		t.Errorf("broad prefix: %v", err)
	}
	if res := mustSearch(t, s, Request{Query: "zqx100*"}); res.Total != 1 {
		t.Errorf("narrow prefix: %d hits, want 1", res.Total)
	}
}

// Whatever a user types, Search answers or says what is wrong: no panic, no internal error.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"Bayramov", `"Middle Corridor" -Aliyev`, "カザフ OR 地雷*", "section:foreign from:2026",
		"person:\"x\" org:y place:z month:2026-05", "a OR", `「`, "*", "the of and", "relat* -\"\"", "ＥＵ・Ｄ－８"} {
		f.Add(s, 1, 10)
	}
	s, err := Open(Options{Root: sampleRoot, Lexicon: testLexicon})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	f.Fuzz(func(t *testing.T, q string, page, size int) {
		res, err := s.Search(context.Background(), Request{Query: q, Page: page % 200, Size: size % 200})
		if err != nil {
			if !errors.Is(err, ErrBadRequest) {
				t.Fatalf("Search(%q, %d, %d): %v is not a bad request", q, page, size, err)
			}
			return
		}
		if uint64(len(res.Hits)) > res.Total || res.Total > 18 {
			t.Fatalf("Search(%q): %d hits of %d", q, len(res.Hits), res.Total)
		}
	})
}
