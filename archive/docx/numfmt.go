package docx

// Numbers as Word prints them in list labels, and the symbol-font characters Word uses for
// bullets. Formats not listed print as decimal numbers, which keeps a label readable even when
// it is not the glyph Word would show.

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// formatNumber prints n in the w:numFmt format.
func formatNumber(n int, format string) string {
	switch format {
	case "none":
		return ""
	case "decimalZero":
		if n >= 0 && n < 10 {
			return "0" + strconv.Itoa(n)
		}
	case "decimalFullWidth", "decimalFullWidth2":
		return strings.Map(func(r rune) rune { return r - '0' + '０' }, strconv.Itoa(n))
	case "lowerLetter", "upperLetter":
		if s := letters(n); s != "" {
			if format == "upperLetter" {
				return strings.ToUpper(s)
			}
			return s
		}
	case "lowerRoman", "upperRoman":
		if s := roman(n); s != "" {
			if format == "lowerRoman" {
				return strings.ToLower(s)
			}
			return s
		}
	case "decimalEnclosedCircle", "decimalEnclosedCircleChinese":
		switch {
		case n >= 1 && n <= 20:
			return string(rune(0x2460 + n - 1)) // ①…⑳
		case n >= 21 && n <= 35:
			return string(rune(0x3251 + n - 21)) // ㉑…㉟
		case n >= 36 && n <= 50:
			return string(rune(0x32B1 + n - 36)) // ㊱…㊿
		}
	case "decimalEnclosedParen":
		if n >= 1 && n <= 20 {
			return string(rune(0x2474 + n - 1)) // ⑴…⒇
		}
	case "decimalEnclosedFullstop":
		if n >= 1 && n <= 20 {
			return string(rune(0x2488 + n - 1)) // ⒈…⒛
		}
	case "aiueoFullWidth":
		return kana(n, aiueo)
	case "aiueo":
		return kana(n, aiueoHalf)
	case "irohaFullWidth":
		return kana(n, iroha)
	case "iroha":
		return kana(n, irohaHalf)
	case "japaneseCounting":
		if s := kanjiNumber(n); s != "" {
			return s
		}
	case "ideographDigital":
		return strings.Map(func(r rune) rune { return []rune(kanjiDigits)[r-'0'] }, strconv.Itoa(max(n, 0)))
	}
	return strconv.Itoa(n)
}

// letters is Word's alphabetic numbering: a…z, then aa…zz, aaa…; "" past 780 (zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz).
func letters(n int) string {
	if n < 1 || n > 26*30 {
		return ""
	}
	return strings.Repeat(string(rune('a'+(n-1)%26)), (n-1)/26+1)
}

// roman is n in roman numerals, "" outside 1…3999.
func roman(n int) string {
	if n < 1 || n > 3999 {
		return ""
	}
	values := [...]int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	digits := [...]string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, v := range values {
		for ; n >= v; n -= v {
			b.WriteString(digits[i])
		}
	}
	return b.String()
}

// The Japanese kana sequences, in the order Word counts them.
const (
	aiueo     = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
	aiueoHalf = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝ"
	iroha     = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス"
	irohaHalf = "ｲﾛﾊﾆﾎﾍﾄﾁﾘﾇﾙｦﾜｶﾖﾀﾚｿﾂﾈﾅﾗﾑｳヰﾉｵｸﾔﾏｹﾌｺｴﾃｱｻｷﾕﾒﾐｼヱﾋﾓｾｽ" // ヰ and ヱ have no halfwidth form
)

// kana is the n-th character of seq, starting again after the last (best effort: Word's
// own sequences past the end are not documented).
func kana(n int, seq string) string {
	r := []rune(seq)
	if n < 1 {
		return strconv.Itoa(n)
	}
	return string(r[(n-1)%len(r)])
}

const kanjiDigits = "〇一二三四五六七八九"

// kanjiNumber is n in Japanese counting (十一, 二十, 百五), "" outside 1…9999.
func kanjiNumber(n int) string {
	if n < 1 || n > 9999 {
		return ""
	}
	digits := []rune(kanjiDigits)
	var b strings.Builder
	for _, u := range [...]struct {
		value int
		name  string
	}{{1000, "千"}, {100, "百"}, {10, "十"}} {
		d := n / u.value
		n %= u.value
		if d > 1 {
			b.WriteRune(digits[d])
		}
		if d > 0 {
			b.WriteString(u.name)
		}
	}
	if n > 0 {
		b.WriteRune(digits[n])
	}
	return b.String()
}

// Symbol fonts (Symbol, Wingdings) are addressed at U+F000 plus the font's byte. The ones used
// as bullets print as "•", except Wingdings' filled circle: it is "●", the character that
// opens an item in a briefing, and an item typed as a Word bulleted list must still open with it.
const (
	symbolBase  = 0xF000
	symbolLast  = 0xF0FF
	wingdingsL  = 0xF06C // Wingdings "l": ●
	symbolDot   = 0xF0B7 // Symbol: •, Word's default bullet
	blackCircle = "●"
	bullet      = "•"
)

// symbolBullets are the symbol-font glyphs Word offers as bullets: squares, diamonds,
// arrowheads and checks of Wingdings, and Symbol's dot.
var symbolBullets = map[rune]bool{
	0xF06E: true, 0xF06F: true, 0xF071: true, 0xF075: true, 0xF076: true, 0xF077: true,
	0xF09F: true, 0xF0A7: true, 0xF0A8: true, 0xF0D8: true, 0xF0FC: true, symbolDot: true,
}

// mapSymbols maps every symbol-font character of a bullet label: there, all of them are
// bullets.
func mapSymbols(s string) string {
	if !strings.ContainsFunc(s, isSymbolChar) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == wingdingsL:
			b.WriteString(blackCircle)
		case isSymbolChar(r):
			b.WriteString(bullet)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isSymbolChar(r rune) bool { return r >= symbolBase && r <= symbolLast }

// symbolText is the text of a w:sym: its w:char (hex) as a character. In running text a
// symbol-font character is only mapped when it is a bullet; others (Symbol's Greek letters)
// stay at their code point, which is at least the character that was inserted.
func symbolText(font, char string) string {
	c, err := strconv.ParseUint(char, 16, 32)
	if err != nil {
		return ""
	}
	r := rune(c)
	if r < 0x100 && isSymbolFont(font) {
		r += symbolBase // some producers write the font's byte without the U+F000 offset
	}
	switch {
	case r == wingdingsL:
		return blackCircle
	case symbolBullets[r]:
		return bullet
	case r < 0x20 || !utf8.ValidRune(r):
		return ""
	}
	return string(r)
}

func isSymbolFont(font string) bool {
	f := strings.ToLower(font)
	return f == "symbol" || strings.HasPrefix(f, "wingdings") || f == "webdings"
}
