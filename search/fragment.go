package search

import (
	"bytes"
	"sort"

	"github.com/blevesearch/bleve/v2/search/highlight"
	"github.com/blevesearch/bleve/v2/search/highlight/fragmenter/simple"
)

// maxSnap is how far (in bytes) a fragment's edge may move to reach a word boundary.
const maxSnap = 32

// wordFragmenter cuts fragments as bleve's simple fragmenter does (centred on the matches,
// counted in characters, so Japanese is never split inside a character), then moves each edge
// to the nearest space within the fragment, so English snippets start and end on whole words.
// An edge with no space nearby (Japanese text) stays where it was.
type wordFragmenter struct{ inner *simple.Fragmenter }

func newWordFragmenter(size int) wordFragmenter {
	return wordFragmenter{simple.NewFragmenter(size)}
}

func (w wordFragmenter) Fragment(orig []byte, ot highlight.TermLocations) []*highlight.Fragment {
	frags := w.inner.Fragment(orig, ot)
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
