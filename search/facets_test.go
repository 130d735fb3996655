package search

import (
	"math/rand/v2"
	"slices"
	"testing"

	"briefsearch/index"
)

// A month's value and label are the same from the table as formatted, inside it, at its edges
// and outside it, and its value reads back as its index.
func TestMonthNames(t *testing.T) {
	for _, k := range []int{0, monthNamesFrom*12 - 1, monthNamesFrom * 12, 2026*12 + 4, monthNamesTo*12 - 1, monthNamesTo * 12, 9999*12 + 11} {
		got := monthNameOf(k)
		if want := formatMonth(k); got != want {
			t.Errorf("month %d: %+v, formatted %+v", k, got, want)
		}
		if back, ok := monthIndex(got.value); !ok || back != k {
			t.Errorf("month %d is %q, read back as %d (%v)", k, got.value, back, ok)
		}
	}
	if got := monthNameOf(2026*12 + 4); got != (monthName{"2026-05", "May 2026"}) {
		t.Errorf("May 2026: %+v", got)
	}
}

// countPadded counts what the plain loop over each document's values counts, for documents
// with none to many more values than it reads without a branch, the last document's values
// running into the padding, and any subset of documents.
func TestCountPaddedAsLoop(t *testing.T) {
	rnd := rand.New(rand.NewPCG(7, 13))
	for round := range 200 {
		values := 1 + rnd.IntN(40)
		docs := 1 + rnd.IntN(300)
		offsets := []uint32{0}
		var refs []uint32
		for range docs {
			for range rnd.IntN(12) {
				refs = append(refs, uint32(rnd.IntN(values)))
			}
			offsets = append(offsets, uint32(len(refs)))
		}
		refs = index.PadRefs(refs) // as the columns are read
		var match []uint32
		for d := range docs {
			if round%4 == 0 || rnd.IntN(3) == 0 {
				match = append(match, uint32(d))
			}
		}
		if round%5 == 0 && docs > 1 {
			match = append(match[:0], uint32(docs-1)) // the last document alone
		}
		want, got := make([]int, values), make([]int, values)
		for _, d := range match {
			for _, r := range refs[offsets[d]:offsets[d+1]] {
				want[r]++
			}
		}
		countPadded(match, offsets, refs, got)
		if !slices.Equal(got, want) {
			t.Fatalf("round %d (%d documents, %d values): counted %v, want %v", round, docs, values, got, want)
		}
	}
}
