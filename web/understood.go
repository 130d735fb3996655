package web

import (
	"fmt"
	"slices"
	"strings"

	"briefsearch/search"
)

// This file is the search page's "how the query was understood": warnings about parts not
// understood, "did you mean" links, and the explanation, collapsed under the count.

// suggestionView is one "did you mean" link.
type suggestionView struct {
	Query string
	URL   string
	Total uint64
}

// warningView is one warning, with a link to the query as it was probably meant.
type warningView struct {
	Message    string
	Suggestion string
	URL        string
}

// explainView is the explanation as lines of text.
type explainView struct {
	Terms   []explainLine
	Filters []explainLine
}

type explainLine struct {
	Label  string // the term or filter
	Detail string
}

// withQuery is the search for another query text, its filters and order kept.
func (s state) withQuery(q string) string {
	v := s.clone()
	v.Set(paramQ, q)
	resetPaging(v)
	return href(v)
}

// withFilterValue is the search with value from of filter param replaced by to.
func (s state) withFilterValue(param, from, to string) string {
	v := s.clone()
	vals := slices.Clone(v[param])
	for i, x := range vals {
		if strings.TrimSpace(x) == from {
			vals[i] = to
		}
	}
	v[param] = vals
	resetPaging(v)
	return href(v)
}

func (p *searchPage) fillUnderstood(st state, res *search.Result) {
	q := st.v.Get(paramQ)
	for _, w := range res.Query.Warnings {
		wv := warningView{Message: w.Message, Suggestion: w.Suggestion}
		switch {
		case w.Suggestion == "":
		case w.Filter != "":
			wv.URL = st.withFilterValue(w.Filter, w.Term, w.Suggestion)
		case strings.Contains(q, w.Term):
			wv.URL = st.withQuery(strings.Replace(q, w.Term, w.Suggestion, 1))
		}
		p.Warnings = append(p.Warnings, wv)
	}
	for _, sg := range res.Query.Suggestions {
		p.Suggestions = append(p.Suggestions, suggestionView{Query: sg.Query, URL: st.withQuery(sg.Query), Total: sg.Total})
	}
	p.Explain = newExplainView(res.Query.Explain)
}

func newExplainView(e search.Explain) explainView {
	var v explainView
	for _, cl := range e.Clauses {
		for i, t := range cl.Terms {
			label := t.Text
			switch {
			case cl.Negated:
				label = "not " + label
			case i > 0:
				label = "or " + label
			}
			v.Terms = append(v.Terms, explainLine{Label: label, Detail: termDetail(t)})
		}
	}
	for _, f := range e.Filters {
		d := strings.Join(f.Values, " or ")
		if len(f.Given) > 0 {
			d += fmt.Sprintf(" (typed: %s)", strings.Join(f.Given, ", "))
		}
		if f.Origin != "parameter" {
			d += " · from the query"
		}
		v.Filters = append(v.Filters, explainLine{Label: f.Name, Detail: d})
	}
	return v
}

func termDetail(t search.ExplainTerm) string {
	var parts []string
	if t.Given != "" {
		parts = append(parts, "typed as "+t.Given)
	}
	if t.Field != "" {
		parts = append(parts, "filter on "+t.Field)
	}
	if len(t.Morphemes) > 0 {
		parts = append(parts, "kagome: "+strings.Join(t.Morphemes, " | "))
	}
	if len(t.Bigrams) > 0 {
		parts = append(parts, "bigram phrase: "+strings.Join(t.Bigrams, " "))
	}
	if len(t.Words) > 0 {
		w := "English: " + strings.Join(t.Words, " ")
		if len(t.Words) > 1 {
			w += " (as a phrase)"
		}
		parts = append(parts, w)
	}
	if t.Kind == "prefix" {
		parts = append(parts, "any indexed word starting so")
	}
	if t.StopWord {
		parts = append(parts, "stop word: constrains nothing")
	}
	return strings.Join(parts, " · ")
}
