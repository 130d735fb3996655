package search

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

// A word that stands for an entity (Bayramov, バイラモフ) also matches the items annotated
// with it, through a key term that has no place in the text; the page then marks every name
// of the entity, in both scripts, where the hit's text has it (within the highlight's window,
// highlight.go). An item found through an entity's key (バイラモフ finding "FM Bayramov") has
// no term locations for it; the names show where it names the entity. Latin names match whole
// words, ignoring ASCII case; Japanese ones anywhere.

// entityNames lists every name, in both scripts, of the given entities.
func (v *view) entityNames(canonicals []string) []string {
	nl, ok := v.lex.(entityNames)
	if !ok {
		return nil
	}
	var out []string
	for _, c := range canonicals {
		out = append(out, nl.Names(c)...)
	}
	return out
}

// entityNames is implemented by lexicons that can list an entity's names (entity.Lexicon).
type entityNames interface {
	Names(canonical string) []string
}

// findName returns the byte spans of name in text (lower is text with its ASCII letters
// lowered, appendASCIILower; lowerName is name's): ASCII letters compared without case; a name
// that starts or ends with a letter or digit must not continue a word there.
func findName(text, lower []byte, name string, lowerName []byte) [][2]int {
	if name == "" || len(name) > len(text) {
		return nil
	}
	var out [][2]int
	for from := 0; from <= len(lower)-len(lowerName); {
		i := bytes.Index(lower[from:], lowerName)
		if i < 0 {
			break
		}
		start, end := from+i, from+i+len(lowerName)
		if wordEdgeOK(text, name, start, end) {
			out = append(out, [2]int{start, end})
		}
		from = start + 1
	}
	return out
}

// wordEdgeOK: where the name begins (ends) with a letter or digit of a spaced script, the text
// has none just before (after) it.
func wordEdgeOK(text []byte, name string, start, end int) bool {
	first, _ := utf8.DecodeRuneInString(name)
	last, _ := utf8.DecodeLastRuneInString(name)
	if wordRune(first) {
		if r, _ := utf8.DecodeLastRune(text[:start]); start > 0 && wordRune(r) {
			return false
		}
	}
	if wordRune(last) {
		if r, _ := utf8.DecodeRune(text[end:]); end < len(text) && wordRune(r) {
			return false
		}
	}
	return true
}

// wordRune is a letter or digit of a script that separates words with spaces.
func wordRune(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsDigit(r)) && !unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}

// appendASCIILower appends s with its ASCII letters lowered, and only those, so byte offsets
// stay those of the original.
func appendASCIILower[T string | []byte](b []byte, s T) []byte {
	at := len(b)
	b = append(b, s...)
	for i, c := range b[at:] {
		if 'A' <= c && c <= 'Z' {
			b[at+i] = c + ('a' - 'A')
		}
	}
	return b
}
