package search

import (
	"bytes"
	"sort"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/highlight"
	"github.com/blevesearch/bleve/v2/search/highlight/fragmenter/simple"
)

// maxSnap is how far (in bytes) a fragment's edge may move to reach a word boundary.
const maxSnap = 32

// wordFragmenter cuts fragments as bleve's simple fragmenter does (centred on the matches,
// counted in characters, so Japanese is never split inside a character), then moves each edge
// to the nearest space within the fragment, so English snippets start and end on whole words.
// An edge with no space nearby (Japanese text) stays where it was.
type wordFragmenter struct {
	size  int
	inner *simple.Fragmenter
	// bleves: always bleve's fragmenter, never simpleFragments (what the tests compare with)
	bleves bool
}

func newWordFragmenter(size int) wordFragmenter {
	return wordFragmenter{size: size, inner: simple.NewFragmenter(size)}
}

func (w wordFragmenter) Fragment(orig []byte, ot highlight.TermLocations) []*highlight.Fragment {
	frags, ok := []*highlight.Fragment(nil), false
	if !w.bleves {
		frags, ok = simpleFragments(orig, ot, w.size)
	}
	if !ok {
		frags = w.inner.Fragment(orig, ot)
	}
	for _, f := range frags {
		// The matches inside the fragment bound how far its edges may move. ot is ordered by
		// start (highlight.OrderTermLocations, one field value), so they are found by bisection:
		// comparing every fragment with every match was quadratic in the matches.
		first, last := f.End, f.Start
		i := sort.Search(len(ot), func(i int) bool { return ot[i].Start >= f.Start })
		for ; i < len(ot) && ot[i].Start < f.End; i++ {
			if ot[i].End <= f.End {
				first, last = min(first, ot[i].Start), max(last, ot[i].End)
			}
		}
		if first > last { // no match inside: leave it
			continue
		}
		if f.Start > 0 && orig[f.Start-1] != ' ' {
			if i := bytes.IndexByte(orig[f.Start:first], ' '); i >= 0 && i < maxSnap {
				f.Start += i + 1
			}
		}
		if f.End < len(orig) && orig[f.End] != ' ' {
			if i := bytes.LastIndexByte(orig[last:f.End], ' '); i >= 0 && f.End-(last+i) < maxSnap {
				f.End = last + i
			}
		}
	}
	return frags
}

// simpleFragments is bleve's simple fragmenter (simple.Fragmenter.Fragment) for text it reads
// without stumbling: valid UTF-8 holding no U+FFFD (where bleve's decoder reports an error
// and it drops the fragment), with every location on a character boundary. There a character
// is a byte that does not continue a sequence, so the fragmenter's walks forward and back by
// characters are byte loops, without decoding each character of each match's 200 again.
// ok is false for any other text or locations; the caller then asks bleve's.
// TestSimpleFragmentsAsBleves compares the two.
func simpleFragments(orig []byte, ot highlight.TermLocations, size int) (rv []*highlight.Fragment, ok bool) {
	if len(ot) == 0 {
		return nil, false
	}
	t := charText{b: orig, ascii: isASCII(orig)}
	if !t.ascii && (!utf8.Valid(orig) || bytes.Contains(orig, []byte("\uFFFD"))) {
		return nil, false
	}
	for _, l := range ot {
		if l.Start > len(orig) || l.End > len(orig) || !charStart(orig, l.Start) || !charStart(orig, l.End) {
			return nil, false
		}
	}
	maxbegin := 0
	for i, l := range ot {
		end, used := t.forward(l.Start, size)
		start := l.Start
		if start >= maxbegin { // back towards the beginning, not before maxbegin
			start = t.back(start, size-used, maxbegin)
		}
		// Centre the matches: move back by half the smaller room, without losing any.
		minend := end
		for _, inner := range ot[i:] {
			if inner.End > end {
				break
			}
			minend = inner.End
		}
		roomStart := 0 // as bleve's: none where the fragment starts before maxbegin
		if start >= maxbegin {
			roomStart = t.chars(maxbegin, start)
		}
		room := min(t.chars(minend, end), roomStart)
		t.centre(&start, &end, room/2)
		rv = append(rv, &highlight.Fragment{Orig: orig, Start: start, End: end})
		maxbegin = l.End
	}
	return rv, true
}

// charText is valid UTF-8 walked a character at a time, by byte arithmetic where it is ASCII.
type charText struct {
	b     []byte
	ascii bool
}

// forward is where n characters from i end (at most the text's end), and how many it passed.
func (t charText) forward(i, n int) (end, passed int) {
	if t.ascii {
		end = min(len(t.b), i+max(n, 0))
		return end, end - i
	}
	for end = i; end < len(t.b) && passed < n; passed++ {
		end = nextChar(t.b, end)
	}
	return end, passed
}

// back is i moved back by up to n characters, not below floor nor the text's start.
func (t charText) back(i, n, floor int) int {
	if t.ascii {
		return max(i-max(n, 0), floor, 0)
	}
	start := i
	for moved := 0; start > 0 && moved < n; moved++ {
		p := prevChar(t.b, start)
		if p < floor {
			break
		}
		start = p
	}
	return start
}

// chars is the number of characters in [a, b).
func (t charText) chars(a, b int) int {
	if t.ascii {
		return b - a
	}
	return chars(t.b[a:b])
}

// centre moves start and end back by offset characters each. bleve's drops the fragment
// where start would pass the text's beginning, which cannot happen here: the offset is at
// most half the characters between maxbegin and start.
func (t charText) centre(start, end *int, offset int) {
	if t.ascii {
		*start, *end = *start-offset, *end-offset
		return
	}
	for ; offset > 0; offset-- {
		*start, *end = prevChar(t.b, *start), prevChar(t.b, *end)
	}
}

// isASCII: every byte of b is below 0x80.
func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// charStart: i is the start of a character of b, or its end.
func charStart(b []byte, i int) bool { return i == len(b) || utf8.RuneStart(b[i]) }

// nextChar is where the character after the one at i starts (valid UTF-8, i < len(b)).
func nextChar(b []byte, i int) int {
	for i++; i < len(b) && !utf8.RuneStart(b[i]); i++ {
	}
	return i
}

// prevChar is where the character before i starts (valid UTF-8, i > 0).
func prevChar(b []byte, i int) int {
	for i--; i > 0 && !utf8.RuneStart(b[i]); i-- {
	}
	return i
}

// chars is the number of characters in b (valid UTF-8).
func chars(b []byte) int {
	n := 0
	for _, c := range b {
		if utf8.RuneStart(c) {
			n++
		}
	}
	return n
}
