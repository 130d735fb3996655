package index

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"unsafe"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"briefsearch/archive"
)

// itemSchema builds an item's bleve document directly, field by field, with each field's
// indexing options and analyzer read from the mapping, so the mapping stays the one place
// the schema is defined. bleve's Batch.Index would walk a map of the same values by
// reflection to the same fields; TestItemDocumentAsMapped holds the two alike.
//
// The text fields are bleve's text fields (textField) with the costs of a build taken out:
//   - they keep their tokens compactly for the segment writer (segment.go), and build
//     bleve's term frequencies only if zap asks for them, in a few allocations a field, not
//     two for every term and more for every repeat (tokenFrequencies);
//   - Size, which scorch calls on every analyzed document only to count bytes for its
//     statistics, is estimated from the token count instead of summed over every location.
type itemSchema struct {
	fields map[string]fieldSpec
}

type fieldSpec struct {
	options  index.FieldIndexingOptions
	analyzer analysis.Analyzer
}

// schemaOf reads every item field's options and analyzer from an index's mapping.
func schemaOf(m mapping.IndexMapping) (*itemSchema, error) {
	im, ok := m.(*mapping.IndexMappingImpl)
	if !ok || im.DefaultMapping == nil {
		return nil, fmt.Errorf("index mapping: %T is not an item mapping", m)
	}
	s := &itemSchema{fields: map[string]fieldSpec{}}
	for name, dm := range im.DefaultMapping.Properties {
		if len(dm.Fields) != 1 {
			continue // _all (disabled): no field
		}
		fm := dm.Fields[0]
		name := cmp.Or(fm.Name, name)
		analyzer := im.AnalyzerNamed(cmp.Or(fm.Analyzer, im.DefaultAnalyzer))
		if analyzer == nil {
			return nil, fmt.Errorf("index mapping: field %s: no analyzer %q", name, fm.Analyzer)
		}
		s.fields[name] = fieldSpec{options: fm.Options(), analyzer: analyzer}
	}
	return s, nil
}

// document is the bleve document of one item: its texts, its keys (folded, for filters and
// qualifiers), its month and section, and its metadata as stored JSON. Its values share one
// block of bytes, its text fields one block, its keys' array positions one.
func (s *itemSchema) document(b *archive.Briefing, it *archive.Item) (*document.Document, error) {
	meta, err := json.Marshal(ItemMeta{
		ID: it.ID, BriefingID: b.ID, Ordinal: it.Ordinal, Section: it.Section,
		SectionTitle: it.SectionTitle, Date: it.Date, Sources: it.Sources, Entities: it.Entities,
	})
	if err != nil {
		return nil, fmt.Errorf("item %s: encoding metadata: %w", it.ID, err)
	}
	type value struct {
		field, text string
		position    int // in the field's list of values; -1 for a field of one value
	}
	values := []value{
		{FieldSection, it.Section, -1},
		{FieldMonth, Month(it.Date), -1},
		{FieldHeadlineJA, it.HeadlineJA, -1},
		{FieldHeadlineJABi, it.HeadlineJA, -1},
		{FieldHeadlineEN, it.HeadlineEN, -1},
		{FieldBody, it.Body, -1},
		{FieldNote, it.Note, -1},
		{FieldMeta, string(meta), -1},
	}
	facets := facetValues(it)
	for _, k := range [...]struct{ key, field string }{
		{FieldSourceKey, FieldSource}, {FieldPersonKey, FieldPerson},
		{FieldOrgKey, FieldOrg}, {FieldPlaceKey, FieldPlace},
	} {
		for i, v := range facets[k.field] {
			values = append(values, value{k.key, Key(v), i})
		}
	}
	size := 0
	for _, v := range values {
		size += len(v.text)
	}
	buf := make([]byte, 0, size)
	positions := make([]uint64, len(values))
	texts := make([]textField, 0, len(values))
	doc := document.NewDocument(it.ID)
	doc.Fields = make([]document.Field, 0, len(values)+1) // and _id
	for i, v := range values {
		spec, ok := s.fields[v.field]
		if !ok {
			return nil, fmt.Errorf("item %s: field %s is not in the index mapping", it.ID, v.field)
		}
		arrayPositions := positions[i:i:i] // none, as the mapping gives a field of one value
		if v.position >= 0 {
			positions[i] = uint64(v.position)
			arrayPositions = positions[i : i+1 : i+1]
		}
		at := len(buf)
		buf = append(buf, v.text...)
		f := document.NewTextFieldCustom(v.field, arrayPositions, buf[at:len(buf):len(buf)], spec.options, spec.analyzer)
		if spec.options.IncludeTermVectors() {
			texts = append(texts, textField{TextField: f})
			doc.AddField(&texts[len(texts)-1])
		} else {
			doc.AddField(f)
		}
	}
	doc.SetIndexed()
	return doc, nil
}

// textField is an analyzed text field with term vectors: bleve's, analyzed the same way. It
// keeps its tokens compactly (their terms in one block, 16 bytes of numbers each, against
// bleve's token objects of 80 bytes and a pointer), which newSegment reads; they are what a
// batch holds in memory until its segment is written. The term frequencies of bleve's
// interface are built from them when asked for (by zap, when a batch goes to it).
type textField struct {
	*document.TextField
	terms  []byte
	tokens []fieldToken
	freqs  index.TokenFrequencies
}

// fieldToken is one token of a text field: its term is the field's terms from the previous
// token's termEnd (0 for the first) to its own.
type fieldToken struct {
	termEnd, position, start, end uint32
}

func (f *textField) Analyze() {
	in := f.Value()
	if f.Options().IsStored() {
		in = bytes.Clone(in) // token filters may write into the text; the stored value stays
	}
	tokens := f.Analyzer().Analyze(in)
	size := 0
	for _, tok := range tokens {
		size += len(tok.Term)
	}
	f.terms = make([]byte, 0, size)
	f.tokens = make([]fieldToken, len(tokens))
	for i, tok := range tokens {
		f.terms = append(f.terms, tok.Term...)
		f.tokens[i] = fieldToken{uint32(len(f.terms)), uint32(tok.Position), uint32(tok.Start), uint32(tok.End)}
	}
	f.freqs = nil
}

// term is token i's term.
func (f *textField) term(i int) []byte {
	start := uint32(0)
	if i > 0 {
		start = f.tokens[i-1].termEnd
	}
	return f.terms[start:f.tokens[i].termEnd]
}

func (f *textField) AnalyzedLength() int { return len(f.tokens) }

func (f *textField) AnalyzedTokenFrequencies() index.TokenFrequencies {
	if f.freqs == nil {
		tokens := make(analysis.TokenStream, len(f.tokens))
		for i, t := range f.tokens {
			tokens[i] = &analysis.Token{Term: f.term(i), Position: int(t.position), Start: int(t.start), End: int(t.end)}
		}
		f.freqs = tokenFrequencies(tokens, f.ArrayPositions(), f.Options())
	}
	return f.freqs
}

// Size estimates the field's memory (scorch adds it up for its statistics, nothing else).
func (f *textField) Size() int {
	return f.TextField.Size() + len(f.terms) + len(f.tokens)*int(unsafe.Sizeof(fieldToken{}))
}

// tokenFrequencies is bleve's analysis.TokenFrequency: each distinct term once, with its
// frequency and its locations in token order. With term vectors it allocates the terms, the
// locations and their pointers in one block each, and gives every term's Locations a capacity
// of exactly its count (so an append to one, as MergeAll does, cannot run into the next).
func tokenFrequencies(tokens analysis.TokenStream, arrayPositions []uint64, options index.FieldIndexingOptions) index.TokenFrequencies {
	if !options.IncludeTermVectors() || options.SkipFreqNorm() {
		return analysis.TokenFrequency(tokens, arrayPositions, options)
	}
	rv := make(index.TokenFrequencies, len(tokens))
	terms := make([]index.TokenFreq, len(tokens))
	owner := make([]*index.TokenFreq, len(tokens))
	n := 0
	for i, tok := range tokens {
		tf, ok := rv[string(tok.Term)]
		if !ok {
			tf = &terms[n]
			n++
			tf.Term = tok.Term
			rv[string(tok.Term)] = tf
		}
		tf.SetFrequency(tf.Frequency() + 1)
		owner[i] = tf
	}
	ptrs := make([]*index.TokenLocation, len(tokens))
	off := 0
	for i := range terms[:n] {
		end := off + terms[i].Frequency()
		terms[i].Locations = ptrs[off:off:end]
		off = end
	}
	locs := make([]index.TokenLocation, len(tokens))
	for i, tok := range tokens {
		locs[i] = index.TokenLocation{ArrayPositions: arrayPositions, Start: tok.Start, End: tok.End, Position: tok.Position}
		owner[i].Locations = append(owner[i].Locations, &locs[i])
	}
	return rv
}
