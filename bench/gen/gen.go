package gen

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"time"
)

// Marker is written into every generated file's header so that no one mistakes it for news.
const Marker = "SYNTHETIC TEST DATA"

// Options choose an archive. The zero values of First and Last mean 2010-01-02 and 2026-05-16.
type Options struct {
	Items int   // total items, exactly
	Seed  int64 // same seed and options, same bytes
	First time.Time
	Last  time.Time
}

// PerIssue is the mean number of items of a weekly issue, as in the real archive.
const PerIssue = 20

// MaxPerIssue keeps item ordinals to two digits.
const MaxPerIssue = 99

// Issue is one planned briefing: its week start and how many items it carries.
type Issue struct {
	Start time.Time
	Items int
}

// ID is the briefing id, the week start: 2026-05-16.
func (is Issue) ID() string { return is.Start.Format(time.DateOnly) }

// File is one generated briefing.
type File struct {
	Name  string // 2026-05-16.txt
	Data  []byte
	Items int
}

func (o Options) span() (first, last time.Time) {
	first, last = o.First, o.Last
	if first.IsZero() {
		first = time.Date(2010, 1, 2, 0, 0, 0, 0, time.UTC) // a Saturday, like the sample's week start
	}
	if last.IsZero() {
		last = time.Date(2026, 5, 16, 0, 0, 0, 0, time.UTC)
	}
	return first, last
}

// Plan spreads the items over issues across the whole span, so that date filters and the month
// histogram mean the same at every size. Up to one issue a week they fall on Saturdays; beyond
// that (20k items and more) issues start on distinct days, their weeks overlapping, and carry
// more than PerIssue items once every day of the span has one.
func Plan(o Options) ([]Issue, error) {
	if o.Items < 1 {
		return nil, fmt.Errorf("gen: items must be at least 1, not %d", o.Items)
	}
	first, last := o.span()
	days := int(last.Sub(first).Hours()/24) + 1
	if days < 1 {
		return nil, fmt.Errorf("gen: span %s..%s is empty", first.Format(time.DateOnly), last.Format(time.DateOnly))
	}
	n := min((o.Items+PerIssue-1)/PerIssue, days)
	if o.Items > days*MaxPerIssue {
		return nil, fmt.Errorf("gen: %d items do not fit in %d days at %d per issue", o.Items, days, MaxPerIssue)
	}
	starts := make([]time.Time, n)
	if weeks := (days-1)/7 + 1; n <= weeks {
		step := weeks / n // in weeks; the newest issue falls on Last
		for i := range starts {
			starts[i] = last.AddDate(0, 0, -7*step*(n-1-i))
		}
	} else {
		for i := range starts {
			starts[i] = first.AddDate(0, 0, i*(days-1)/max(n-1, 1))
		}
	}
	// Sizes vary ±30% around the mean; cumulative rounding makes them add up exactly.
	r := newRNG(o.Seed, math.MaxUint64)
	weights := make([]float64, n)
	total := 0.0
	uniform := float64(o.Items)/float64(n)*1.3 > MaxPerIssue // no room to vary near the cap
	for i := range weights {
		weights[i] = 1
		if !uniform {
			weights[i] = 0.7 + 0.6*r.float()
		}
		total += weights[i]
	}
	issues := make([]Issue, n)
	cum, prev := 0.0, 0
	for i := range issues {
		cum += weights[i]
		upto := int(math.Round(cum / total * float64(o.Items)))
		issues[i] = Issue{Start: starts[i], Items: upto - prev}
		prev = upto
	}
	return issues, nil
}

// Files generates the whole archive in memory (for benchmarks and tests).
func Files(o Options) ([]File, error) {
	plan, err := Plan(o)
	if err != nil {
		return nil, err
	}
	files := make([]File, len(plan))
	for i, is := range plan {
		files[i] = File{Name: is.ID() + ".txt", Data: Render(o.Seed, is), Items: is.Items}
	}
	return files, nil
}

// WriteDir writes the archive into dir (created if missing) and returns the number of files.
func WriteDir(o Options, dir string) (int, error) {
	plan, err := Plan(o)
	if err != nil {
		return 0, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	for _, is := range plan {
		if err := os.WriteFile(filepath.Join(dir, is.ID()+".txt"), Render(o.Seed, is), 0o644); err != nil {
			return 0, err
		}
	}
	return len(plan), nil
}
