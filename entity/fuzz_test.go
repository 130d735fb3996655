package entity

import (
	"testing"

	"briefsearch/archive"
)

// FuzzExtract feeds arbitrary text to every field: extraction must not panic, and every
// mention must point at its own text.
func FuzzExtract(f *testing.F) {
	b, _ := loadLabels(f)
	for _, it := range b.Items {
		f.Add(it.HeadlineJA, it.Body)
	}
	f.Add("駐・宇大使", "(ANAMA) (")
	f.Add("ー・ッ", "U.S.S. , , and of the (A-B) Mr. X, Minister of")
	lx := shippedLexicon(f)
	f.Fuzz(func(t *testing.T, ja, body string) {
		it := archive.Item{HeadlineJA: ja, HeadlineEN: body, Body: body, Note: ja + body}
		fields := map[string]string{"headline_ja": it.HeadlineJA, "headline_en": it.HeadlineEN, "body": it.Body, "note": it.Note}
		for _, m := range lx.Extract(&it) {
			if text := fields[m.Field]; m.Start < 0 || m.End > len(text) || m.Start > m.End || text[m.Start:m.End] != m.Surface {
				t.Fatalf("mention %+v does not point at its text", m)
			}
			if m.Canonical == "" || m.Type == "" {
				t.Fatalf("mention %+v lacks a name or type", m)
			}
		}
	})
}
