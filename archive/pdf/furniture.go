package pdf

// Page furniture: running headers and footers, and page numbers. They sit at the top or the
// bottom of a page, outside the text they would otherwise cut in two.

import (
	"math"
	"regexp"
	"strings"
	"unicode"
)

// edgeLines is how many lines at the top and at the bottom of a page may be furniture.
const edgeLines = 2

// pageNumberLine is a line that is only a page number: 3, - 3 -, 3/12, 3 / 12, Page 3,
// Page 3 of 12, p. 3, 3ページ (after width folding).
var pageNumberLine = regexp.MustCompile(`^(?i)(?:[-–—―−]\s*)?(?:page\s*|p\.\s*)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?(?:\s*ページ)?(?:\s*[-–—―−])?$`)

// removeFurniture drops the page numbers and the running headers and footers of every page.
// A running header or footer is a line at a page's edge that recurs, with only its digits
// changing, at the same height on at least two pages and on at least half of them.
func removeFurniture(pages [][]textLine) [][]textLine {
	seen := map[string]map[int]float64{} // edge line text -> page -> height
	for pi, ls := range pages {
		for _, i := range edgeIndexes(len(ls)) {
			k := furnitureKey(ls[i].text(false))
			if seen[k] == nil {
				seen[k] = map[int]float64{}
			}
			seen[k][pi] = ls[i].base
		}
	}
	// recurs counts the pages on which line l's text stands at l's height.
	recurs := func(l textLine) int {
		n := 0
		for _, y := range seen[furnitureKey(l.text(false))] {
			if math.Abs(y-l.base) <= 2 {
				n++
			}
		}
		return n
	}
	out := make([][]textLine, len(pages))
	for pi, ls := range pages {
		drop := map[int]bool{}
		for _, i := range edgeIndexes(len(ls)) {
			text := strings.TrimSpace(foldWidth(ls[i].text(false)))
			n := recurs(ls[i])
			if pageNumberLine.MatchString(text) || n >= 2 && 2*n >= len(pages) {
				drop[i] = true
			}
		}
		for i, l := range ls {
			if !drop[i] {
				out[pi] = append(out[pi], l)
			}
		}
	}
	return out
}

// edgeIndexes are the indexes of the first and last edgeLines lines of n.
func edgeIndexes(n int) []int {
	var idx []int
	for i := range n {
		if i < edgeLines || i >= n-edgeLines {
			idx = append(idx, i)
		}
	}
	return idx
}

// furnitureKey is a line's text with its digits and spaces left out and letters folded, so
// "- 9 -" and "- 10 -", or "Briefing 2026/05 page 2" and "… page 3", share a key.
func furnitureKey(s string) string {
	var b strings.Builder
	digits := false
	for _, r := range foldWidth(s) {
		switch {
		case unicode.IsDigit(r):
			if !digits {
				b.WriteByte('#')
			}
			digits = true
			continue
		case !unicode.IsSpace(r):
			b.WriteRune(unicode.ToLower(r))
		}
		digits = false
	}
	return b.String()
}

// foldWidth maps fullwidth ASCII forms and the ideographic space to ASCII.
func foldWidth(s string) string {
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
