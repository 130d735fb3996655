package pdf

// From characters to lines. PDF has no lines, words or spaces as such: only glyphs placed at
// positions. A line is the glyphs that sit side by side at one height, read left to right;
// lines read top to bottom. That holds whatever order a producer wrote the glyphs in.

import (
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/klippa-app/go-pdfium/responses"
)

// glyph is one character as placed on the page, in PDF points (origin bottom left).
type glyph struct {
	r         rune
	x0, x1    float64 // left, right
	y0, y1    float64 // bottom, top
	size      float64 // font size
	bold      bool
	generated bool // a space PDFium inserted for a gap: layout, not text
	// weightKnown is false for a glyph of a font with neither name nor weight: whether it is
	// bold is unknown, not "no".
	weightKnown bool
	seq         int // place in the page's content stream
}

func (g glyph) isSpace() bool { return g.r == ' ' || g.r == '\u00a0' }

// page is one page's glyphs; images counts image objects on a page without text.
type page struct {
	number int
	glyphs []glyph
	images int
}

func (p page) hasText() bool {
	return slices.ContainsFunc(p.glyphs, func(g glyph) bool { return !g.isSpace() })
}

// glyphsOf converts one PDFium character. A ligature (ﬀ, ﬁ) comes as one box with several
// letters: they share the box. It drops what is not text on the page: line breaks PDFium adds
// (lines are rebuilt from positions), control characters, rotated glyphs (stamps and
// watermarks run at an angle; briefing text does not) and glyphs too small to read.
func glyphsOf(text string, angle, left, right, bottom, top float64, font *responses.FontInformation) []glyph {
	rs := []rune(text)
	if len(rs) == 0 {
		return nil
	}
	g := glyph{x0: left, x1: right, y0: bottom, y1: top}
	if font != nil {
		g.size = font.Size
		g.bold = isBoldFont(font.Name, font.Weight)
		g.weightKnown = font.Name != "" || font.Weight > 0
		// A space with no font behind it is one PDFium generated for a gap.
		g.generated = text == " " && font.Name == "" && font.Weight < 0
	}
	if len(rs) == 1 {
		switch r := rs[0]; {
		case r == 0x02: // PDFium's mark for a hyphen that ends a line
			rs[0] = '-'
		case r == '\r' || r == '\n' || r == 0xFFFE || r == 0xFFFF || r == 0xAD || unicode.IsControl(r):
			return nil // a soft hyphen is a hint for breaking, never printed text
		case r == ' ' || r == '\u00a0':
			g.r = r
			return []glyph{g}
		}
	}
	if math.Abs(angle) > 0.01 && math.Abs(angle-2*math.Pi) > 0.01 {
		return nil
	}
	if g.size > 0 && g.size < minFontSize {
		return nil
	}
	out := make([]glyph, 0, len(rs))
	w := (right - left) / float64(len(rs))
	for i, r := range rs {
		if unicode.IsControl(r) {
			continue
		}
		c := g
		c.r, c.x0, c.x1 = r, left+float64(i)*w, left+float64(i+1)*w
		out = append(out, c)
	}
	return out
}

// minFontSize: smaller text is hidden or decorative, not meant to be read.
const minFontSize = 3.0

// isBoldFont tells a bold face by its name (DejaVuSerif-Bold, Arial,Bold, HiraKakuPro-W6)
// or by the weight PDFium reports, which not every producer fills in.
func isBoldFont(name string, weight int) bool {
	if weight >= 600 {
		return true
	}
	n := strings.ToLower(name)
	for _, w := range []string{"bold", "black", "heavy", "semibold", "demi", "-w6", "-w7", "-w8", "-w9"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// textLine is a row of glyphs read left to right.
type textLine struct {
	glyphs []glyph
	y0, y1 float64 // vertical extent of its visible glyphs
	x0, x1 float64 // horizontal extent of its visible glyphs
	base   float64 // baseline estimate: the median bottom of its visible glyphs
	size   float64 // the commonest font size of its visible glyphs
	page   int
}

// lines groups a page's glyphs into lines, top to bottom.
func lines(p page) []textLine {
	var rows [][]glyph
	for _, g := range p.glyphs {
		if n := len(rows); n > 0 && sameRow(rows[n-1], g) {
			rows[n-1] = append(rows[n-1], g)
			continue
		}
		rows = append(rows, []glyph{g})
	}
	// A producer may write one row in several pieces (a footer's page number last, a label
	// and its text apart, a bold face printed twice): join rows that share a height.
	var ls []textLine
	for _, row := range rows {
		l := newLine(row, p.number)
		if l.glyphs == nil {
			continue
		}
		if i := slices.IndexFunc(ls, func(o textLine) bool { return overlapRatio(o, l) > 0.6 }); i >= 0 {
			ls[i] = newLine(append(ls[i].glyphs, l.glyphs...), p.number)
			continue
		}
		ls = append(ls, l)
	}
	slices.SortStableFunc(ls, func(a, b textLine) int {
		switch {
		case a.base > b.base:
			return -1
		case a.base < b.base:
			return 1
		}
		return 0
	})
	return ls
}

// sameRow reports whether g continues the row being collected: its middle lies within the
// row's height and it does not jump back to the left.
func sameRow(row []glyph, g glyph) bool {
	last := row[len(row)-1]
	var y0, y1, size float64 = math.Inf(1), math.Inf(-1), 0
	for _, o := range row {
		if o.y1 > o.y0 {
			y0, y1 = min(y0, o.y0), max(y1, o.y1)
		}
		size = max(size, o.size)
	}
	if math.IsInf(y0, 1) { // only generated spaces so far: they sit on the baseline
		y0, y1 = last.y0, last.y0+size
	}
	tol := 0.2 * max(size, g.size, 1)
	mid := (g.y0 + g.y1) / 2
	if g.y1 <= g.y0 { // a generated space: its box is a point on the baseline
		mid = g.y0
	}
	return mid >= y0-tol && mid <= y1+tol && g.x0 >= last.x0-2*max(size, 1)
}

// newLine sorts a row left to right, drops glyphs printed twice (a fake bold overprints each
// glyph at a small offset) and measures it. A row of spaces only is no line (glyphs nil).
func newLine(row []glyph, pageNo int) textLine {
	gs := slices.Clone(row)
	// By their middles: a space PDFium generated is a point at the end of the gap it fills,
	// which can lie a little past the left edge of the next glyph.
	slices.SortStableFunc(gs, func(a, b glyph) int {
		switch am, bm := a.x0+a.x1, b.x0+b.x1; {
		case am < bm:
			return -1
		case am > bm:
			return 1
		}
		return 0
	})
	l := textLine{page: pageNo, y0: math.Inf(1), y1: math.Inf(-1), x0: math.Inf(1), x1: math.Inf(-1)}
	var bottoms []float64
	sizes := map[float64]int{}
	for _, g := range gs {
		if n := len(l.glyphs); n > 0 && !g.isSpace() {
			// The same glyph at (almost) the same place is printed twice; but the letters of a
			// ligature (ff) share one box too, and they come one after the other in the stream.
			prev := l.glyphs[n-1]
			if prev.r == g.r && math.Abs(prev.x0-g.x0) < 0.15*max(g.size, 1) && math.Abs(prev.y0-g.y0) < 0.15*max(g.size, 1) &&
				g.seq-prev.seq != 1 && prev.seq-g.seq != 1 {
				continue
			}
		}
		l.glyphs = append(l.glyphs, g)
		if g.isSpace() {
			continue
		}
		l.y0, l.y1 = min(l.y0, g.y0), max(l.y1, g.y1)
		l.x0, l.x1 = min(l.x0, g.x0), max(l.x1, g.x1)
		bottoms = append(bottoms, g.y0)
		sizes[math.Round(g.size*2)/2]++
	}
	if len(bottoms) == 0 {
		return textLine{}
	}
	slices.Sort(bottoms)
	l.base = bottoms[len(bottoms)/2]
	best := 0
	for s, n := range sizes {
		if n > best || n == best && s > l.size {
			l.size, best = s, n
		}
	}
	return l
}

// inheritWeight gives each glyph whose font is unnamed the weight of the last named glyph
// before it in reading order (across line ends: a bold span runs on), or, at the start of
// the document, of the first one after it: Chromium, for one, embeds Japanese glyphs in fonts
// without names, so "**第7回EU**" would otherwise read as 第 plain and 7 bold.
func inheritWeight(pages [][]textLine) {
	known, seen := false, false
	var pending []*glyph // unnamed glyphs before the first named one
	for _, ls := range pages {
		for li := range ls {
			for gi := range ls[li].glyphs {
				g := &ls[li].glyphs[gi]
				switch {
				case g.weightKnown:
					known, seen = g.bold, true
					for _, p := range pending {
						p.bold = known
					}
					pending = nil
				case seen:
					g.bold = known
				default:
					pending = append(pending, g)
				}
			}
		}
	}
}

// overlapRatio is how much two lines' heights overlap, relative to the smaller one: two
// pieces of one row (or one row printed twice) overlap almost wholly, two rows not at all.
func overlapRatio(a, b textLine) float64 {
	h := min(a.y1-a.y0, b.y1-b.y0)
	if h <= 0 {
		return 0
	}
	return (min(a.y1, b.y1) - max(a.y0, b.y0)) / h
}

// text renders a line, with bold runs in ** when marking is on. A space is written where the
// page has one; a space PDFium generated is dropped next to Japanese, where the gap is
// spacing between scripts that the layout adds (2025 年 12 月), not a word break.
func (l textLine) text(markBold bool) string {
	var b strings.Builder
	var prev glyph
	started, inBold := false, false
	pendingReal, pendingGen := false, false
	for _, g := range l.glyphs {
		if g.isSpace() {
			if g.generated {
				pendingGen = true
			} else {
				pendingReal = true
			}
			continue
		}
		space := false
		if started {
			gap := g.x0 - prev.x1
			switch {
			case pendingReal:
				space = true
			case pendingGen:
				space = !isWide(prev.r) && !isWide(g.r) || gap > 0.8*max(g.size, prev.size)
			default: // PDFium generates spaces for word gaps; a wider gap is a tab stop
				space = gap > 0.8*max(g.size, prev.size)
			}
		}
		if markBold && inBold && !g.bold {
			b.WriteString("**")
			inBold = false
		}
		if space {
			b.WriteByte(' ')
		}
		if markBold && !inBold && g.bold {
			b.WriteString("**")
			inBold = true
		}
		b.WriteRune(g.r)
		prev, started = g, true
		pendingReal, pendingGen = false, false
	}
	if inBold {
		b.WriteString("**")
	}
	return b.String()
}

// firstWordWidth is the width of the line's first word: what would have had to fit at the end
// of the line before it. Japanese breaks anywhere, so its first "word" is one character.
func (l textLine) firstWordWidth() float64 {
	start, end := math.NaN(), 0.0
	for _, g := range l.glyphs {
		if g.isSpace() {
			if !math.IsNaN(start) {
				break
			}
			continue
		}
		if math.IsNaN(start) {
			start = g.x0
			if isWide(g.r) {
				return g.x1 - g.x0
			}
		} else if isWide(g.r) {
			break
		}
		end = g.x1
	}
	if math.IsNaN(start) {
		return 0
	}
	return end - start
}

// lastRune is the line's last visible character.
func (l textLine) lastRune() rune {
	for i := len(l.glyphs) - 1; i >= 0; i-- {
		if !l.glyphs[i].isSpace() {
			return l.glyphs[i].r
		}
	}
	return 0
}

// firstRune is the line's first visible character.
func (l textLine) firstRune() rune {
	for _, g := range l.glyphs {
		if !g.isSpace() {
			return g.r
		}
	}
	return 0
}

// isWide reports a character set without spaces in Japanese text: kanji, kana, Japanese
// punctuation and fullwidth forms.
func isWide(r rune) bool {
	switch {
	case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana):
		return true
	case r >= 0x3000 && r <= 0x303F, r >= 0xFF00 && r <= 0xFFEF, r == 0x30FB, r == 0x30FC:
		return true
	}
	return false
}
