package entity

import (
	"slices"
	"testing"

	"briefsearch/archive"
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

// Single-kanji country abbreviations count only where Japanese uses them as such: before a
// title (仏大統領) or after 駐; 宇宙 (space) is not Ukraine, 仏教 (Buddhism) is not France.
func TestJapaneseAbbreviations(t *testing.T) {
	lx := shippedLexicon(t)
	for _, tc := range []struct {
		headline string
		want     []string
	}{
		{"駐アゼルバイジャン宇大使、会見", []string{"place:Azerbaijan", "place:Ukraine"}},
		{"マクロン仏大統領と電話会談", []string{"person:Emmanuel Macron", "place:France"}},
		{"宇宙開発と仏教美術の展示", nil},
		{"カザフの伝統", nil}, // カザフ is not カザフスタン
	} {
		got := names(lx, archive.Item{HeadlineJA: tc.headline})
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: got %q, want %q", tc.headline, got, tc.want)
		}
	}
}

// Editing the files changes what is found and how queries widen: the researcher's loop.
func TestEditsTakeEffect(t *testing.T) {
	item := archive.Item{HeadlineJA: "ボチョリシヴィリ外相と会談", Body: "Bayramov met Botchorishvili in Tbilisi."}
	before := testLexicon(t)
	if got := names(before, item); slices.Contains(got, "person:Maka Botchorishvili") {
		t.Fatalf("before the edit: %q", got)
	}
	after, err := Parse([]byte(testGazetteer+"  - {name: Maka Botchorishvili, type: person, aliases: [Botchorishvili, ボチョリシヴィリ]}\n"),
		[]byte("groups:\n  - terms: [talks, 会談]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := names(after, item); !slices.Contains(got, "person:Maka Botchorishvili") {
		t.Errorf("after adding Botchorishvili: %q", got)
	}
	if _, canonical, ok := after.Entity("ボチョリシヴィリ"); !ok || canonical != "Maka Botchorishvili" {
		t.Errorf("Entity(ボチョリシヴィリ) = %q, %v", canonical, ok)
	}
	if got := after.Synonyms("会談"); !slices.Equal(got, []string{"talks"}) {
		t.Errorf("Synonyms(会談) = %q", got)
	}
}
