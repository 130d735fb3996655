package search

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"

	"briefsearch/index"
)

// An item with a field longer than a highlight window (maxHighlightBytes) is not located:
// bleve decodes every location of every matching term in a document, and one 5 MB item with a
// word 374,000 times made about 180 MB of them for one search. Its windows are analyzed again
// instead, each with its field's analyzer, and the query's terms and phrases found among the
// tokens, as Lucene's highlighter does within its maxDocCharsToAnalyze. The query holds only
// terms, phrases of terms and combinations of them (compile.go), and a matching item holds
// every term it has of a disjunction, so this marks what bleve's locations would have marked
// (TestReanalysedHighlightsMatchLocated), at the cost of a window, not of the item.

// queryMarks is what a query marks in a matching item, per field.
type queryMarks map[string]*fieldMarks

// fieldMarks are one field's single terms and phrases (terms at consecutive positions).
type fieldMarks struct {
	terms   map[string]bool
	phrases [][]string
}

// marksOf collects the terms and phrases of q's positive parts; filters and excluded terms
// mark nothing.
func marksOf(q query.Query) queryMarks {
	m := queryMarks{}
	visitLeaves(q, func(q query.Query) {
		switch t := q.(type) {
		case *query.TermQuery:
			m.field(t.FieldVal).terms[t.Term] = true
		case *exactPhraseQuery:
			fm := m.field(t.field)
			fm.phrases = append(fm.phrases, t.terms)
		case *query.PhraseQuery:
			fm := m.field(t.FieldVal)
			fm.phrases = append(fm.phrases, t.Terms)
		}
	})
	return m
}

// visitLeaves calls visit with every part of q that is not an AND, an OR or an AND-NOT, in
// order. The NOT side of an AND-NOT is left out: a hit never holds what it names.
func visitLeaves(q query.Query, visit func(query.Query)) {
	switch t := q.(type) {
	case *query.ConjunctionQuery:
		for _, c := range t.Conjuncts {
			visitLeaves(c, visit)
		}
	case *query.DisjunctionQuery:
		for _, d := range t.Disjuncts {
			visitLeaves(d, visit)
		}
	case *andNotQuery:
		visitLeaves(t.must, visit)
	default:
		visit(q)
	}
}

func (m queryMarks) field(name string) *fieldMarks {
	fm := m[name]
	if fm == nil {
		fm = &fieldMarks{terms: map[string]bool{}}
		m[name] = fm
	}
	return fm
}

// reanalyzed returns the spans the query marks in text, the window of the stored field
// stored (which also holds the Japanese headline's bigram twin).
func (m queryMarks) reanalyzed(im mapping.IndexMapping, stored string, text []byte) []span {
	var out []span
	for _, f := range index.TextFields() {
		if f.Name != stored && !(stored == index.FieldHeadlineJA && f.Name == index.FieldHeadlineJABi) {
			continue
		}
		fm := m[f.Name]
		a := im.AnalyzerNamed(f.Analyzer)
		if fm == nil || a == nil {
			continue
		}
		out = append(out, fm.find(a.Analyze(text))...)
	}
	return out
}

// find returns the tokens that are one of the terms or part of a phrase.
func (fm *fieldMarks) find(tokens analysis.TokenStream) []span {
	var out []span
	add := func(tk *analysis.Token) { out = append(out, span{uint64(tk.Start), uint64(tk.End)}) }
	for _, tk := range tokens {
		if fm.terms[string(tk.Term)] {
			add(tk)
		}
	}
	if len(fm.phrases) == 0 {
		return out
	}
	at := make(map[int][]*analysis.Token, len(tokens))
	for _, tk := range tokens {
		at[tk.Position] = append(at[tk.Position], tk)
	}
	termAt := func(pos int, term string) *analysis.Token {
		for _, tk := range at[pos] {
			if string(tk.Term) == term {
				return tk
			}
		}
		return nil
	}
	for _, ph := range fm.phrases {
		for _, t0 := range tokens {
			if string(t0.Term) != ph[0] {
				continue
			}
			run := []*analysis.Token{t0}
			for k := 1; k < len(ph); k++ {
				tk := termAt(t0.Position+k, ph[k])
				if tk == nil {
					run = nil
					break
				}
				run = append(run, tk)
			}
			for _, tk := range run {
				add(tk)
			}
		}
	}
	return out
}
