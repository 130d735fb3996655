package search

import (
	"strings"
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

// findName returns the byte spans of name in text (lower is asciiLower(text), lowerName
// asciiLower(name)): ASCII letters compared without case; a name that starts or ends with a
// letter or digit must not continue a word there.
func findName(text, lower, name, lowerName string) [][2]int {
	if name == "" || len(name) > len(text) {
		return nil
	}
	lt, ln := lower, lowerName
	var out [][2]int
	for from := 0; from <= len(lt)-len(ln); {
		i := strings.Index(lt[from:], ln)
		if i < 0 {
			break
		}
		start, end := from+i, from+i+len(ln)
		if wordEdgeOK(text, name, start, end) {
			out = append(out, [2]int{start, end})
		}
		from = start + 1
	}
	return out
}

// wordEdgeOK: where the name begins (ends) with a letter or digit of a spaced script, the text
// has none just before (after) it.
func wordEdgeOK(text, name string, start, end int) bool {
	first, _ := utf8.DecodeRuneInString(name)
	last, _ := utf8.DecodeLastRuneInString(name)
	if wordRune(first) {
		if r, _ := utf8.DecodeLastRuneInString(text[:start]); start > 0 && wordRune(r) {
			return false
		}
	}
	if wordRune(last) {
		if r, _ := utf8.DecodeRuneInString(text[end:]); end < len(text) && wordRune(r) {
			return false
		}
	}
	return true
}

// wordRune is a letter or digit of a script that separates words with spaces.
func wordRune(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsDigit(r)) && !unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}

// asciiLower lower-cases ASCII letters only, so byte offsets stay those of the original.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + ('a' - 'A')
		}
	}
	return string(b)
}
