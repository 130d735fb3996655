package archive

import (
	"fmt"
	"time"
)

// Briefing is one weekly issue.
type Briefing struct {
	ID         string    `json:"id"` // the week start, 2026-05-16
	Title      string    `json:"title"`
	Subtitle   string    `json:"subtitle,omitempty"` // a parenthesised header line such as (公開情報とりまとめ)
	Issuer     string    `json:"issuer"`
	WeekStart  Date      `json:"week_start"`
	WeekEnd    Date      `json:"week_end"`
	Sections   []Section `json:"sections"`
	Items      []Item    `json:"items"`
	SourceFile string    `json:"source_file,omitempty"` // path as given to the loader
	Hash       string    `json:"hash,omitempty"`        // "sha256:<hex>" of the raw file bytes
	Warnings   []string  `json:"warnings"`              // "file:line: reason", the item is kept
}

// Section is a numbered heading such as "1. 軍事・治安関係".
type Section struct {
	Number int    `json:"number"`
	Title  string `json:"title"` // Japanese title as printed
	Key    string `json:"key"`   // canonical key: military-security, domestic, foreign, economy, … or a stable slug
}

// Item is one news item under a section.
type Item struct {
	ID           string   `json:"id"` // <briefing id>-<ordinal>, two digits (more in an issue of 100 items or more, all alike): 2026-05-16-05
	Ordinal      int      `json:"ordinal"`
	Section      string   `json:"section"` // the section key
	SectionTitle string   `json:"section_title"`
	HeadlineJA   string   `json:"headline_ja"`
	HeadlineEN   string   `json:"headline_en"`
	Body         string   `json:"body"` // paragraphs separated by "\n\n"
	Note         string   `json:"note"`
	Sources      []Source `json:"sources"`
	Date         Date     `json:"date"` // first source date; the week start when there is none

	// Entities are filled by the entity package after parsing, never by the parser.
	Entities *Entities `json:"entities,omitempty"`
}

// Source is one attribution such as "TREND / 22.05.2026".
type Source struct {
	Name string `json:"name"` // as printed: TREND, MOD.GOV.AZ, Cumhuriyet
	Date Date   `json:"date"`
}

// Entities are the canonical names of the persons, organizations and places an item mentions.
type Entities struct {
	Persons       []string `json:"persons"`
	Organizations []string `json:"organizations"`
	Places        []string `json:"places"`
}

// ParseError says why a file is not a briefing. Line is 0 when no single line is to blame.
type ParseError struct {
	File   string
	Line   int
	Reason string
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Reason)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Reason)
}

// Date is a calendar day. It marshals to and from JSON as "YYYY-MM-DD".
type Date struct{ time.Time }

// DateOf returns the calendar day y-m-d (UTC midnight).
func DateOf(y int, m time.Month, d int) Date {
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// ParseDate reads "YYYY-MM-DD", a day that exists, as time.Parse(time.DateOnly, s) does.
// Every hit on a results page reads its dates: the calendar checks are done here directly
// (time.Parse's layout machinery was a twentieth of a search for a rare word).
func ParseDate(s string) (Date, error) {
	y, ok1 := digits(s, 0, 4)
	m, ok2 := digits(s, 5, 7)
	d, ok3 := digits(s, 8, 10)
	if len(s) != len(time.DateOnly) || s[4] != '-' || s[7] != '-' || !ok1 || !ok2 || !ok3 ||
		m < 1 || m > 12 || d < 1 || d > daysIn(time.Month(m), y) {
		return Date{}, fmt.Errorf("date %q is not YYYY-MM-DD", s)
	}
	return DateOf(y, time.Month(m), d), nil
}

// digits reads s[from:to] as a decimal number of exactly that many digits.
func digits(s string, from, to int) (int, bool) {
	if to > len(s) {
		return 0, false
	}
	n := 0
	for _, c := range []byte(s[from:to]) {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// daysIn is the number of days in month m of year y (proleptic Gregorian, as time's).
func daysIn(m time.Month, y int) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(time.DateOnly)
}

// MarshalJSON writes "YYYY-MM-DD", or null for the zero date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON reads "YYYY-MM-DD" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" {
		*d = Date{}
		return nil
	}
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return fmt.Errorf("date %s is not a string", s)
	}
	v, err := ParseDate(s[1 : len(s)-1])
	if err != nil {
		return err
	}
	*d = v
	return nil
}
