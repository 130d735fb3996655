package archive

// Headlines. An item opens with a ● line and has a Japanese and an English headline in one
// of three layouts:
//
//	● 日本語の見出し            ● 日本語の見出し **English headline**      ● **日本語の見出し**
//	                                                                    English headline
//	English headline
//
// and either headline may wrap onto a further line. Lines are told apart by script (kanji
// and kana versus Latin) and by the ** markers, never by position in a particular file.

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxHeadlineRunes: an English line longer than this is a paragraph, not a headline.
const maxHeadlineRunes = 250

// sentenceBreak finds a full stop inside a text followed by a new sentence. It needs three
// lowercase letters before the stop so that "U.S. envoy" or "Gen. Valiyev" do not count.
var sentenceBreak = regexp.MustCompile(`[a-z]{3}[.!?]["”’]?\s+["“]?[A-Z]`)

type headlines struct {
	ja, en string
	// rest is what is left for the body: the ● group's remaining lines, if any, then the
	// following groups.
	rest [][]line
	// unclosed is the line of a ** that never closes, 0 if none.
	unclosed int
}

type segment struct {
	text string
	bold bool
}

// splitBold cuts text at its ** markers; bold is the state at the start of the line and the
// returned state carries over to the next line.
func splitBold(text string, bold bool) ([]segment, bool) {
	var segs []segment
	for i, part := range strings.Split(text, "**") {
		if i > 0 {
			bold = !bold
		}
		if t := stripMarkup(part); t != "" {
			segs = append(segs, segment{text: t, bold: bold})
		}
	}
	return segs, bold
}

// readHeadlines takes the headlines from the start of an item's paragraph groups (groups[0]
// begins with the ● line).
func readHeadlines(groups [][]line) headlines {
	var h headlines
	lines, rest, bold := headlineLines(groups)
	var ja, en []string
	enPlain := 0 // how many unmarked lines the English headline has taken; a wrap allows 2
	stop := len(lines)
scan:
	for i, l := range lines {
		startsBold := bold
		segs, after := splitBold(l.text, bold)
		bold = after
		if i == 0 || startsBold || strings.Contains(l.text, "**") {
			// The ● line, and every line a bold span runs through, is all headline.
			for _, s := range segs {
				switch {
				case !hasJapanese(s.text):
					en = append(en, s.text)
					if !s.bold {
						enPlain = 1
					}
				case i == 0 && !s.bold && len(en) == 0:
					// "● 日本語の見出し English headline" without markup.
					jp, tail := splitLatinTail(s.text)
					ja = append(ja, jp)
					if tail != "" {
						en, enPlain = append(en, tail), 1
					}
				default:
					ja = append(ja, s.text)
				}
			}
			continue
		}
		text := l.plain
		switch {
		case hasJapanese(text) && len(en) == 0: // the Japanese headline wraps
			ja = append(ja, text)
		case hasJapanese(text) && len(ja) == 0 && i == 1: // English first, Japanese under it
			ja = append(ja, text)
			enPlain = 2 // no English continuation after the Japanese line
		case !hasJapanese(text) && len(en) == 0: // English on the line after the Japanese
			en, enPlain = append(en, text), 1
		case !hasJapanese(text) && enPlain == 1 && continuesHeadline(strings.Join(en, " "), text):
			en, enPlain = append(en, text), 2
		default:
			stop = i
			break scan
		}
	}
	if bold && len(lines) > 0 {
		h.unclosed = lines[0].no
	}
	if stop < len(lines) {
		rest = append([][]line{lines[stop:]}, rest...)
	}
	// Layout 1: the English headline is the paragraph after the Japanese one.
	if len(en) == 0 && len(rest) > 0 {
		var next []line
		if len(rest) > 1 {
			next = rest[1]
		}
		if isEnglishHeadline(rest[0], next) {
			en = []string{joinLines(rest[0])}
			rest = rest[1:]
		} else if n := headlineThenBody(rest[0]); n > 0 {
			en = []string{joinLines(rest[0][:n])}
			rest = append([][]line{rest[0][n:]}, rest[1:]...)
		}
	}
	h.ja, h.en, h.rest = tightenJapanese(joinAll(ja)), joinAll(en), rest
	return h
}

// headlineLines returns the lines that hold the headlines (the ● group with the bullet cut
// off), the groups after them, and whether a bold span was opened before the bullet
// ("**● 見出し**"). A bullet alone on its line takes its headline from the next group.
func headlineLines(groups [][]line) (lines []line, rest [][]line, bold bool) {
	g := groups[0]
	text := g[0].text
	if i := strings.Index(text, "●"); i >= 0 {
		bold = strings.Count(text[:i], "**")%2 == 1
		text = text[i+len("●"):]
	}
	lines = append([]line{newLine(g[0].no, strings.TrimSpace(text))}, g[1:]...)
	rest = groups[1:]
	if lines[0].plain == "" && !bold && !strings.Contains(lines[0].text, "**") {
		lines = lines[1:]
	}
	if len(lines) == 0 && len(rest) > 0 {
		lines, rest = rest[0], rest[1:]
	}
	return lines, rest, bold
}

// splitLatinTail splits "日本語の見出し English headline" at the last Japanese character when
// what follows reads as an English headline: three or more words, starting with a capital.
func splitLatinTail(s string) (ja, en string) {
	cut := -1
	for i, r := range s {
		if isWide(r) {
			cut = i + utf8.RuneLen(r)
		}
	}
	if cut < 0 {
		return s, ""
	}
	tail := strings.TrimSpace(s[cut:])
	first, _ := utf8.DecodeRuneInString(tail)
	if len(strings.Fields(tail)) < 3 || !unicode.IsUpper(first) {
		return s, ""
	}
	return strings.TrimSpace(s[:cut]), tail
}

// continuesHeadline reports whether next is the second line of a wrapped English headline
// rather than a body that follows without a blank line: a headline has no full stop.
func continuesHeadline(prev, next string) bool {
	return !endsSentence(prev) && !endsWithStop(next) && !endsWithAttribution(next) &&
		!isNote(next) && !sentenceBreak.MatchString(prev+" "+next) &&
		runeLen(prev)+1+runeLen(next) <= maxHeadlineRunes
}

// isEnglishHeadline reports whether group g, right after the Japanese headline, is the
// English headline rather than the first body paragraph: short, Latin, one sentence without
// a full stop, no attribution, and not cut mid-sentence (next does not continue it).
func isEnglishHeadline(g, next []line) bool {
	if len(g) > 3 {
		return false
	}
	text := joinLines(g)
	switch {
	case text == "" || hasJapanese(text) || !hasLatinLetter(text) || runeLen(text) > maxHeadlineRunes:
		return false
	case endsWithStop(text), startsLower(text), sentenceBreak.MatchString(text):
		return false
	case endsWithAttribution(text), isNote(text):
		return false
	case next != nil && startsLower(next[0].plain):
		return false
	}
	return true
}

// headlineThenBody returns how many of g's first lines (one or two) are an English headline
// that the body follows without a blank line (as text extracted from a PDF page runs on), or 0:
// they read as a headline, and the line after them cannot be its continuation.
func headlineThenBody(g []line) int {
	for n := 1; n <= 2 && n < len(g); n++ {
		head := joinLines(g[:n])
		if isEnglishHeadline(g[:n], g[n:]) && !continuesHeadline(head, g[n].plain) {
			return n
		}
	}
	return 0
}

// endsWithStop: a headline may end in ? or ! but not in a full stop or a colon.
func endsWithStop(s string) bool {
	s = strings.TrimRight(s, closers+" ")
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(".。:：…", r)
}

// joinLines rejoins the hard-wrapped lines of one paragraph, markup removed.
func joinLines(lines []line) string {
	pieces := make([]string, len(lines))
	for i, l := range lines {
		pieces[i] = l.plain
	}
	return joinPieces(pieces)
}

func joinAll(pieces []string) string { return collapseSpaces(joinPieces(pieces)) }
