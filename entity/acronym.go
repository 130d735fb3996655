package entity

import (
	"sort"
	"strings"
	"unicode"
)

// acronymDef is "Azerbaijan National Agency for Mine Action (ANAMA)": an organization's name
// and its acronym, which then names it everywhere in the item.
type acronymDef struct {
	expansion, acronym span
	words              []string // folded words of the acronym
}

// acronyms finds the definitions in a field. The expansion is found by walking back from the
// parenthesis until the capitals of the words cover the acronym's letters, so the job title in
// front ("Chairman of the Board of Directors of …") stays out. Only expansions ending in an
// organization's head noun count: "World Urban Forum (WUF13)" names an event.
func (lx *Lexicon) acronyms(sc *fieldScan) []acronymDef {
	var out []acronymDef
	toks := sc.toks
	for i := 0; i < len(toks); i++ {
		if toks[i].text != "(" {
			continue
		}
		j := i + 1
		for j < len(toks) && j < i+5 && toks[j].word && (toks[j].upper || toks[j].digit && toks[j].joined) {
			j++
		}
		if j == i+1 || j >= len(toks) || toks[j].text != ")" {
			continue
		}
		acr := sc.textOf(i+1, j)
		start := expansionStart(toks, i, acronymLetters(acr), lx.rules)
		if start < 0 || !lx.hasOrgHead(toks[start:i]) {
			continue
		}
		r := lx.acronymRef(sc, start, i, acr)
		var words []string
		for k := i + 1; k < j; k++ {
			words = append(words, toks[k].fold)
		}
		out = append(out, acronymDef{
			expansion: span{from: start, to: i, ref: r},
			acronym:   span{from: i + 1, to: j, ref: r},
			words:     words,
		})
	}
	return out
}

// acronymRef prefers the gazetteer's entity when it knows the acronym or the expansion.
func (lx *Lexicon) acronymRef(sc *fieldScan, from, to int, acr string) ref {
	name := sc.textOf(from, to)
	for _, s := range []string{acr, name} {
		if e, ok := lx.byFold[fold(s)]; ok && lx.entities[e].Type == Organization {
			return lx.known(e)
		}
	}
	return ref{ent: -1, typ: Organization, name: name}
}

func (lx *Lexicon) hasOrgHead(toks []token) bool {
	for _, t := range toks {
		if t.word && lx.rules.orgHeads[t.fold] {
			return true
		}
	}
	return false
}

func acronymLetters(acr string) map[rune]int {
	m := map[rune]int{}
	for _, r := range acr {
		if unicode.IsLetter(r) {
			m[unicode.ToUpper(r)]++
		}
	}
	return m
}

// expansionStart walks back from the parenthesis at token i over capitalized words and
// connectors, and returns where the capitals first cover the acronym's letters, or -1.
func expansionStart(toks []token, i int, need map[rune]int, r *rules) int {
	if len(need) == 0 {
		return -1
	}
	left := 0
	for _, n := range need {
		left += n
	}
	have := map[rune]int{}
	for k := i - 1; k >= 0 && k >= i-16; k-- {
		t := toks[k]
		if !t.word {
			return -1
		}
		if !t.cap && !t.upper {
			if t.digit || r.connectors[t.fold] || t.fold == "in" {
				continue
			}
			return -1
		}
		for _, part := range strings.Fields(t.text) {
			c := unicode.ToUpper([]rune(part)[0])
			if have[c] < need[c] {
				left--
			}
			have[c]++
		}
		if left == 0 {
			return k
		}
	}
	return -1
}

// withAcronyms lays the item's acronym definitions and their later uses over the gazetteer
// spans of a field. A definition wins over what it overlaps; a use wins over shorter gazetteer
// spans ("CIS IPA" over "CIS") and yields to longer ones.
func withAcronyms(sc *fieldScan, gz []span, defs, uses []acronymDef) []span {
	var add []span
	for _, d := range defs {
		add = append(add, d.expansion, d.acronym)
	}
	for _, d := range uses {
		n := len(d.words)
		for i := 0; i+n <= len(sc.toks); i++ {
			if !matchWords(sc.toks[i:], d.words) || overlaps(add, i, i+n) || longerOverlap(gz, i, i+n) {
				continue
			}
			add = append(add, span{from: i, to: i + n, ref: d.acronym.ref})
		}
	}
	out := add
	for _, s := range gz {
		if !overlaps(add, s.from, s.to) {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].from < out[b].from })
	return out
}

func longerOverlap(spans []span, from, to int) bool {
	for _, s := range spans {
		if s.from < to && from < s.to && s.to-s.from > to-from {
			return true
		}
	}
	return false
}

func matchWords(toks []token, words []string) bool {
	for k, w := range words {
		if !toks[k].word || toks[k].fold != w || !(toks[k].upper || toks[k].digit) {
			return false
		}
	}
	return len(words) > 0
}

func overlaps(spans []span, from, to int) bool {
	for _, s := range spans {
		if s.from < to && from < s.to {
			return true
		}
	}
	return false
}
