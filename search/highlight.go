package search

import (
	"bytes"
	"cmp"
	"container/heap"
	"context"
	"slices"
	"sort"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight"
	simplehl "github.com/blevesearch/bleve/v2/search/highlight/highlighter/simple"
	"github.com/blevesearch/bleve/v2/search/query"

	"briefsearch/index"
)

// Highlighting is bounded by design, whatever a field's length. An item whose body was one
// 5 MB line pinned a core for minutes: bleve's fragmenter makes a candidate fragment for every
// match (374,000 of them), and ours compared each with every match. Now a field is highlighted
// in a window of its first maxHighlightBytes, from at most maxHighlightSpans matches in it;
// an item with a longer field is not located at all but has its windows analyzed again
// (marks.go). So a 5 MB field costs what a 32 KB one does, and an ordinary field (a few KB)
// fits in its window whole and is highlighted exactly as before.
const (
	// Highlight shape: how many fragments of how many characters each field contributes.
	// Whole headlines fit in one fragment; body and note give a few passages.
	fragmentSize  = 200
	bodyFragments = 2

	maxHighlightBytes = 32 << 10
	maxHighlightSpans = 64
)

// hitHighlighter marks the page's hits of one search.
type hitHighlighter struct {
	names   []string    // entity names to mark as well (names.go)
	lowered [][]byte    // names, their ASCII letters lowered once for all the page's fields
	lower   []byte      // a field's window lowered so (nameSpans), its buffer reused
	located query.Query // what locate ran: for items too large to locate, its marks
	mapping mapping.IndexMapping
	marks   queryMarks // of located, made for the first large item

	fragmenter wordFragmenter
}

func newHighlighter(located query.Query, im mapping.IndexMapping, names []string) *hitHighlighter {
	lowered := make([][]byte, len(names))
	for i, n := range names {
		lowered[i] = appendASCIILower(nil, n)
	}
	return &hitHighlighter{names: names, lowered: lowered, located: located, mapping: im, fragmenter: newWordFragmenter(fragmentSize)}
}

// highlights marks the matches in each stored text field of a hit: escaped text, <mark>
// around matches. locs are the hit's term locations from locate (in no order, perhaps
// repeated: disjoint sorts and merges them), or nil for a large item
// (it.large), whose windows are analyzed again. The Japanese headline merges the matches of
// its kagome and bigram twins, so a substring such as カザフ inside カザフスタン is marked as
// well as whole morphemes.
func (h *hitHighlighter) highlights(ctx context.Context, it *storedItem, locs []bsearch.FieldTermLocation) (map[string][]string, error) {
	out := map[string][]string{}
	for _, f := range index.TextFields() {
		if !f.Stored {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		w := it.window(f.Name)
		if len(w) == 0 {
			continue
		}
		var all []span
		if it.large {
			if h.marks == nil {
				h.marks = marksOf(h.located)
			}
			all = h.marks.reanalyzed(h.mapping, f.Name, w)
		} else {
			all = located(w, locs, f.Name, f.Name == index.FieldHeadlineJA)
		}
		all = append(all, h.nameSpans(w)...)
		spans := disjoint(all)
		if len(spans) == 0 {
			continue
		}
		n := 1
		if f.Name == index.FieldBody {
			n = bodyFragments
		}
		if frags := h.fragments(w, it.cut[f.Name], spans, n); len(frags) > 0 {
			out[f.Name] = frags
		}
	}
	return out, nil
}

// windowOf is the part of a field's text that a highlight looks at: its first
// maxHighlightBytes, cut on a character boundary.
func windowOf[T string | []byte](text T) T {
	if len(text) <= maxHighlightBytes {
		return text
	}
	end := maxHighlightBytes
	for end > 0 && !utf8.RuneStart(text[end]) {
		end--
	}
	return text[:end]
}

// located returns the term locations in field that lie inside the window w, as spans;
// withBigrams adds those of the Japanese headline's bigram twin.
func located(w []byte, locs []bsearch.FieldTermLocation, field string, withBigrams bool) []span {
	var out []span
	for i := range locs {
		l := &locs[i].Location
		if f := locs[i].Field; f != field && (!withBigrams || f != index.FieldHeadlineJABi) {
			continue
		}
		if len(l.ArrayPositions) == 0 && l.Start < l.End && l.End <= uint64(len(w)) {
			out = append(out, span{l.Start, l.End})
		}
	}
	return out
}

// nameSpans are the places of the names in the window: the window is lowered once into a
// buffer the page's fields share, not copied for each.
func (h *hitHighlighter) nameSpans(w []byte) []span {
	if len(h.names) == 0 {
		return nil
	}
	var out []span
	h.lower = appendASCIILower(h.lower[:0], w)
	for i, n := range h.names {
		for _, s := range findName(w, h.lower, n, h.lowered[i]) {
			out = append(out, span{uint64(s[0]), uint64(s[1])})
		}
	}
	return out
}

// span is a marked range of a window, in bytes from the window's start.
type span struct{ start, end uint64 }

// disjoint sorts spans and merges overlapping or touching ones (a phrase's bigrams, a kagome
// morpheme inside a bigram match), keeping the first maxHighlightSpans. bleve's formatter
// merges overlaps only pairwise and in an order that ties leave to map iteration, so without
// the merge the same hit could be marked differently from one search to the next.
func disjoint(all []span) []span {
	slices.SortFunc(all, func(a, b span) int { return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end)) })
	var out []span
	for _, s := range all {
		if n := len(out); n > 0 && s.start <= out[n-1].end {
			out[n-1].end = max(out[n-1].end, s.end)
			continue
		}
		if len(out) == maxHighlightSpans {
			break
		}
		out = append(out, s)
	}
	return out
}

// fragments picks the n best fragments of the window and marks the spans in them, as bleve's
// simple highlighter does (our fragmenter, its fragment scorer and heap, its HTML formatter
// and separator) but without making a bleve document, a map of term locations, a scan of
// that map for every fragment and a string grown piece by piece for each one.
// TestFragmentsAsBleves holds it to bleve's output. spans are disjoint and sorted (disjoint);
// cut says the window ends before the field does.
func (h *hitHighlighter) fragments(w []byte, cut bool, spans []span, n int) []string {
	locs := make([]highlight.TermLocation, len(spans))
	ordered := make(highlight.TermLocations, len(spans))
	for i, s := range spans {
		locs[i] = highlight.TermLocation{Start: int(s.start), End: int(s.end)}
		ordered[i] = &locs[i]
	}
	fq := make(simplehl.FragmentQueue, 0, len(spans))
	for _, f := range h.fragmenter.Fragment(w, ordered) {
		// The scorer's count: the spans wholly inside. Sorted and disjoint, they end in order.
		for i := sort.Search(len(spans), func(i int) bool { return spans[i].start >= uint64(f.Start) }); i < len(spans) && spans[i].end <= uint64(f.End); i++ {
			f.Score++
		}
		heap.Push(&fq, f)
	}
	// The n best that do not overlap, in bleve's order: the heap's, best first.
	var best []*highlight.Fragment
	for len(fq) > 0 && len(best) < n {
		f := heap.Pop(&fq).(*highlight.Fragment)
		if !slices.ContainsFunc(best, f.Overlaps) {
			best = append(best, f)
		}
	}
	out := make([]string, len(best))
	for i, f := range best {
		var b []byte
		if f.Start != 0 {
			b = append(b, simplehl.DefaultSeparator...)
		}
		curr := f.Start
		for _, l := range locs {
			if l.Start < curr {
				continue
			}
			if l.End > f.End {
				break
			}
			b = appendEscaped(b, w[curr:l.Start])
			b = append(b, "<mark>"...)
			b = appendEscaped(b, w[l.Start:l.End])
			b = append(b, "</mark>"...)
			curr = l.End
		}
		b = appendEscaped(b, w[curr:f.End])
		// bleve ends a fragment with the separator where it sees text go on; a cut window's
		// text goes on too.
		if f.End != len(w) || cut && !bytes.HasSuffix(b, []byte(simplehl.DefaultSeparator)) {
			b = append(b, simplehl.DefaultSeparator...)
		}
		out[i] = string(b)
	}
	return out
}

// appendEscaped appends s escaped as html.EscapeString escapes it: the runs between the
// bytes it escapes are appended whole.
func appendEscaped(b, s []byte) []byte {
	last := 0
	for i, c := range s {
		if !htmlEscaped[c] {
			continue
		}
		b = append(b, s[last:i]...)
		switch c {
		case '&':
			b = append(b, "&amp;"...)
		case '\'':
			b = append(b, "&#39;"...)
		case '<':
			b = append(b, "&lt;"...)
		case '>':
			b = append(b, "&gt;"...)
		case '"':
			b = append(b, "&#34;"...)
		}
		last = i + 1
	}
	return append(b, s[last:]...)
}

// htmlEscaped marks the bytes html.EscapeString escapes.
var htmlEscaped = [256]bool{'&': true, '\'': true, '<': true, '>': true, '"': true}
