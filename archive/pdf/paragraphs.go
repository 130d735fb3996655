package pdf

// From lines to briefing text: where a paragraph ends, written as a blank line, as the
// briefing text format has it. Extraction gives no blank lines; the page layout tells where
// they were.

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// layoutText turns a document's pages into briefing text.
func layoutText(pages []page) (string, error) {
	withText, scans := 0, []int{}
	for _, p := range pages {
		switch {
		case p.hasText():
			withText++
		case p.images > 0:
			scans = append(scans, p.number)
		}
	}
	switch {
	case withText == 0:
		return "", ErrNoTextLayer
	case len(scans) > 0:
		// Indexing the pages that have text would lose the scanned ones without a word.
		return "", fmt.Errorf("page %d of %d has %w", scans[0], len(pages), ErrNoTextLayer)
	}
	byPage := make([][]textLine, len(pages))
	for i, p := range pages {
		byPage[i] = lines(p)
	}
	byPage = removeFurniture(byPage)
	inheritWeight(byPage)
	d := measure(byPage)
	// One line per paragraph, as briefing text is written: a line the layout wrapped is
	// joined to the next, so a header line or a headline the page was too narrow for reads
	// as one. Across a page break the layout may not tell (a full last line, then a new
	// page): the lines stay lines, for the parser to read as one paragraph or two.
	var b strings.Builder
	var prev *textLine
	for _, ls := range byPage {
		for i := range ls {
			l := &ls[i]
			text := l.text(d.markBold)
			switch {
			case prev == nil:
			case d.paragraphBreak(*prev, *l):
				b.WriteString("\n\n")
			case prev.page != l.page:
				b.WriteString("\n")
			default:
				text = joinSeparator(prev.text(d.markBold), text) + text
			}
			b.WriteString(text)
			prev = l
		}
	}
	b.WriteString("\n")
	return b.String(), nil
}

// joinSeparator is what joins line a to the next line b of its paragraph: nothing in
// Japanese, or after a dash that ends a word (military-technical, 2026–2028); a space
// otherwise.
func joinSeparator(a, b string) string {
	ta, tb := strings.TrimRight(a, "*"), strings.TrimLeft(b, "*")
	last, size := utf8.DecodeLastRuneInString(ta)
	before, _ := utf8.DecodeLastRuneInString(ta[:len(ta)-size])
	first, _ := utf8.DecodeRuneInString(tb)
	wordDash := strings.ContainsRune("-‐–—", last) && before != ' ' && before != utf8.RuneError
	if isWide(last) || isWide(first) || wordDash {
		return ""
	}
	return " "
}

// docLayout is what the whole document says about its own layout.
type docLayout struct {
	pitch       map[float64]float64 // font size -> usual distance between the baselines of a paragraph's lines
	rightMargin float64             // where full lines end
	bottom      float64             // the baseline of the lowest last line of a page: where full pages end
	markBold    bool                // bold sets some runs apart (not when most of the text is bold)
}

func measure(pages [][]textLine) docLayout {
	d := docLayout{pitch: map[float64]float64{}}
	pitches := map[float64]map[float64]int{} // size -> pitch (to 0.5 pt) -> count
	var rights []float64
	bold, all := 0, 0
	d.bottom = math.Inf(1)
	for _, ls := range pages {
		if n := len(ls); n > 0 {
			d.bottom = min(d.bottom, ls[n-1].base)
		}
		for i, l := range ls {
			rights = append(rights, l.x1)
			for _, g := range l.glyphs {
				if !g.isSpace() {
					all++
					if g.bold {
						bold++
					}
				}
			}
			if i == 0 || ls[i-1].size != l.size {
				continue
			}
			if p := ls[i-1].base - l.base; p > 0.8*l.size && p < 3*l.size {
				if pitches[l.size] == nil {
					pitches[l.size] = map[float64]int{}
				}
				pitches[l.size][math.Round(p*2)/2]++
			}
		}
	}
	for size, counts := range pitches {
		best, bestN := 0.0, 0
		for p, n := range counts {
			if n > bestN || n == bestN && p < best {
				best, bestN = p, n
			}
		}
		d.pitch[size] = best
	}
	if len(rights) > 0 {
		slices.Sort(rights)
		d.rightMargin = rights[len(rights)*95/100]
	}
	d.markBold = bold > 0 && 2*bold < all
	return d
}

// bullets open a paragraph of their own.
const bullets = "●•■◆○◇▪►"

// paragraphBreak reports whether line b starts a new paragraph after line a. Signals, any of
// which is enough: b opens with a bullet; the font size changes; the gap between the lines
// is wider than between the lines of a paragraph, or, across a page break, a's page ended
// above where full pages end (the next paragraph did not fit); or a ended short: b's first
// word would have fitted at the end of a, so the line was ended on purpose. A line that ends
// in a hyphen runs on into the next one.
func (d docLayout) paragraphBreak(a, b textLine) bool {
	if strings.ContainsRune(bullets, b.firstRune()) {
		return true
	}
	if math.Abs(a.size-b.size) > 0.1*max(a.size, b.size) {
		return true
	}
	usual := d.pitch[a.size]
	if usual == 0 {
		usual = 1.2 * a.size
	}
	if pitch := a.base - b.base; a.page == b.page && (pitch < 0 || pitch > 1.3*usual+0.5) {
		return true
	}
	if r := a.lastRune(); r == '-' || r == '‐' {
		return false
	}
	if a.page != b.page && a.base > d.bottom+0.5*usual {
		return true
	}
	room := d.rightMargin - a.x1
	return room > b.firstWordWidth()+0.5*max(b.size, 1)
}
