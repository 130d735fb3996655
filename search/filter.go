package search

import (
	"context"
	"reflect"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/scorer"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Filters (section:, source:, a person …) and excluded words (-Armenia) decide which items
// match but not how well. As bleve term queries they are scored, and a scored posting list
// skips forward one document at a time (zap decodes the frequency of every document it passes),
// so a frequent excluded word cost a walk through its whole postings for every search, and
// again in locate. anyTermQuery matches the same documents without scores: its readers skip
// through the postings' bitmaps directly.

// fieldTerm is one indexed term of one field.
type fieldTerm struct{ field, term string }

// anyTermQuery matches the documents holding any of its terms, each with a score of zero.
type anyTermQuery struct {
	terms []fieldTerm
}

func (q *anyTermQuery) Searcher(ctx context.Context, r bindex.IndexReader, _ mapping.IndexMapping,
	options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	s := &anyTermSearcher{scorer: scorer.NewConstantScorer(0, 0, options)}
	for _, ft := range q.terms {
		tr, err := r.TermFieldReader(ctx, []byte(ft.term), ft.field, false, false, false)
		if err != nil {
			s.Close()
			return nil, err
		}
		if tr.Count() == 0 {
			tr.Close()
			continue
		}
		s.readers = append(s.readers, tr)
		s.docs = append(s.docs, &bindex.TermFieldDoc{})
		s.count += tr.Count()
	}
	return s, nil
}

// anyTermSearcher walks its terms' postings together and returns each document once. Like
// bleve's own searchers it only moves forward: callers advance it to a later document only.
type anyTermSearcher struct {
	readers []bindex.TermFieldReader
	docs    []*bindex.TermFieldDoc // each reader's current document; nil once it is exhausted
	cur     bindex.IndexInternalID // the document last returned
	started bool
	scorer  *scorer.ConstantScorer
	count   uint64
}

func (s *anyTermSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	for i, r := range s.readers {
		// First call: every reader to its first document; later: past the one returned.
		if s.docs[i] == nil || (s.started && s.docs[i].ID.Compare(s.cur) != 0) {
			continue
		}
		d, err := r.Next(s.docs[i])
		if err != nil {
			return nil, err
		}
		s.docs[i] = d
	}
	s.started = true
	return s.match(ctx), nil
}

func (s *anyTermSearcher) Advance(ctx *bsearch.SearchContext, id bindex.IndexInternalID) (*bsearch.DocumentMatch, error) {
	for i, r := range s.readers {
		if s.docs[i] == nil || (s.started && s.docs[i].ID.Compare(id) >= 0) {
			continue
		}
		d, err := r.Advance(id, s.docs[i])
		if err != nil {
			return nil, err
		}
		s.docs[i] = d
	}
	s.started = true
	return s.match(ctx), nil
}

// match returns the smallest current document of the readers, or nil when all are done.
func (s *anyTermSearcher) match(ctx *bsearch.SearchContext) *bsearch.DocumentMatch {
	var least bindex.IndexInternalID
	for _, d := range s.docs {
		if d != nil && (least == nil || d.ID.Compare(least) < 0) {
			least = d.ID
		}
	}
	if least == nil {
		return nil
	}
	s.cur = append(s.cur[:0], least...)
	return s.scorer.Score(ctx, s.cur)
}

func (s *anyTermSearcher) Close() error {
	var first error
	for _, r := range s.readers {
		if err := r.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Weight is zero and the query norm is ignored: a filter adds nothing to a score (and a
// conjunction of filters alone, whose norm is 1/0, must not turn its zeros into NaN).
func (s *anyTermSearcher) Weight() float64            { return 0 }
func (s *anyTermSearcher) SetQueryNorm(qnorm float64) {}
func (s *anyTermSearcher) Count() uint64              { return s.count }
func (s *anyTermSearcher) Min() int                   { return 0 }
func (s *anyTermSearcher) DocumentMatchPoolSize() int { return 1 }
func (s *anyTermSearcher) Size() int                  { return int(reflect.TypeOf(*s).Size()) }

// unscored returns q as a filter: its term queries, however nested in disjunctions, become one
// anyTermQuery; what is not a term query (a phrase, a bitmap) stays as it is, ORed in.
func unscored(q query.Query) query.Query {
	var terms []fieldTerm
	var rest []query.Query
	var walk func(query.Query)
	walk = func(q query.Query) {
		switch t := q.(type) {
		case *query.TermQuery:
			terms = append(terms, fieldTerm{t.FieldVal, t.Term})
		case *query.DisjunctionQuery:
			if t.Min > 1 {
				rest = append(rest, t)
				return
			}
			for _, d := range t.Disjuncts {
				walk(d)
			}
		default:
			rest = append(rest, q)
		}
	}
	walk(q)
	if len(terms) > 0 {
		rest = append(rest, &anyTermQuery{terms: terms})
	}
	if len(rest) == 0 {
		return query.NewMatchNoneQuery()
	}
	return disjunction(rest)
}
