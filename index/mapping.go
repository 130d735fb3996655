package index

import (
	"fmt"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	"github.com/blevesearch/bleve/v2/mapping"
)

// Analyzer names, defined in the mapping (so the golden test shows them) and used by search
// to analyze query text exactly as the field it targets.
const (
	AnalyzerJapanese = "ja_kagome"    // kagome morphemes, width-folded, lower case
	AnalyzerBigram   = "ja_bigram"    // cjk bigrams over unicode words, lower case
	AnalyzerEnglish  = "en_bigram"    // English (possessive, stop words, porter) + cjk bigrams
	AnalyzerKey      = "keyword_fold" // the whole value, lower case, width-folded
	AnalyzerKeyword  = keyword.Name   // the whole value as is
)

// TextField describes one analyzed text field a query term is searched in.
type TextField struct {
	Name     string
	Analyzer string
	Boost    float64
	Stored   bool // has a stored value that can be highlighted
}

// TextFields are the fields every plain query term is matched against. Headlines weigh more
// than body text; the kagome headline more than its bigram twin, which is there for recall.
func TextFields() []TextField {
	return []TextField{
		{FieldHeadlineJA, AnalyzerJapanese, 3, true},
		{FieldHeadlineJABi, AnalyzerBigram, 2, false},
		{FieldHeadlineEN, AnalyzerEnglish, 3, true},
		{FieldBody, AnalyzerEnglish, 1, true},
		{FieldNote, AnalyzerEnglish, 1, true},
	}
}

// NewMapping returns the schema of the item index. It registers our analysis components
// first, since the mapping refers to them by name.
func NewMapping() (*mapping.IndexMappingImpl, error) {
	Register()
	im := mapping.NewIndexMapping()
	im.DefaultAnalyzer = AnalyzerKeyword
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false

	analyzers := map[string]map[string]any{
		AnalyzerJapanese: {
			"type":          custom.Name,
			"tokenizer":     KagomeTokenizerName,
			"token_filters": []any{WidthFilterName, lowercase.Name},
		},
		AnalyzerBigram: {
			"type":          custom.Name,
			"tokenizer":     WordTokenizerName,
			"token_filters": []any{WidthFilterName, lowercase.Name, BigramFilterName},
		},
		// Bigrams come last: they renumber positions, so stop-word gaps close the same way
		// in documents and in phrase queries.
		AnalyzerEnglish: {
			"type":      custom.Name,
			"tokenizer": WordTokenizerName,
			"token_filters": []any{WidthFilterName, en.PossessiveName, lowercase.Name,
				en.StopName, PorterFilterName, BigramFilterName},
		},
		AnalyzerKey: {
			"type":          custom.Name,
			"tokenizer":     single.Name,
			"token_filters": []any{WidthFilterName, lowercase.Name},
		},
	}
	for name, def := range analyzers {
		if err := im.AddCustomAnalyzer(name, def); err != nil {
			return nil, fmt.Errorf("analyzer %s: %w", name, err)
		}
	}

	item := mapping.NewDocumentStaticMapping()
	keywordField := func() *mapping.FieldMapping {
		f := mapping.NewKeywordFieldMapping()
		f.Store = false
		f.DocValues = false
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		return f
	}
	foldedField := func() *mapping.FieldMapping {
		f := keywordField()
		f.Analyzer = AnalyzerKey
		return f
	}
	add := func(name string, f *mapping.FieldMapping) {
		f.Name = name
		item.AddFieldMappingsAt(name, f)
	}

	// Only what a query matches is indexed. Dates, ordinals, briefing ids and the names as
	// printed are read from the generation's Columns (sorting, date ranges, facets) and the
	// stored meta; indexing them cost a fifth of the build and nothing read them.
	// No doc values anywhere, for the same reason.
	add(FieldSection, keywordField())
	add(FieldMonth, keywordField())
	for _, f := range []string{FieldSourceKey, FieldPersonKey, FieldOrgKey, FieldPlaceKey} {
		add(f, foldedField()) // as matched, case-folded
	}
	for _, tf := range TextFields() {
		f := mapping.NewTextFieldMapping()
		f.Analyzer = tf.Analyzer
		f.Store = tf.Stored
		f.IncludeTermVectors = true // locations, for highlighting
		f.IncludeInAll = false
		f.DocValues = false
		add(tf.Name, f)
	}
	meta := mapping.NewTextFieldMapping()
	meta.Index = false
	meta.Store = true
	meta.IncludeInAll = false
	meta.IncludeTermVectors = false
	meta.DocValues = false
	add(FieldMeta, meta)

	// No _all field: every query names its fields, and an empty composite field still costs
	// a pass over every document's fields at index time.
	item.AddSubDocumentMapping("_all", mapping.NewDocumentDisabledMapping())
	// One document type: every document is an item, mapped statically.
	im.DefaultMapping = item
	im.DefaultType = "item"
	im.DefaultField = FieldBody
	if err := im.Validate(); err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}
	return im, nil
}
