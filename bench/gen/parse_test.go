package gen_test

import (
	"strings"
	"testing"

	"briefsearch/archive"
	"briefsearch/bench/gen"
)

// Every generated file must be a clean briefing to the real parser: no error, no warning, the
// planned items with both headlines, a body, a source and a date inside the span.
func TestGeneratedFilesParse(t *testing.T) {
	files, err := gen.Files(gen.Options{Items: 2000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	items := 0
	sections := map[string]int{}
	for _, f := range files {
		b, err := archive.Parse(f.Name, f.Data)
		if err != nil {
			t.Errorf("%s: %v", f.Name, err)
			continue
		}
		for _, w := range b.Warnings {
			t.Errorf("%s: warning %s", f.Name, w)
		}
		if b.ID+".txt" != f.Name {
			t.Errorf("%s: briefing id %s", f.Name, b.ID)
		}
		if !strings.Contains(b.Issuer, gen.Marker) {
			t.Errorf("%s: issuer %q does not say %s", f.Name, b.Issuer, gen.Marker)
		}
		if len(b.Items) != f.Items {
			t.Errorf("%s: parsed %d items, generated %d", f.Name, len(b.Items), f.Items)
		}
		for _, it := range b.Items {
			sections[it.Section]++
			switch {
			case it.HeadlineJA == "" || it.HeadlineEN == "" || it.Body == "":
				t.Errorf("%s: empty headline or body: %+v", it.ID, it)
			case len(it.Sources) == 0:
				t.Errorf("%s: no source", it.ID)
			case strings.ContainsAny(it.HeadlineJA+it.HeadlineEN+it.Body+it.Note, "*●"):
				t.Errorf("%s: markup left in the text", it.ID)
			case it.Date.Before(b.WeekStart.AddDate(0, 0, -3)) || it.Date.After(b.WeekEnd.Time):
				t.Errorf("%s: date %s outside %s..%s", it.ID, it.Date, b.WeekStart, b.WeekEnd)
			}
		}
		items += len(b.Items)
	}
	if items != 2000 {
		t.Errorf("parsed %d items in all, want 2000", items)
	}
	for _, key := range []string{"military-security", "domestic", "foreign", "economy"} {
		if sections[key] < 100 {
			t.Errorf("section %s has %d items of 2000", key, sections[key])
		}
	}
}
