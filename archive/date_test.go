package archive

import (
	"testing"
	"time"
)

// ParseDate accepts exactly what time.Parse(time.DateOnly, s) accepts, and gives the same day.
func checkParseDate(t *testing.T, s string) {
	t.Helper()
	got, err := ParseDate(s)
	want, wantErr := time.Parse(time.DateOnly, s)
	switch {
	case (err != nil) != (wantErr != nil):
		t.Errorf("ParseDate(%q): error %v, time.Parse's %v", s, err, wantErr)
	case err == nil && !got.Equal(want):
		t.Errorf("ParseDate(%q) = %v, time.Parse's %v", s, got.Time, want)
	case err == nil && got.Location() != want.Location():
		t.Errorf("ParseDate(%q) is in %v, time.Parse's in %v", s, got.Location(), want.Location())
	}
}

func TestParseDateAsTimeParse(t *testing.T) {
	for _, s := range []string{
		"2026-05-22", "2024-02-29", "2023-02-29", "2000-02-29", "1900-02-29", "2026-04-31",
		"2026-12-31", "2026-13-01", "2026-00-10", "2026-01-00", "0000-01-01", "9999-12-31",
		"2026-5-22", "2026-05-2", "26-05-22", "2026/05/22", "2026-05-22 ", " 2026-05-22",
		"2026-05-22T00:00:00Z", "２０２６-05-22", "2026-0a-22", "+026-05-22", "", "2026-05-",
	} {
		checkParseDate(t, s)
	}
	// Every day of a leap year and of a common one, and the day after each month's last.
	for _, y := range []int{2024, 2026} {
		for d := DateOf(y, 1, 1).Time; d.Year() == y; d = d.AddDate(0, 0, 1) {
			checkParseDate(t, d.Format(time.DateOnly))
			checkParseDate(t, d.Format("2006-01-")+"32")
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-05-22", "2024-02-29", "2023-02-29", "2026-13-01", "x"} {
		f.Add(s)
	}
	f.Fuzz(checkParseDate)
}
