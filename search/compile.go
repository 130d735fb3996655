package search

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"briefsearch/index"
)

// MaxPrefixTerms caps how many indexed words one prefix may expand to, as search servers cap
// their clause counts: beyond it the prefix is refused with a message, not run slowly.
const MaxPrefixTerms = 1024

// Entity types as Lexicon.Entity reports them.
const (
	EntityPerson       = "person"
	EntityOrganization = "organization"
	EntityPlace        = "place"
)

// compiler turns a plan into a bleve query against one generation.
type compiler struct {
	idx    bleve.Index    // for analyzers and prefix expansion
	lex    Lexicon        // nil = no expansion
	topics topicSet       // the generation's glossary-group matches; nil = expand into phrases
	cols   *index.Columns // for date ranges as document sets; nil = the collector alone applies them
	// exact: phrases as exactPhraseQuery (phrase.go), faster than bleve's phrase query.
	exact bool
	exps  []Expansion
	// noLocations: the query has parts that bring no term locations (topic bitmaps), so
	// highlighting needs the query compiled without them.
	noLocations bool
	// entities are the canonical names positive terms stand for: highlighting marks their
	// names in the hits' text (hits.go), which their key terms cannot.
	entities []string
	negating bool // compiling a -clause
	// memo keeps the analyses of lexicon terms for the generation (the view's); memoizing is
	// set while compiling them, never for the user's own words.
	memo      *sync.Map
	memoizing bool
	// analyzed keeps this query's analyses: a word is analyzed for the stop-word test, for
	// each text field and for the explanation, by three analyzers in all.
	analyzed map[string][]string
}

// matcher is the compiler for finding matches fast: stored topics, exact phrases, date
// ranges as bitmaps. Topic bitmaps bring no locations for highlighting; highlighter's
// queries do.
func (v *view) matcher() *compiler {
	return &compiler{idx: v.gen.Index, lex: v.lex, topics: v.topics, cols: v.gen.Columns, exact: true,
		memo: &v.analyzed}
}

// highlighter is the compiler whose queries bring every match's term locations.
func (v *view) highlighter() *compiler {
	return &compiler{idx: v.gen.Index, lex: v.lex, exact: true, memo: &v.analyzed}
}

// compile builds the query for p; its errors are *RequestError (a prefix that expands too far).
func (c *compiler) compile(p *plan) (query.Query, error) {
	var must, mustNot []query.Query
	droppedAll := p.query.hasText()
	for _, cl := range p.query.clauses {
		var alts []query.Query
		c.negating = cl.negated
		for _, t := range cl.alts {
			q, err := c.term(t)
			if err != nil {
				return nil, err
			}
			if q != nil {
				alts = append(alts, q)
			}
		}
		if len(alts) == 0 {
			continue // only stop words: they constrain nothing
		}
		if cl.negated {
			mustNot = append(mustNot, unscored(disjunction(alts)))
			continue
		}
		must = append(must, disjunction(alts))
		droppedAll = false
	}
	c.negating = false
	if droppedAll {
		// Every word was a stop word ("the", "of"): nothing to look for.
		return bleve.NewMatchNoneQuery(), nil
	}
	must = append(must, c.filters(p.filters)...)
	if len(must) == 0 {
		must = append(must, bleve.NewMatchAllQuery())
	}
	if len(mustNot) == 0 {
		if len(must) == 1 {
			return must[0], nil
		}
		return bleve.NewConjunctionQuery(must...), nil
	}
	m := must[0]
	if len(must) > 1 {
		m = bleve.NewConjunctionQuery(must...)
	}
	return &andNotQuery{must: m, not: disjunction(mustNot)}, nil
}

func disjunction(qs []query.Query) query.Query {
	if len(qs) == 1 {
		return qs[0]
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// term compiles one query term; nil means the term matches on nothing to look for (a stop word).
func (c *compiler) term(t term) (query.Query, error) {
	switch t.kind {
	case kindPrefix:
		return c.prefix(t)
	case kindQualifier:
		return unscored(c.qualifier(t.key, t.text)), nil
	}
	text := c.text(t.text)
	if text == nil {
		return nil, nil
	}
	alts := []query.Query{text}
	if c.lex != nil {
		alts = append(alts, c.expand(t.text)...)
	}
	return disjunction(alts), nil
}

// text matches s in every text field, analyzed as that field is: one token is a term query,
// several are a phrase, so Japanese bigrams of バイラモフ must all occur, in order.
func (c *compiler) text(s string) query.Query {
	if !hasCJK(s) && len(c.analyze(index.AnalyzerEnglish, s)) == 0 {
		return nil // an English stop word
	}
	var qs []query.Query
	for _, f := range index.TextFields() {
		terms := c.analyze(f.Analyzer, s)
		var q query.Query
		switch len(terms) {
		case 0:
			continue
		case 1:
			tq := bleve.NewTermQuery(terms[0])
			tq.SetField(f.Name)
			tq.SetBoost(f.Boost)
			q = tq
		default:
			if c.exact {
				q = &exactPhraseQuery{terms: terms, field: f.Name, boost: f.Boost}
				break
			}
			pq := bleve.NewPhraseQuery(terms, f.Name)
			pq.SetBoost(f.Boost)
			q = pq
		}
		qs = append(qs, q)
	}
	if len(qs) == 0 {
		return nil
	}
	return disjunction(qs)
}

// analyze is s as analyzer cuts it: the terms the index holds. The slice is shared; callers do
// not change it.
func (c *compiler) analyze(analyzer, s string) []string {
	key := analyzer + "\x00" + s
	if c.memoizing && c.memo != nil {
		if terms, ok := c.memo.Load(key); ok {
			return terms.([]string)
		}
		terms := c.analyzeNow(analyzer, s)
		c.memo.Store(key, terms)
		return terms
	}
	if terms, ok := c.analyzed[key]; ok {
		return terms
	}
	terms := c.analyzeNow(analyzer, s)
	if c.analyzed == nil {
		c.analyzed = map[string][]string{}
	}
	c.analyzed[key] = terms
	return terms
}

func (c *compiler) analyzeNow(analyzer, s string) []string {
	a := c.idx.Mapping().AnalyzerNamed(analyzer)
	if a == nil {
		return nil
	}
	toks := a.Analyze([]byte(s))
	terms := make([]string, 0, len(toks))
	for _, tk := range toks {
		terms = append(terms, string(tk.Term))
	}
	return terms
}

// expand adds a term's equivalents from the lexicon and records them for the user to see.
func (c *compiler) expand(s string) []query.Query {
	var qs []query.Query
	if typ, canonical, ok := c.lex.Entity(s); ok {
		if field := entityKeyField(typ); field != "" {
			tq := bleve.NewTermQuery(index.Key(canonical))
			tq.SetField(field)
			tq.SetBoost(2)
			qs = append(qs, tq)
			c.record(Expansion{Term: s, Kind: "entity", Into: []string{canonical}, Entity: canonical})
			if !c.negating {
				c.entities = append(c.entities, canonical)
			}
		}
	}
	syns := c.lex.Synonyms(s)
	var (
		into  []string
		texts []query.Query
	)
	// Synonyms come from the generation's lexicon, a bounded set: their analyses are kept.
	c.memoizing = true
	defer func() { c.memoizing = false }()
	for _, syn := range syns {
		syn = strings.TrimSpace(syn)
		if syn == "" || strings.EqualFold(syn, s) || slices.Contains(into, syn) {
			continue
		}
		if q := c.text(syn); q != nil {
			texts = append(texts, q)
			into = append(into, syn)
		}
	}
	if len(into) == 0 {
		return qs
	}
	c.record(Expansion{Term: s, Kind: "glossary", Into: into})
	// The group's stored matches are the union of every term's text query, s's included:
	// the same items as texts, found without matching a phrase (topics.go).
	if docs, ok := c.topics[groupKey(append(slices.Clone(syns), s))]; ok {
		c.noLocations = true
		return append(qs, &docSetQuery{docs: docs, boost: topicScoreBoost})
	}
	return append(qs, texts...)
}

func (c *compiler) record(e Expansion) {
	for _, old := range c.exps {
		if old.Term == e.Term && old.Kind == e.Kind {
			return
		}
	}
	c.exps = append(c.exps, e)
}

// prefix expands word* to the indexed words that start with it, in the fields where words are
// whole (not bigrams). English fields hold stems, so the prefix's own stem is tried as well:
// relations* then also finds "relations", indexed as "relat".
func (c *compiler) prefix(t term) (query.Query, error) {
	if hasCJK(t.text) {
		return c.text(t.text), nil // bigrams already match inside Japanese words
	}
	p := index.Key(t.text)
	forms := []string{p}
	if st := c.analyze(index.AnalyzerEnglish, p); len(st) == 1 && st[0] != p && strings.HasPrefix(p, st[0]) {
		forms = append(forms, st[0])
	}
	var qs []query.Query
	for _, f := range index.TextFields() {
		if f.Analyzer == index.AnalyzerBigram {
			continue
		}
		seen := map[string]bool{}
		for _, form := range forms {
			dict, err := c.idx.FieldDictPrefix(f.Name, []byte(form))
			if err != nil {
				return nil, fmt.Errorf("expanding %s*: %w", t.text, err)
			}
			for {
				e, err := dict.Next()
				if err != nil || e == nil {
					break
				}
				if seen[e.Term] {
					continue
				}
				seen[e.Term] = true
				tq := bleve.NewTermQuery(e.Term)
				tq.SetField(f.Name)
				tq.SetBoost(f.Boost)
				qs = append(qs, tq)
				if len(qs) > MaxPrefixTerms {
					dict.Close()
					return nil, parseError(t.col, "%s* matches more than %d words; type more of the word", t.text, MaxPrefixTerms)
				}
			}
			dict.Close()
		}
	}
	if len(qs) == 0 {
		return bleve.NewMatchNoneQuery(), nil
	}
	return disjunction(qs), nil
}

// qualifier matches a keyword field, case-insensitively. person:, org: and place: also accept
// an alias the lexicon knows (person:バイラモフ finds Jeyhun Bayramov).
func (c *compiler) qualifier(key, value string) query.Query {
	switch key {
	case qualSection:
		return termQuery(index.FieldSection, strings.ToLower(strings.TrimSpace(value)))
	case qualSource:
		return termQuery(index.FieldSourceKey, index.Key(value))
	case qualMonth:
		return termQuery(index.FieldMonth, strings.TrimSpace(value))
	}
	typ := map[string]string{qualPerson: EntityPerson, qualOrg: EntityOrganization, qualPlace: EntityPlace}[key]
	field := entityKeyField(typ)
	qs := []query.Query{termQuery(field, index.Key(value))}
	if c.lex != nil {
		if t, canonical, ok := c.lex.Entity(value); ok && entityKeyField(t) == field && index.Key(canonical) != index.Key(value) {
			qs = append(qs, termQuery(field, index.Key(canonical)))
		}
	}
	return disjunction(qs)
}

// filters turns Filters into conjuncts: values of one filter ORed, filters ANDed.
func (c *compiler) filters(f Filters) []query.Query {
	var out []query.Query
	for _, l := range []struct {
		key    string
		values []string
	}{{qualSection, f.Sections}, {qualSource, f.Sources}, {qualPerson, f.Persons},
		{qualOrg, f.Organizations}, {qualPlace, f.Places}, {qualMonth, f.Months}} {
		if len(l.values) == 0 {
			continue
		}
		qs := make([]query.Query, 0, len(l.values))
		for _, v := range l.values {
			qs = append(qs, c.qualifier(l.key, v))
		}
		out = append(out, unscored(disjunction(qs)))
	}
	// The date range comes from the columns: bleve's numeric range would expand to a term per
	// distinct date, the slowest part of a filtered search. As a bitmap it lets a conjunction
	// skip to the documents in range instead of scoring every match of the words (the
	// collector checks the range again, and is all a compiler without columns has). It adds
	// nothing to scores.
	if from, to, ok := dayBounds(f); ok && c.cols != nil {
		out = append(out, &docSetQuery{docs: daysBetween(c.cols, from, to), boost: 0})
	}
	return out
}

func termQuery(field, value string) query.Query {
	q := bleve.NewTermQuery(value)
	q.SetField(field)
	return q
}

func entityKeyField(typ string) string {
	switch strings.ToLower(typ) {
	case EntityPerson:
		return index.FieldPersonKey
	case EntityOrganization, qualOrg:
		return index.FieldOrgKey
	case EntityPlace:
		return index.FieldPlaceKey
	}
	return ""
}

func hasCJK(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool {
		return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
	})
}
