package index

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"

	"briefsearch/archive"
	"briefsearch/index/indextest"
)

// mappedDocument is an item document as bleve's mapping builds it from a map of its values
// (what Batch.Index does), written out here independently of itemSchema.document.
func mappedDocument(t *testing.T, b *archive.Briefing, it *archive.Item) *document.Document {
	t.Helper()
	meta, err := json.Marshal(ItemMeta{
		ID: it.ID, BriefingID: b.ID, Ordinal: it.Ordinal, Section: it.Section,
		SectionTitle: it.SectionTitle, Date: it.Date, Sources: it.Sources, Entities: it.Entities,
	})
	if err != nil {
		t.Fatal(err)
	}
	values := map[string]any{
		FieldSection:      it.Section,
		FieldMonth:        Month(it.Date),
		FieldHeadlineJA:   it.HeadlineJA,
		FieldHeadlineJABi: it.HeadlineJA,
		FieldHeadlineEN:   it.HeadlineEN,
		FieldBody:         it.Body,
		FieldNote:         it.Note,
		FieldMeta:         string(meta),
	}
	fv := facetValues(it)
	for key, field := range map[string]string{FieldSourceKey: FieldSource, FieldPersonKey: FieldPerson, FieldOrgKey: FieldOrg, FieldPlaceKey: FieldPlace} {
		var keys []string
		for _, v := range fv[field] {
			keys = append(keys, Key(v))
		}
		if len(keys) > 0 {
			values[key] = keys
		}
	}
	im, err := NewMapping()
	if err != nil {
		t.Fatal(err)
	}
	doc := document.NewDocument(it.ID)
	if err := im.MapDocument(doc, values); err != nil {
		t.Fatal(err)
	}
	return doc
}

// newTestSchema is the item schema of a new mapping.
func newTestSchema(tb testing.TB) *itemSchema {
	tb.Helper()
	im, err := NewMapping()
	if err != nil {
		tb.Fatal(err)
	}
	schema, err := schemaOf(im)
	if err != nil {
		tb.Fatal(err)
	}
	return schema
}

// analyzedField is what zap reads of one analyzed field.
type analyzedField struct {
	name           string
	arrayPositions []uint64
	options        index.FieldIndexingOptions
	value          string
	encoded        byte
	length         int
	terms          []string // "term freq [pos start end arraypositions]…", sorted
}

func analyzedFields(doc *document.Document) []analyzedField {
	var out []analyzedField
	doc.VisitFields(func(f index.Field) {
		f.Analyze()
		a := analyzedField{name: f.Name(), arrayPositions: f.ArrayPositions(), options: f.Options(),
			value: string(f.Value()), encoded: f.EncodedFieldType(), length: f.AnalyzedLength()}
		for term, tf := range f.AnalyzedTokenFrequencies() {
			var s strings.Builder
			fmt.Fprintf(&s, "%q=%q %d", term, tf.Term, tf.Frequency())
			for _, l := range tf.Locations {
				fmt.Fprintf(&s, " [%d %d %d %v %q]", l.Position, l.Start, l.End, l.ArrayPositions, l.Field)
			}
			a.terms = append(a.terms, s.String())
		}
		slices.Sort(a.terms)
		out = append(out, a)
	})
	slices.SortFunc(out, func(a, b analyzedField) int {
		return cmp.Or(strings.Compare(a.name, b.name), slices.Compare(a.arrayPositions, b.arrayPositions))
	})
	return out
}

// TestItemDocumentAsMapped checks the documents a build indexes against bleve's mapping of
// the same values: the same fields with the same options, stored values and array positions,
// and after analysis the same lengths, terms, frequencies and locations. Items are the
// synthetic archive's and the sample's, with entities, empty texts and keys that fold.
func TestItemDocumentAsMapped(t *testing.T) {
	schema := newTestSchema(t)
	orig, reissue, _, _ := correctedSample(t) // the sample issue: its layouts, bold leftovers, mixed scripts
	briefings := append(indextest.Synthetic(4, 12), orig, reissue)
	r := rand.New(rand.NewPCG(5, 13))
	compared, withKeys := 0, 0
	for _, b := range briefings {
		for i := range b.Items {
			it := b.Items[i]
			switch r.IntN(4) {
			case 0:
				it.Note, it.HeadlineJA = "", ""
			case 1:
				it.Entities = &archive.Entities{Persons: []string{"Jeyhun Bayramov", "イルハム・アリエフ"},
					Organizations: []string{"ＥＵ", "NATO"}, Places: []string{"Baku", "baku "}}
			}
			got, err := schema.document(b, &it)
			if err != nil {
				t.Fatal(err)
			}
			if got.ID() != it.ID {
				t.Fatalf("%s: document id %q", it.ID, got.ID())
			}
			want := analyzedFields(mappedDocument(t, b, &it))
			have := analyzedFields(got)
			if len(have) != len(want) {
				t.Fatalf("%s: %d fields, mapping gives %d", it.ID, len(have), len(want))
			}
			for k := range want {
				h, w := have[k], want[k]
				if h.name != w.name || !slices.Equal(h.arrayPositions, w.arrayPositions) || h.options != w.options ||
					h.value != w.value || h.encoded != w.encoded || h.length != w.length || !slices.Equal(h.terms, w.terms) {
					t.Fatalf("%s: field %d:\n got  %+v\n want %+v", it.ID, k, h, w)
				}
				if len(h.arrayPositions) > 0 {
					withKeys++
				}
			}
			compared++
		}
	}
	if compared < 48 || withKeys == 0 {
		t.Fatalf("compared %d items, %d key values: the corpus lost its variety", compared, withKeys)
	}
}

// TestTokenFrequenciesAsBleves compares tokenFrequencies with bleve's TokenFrequency on random
// token streams (repeats, empty terms, array positions), with and without term vectors.
func TestTokenFrequenciesAsBleves(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	words := []string{"a", "b", "aa", "ab", "", "地雷", "除去", "bayramov"}
	for n := range 400 {
		tokens := make(analysis.TokenStream, r.IntN(40))
		for i := range tokens {
			w := words[r.IntN(len(words))]
			tokens[i] = &analysis.Token{Term: []byte(w), Start: i * 3, End: i*3 + len(w), Position: i + 1 + r.IntN(2)}
		}
		var positions []uint64
		if n%3 == 0 {
			positions = []uint64{uint64(n % 5)}
		}
		for _, options := range []index.FieldIndexingOptions{
			index.IndexField | index.IncludeTermVectors | index.StoreField,
			index.IndexField | index.IncludeTermVectors,
			index.IndexField,
		} {
			got := tokenFrequencies(tokens, positions, options)
			want := analysis.TokenFrequency(tokens, positions, options)
			if !sameFrequencies(got, want) {
				t.Fatalf("stream %d, options %v: got %v, bleve %v", n, options, got, want)
			}
			// Merging another field's frequencies in (as zap does for a repeated field name)
			// must leave every other term's locations as they were.
			if options.IncludeTermVectors() && len(got) > 1 {
				other := analysis.TokenFrequency(tokens, positions, options)
				snapshot := fmt.Sprint(locationsOf(got))
				got.MergeAll("x", other)
				want.MergeAll("x", analysis.TokenFrequency(tokens, positions, options))
				if !sameFrequencies(got, want) {
					t.Fatalf("stream %d after MergeAll: got %v, bleve %v (before: %s)", n, got, want, snapshot)
				}
			}
		}
	}
}

func sameFrequencies(a, b index.TokenFrequencies) bool {
	if len(a) != len(b) {
		return false
	}
	for term, tf := range a {
		o, ok := b[term]
		if !ok || string(tf.Term) != string(o.Term) || tf.Frequency() != o.Frequency() || len(tf.Locations) != len(o.Locations) {
			return false
		}
		for i, l := range tf.Locations {
			m := o.Locations[i]
			if l.Position != m.Position || l.Start != m.Start || l.End != m.End || l.Field != m.Field ||
				!slices.Equal(l.ArrayPositions, m.ArrayPositions) {
				return false
			}
		}
	}
	return true
}

func locationsOf(tfs index.TokenFrequencies) map[string][]index.TokenLocation {
	out := map[string][]index.TokenLocation{}
	for term, tf := range tfs {
		for _, l := range tf.Locations {
			out[term] = append(out[term], *l)
		}
	}
	return out
}
