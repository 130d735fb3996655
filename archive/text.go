package archive

// Character-level helpers shared by the header, section, headline and body parsers. The
// briefings mix Japanese (no spaces between words, fullwidth punctuation) with English, and
// every rule about joining or classifying text has to respect both.

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// hasJapanese reports whether s contains kanji or kana: the test for "this is the Japanese
// headline" versus an English line, which may itself contain Latin acronyms (EU, D-8).
func hasJapanese(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) {
			return true
		}
	}
	return false
}

// hasLatinLetter reports whether s contains an ASCII or Latin-script letter.
func hasLatinLetter(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Latin, r) {
			return true
		}
	}
	return false
}

// isWide reports whether r is set without spaces around it in Japanese text, so that a line
// break next to it is rejoined without a space.
func isWide(r rune) bool {
	switch {
	case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana):
		return true
	case r >= 0x3000 && r <= 0x303F: // CJK punctuation: 、。「」 etc.
		return true
	case r >= 0xFF00 && r <= 0xFFEF: // fullwidth and halfwidth forms
		return true
	case r == 0x30FB || r == 0x30FC: // ・ ー
		return true
	}
	return false
}

// foldWidth maps fullwidth ASCII variants (１２．ＴＲＥＮＤ) and the ideographic space to
// ASCII, so that numbers, dates and attributions are matched whichever width was typed.
func foldWidth(s string) string {
	// Fast path: every rune to fold is encoded as EF BC xx, EF BD xx or E3 80 80.
	if !strings.Contains(s, "\xef\xbc") && !strings.Contains(s, "\xef\xbd") && !strings.Contains(s, "\u3000") {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFF01 + '!'
		case r == 0x3000:
			return ' '
		}
		return r
	}, s)
}

// stripMarkup removes the **bold** and *italic* markers the issuers sprinkle through the
// text, and tidies the spaces they leave behind.
func stripMarkup(s string) string {
	if strings.ContainsRune(s, '*') {
		s = strings.ReplaceAll(s, "*", "")
	}
	return collapseSpaces(s)
}

// collapseSpaces trims s and squeezes runs of ASCII spaces and tabs to one space. Ideographic
// spaces inside Japanese text are kept: they are part of the text as printed.
func collapseSpaces(s string) string {
	s = strings.TrimFunc(s, unicode.IsSpace)
	if !hasSpaceRun(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if r == ' ' || r == '\t' {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// hasSpaceRun reports a tab or two spaces in a row, in one pass over the bytes (searching
// for "  " stops at every single space, which English text is full of).
func hasSpaceRun(s string) bool {
	prev := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\t' || c == ' ' && prev == ' ' {
			return true
		}
		prev = c
	}
	return false
}

// joinWrapped rejoins two pieces of text that a hard wrap (or a page break) split.
func joinWrapped(a, b string) string { return joinPieces([]string{a, b}) }

// joinPieces rejoins the pieces of a wrapped text in one pass. Japanese joins without a
// space; a word hyphenated at the line end keeps its hyphen and no space ("military-" +
// "technical"), and so does a dash between words or numbers ("Caspian–" + "Black Sea",
// "2026–" + "2028"); everything else gets one space.
func joinPieces(pieces []string) string {
	var b strings.Builder
	var last, beforeLast rune
	for _, p := range pieces {
		if p == "" {
			continue
		}
		if b.Len() > 0 {
			first, _ := utf8.DecodeRuneInString(p)
			hyphenated := last == '-' && unicode.IsLetter(beforeLast) && unicode.IsLetter(first) ||
				(last == '–' || last == '—') && isWordChar(beforeLast) && isWordChar(first)
			if !isWide(last) && !isWide(first) && !hyphenated {
				b.WriteByte(' ')
			}
		}
		b.WriteString(p)
		r, size := utf8.DecodeLastRuneInString(p)
		if size < len(p) {
			beforeLast, _ = utf8.DecodeLastRuneInString(p[:len(p)-size])
		} else {
			beforeLast = last
		}
		last = r
	}
	return b.String()
}

func isWordChar(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// closers are what may follow the full stop of a sentence: quotes and brackets.
const closers = "\"'”’»)）」』】]"

// endsSentence reports whether s ends with sentence-final punctuation, looking through
// closing quotes and brackets ("… “in parallel.”"). A paragraph that does not is taken to
// continue after a page break.
func endsSentence(s string) bool {
	s = strings.TrimRight(s, closers+" ")
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(".!?。！？…:：", r)
}

// startsLower reports whether the first letter of s, after opening quotes and brackets, is a
// lowercase letter: a paragraph that starts so is the rest of a sentence cut by a page break.
func startsLower(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return unicode.IsLower(r)
		}
		if !strings.ContainsRune("\"'“‘«(（「『[", r) {
			return false
		}
	}
	return false
}

// tightenJapanese drops the spaces between Japanese and Latin letters or digits in Japanese
// text: "2025 年 12 月", "EU 当局", "第 7 回". In Japanese typesetting that gap is spacing the
// layout adds (Word and LibreOffice autospacing, a PDF extractor's gap), not a word break,
// and writers type it or not at will; folding it away makes every copy of a headline read,
// and search, the same. Spaces between Japanese characters, or inside English, are kept.
func tightenJapanese(s string) string {
	if !strings.Contains(s, " ") || !hasJapanese(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	var prev rune
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r != ' ' {
			b.WriteRune(r)
			prev = r
			i += size
			continue
		}
		j := i
		for j < len(s) && s[j] == ' ' {
			j++
		}
		next, _ := utf8.DecodeRuneInString(s[j:])
		if !(isWide(prev) && isAlnum(next) || isAlnum(prev) && isWide(next)) || prev == 0 || j == len(s) {
			b.WriteString(s[i:j])
		}
		i = j
	}
	return b.String()
}

// tightenJapaneseText applies tightenJapanese to text that is mostly Japanese, and leaves
// English text that quotes a Japanese word alone.
func tightenJapaneseText(s string) string {
	ja, latin := 0, 0
	for _, r := range s {
		switch {
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana):
			ja++
		case unicode.Is(unicode.Latin, r):
			latin++
		}
	}
	if ja == 0 || ja < latin {
		return s
	}
	return tightenJapanese(s)
}

func isAlnum(r rune) bool { return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }

// runeLen is the length of s in characters, which is what a headline's length means.
func runeLen(s string) int { return utf8.RuneCountInString(s) }
