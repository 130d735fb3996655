package search

import (
	"strings"

	"briefsearch/archive"
	"briefsearch/index"
)

// Explain is how a query was understood: each term as the index's analyzers cut it, and the
// filters as applied (section names resolved to keys, date qualifiers to days). Expansions
// (entity aliases, glossary groups) are in Normalized.Expansions beside it.
type Explain struct {
	// Clauses are the query's conjuncts, in order: every clause not negated must match, and no
	// negated one may.
	Clauses []ExplainClause `json:"clauses"`
	Filters []ExplainFilter `json:"filters"`
}

// ExplainClause is one conjunct: alternatives joined by OR.
type ExplainClause struct {
	Negated bool          `json:"negated"`
	Terms   []ExplainTerm `json:"terms"`
}

// ExplainTerm is one term and what the index is searched for.
type ExplainTerm struct {
	Text string `json:"text"` // re-printed as understood (a section alias as its key)
	Kind string `json:"kind"` // word, phrase, prefix or qualifier
	// Given is the term as typed, when it was changed (section:military -> section:military-security).
	Given string `json:"given,omitempty"`
	// Words are the English analysis (lower case, stemmed, stop words dropped): what
	// headline_en, body and note are searched for; several words are matched as a phrase.
	Words []string `json:"words,omitempty"`
	// Morphemes are kagome's segmentation of Japanese text: what headline_ja is searched for.
	Morphemes []string `json:"morphemes,omitempty"`
	// Bigrams are the CJK bigrams of Japanese text, matched as a phrase (adjacent, in order)
	// in headline_ja_bigram and the English fields, so バイラモフ never matches アゼルバイジャン
	// through a shared bigram.
	Bigrams []string `json:"bigrams,omitempty"`
	// Field is the keyword field a qualifier filters on.
	Field string `json:"field,omitempty"`
	// StopWord: every word of the term is a stop word, so it constrains nothing.
	StopWord bool `json:"stop_word,omitempty"`
}

// ExplainFilter is one filter as applied.
type ExplainFilter struct {
	Name   string   `json:"name"`   // section, source, person, org, place, month, from or to
	Values []string `json:"values"` // as matched: section keys, days (YYYY-MM-DD)
	// Given are the values as typed where they differ from Values (a section's title, from:2026-05).
	Given []string `json:"given,omitempty"`
	// Origin is where the filter came from: "parameter" (the request's filters), "query" (a
	// from:/to: qualifier) or "both" (the narrower bound applies).
	Origin string `json:"origin"`
}

// explain describes p; c is the compiler that compiled it (for its analyzers).
func (c *compiler) explain(p *plan) Explain {
	out := Explain{Clauses: []ExplainClause{}, Filters: []ExplainFilter{}}
	given := map[string]string{} // section key -> a value that named it in the query
	for _, r := range p.sections {
		if r.FromQuery && r.Given != r.Key {
			given[r.Key] = r.Given
		}
	}
	for _, cl := range p.query.clauses {
		ec := ExplainClause{Negated: cl.negated, Terms: []ExplainTerm{}}
		for _, t := range cl.alts {
			ec.Terms = append(ec.Terms, c.explainTerm(t, given))
		}
		out.Clauses = append(out.Clauses, ec)
	}
	f := p.filters
	var sectionGiven []string
	for _, r := range p.sections {
		if !r.FromQuery && r.Given != r.Key {
			sectionGiven = append(sectionGiven, r.Given)
		}
	}
	for _, l := range []struct {
		name   string
		values []string
		given  []string
	}{{qualSection, f.Sections, sectionGiven}, {qualSource, f.Sources, nil}, {qualPerson, f.Persons, nil},
		{qualOrg, f.Organizations, nil}, {qualPlace, f.Places, nil}, {qualMonth, f.Months, nil}} {
		if len(l.values) > 0 {
			out.Filters = append(out.Filters, ExplainFilter{Name: l.name, Values: l.values, Given: l.given, Origin: "parameter"})
		}
	}
	for _, b := range []struct {
		name, typed      string
		applied          archive.Date
		inQuery, inParam bool
	}{
		{qualFrom, p.query.fromText, f.From, !p.query.from.IsZero(), p.paramFrom},
		{qualTo, p.query.toText, f.To, !p.query.to.IsZero(), p.paramTo},
	} {
		if b.applied.IsZero() {
			continue
		}
		ef := ExplainFilter{Name: b.name, Values: []string{b.applied.String()}, Origin: "parameter"}
		switch {
		case b.inQuery && b.inParam:
			ef.Origin = "both"
		case b.inQuery:
			ef.Origin = "query"
		}
		if b.inQuery && b.typed != b.applied.String() {
			ef.Given = []string{b.name + ":" + b.typed}
		}
		out.Filters = append(out.Filters, ef)
	}
	return out
}

func (c *compiler) explainTerm(t term, sectionGiven map[string]string) ExplainTerm {
	kinds := map[termKind]string{kindWord: "word", kindPhrase: "phrase", kindPrefix: "prefix", kindQualifier: "qualifier"}
	et := ExplainTerm{Text: t.String(), Kind: kinds[t.kind]}
	if t.kind == kindQualifier {
		switch t.key {
		case qualSection:
			et.Field = index.FieldSection
			if g, ok := sectionGiven[t.text]; ok {
				et.Given = qualSection + ":" + g
			}
		case qualSource:
			et.Field = index.FieldSourceKey
		case qualMonth:
			et.Field = index.FieldMonth
		default:
			et.Field = entityKeyField(map[string]string{qualPerson: EntityPerson, qualOrg: EntityOrganization, qualPlace: EntityPlace}[t.key])
		}
		return et
	}
	et.Words = c.analyze(index.AnalyzerEnglish, t.text)
	if hasCJK(t.text) {
		et.Morphemes = c.analyze(index.AnalyzerJapanese, t.text)
		et.Bigrams = c.analyze(index.AnalyzerBigram, t.text)
		// The English fields cut Japanese into the same bigrams: say it once.
		if strings.Join(et.Words, " ") == strings.Join(et.Bigrams, " ") {
			et.Words = nil
		}
	}
	et.StopWord = len(et.Words) == 0 && len(et.Morphemes) == 0 && len(et.Bigrams) == 0
	return et
}
