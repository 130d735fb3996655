package entity

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// latinNode is a trie over the folded words of Latin aliases: matching walks the item's tokens,
// so "Council of Europe" is found in one pass whatever else the text holds.
type latinNode struct {
	next  map[string]*latinNode
	ent   int       // entity ending here, or -1
	cases []casePat // how each word of that alias must be capitalized in text
}

// casePat keeps aliases from matching common words: "Turkey" the country needs a capital T,
// "EU" and "OTS" must be written in capitals, "of" may be anything.
type casePat uint8

const (
	anyCase casePat = iota
	capital
	allCaps
)

func newLatinNode() *latinNode { return &latinNode{ent: -1} }

func (lx *Lexicon) addLatin(alias string, ent int) {
	n := lx.latin
	var cases []casePat
	for _, t := range tokenize(alias, nil, nil) {
		if len(cases) > 0 && t.cap && !t.upper && lx.rules.common(t.fold) {
			t.cap = false // "the Zangezur corridor" is the Zangezur Corridor
		}
		if !t.word {
			continue
		}
		if n.next == nil {
			n.next = map[string]*latinNode{}
		}
		c := n.next[t.fold]
		if c == nil {
			c = newLatinNode()
			n.next[t.fold] = c
		}
		n = c
		switch {
		case t.upper && utf8.RuneCountInString(t.text) > 1 || t.upper && len(cases) > 0:
			cases = append(cases, allCaps)
		case t.cap:
			cases = append(cases, capital)
		default:
			cases = append(cases, anyCase)
		}
	}
	if n != lx.latin && n.ent < 0 {
		n.ent, n.cases = ent, cases
	}
}

// span is a stretch of tokens [from, to) recognized as one thing.
type span struct {
	from, to int
	ref      ref
}

// matchLatin finds gazetteer aliases in toks, longest first, left to right, without overlaps.
func (lx *Lexicon) matchLatin(toks []token) []span {
	var out []span
	for i := 0; i < len(toks); {
		if !toks[i].word {
			i++
			continue
		}
		best, bestEnd := -1, 0
		n := lx.latin
		for j := i; j < len(toks) && toks[j].word; j++ {
			n = n.next[toks[j].fold]
			if n == nil {
				break
			}
			if n.ent >= 0 && casesFit(toks[i:j+1], n.cases) {
				best, bestEnd = n.ent, j+1
			}
		}
		if best < 0 || lx.givenNameBefore(toks, i, bestEnd, best) {
			i++
			continue
		}
		out = append(out, span{from: i, to: bestEnd, ref: lx.known(best)})
		i = bestEnd
	}
	return out
}

// givenNameBefore reports whether a one-word person alias (a surname) follows a name-like word:
// "Heydar Aliyev" is not the "Aliyev" of the gazetteer, and the rules read the whole name.
func (lx *Lexicon) givenNameBefore(toks []token, from, to, ent int) bool {
	if to-from != 1 || from == 0 || lx.entities[ent].Type != Person {
		return false
	}
	t := toks[from-1]
	return t.word && t.cap && !t.upper && !t.digit && !t.poss && !lx.rules.common(t.fold) && len([]rune(t.text)) > 1
}

func casesFit(toks []token, cases []casePat) bool {
	for k, c := range cases {
		switch {
		case c == allCaps && !(toks[k].upper || toks[k].digit):
			return false
		case c == capital && !toks[k].cap && !toks[k].digit:
			return false
		}
	}
	return true
}

// jaAlias is a gazetteer alias in Japanese script.
type jaAlias struct {
	text string
	ent  int
	kana bool // katakana only: must not continue into more katakana (カザフ is not カザフスタン)
	one  bool // a single character (仏, 露): only next to a title or after 駐
}

func (lx *Lexicon) addJapanese(alias string, ent int) {
	a := strings.ReplaceAll(Key(alias), " ", "")
	r, _ := utf8.DecodeRuneInString(a)
	lx.japanese[r] = append(lx.japanese[r], jaAlias{
		text: a, ent: ent, kana: isKatakanaWord(a), one: utf8.RuneCountInString(a) == 1,
	})
}

func sortJapanese(list []jaAlias) {
	sort.SliceStable(list, func(i, j int) bool { return len(list[i].text) > len(list[j].text) })
}

// jaMatch is a Japanese alias found at byte offsets [start, end).
type jaMatch struct {
	start, end, ent int
}

// matchJapanese finds gazetteer aliases in the Japanese parts of s, longest first.
func (lx *Lexicon) matchJapanese(s string) []jaMatch {
	var out []jaMatch
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isJapanese(r) {
			i += n
			continue
		}
		found := false
		for _, a := range lx.japanese[r] {
			if !strings.HasPrefix(s[i:], a.text) {
				continue
			}
			end := i + len(a.text)
			if a.kana && (isKatakana(lastRune(s[:i])) || isKatakana(firstRune(s[end:]))) {
				continue
			}
			if a.one && !(strings.HasSuffix(s[:i], "駐") || lx.jaTitleAt(s[end:])) {
				continue
			}
			out = append(out, jaMatch{start: i, end: end, ent: a.ent})
			i, found = end, true
			break
		}
		if !found {
			i += n
		}
	}
	return out
}

// jaTitleAt reports whether s starts with a Japanese job title (大統領, 外相, …).
func (lx *Lexicon) jaTitleAt(s string) bool {
	for _, t := range lx.rules.jaTitles {
		if strings.HasPrefix(s, t) {
			return true
		}
	}
	return false
}

func isKatakanaWord(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !isKatakana(r) {
			return false
		}
	}
	return true
}
