package search

import "testing"

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
