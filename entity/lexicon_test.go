package entity

import (
	"slices"
	"testing"
)

// The query side with the shipped gazetteer and glossary: what `search` will ask.
func TestEntityLookup(t *testing.T) {
	lx := shippedLexicon(t)
	for _, tc := range []struct{ term, typ, canonical string }{
		{"バイラモフ", "person", "Jeyhun Bayramov"},
		{"bayramov", "person", "Jeyhun Bayramov"},
		{"BAYRAMOV", "person", "Jeyhun Bayramov"},
		{"ＢＡＹＲＡＭＯＶ", "person", "Jeyhun Bayramov"},    // fullwidth
		{"ﾊﾞｲﾗﾓﾌ", "person", "Jeyhun Bayramov"},      // halfwidth katakana
		{"FM Bayramov", "person", "Jeyhun Bayramov"}, // a title is not part of the name
		{"バイラモフ外相", "person", "Jeyhun Bayramov"},
		{"アリエフ", "person", "Ilham Aliyev"},
		{"アリエフ大統領", "person", "Ilham Aliyev"},
		{"President Aliyev", "person", "Ilham Aliyev"},
		{"ilham aliyev", "person", "Ilham Aliyev"},
		{"guler", "person", "Yaşar Güler"},           // no diacritics typed
		{"mishustin", "person", "Mikhail Mishustin"}, // a surname no other gazetteer person has
		{"クラール", "person", "Toivo Klaar"},            // katakana the gazetteer lacks, by sound
		{"Kassym Jomart Tokayev", "person", "Kassym-Jomart Tokayev"},
		{"eu", "organization", "European Union"},
		{"ANAMA", "organization", "Azerbaijan National Agency for Mine Action"},
		{"Garabagh", "place", "Karabakh"},
		{"ナゴルノ カラバフ", "place", "Karabakh"},
		{"turkey", "place", "Türkiye"},
		{"トルコ", "place", "Türkiye"},
	} {
		typ, canonical, ok := lx.Entity(tc.term)
		if !ok || typ != tc.typ || canonical != tc.canonical {
			t.Errorf("Entity(%q) = %q, %q, %v; want %q, %q", tc.term, typ, canonical, ok, tc.typ, tc.canonical)
		}
	}
	for _, term := range []string{"", "   ", "mammadov", "ママドフ", "demining", "the", "President", "カザフ", "バイ"} {
		if typ, canonical, ok := lx.Entity(term); ok {
			t.Errorf("Entity(%q) = %q, %q; want no entity", term, typ, canonical)
		}
	}
}

func TestSynonyms(t *testing.T) {
	lx := shippedLexicon(t)
	for _, tc := range []struct {
		term     string
		includes []string
	}{
		{"demining", []string{"mine clearance", "mine action", "unexploded ordnance", "地雷除去", "地雷"}},
		{"Demining", []string{"mine clearance"}},
		{"地雷除去", []string{"demining", "mine clearance"}},
		{"Mine Clearance", []string{"demining"}},
		{"political prisoners", []string{"政治犯"}},
		{"政治犯", []string{"political prisoners"}},
		{"peace agreement", []string{"平和条約"}},
	} {
		got := lx.Synonyms(tc.term)
		for _, w := range tc.includes {
			if !slices.Contains(got, w) {
				t.Errorf("Synonyms(%q) = %q, lacks %q", tc.term, got, w)
			}
		}
		for _, g := range got {
			if Key(g) == Key(tc.term) {
				t.Errorf("Synonyms(%q) contains the term itself", tc.term)
			}
		}
	}
	if got := lx.Synonyms("Bayramov"); got != nil {
		t.Errorf("Synonyms(Bayramov) = %q, want none", got)
	}
}
