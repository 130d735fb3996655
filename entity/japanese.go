package entity

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// kanaCand is a katakana word of a Japanese field that the gazetteer does not know: perhaps a
// name the Latin text of the same item spells (バイラモフ ↔ Bayramov). Katakana runs are cut by
// script alone, which gives exact name boundaries; a morphological analyzer would only split an
// unknown foreign name into pieces.
type kanaCand struct {
	field      int
	start, end int
	text       string
	sound      string
	person     bool // followed by a job title: ママドフ外務次官, トカエフ・カザフスタン大統領
}

// maxKatakana bounds the katakana words linked per headline: each is compared with every
// entity of the item.
const maxKatakana = 16

// katakanaNames lists the katakana words of s outside the gazetteer matches.
func (lx *Lexicon) katakanaNames(field int, s string, known []jaMatch) []kanaCand {
	var out []kanaCand
	next := 0 // known is in text order: walk it along with i
	inKnown := func(i int) bool {
		for next < len(known) && known[next].end <= i {
			next++
		}
		return next < len(known) && known[next].start <= i
	}
	for i := 0; i < len(s) && len(out) < maxKatakana; {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isKatakana(r) || r == 'ー' || inKnown(i) {
			i += n
			continue
		}
		j := i
		for j < len(s) {
			r2, n2 := utf8.DecodeRuneInString(s[j:])
			if !isKatakana(r2) {
				break
			}
			j += n2
		}
		if utf8.RuneCountInString(s[i:j]) >= 2 {
			out = append(out, kanaCand{
				field: field, start: i, end: j, text: s[i:j], sound: kanaPhonetic(s[i:j]),
				person: !posted(s[:i]) && (lx.jaTitleAt(s[j:]) || lx.titleAfterPlace(s, j, known)),
			})
		}
		i = j
	}
	return out
}

// posted reports whether the phrase before a katakana word opens with 駐 ("stationed in"): in
// 駐トルコ・アゼルバイジャン大使 both words are countries, not the ambassador's name.
func posted(before string) bool {
	if k := strings.LastIndexAny(before, "、。「」 "); k >= 0 {
		before = before[k:]
	}
	return strings.Contains(before, "駐")
}

// titleAfterPlace reads "トカエフ・カザフスタン大統領": a name, a middle dot, a known place and a
// title.
func (lx *Lexicon) titleAfterPlace(s string, j int, known []jaMatch) bool {
	if !strings.HasPrefix(s[j:], "・") {
		return false
	}
	at := j + len("・")
	k := sort.Search(len(known), func(k int) bool { return known[k].start >= at })
	if k < len(known) && known[k].start == at && lx.entities[known[k].ent].Type == Place {
		return lx.jaTitleAt(s[known[k].end:])
	}
	return false
}
