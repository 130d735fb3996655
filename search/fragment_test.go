package search

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/document"
	bsearch "github.com/blevesearch/bleve/v2/search"
	htmlformat "github.com/blevesearch/bleve/v2/search/highlight/format/html"
	simplehl "github.com/blevesearch/bleve/v2/search/highlight/highlighter/simple"
)

// bleveFragments is what fragments did before it stopped going through bleve's highlighter:
// the window as a document of one field, each span a term of its own, bleve's simple
// highlighter with our fragmenter and its HTML formatter, then the separator on a cut window.
func bleveFragments(w []byte, cut bool, spans []span, n int) []string {
	const field = "body"
	hl := simplehl.NewHighlighter(newWordFragmenter(fragmentSize), htmlformat.NewFragmentFormatter("<mark>", "</mark>"), simplehl.DefaultSeparator)
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
