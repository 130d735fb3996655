package search

import (
	"context"
	"math"
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

func (s *anyTermSearcher) Close() error { return closeReaders(s.readers) }

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

// andNotQuery matches the documents of must that not does not match, scored as must alone:
// what bleve's BooleanQuery does with must and must-not clauses, without wrapping must in a
// conjunction of its own and scoring through a second layer for every match.
type andNotQuery struct {
	must, not query.Query
}

func (q *andNotQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping,
	options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	ms, err := q.must.Searcher(ctx, r, m, options)
	if err != nil {
		return nil, err
	}
	ns, err := q.not.Searcher(ctx, r, m, options)
	if err != nil {
		ms.Close()
		return nil, err
	}
	s := &andNotSearcher{must: ms, not: ns}
	// As a boolean query normalizes its must clause; a parent may set another norm.
	if w := ms.Weight(); w > 0 {
		ms.SetQueryNorm(1 / math.Sqrt(w))
	}
	return s, nil
}

type andNotSearcher struct {
	must, not bsearch.Searcher
	notCur    *bsearch.DocumentMatch // not's current match, at or after the last candidate
	notDone   bool
}

func (s *andNotSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	m, err := s.must.Next(ctx)
	if err != nil {
		return nil, err
	}
	return s.keep(ctx, m)
}

func (s *andNotSearcher) Advance(ctx *bsearch.SearchContext, id bindex.IndexInternalID) (*bsearch.DocumentMatch, error) {
	m, err := s.must.Advance(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.keep(ctx, m)
}

// keep returns the first of must's matches from m on that not does not match.
func (s *andNotSearcher) keep(ctx *bsearch.SearchContext, m *bsearch.DocumentMatch) (*bsearch.DocumentMatch, error) {
	for m != nil {
		excluded, err := s.excluded(ctx, m.IndexInternalID)
		if err != nil {
			return nil, err
		}
		if !excluded {
			return m, nil
		}
		ctx.DocumentMatchPool.Put(m)
		if m, err = s.must.Next(ctx); err != nil {
			return nil, err
		}
	}
	return nil, nil
}

// excluded reports whether not matches id, moving not forward to it when behind.
func (s *andNotSearcher) excluded(ctx *bsearch.SearchContext, id bindex.IndexInternalID) (bool, error) {
	if s.notDone {
		return false, nil
	}
	if s.notCur == nil || s.notCur.IndexInternalID.Compare(id) < 0 {
		if s.notCur != nil {
			ctx.DocumentMatchPool.Put(s.notCur)
		}
		n, err := s.not.Advance(ctx, id)
		if err != nil {
			return false, err
		}
		s.notCur = n
		if n == nil {
			s.notDone = true
			return false, nil
		}
	}
	return s.notCur.IndexInternalID.Equals(id), nil
}

func (s *andNotSearcher) Close() error {
	err := s.must.Close()
	if nerr := s.not.Close(); err == nil {
		err = nerr
	}
	return err
}

func (s *andNotSearcher) Weight() float64            { return s.must.Weight() }
func (s *andNotSearcher) SetQueryNorm(qnorm float64) { s.must.SetQueryNorm(qnorm) }
func (s *andNotSearcher) Count() uint64              { return s.must.Count() }
func (s *andNotSearcher) Min() int                   { return 0 }
func (s *andNotSearcher) DocumentMatchPoolSize() int {
	return s.must.DocumentMatchPoolSize() + s.not.DocumentMatchPoolSize() + 1
}
func (s *andNotSearcher) Size() int {
	return int(reflect.TypeOf(*s).Size()) + s.must.Size() + s.not.Size()
}
