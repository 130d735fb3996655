package search

import (
	"strings"
	"testing"
)

// A filter value no item has is warned of, with the value it was probably meant as; a value
// some item has (in any case, or as an alias the lexicon knows) is not.
func TestUnknownFilterValuesAreWarnedOf(t *testing.T) {
	f := newEntityFixture(t)
	s := f.open(t)
	all := mustSearch(t, s, Request{Size: NoHits, Facets: []FacetRequest{{Name: FacetPerson, Size: 1}, {Name: FacetSource, Size: 1}}})
	if len(all.Facets) != 2 || len(all.Facets[0].Values) == 0 || len(all.Facets[1].Values) == 0 {
		t.Fatalf("setup: facets %+v", all.Facets)
	}
	person, source := all.Facets[0].Values[0].Value, all.Facets[1].Values[0].Value
	warned := func(filters Filters) []Warning {
		t.Helper()
		var out []Warning
		for _, w := range mustSearch(t, s, Request{Filters: filters, Size: 1}).Query.Warnings {
			if w.Code == "unknown_filter_value" {
				out = append(out, w)
			}
		}
		return out
	}
	for _, known := range []Filters{
		{Persons: []string{person}},
		{Persons: []string{strings.ToUpper(person)}},
		{Sources: []string{strings.ToLower(source)}},
	} {
		if ws := warned(known); len(ws) != 0 {
			t.Errorf("%+v: warned %+v, want nothing (some item has it)", known, ws)
		}
	}
	for _, c := range []struct {
		filters    Filters
		param      string
		term, want string // want: the suggestion
	}{
		{Filters{Persons: []string{person + "x"}}, "person", person + "x", person},
		{Filters{Sources: []string{source + "x"}}, "source", source + "x", source},
		{Filters{Places: []string{"Qqzzyx"}}, "place", "Qqzzyx", ""},
		// of two values ORed, the unknown one alone
		{Filters{Persons: []string{person, "Qqzzyx Wwvvk"}}, "person", "Qqzzyx Wwvvk", ""},
	} {
		ws := warned(c.filters)
		if len(ws) != 1 || ws[0].Filter != c.param || ws[0].Term != c.term || ws[0].Suggestion != c.want ||
			!strings.Contains(ws[0].Message, c.term) {
			t.Errorf("%+v: warned %+v, want one for %s %q suggesting %q", c.filters, ws, c.param, c.term, c.want)
		}
	}
	// A last name alone (not a name or alias the gazetteer has) gets a name holding it.
	persons := mustSearch(t, s, Request{Size: NoHits, Facets: []FacetRequest{{Name: FacetPerson, Size: MaxFacetSize}}})
	checked := 0
	for _, fv := range persons.Facets[0].Values {
		last := fv.Value[strings.LastIndex(fv.Value, " ")+1:]
		if _, _, alias := f.lex.Entity(last); last == fv.Value || alias || len([]rune(last)) < 4 {
			continue
		}
		ws := warned(Filters{Persons: []string{last}})
		if len(ws) != 1 || !strings.Contains(ws[0].Suggestion, last) {
			t.Errorf("person %q: warned %+v, want a name holding it suggested", last, ws)
		}
		checked++
	}
	if checked == 0 {
		t.Errorf("no person's last name alone was checked (persons %+v)", persons.Facets[0].Values)
	}
}
