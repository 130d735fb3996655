package search

import (
	"slices"
	"strings"
	"testing"
)

func TestFindName(t *testing.T) {
	for _, c := range []struct {
		text, name string
		want       [][2]int
	}{
		{"FM Bayramov said", "Bayramov", [][2]int{{3, 11}}},
		{"fm BAYRAMOV said", "Bayramov", [][2]int{{3, 11}}},
		{"Bayramova said", "Bayramov", nil},                // another word
		{"Bayramov's visit", "Bayramov", [][2]int{{0, 8}}}, // a possessive ends the word
		{"AlBayramov", "Bayramov", nil},
		{"Yaşar Güler met Güler", "Güler", [][2]int{{7, 13}, {18, 24}}}, // byte offsets past non-ASCII
		{"バイラモフ外相、会合に出席", "バイラモフ", [][2]int{{0, 15}}},                   // Japanese: no word edges
		{"アゼルバイラモフ", "バイラモフ", [][2]int{{9, 24}}},
		{"EUR and the EU.", "EU", [][2]int{{12, 14}}},
		{"EU", "European Union", nil},
		{"", "EU", nil},
	} {
		if got := findName([]byte(c.text), appendASCIILower(nil, c.text), c.name, appendASCIILower(nil, c.name)); !slices.Equal(got, c.want) {
			t.Errorf("findName(%q, %q) = %v, want %v", c.text, c.name, got, c.want)
		}
	}
}

// An item found through an entity's key, not its words, shows where it names the entity, in
// either script: バイラモフ marks "Bayramov" in English text and Bayramov marks バイラモフ.
func TestHighlightsNameTheEntity(t *testing.T) {
	s := newEntityFixture(t).open(t)
	for _, c := range []struct {
		query, field, want string
	}{
		{"バイラモフ", "body", "<mark>Bayramov</mark>"},
		{"Bayramov", "headline_ja", "<mark>バイラモフ</mark>"},
	} {
		res := mustSearch(t, s, Request{Query: c.query, Size: 20})
		found := 0
		for _, h := range res.Hits {
			for _, frag := range h.Highlights[c.field] {
				if strings.Contains(frag, c.want) {
					found++
					break
				}
			}
		}
		if found == 0 {
			t.Errorf("%q: no hit marks %s in its %s: %v", c.query, c.want, c.field, res.Hits)
		}
	}
	// Without the entity, nothing of the kind: an unrelated word marks only itself.
	res := mustSearch(t, s, Request{Query: "demining", Size: 20})
	for _, h := range res.Hits {
		for _, frags := range h.Highlights {
			for _, frag := range frags {
				if strings.Contains(frag, "<mark>Bayramov</mark>") {
					t.Errorf("demining marks Bayramov in %s", h.ID)
				}
			}
		}
	}
}
