package entity

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is one word or punctuation mark of a Latin-script text. Hyphenated words are split into
// their parts (joined marks the later parts) so that "Kassym-Jomart", "D-8" and "Armenia–Azerbaijan"
// match aliases written with or without the hyphen.
type token struct {
	text       string // as printed, without a possessive 's
	fold       string // fold(text)
	start, end int    // byte offsets in the field (end includes a stripped 's)
	word       bool
	cap        bool // first letter upper-case
	upper      bool // every letter upper-case (acronyms: EU, OTS, CIS)
	digit      bool // contains a digit
	joined     bool // glued to the previous word by a hyphen or dash
	sentStart  bool // first word of a sentence, where a capital proves nothing
	poss       bool // printed with 's / ’s
	quote      bool // punctuation that is a quotation mark
}

// abbreviations end in a period that does not end a sentence.
const abbreviations = "mr mrs ms dr st gen col lt sgt prof no vs jr sr mt ft"

// tokenize splits a field into tokens, appended to toks. Japanese characters separate words
// (they become one empty punctuation token per run) so a Latin acronym inside a Japanese
// headline is still a word.
func tokenize(s string, abbrev map[string]bool, toks []token) []token {
	low := lowerCopy{text: s} // ASCII words with capitals fold to a slice of one lower-case copy
	sent := true              // the next word starts a sentence
	joinNext := false
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if n := dottedInitials(s[i:]); n > 0 && (i == 0 || !isWordRune(lastRune(s[:i]))) {
			t := token{text: s[i : i+n], start: i, end: i + n, word: true, joined: joinNext, sentStart: sent}
			joinNext, sent = false, false
			classify(&t, &low)
			toks = append(toks, t)
			i += n
			continue
		}
		switch {
		case isWordRune(r):
			start := i
			j := i
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if isWordRune(r2) {
					j += n2
					continue
				}
				if isApostrophe(r2) {
					k := j + n2
					if k < len(s) && isWordRune(firstRune(s[k:])) && !possessiveS(s[k:]) {
						j = k // O'Brien, D’Amato
						continue
					}
				}
				break
			}
			t := token{text: s[start:j], start: start, end: j, word: true, joined: joinNext, sentStart: sent}
			joinNext, sent = false, false
			// possessive: Azerbaijan's, Mammadov’s, Ministers'
			if j < len(s) && isApostrophe(firstRune(s[j:])) {
				_, na := utf8.DecodeRuneInString(s[j:])
				k := j + na
				if possessiveS(s[k:]) {
					k++
				}
				t.poss, t.end, j = true, k, k
			}
			classify(&t, &low)
			toks = append(toks, t)
			i = j
			continue
		case isDash(r) && i > 0 && i+n < len(s) && isWordRune(lastRune(s[:i])) && isWordRune(firstRune(s[i+n:])):
			joinNext = true
		case unicode.IsSpace(r):
			if r == '\n' && strings.HasPrefix(s[i+n:], "\n") {
				sent = true
			}
		case isJapanese(r) || r == '、' || r == '。' || r == '・' || r == '「' || r == '」':
			j := i + n
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if !(isJapanese(r2) || r2 == '、' || r2 == '。' || r2 == '・' || r2 == '「' || r2 == '」') {
					break
				}
				j += n2
			}
			toks = append(toks, token{start: i, end: j})
			sent = true
			i = j
			continue
		default:
			t := token{text: s[i : i+n], start: i, end: i + n, quote: isQuote(r)}
			switch r {
			case '.', '!', '?':
				if r != '.' || !isAbbrev(toks, abbrev) {
					sent = true
				}
			case ':', ';':
				sent = true
			}
			toks = append(toks, t)
		}
		i += n
	}
	return toks
}

// dottedInitials returns the length of "U.S." or "D.C." at the start of s (single capitals
// each followed by a period, at least two), or 0. Read as one word, "U.S." can be an alias.
func dottedInitials(s string) int {
	n := 0
	for len(s) >= n+2 && s[n] >= 'A' && s[n] <= 'Z' && s[n+1] == '.' {
		n += 2
	}
	if n < 4 || len(s) > n && isWordRune(firstRune(s[n:])) {
		return 0
	}
	return n
}

// isAbbrev reports whether the period just read ends an abbreviation or an initial ("H. Aliyev").
func isAbbrev(toks []token, abbrev map[string]bool) bool {
	if len(toks) == 0 {
		return false
	}
	last := toks[len(toks)-1]
	if !last.word {
		return false
	}
	return abbrev[last.fold] || utf8.RuneCountInString(last.text) == 1 && last.upper || strings.HasSuffix(last.text, ".")
}

// lowerCopy makes the lower-case copy of a field on first need, once.
type lowerCopy struct {
	text, low string
	done      bool
}

func (l *lowerCopy) of(start, end int) string {
	if !l.done {
		l.low, l.done = asciiLower(l.text), true
	}
	return l.low[start:end]
}

func classify(t *token, low *lowerCopy) {
	switch {
	case !plainASCII(t.text):
		t.fold = fold(t.text)
	case hasUpperASCII(t.text):
		t.fold = low.of(t.start, t.start+len(t.text))
	default:
		t.fold = t.text
	}
	letters, uppers := 0, 0
	for i, r := range t.text {
		if unicode.IsDigit(r) {
			t.digit = true
		}
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) || unicode.IsTitle(r) {
				uppers++
				if i == 0 {
					t.cap = true
				}
			}
		}
	}
	t.upper = letters > 0 && uppers == letters
}

func isWordRune(r rune) bool {
	if r < 0x80 {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	return unicode.In(r, unicode.Latin, unicode.Greek, unicode.Cyrillic, unicode.Mn) || unicode.IsDigit(r) && r < 0x3000
}

// possessiveS reports whether rest (what follows an apostrophe) is the s of a possessive.
func possessiveS(rest string) bool {
	return rest != "" && (rest[0] == 's' || rest[0] == 'S') && (len(rest) == 1 || !isWordRune(firstRune(rest[1:])))
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

func isQuote(r rune) bool {
	switch r {
	case '"', '“', '”', '„', '«', '»', '‘', '\'', '’', '「', '」':
		return true
	}
	return false
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

func hasUpperASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			return true
		}
	}
	return false
}
