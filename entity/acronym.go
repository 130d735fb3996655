package entity

import (
	"sort"
	"strings"
	"unicode"
)

// maxAcronyms bounds the definitions read per field (an item rarely has more than three):
// each is searched for in every field.
const maxAcronyms = 16

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
	for i := 0; i < len(toks) && len(out) < maxAcronyms; i++ {
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
// spans ("CIS IPA" over "CIS") and yields to longer ones. Coverage is kept per token, so the
// cost stays linear in the field's length.
func withAcronyms(sc *fieldScan, gz []span, defs, uses []acronymDef) []span {
	if len(defs) == 0 && len(uses) == 0 {
		return gz
	}
	n := len(sc.toks)
	taken := make([]bool, n) // by a definition or a use
	gzLen := make([]int, n)  // length of the gazetteer span covering a token
	for _, s := range gz {
		for k := s.from; k < s.to; k++ {
			gzLen[k] = s.to - s.from
		}
	}
	var out []span
	take := func(s span) {
		out = append(out, s)
		for k := s.from; k < s.to; k++ {
			taken[k] = true
		}
	}
	for _, d := range defs {
		take(d.expansion)
		take(d.acronym)
	}
	seen := map[string]bool{}
	for _, d := range uses {
		key := strings.Join(d.words, " ")
		if seen[key] {
			continue
		}
		seen[key] = true
		w := len(d.words)
		for i := 0; i+w <= n; i++ {
			if !matchWords(sc.toks[i:], d.words) {
				continue
			}
			free := true
			for k := i; k < i+w; k++ {
				free = free && !taken[k] && gzLen[k] <= w
			}
			if free {
				take(span{from: i, to: i + w, ref: d.acronym.ref})
			}
		}
	}
	for _, s := range gz {
		free := true
		for k := s.from; k < s.to; k++ {
			free = free && !taken[k]
		}
		if free {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].from < out[b].from })
	return out
}

func matchWords(toks []token, words []string) bool {
	for k, w := range words {
		if !toks[k].word || toks[k].fold != w || !(toks[k].upper || toks[k].digit) {
			return false
		}
	}
	return len(words) > 0
}
