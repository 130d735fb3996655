package search

import (
	"errors"
	"strings"
	"testing"
)

func TestParseQuery(t *testing.T) {
	tests := []struct {
		in, want string // want: the re-printed parse tree
	}{
		{"", ""},
		{"  Bayramov  ", "Bayramov"},
		{"Bayramov demining", "Bayramov demining"},
		{`"Middle  Corridor"`, `"Middle Corridor"`},
		{`“Middle Corridor” 「地雷 除去」`, `"Middle Corridor" "地雷 除去"`},
		{"-Aliyev Bayramov", "-Aliyev Bayramov"},
		{`-"Middle Corridor"`, `-"Middle Corridor"`},
		{"Aliyev OR Bayramov Kazakhstan", "Aliyev OR Bayramov Kazakhstan"},
		{"a OR b OR c", "a OR b OR c"},
		{"Azerb* minist**", "Azerb* minist*"},
		{"or and", "or and"}, // lower-case or is a word
		{"SECTION:domestic", "section:domestic"},
		{`person:"Jeyhun Bayramov" org:ANAMA place:Baku`, `person:"Jeyhun Bayramov" org:ANAMA place:Baku`},
		{"source:TREND OR source:REPORT", "source:TREND OR source:REPORT"},
		{"-section:foreign month:2026-05", "-section:foreign month:2026-05"},
		{"from:2026-05-20 to:2026-05", "from:2026-05-20 to:2026-05-31"},
		{"from:2025 to:2026", "from:2025-01-01 to:2026-12-31"},
		{"http://x.az 10:30", "http://x.az 10:30"}, // unknown keys are plain words
		{"2020 - 2026", "2020 2026"},               // a lone dash is punctuation
		{"地雷除去　カザフ", "地雷除去 カザフ"},                   // ideographic space separates
		{`foo"bar baz"`, `foo "bar baz"`},
	}
	for _, tt := range tests {
		p, err := parseQuery(tt.in)
		if err != nil {
			t.Errorf("parseQuery(%q): %v", tt.in, err)
			continue
		}
		if got := p.String(); got != tt.want {
			t.Errorf("parseQuery(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseQueryStructure(t *testing.T) {
	p, err := parseQuery(`Aliyev OR "Ilham Aliyev" -Kazakh* section:foreign`)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.clauses) != 3 {
		t.Fatalf("%d clauses, want 3", len(p.clauses))
	}
	c := p.clauses
	if len(c[0].alts) != 2 || c[0].alts[0].kind != kindWord || c[0].alts[1].kind != kindPhrase || c[0].negated {
		t.Errorf("clause 0 = %+v, want word OR phrase", c[0])
	}
	if !c[1].negated || c[1].alts[0].kind != kindPrefix || c[1].alts[0].text != "Kazakh" {
		t.Errorf("clause 1 = %+v, want excluded prefix Kazakh", c[1])
	}
	if c[2].alts[0].kind != kindQualifier || c[2].alts[0].key != "section" || c[2].alts[0].col != 35 {
		t.Errorf("clause 2 = %+v, want section qualifier at column 35", c[2])
	}
	if !p.hasText() {
		t.Error("hasText = false")
	}
	if q, _ := parseQuery("section:foreign -Aliyev"); q.hasText() {
		t.Error("qualifiers and exclusions alone count as text")
	}
}

func TestParseQueryErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{`Bayramov "Middle Corridor`, "unclosed quote at column 10"},
		{`"`, "unclosed quote at column 1"},
		{`a "" b`, "empty quotes at column 3"},
		{"OR Aliyev", "OR needs a term before it at column 1"},
		{"Aliyev OR", "OR needs a term after it at column 8"},
		{"Aliyev OR OR Bayramov", "OR needs a term before it at column 11"},
		{"-Aliyev OR Bayramov", "OR cannot join an excluded (-) term at column 9"},
		{"Aliyev OR -Bayramov", "OR cannot join an excluded (-) term at column 8"},
		{"ab*", "at least 3 characters before the * at column 1"},
		{"x *", "at least 3 characters before the * at column 3"},
		{"a*b", "only allowed at the end of a word"},
		{"*abc", "only allowed at the end of a word"},
		{"section:", "section: needs a value at column 1"},
		{`person:""`, "empty quotes at column 8"},
		{"from:yesterday", `from: "yesterday" is not a date`},
		{"to:2026-02-30", `to: "2026-02-30" is not a date`},
		{"-from:2026-01-01", "cannot be excluded"},
		{"a OR to:2026", "cannot be excluded or joined with OR"},
		{"from:2026-05-20 to:2026-05-01", "from: 2026-05-20 is after to: 2026-05-01"},
		// A month qualifier is refused as the month filter is, not run to match nothing.
		{"month:2026-13", `month "2026-13" is not YYYY-MM at column 1`},
		{"Aliyev -month:2026-00", `month "2026-00" is not YYYY-MM at column 8`},
		{"a month:2026-5", `month "2026-5" is not YYYY-MM at column 3`},
		{`month:"May 2026"`, `month "May 2026" is not YYYY-MM at column 1`},
		{"x OR month:13-2026", `month "13-2026" is not YYYY-MM`},
		{"from:2026-13", `from: "2026-13" is not a date`},
		{"to:2026-04-31", `to: "2026-04-31" is not a date`},
		{strings.Repeat("x", MaxQueryLen+1), "the query is 513 characters long; the limit is 512"},
		{strings.Repeat("a ", MaxQueryTerms+1), "more than 32 terms"},
		{"\xff", "not valid UTF-8"},
	}
	for _, tt := range tests {
		_, err := parseQuery(tt.in)
		if err == nil {
			t.Errorf("parseQuery(%q) succeeded, want %q", tt.in, tt.want)
			continue
		}
		if !errors.Is(err, ErrBadRequest) {
			t.Errorf("parseQuery(%q): %v is not a bad request", tt.in, err)
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("parseQuery(%q) = %q, want it to contain %q", tt.in, err, tt.want)
		}
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{`a "b c" -d OR e*`, `person:"x y" from:2026`, `「地雷`, "OR", "-", `"”`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := parseQuery(s)
		if err != nil {
			if !errors.Is(err, ErrBadRequest) {
				t.Fatalf("parseQuery(%q): %v is not a bad request", s, err)
			}
			return
		}
		// What is printed must parse to the same thing.
		again, err := parseQuery(p.String())
		if err != nil || again.String() != p.String() {
			t.Fatalf("re-parse of %q (%q): %v, %q", s, p.String(), err, again)
		}
	})
}
