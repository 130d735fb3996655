package search

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/document"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight"
	htmlformat "github.com/blevesearch/bleve/v2/search/highlight/format/html"
	"github.com/blevesearch/bleve/v2/search/highlight/fragmenter/simple"
	simplehl "github.com/blevesearch/bleve/v2/search/highlight/highlighter/simple"
)

// bleveFragments is what fragments did before it stopped going through bleve's highlighter:
// the window as a document of one field, each span a term of its own, bleve's simple
// highlighter with our fragmenter and its HTML formatter, then the separator on a cut window.
func bleveFragments(w []byte, cut bool, spans []span, n int) []string {
	const field = "body"
	bleves := newWordFragmenter(fragmentSize)
	bleves.bleves = true
	hl := simplehl.NewHighlighter(bleves, htmlformat.NewFragmentFormatter("<mark>", "</mark>"), simplehl.DefaultSeparator)
	doc := document.NewDocument("")
	doc.AddField(document.NewTextField(field, nil, w))
	tlm := make(bsearch.TermLocationMap, len(spans))
	for i, s := range spans {
		tlm[strconv.Itoa(i)] = bsearch.Locations{{Start: s.start, End: s.end}}
	}
	dm := &bsearch.DocumentMatch{Locations: bsearch.FieldTermLocationMap{field: tlm}}
	frags := hl.BestFragmentsInField(dm, doc, field, n)
	if sep := hl.Separator(); cut {
		for i, f := range frags {
			if !strings.HasSuffix(f, sep) {
				frags[i] = f + sep
			}
		}
	}
	return frags
}

// fragments marks exactly what bleve's simple highlighter marked, fragment for fragment:
// on the sample's texts and on random ones (Japanese, HTML's special characters, broken
// UTF-8, a separator at the end), with random matches, one or two fragments, cut or not.
func TestFragmentsAsBleves(t *testing.T) {
	sample, err := loadDir(sampleDir)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, b := range sample {
		for _, it := range b.Items {
			for _, text := range []string{it.Body, it.HeadlineJA, it.HeadlineEN, it.Note} {
				if text != "" {
					texts = append(texts, text)
				}
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"Bayramov ", "met ", "the ", "<b>", "&amp; ", `"quoted" `, "it's ", "地雷除去", "の", "大統領", "、", " ", "\n",
		"…", "Ａ", "x", strings.Repeat("long", 30) + " "}
	broken := []string{"\xff", "\xe5\x9c"} // bleve's fragmenter gives up on a fragment that holds one
	for i := range 600 {
		var b strings.Builder
		for range 1 + rng.IntN(120) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		if i%4 == 0 {
			b.WriteString(broken[rng.IntN(len(broken))])
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		texts = append(texts, b.String())
	}
	h := newHighlighter(nil, nil, nil)
	compared, marked := 0, 0
	for ti, text := range texts {
		w := []byte(text)
		for round := range 8 {
			var raw []span
			for range 1 + rng.IntN(12) {
				if len(w) == 0 {
					break
				}
				start := rng.IntN(len(w))
				end := start + 1 + rng.IntN(min(24, len(w)-start))
				if round < 4 { // on character boundaries, as every match is; then anywhere
					for start > 0 && !utf8.RuneStart(w[start]) {
						start--
					}
					for end < len(w) && !utf8.RuneStart(w[end]) {
						end++
					}
				}
				raw = append(raw, span{uint64(start), uint64(end)})
			}
			spans := disjoint(raw)
			cut, n := round%2 == 1, 1+round%2
			got := h.fragments(w, cut, spans, n)
			want := bleveFragments(w, cut, spans, n)
			compared++
			if strings.Contains(strings.Join(got, ""), "<mark>") {
				marked++
			}
			if strings.Join(got, "\x00") != strings.Join(want, "\x00") || len(got) != len(want) {
				t.Fatalf("text %d, spans %v, cut %v, n %d:\n got %q\nwant %q", ti, spans, cut, n, got, want)
			}
		}
	}
	t.Logf("compared %d, %d with marks", compared, marked)
	if compared < 5000 || marked < compared/2 {
		t.Fatalf("compared %d, %d with marks: the cases are not what this test is about", compared, marked)
	}
}

// simpleFragments cuts the fragments bleve's simple fragmenter cuts, wherever it takes the
// text (and declines the rest): random texts of ASCII, Japanese, marks and U+FFFD, some broken,
// with sorted matches on character boundaries or anywhere, overlapping or not, and fragment
// sizes from 1 character to more than the text.
func TestSimpleFragmentsAsBleves(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	pieces := []string{"a", "Bayramov ", " ", "\n", "<", "地雷", "の", "é", "’", "Ａ", "😀"}
	compared, declined, overlapping, ascii := 0, 0, 0, 0
	for i := range 20000 {
		var b strings.Builder
		from := pieces
		if i%3 == 2 {
			from = pieces[:5] // ASCII alone: simpleFragments counts characters as bytes
		}
		for range rng.IntN(40) {
			b.WriteString(from[rng.IntN(len(from))])
		}
		switch i % 20 {
		case 0:
			b.WriteString("\xe5\x9c") // broken
		case 10:
			b.WriteString("\uFFFD") // what bleve's decoder reports as an error too
		}
		w := []byte(b.String())
		var ot highlight.TermLocations
		for at := 0; at < len(w) && len(ot) < 8; {
			start := at + rng.IntN(len(w)-at)
			end := min(len(w), start+1+rng.IntN(12))
			if i%3 != 0 { // on character boundaries, as matches are
				for start > 0 && !utf8.RuneStart(w[start]) {
					start--
				}
				for end < len(w) && !utf8.RuneStart(w[end]) {
					end++
				}
			}
			ot = append(ot, &highlight.TermLocation{Start: start, End: end})
			at = start + 1
			if i%2 == 0 {
				at = end // disjoint
			}
		}
		size := []int{1, 2, 5, 20, 200}[rng.IntN(5)]
		got, ok := simpleFragments(w, ot, size)
		if !ok {
			declined++
			continue
		}
		want := simple.NewFragmenter(size).Fragment(w, ot)
		if i%2 == 1 {
			overlapping++
		}
		if isASCII(w) {
			ascii++
		}
		if len(got) != len(want) {
			t.Fatalf("%q at %v, size %d: %d fragments, bleve %d", w, spansOf(ot), size, len(got), len(want))
		}
		for k := range got {
			if got[k].Start != want[k].Start || got[k].End != want[k].End {
				t.Fatalf("%q at %v, size %d: fragment %d is [%d:%d], bleve's [%d:%d]", w, spansOf(ot), size, k, got[k].Start, got[k].End, want[k].Start, want[k].End)
			}
		}
		compared++
	}
	t.Logf("compared %d (%d with matches free to overlap, %d ASCII), declined %d", compared, overlapping, ascii, declined)
	if compared < 8000 || overlapping < 4000 || ascii < 3000 || declined < 2000 {
		t.Fatalf("compared %d (%d free to overlap, %d ASCII), declined %d: the cases are not what this test is about", compared, overlapping, ascii, declined)
	}
}

func spansOf(ot highlight.TermLocations) [][2]int {
	var out [][2]int
	for _, l := range ot {
		out = append(out, [2]int{l.Start, l.End})
	}
	return out
}
