package search

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"briefsearch/archive"
)

// This file is the one reader of date bounds, for every door: the API's and the page's
// from= and to=, the CLI's --from and --to, and the query's from: and to:. It also finds the
// from:/to: a query carries, so the UI can show them as chips and take them out again.

// ParseBound reads a date bound: a day (2018-05-16), a month (2018-05) or a year (2018). A
// month or a year stands for its first day when it starts a range (end false, from) and its
// last day when it ends one (end true, to), so from=2018&to=2019 is 2018-01-01..2019-12-31.
func ParseBound(s string, end bool) (archive.Date, error) {
	s = strings.TrimSpace(s)
	for _, l := range []struct {
		layout        string
		years, months int
	}{{time.DateOnly, 0, 0}, {"2006-01", 0, 1}, {"2006", 1, 0}} {
		if len(s) != len(l.layout) {
			continue // time.Parse takes "2018-5" for "2006-01"; a bound is written in full
		}
		t, err := time.Parse(l.layout, s)
		if err != nil {
			continue
		}
		if end && (l.years > 0 || l.months > 0) {
			t = t.AddDate(l.years, l.months, -1)
		}
		return archive.Date{Time: t}, nil
	}
	return archive.Date{}, fmt.Errorf("%q is not a date (YYYY-MM-DD, YYYY-MM or YYYY)", truncateRunes(s, 40))
}

// isYear reports whether v is a year as a bound writes it: YYYY.
func isYear(v string) bool {
	_, err := time.Parse("2006", v)
	return err == nil && len(v) == 4
}

// QueryBound is a from: or to: qualifier as typed in a query.
type QueryBound struct {
	Key   string // "from" or "to"
	Value string // as typed: 2018, 2018-05, 2018-05-16
	start int    // rune offsets of the qualifier in the query, end exclusive
	end   int
}

// QueryBounds lists the from:/to: qualifiers of q in order; nil when q has none or does not
// parse (a query that does not parse filters nothing).
func QueryBounds(q string) []QueryBound {
	if _, err := parseQuery(q); err != nil {
		return nil
	}
	toks, err := lex([]rune(q))
	if err != nil {
		return nil
	}
	var out []QueryBound
	for _, tk := range toks {
		if t := tk.t; t.kind == kindQualifier && (t.key == qualFrom || t.key == qualTo) {
			out = append(out, QueryBound{Key: t.key, Value: t.text, start: t.col - 1, end: t.end})
		}
	}
	return out
}

// WithoutBound is q with the qualifier b (from QueryBounds(q)) taken out, spaces tidied.
func WithoutBound(q string, b QueryBound) string {
	r := []rune(q)
	if b.start < 0 || b.end > len(r) || b.start >= b.end {
		return q
	}
	return strings.Join(strings.Fields(string(r[:b.start])+" "+string(r[b.end:])), " ")
}

// WithoutBounds is q with every from:/to: qualifier taken out.
func WithoutBounds(q string) string {
	bs := QueryBounds(q)
	for i := len(bs) - 1; i >= 0; i-- {
		q = WithoutBound(q, bs[i])
	}
	return q
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
