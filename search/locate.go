package search

import (
	"context"
	"reflect"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"briefsearch/index"
)

// locate fills the term locations of the page's hits only. The collecting pass runs without
// locations: gathering and merging them for every match cost about a quarter of a query's CPU
// (bench/README.md), while only the hits on the page are highlighted. Their scores and order
// stay the first pass's.
//
// Each term of q is read at the page's documents alone, skipping to each; the other parts
// (phrases) run as searchers on pageReader, which shows them the page's documents and no
// others. (Run as a bleve search restricted by a conjunction, every searcher of q first stepped
// to its own first match, whatever that was, and decoded all its locations: an item holding a
// word 374,000 times cost 180 MB whenever it came first, on the page or not.) What the parts
// find at a hit is left in its FieldTermLocations, the list bleve's DocumentMatch.Complete
// would make its map of: the highlighter wants each field's spans, which it sorts and merges
// itself (disjoint), so the map, its sorting and its deduplication would cost a fifth of
// locate's time for nothing. Excluded words give nothing: a hit never holds them.
func locate(ctx context.Context, v *view, q query.Query, hits []collectedHit) error {
	if len(hits) == 0 {
		return nil
	}
	page := roaring.New()
	byDoc := make(map[uint64]*search.DocumentMatch, len(hits))
	for _, h := range hits {
		page.Add(uint32(h.pos.doc))
		byDoc[h.pos.doc] = &search.DocumentMatch{}
	}
	docs := page.ToArray()
	r, err := v.itemReader()
	if err != nil {
		return err
	}
	defer r.Close()
	var terms []*query.TermQuery
	var others []query.Query
	visitLeaves(q, func(q query.Query) {
		switch q := q.(type) {
		case *query.TermQuery:
			terms = append(terms, q)
		case *anyTermQuery, *docSetQuery: // filters: no locations
		default:
			others = append(others, q)
		}
	})
	for _, tq := range terms {
		if err := locateTerm(ctx, r, tq, docs, byDoc); err != nil {
			return err
		}
	}
	for _, oq := range others {
		if pq, ok := oq.(*exactPhraseQuery); ok {
			done, err := locatePhrase(ctx, r, pq, docs, byDoc)
			if err != nil {
				return err
			}
			if done {
				continue
			}
		}
		if err := locateOther(ctx, v, r, oq, page, byDoc); err != nil {
			return err
		}
	}
	for _, h := range hits {
		h.dm.FieldTermLocations = byDoc[h.pos.doc].FieldTermLocations
	}
	return nil
}

// locateTerm adds the locations of tq's term at each of docs that holds it.
func locateTerm(ctx context.Context, r bindex.IndexReader, tq *query.TermQuery, docs []uint32, byDoc map[uint64]*search.DocumentMatch) error {
	field := tq.FieldVal
	if snap, ok := r.(*scorch.IndexSnapshot); ok {
		zr, ok, err := locationsReader(ctx, snap, field, tq.Term)
		if err != nil {
			return err
		}
		if ok {
			var tfd bindex.TermFieldDoc
			for _, d := range docs {
				t, err := zr.at(uint64(d), &tfd)
				if err != nil {
					return err
				}
				if t != nil {
					addLocations(byDoc[uint64(d)], tq.Term, t)
				}
			}
			return ctx.Err()
		}
	}
	has, err := r.TermFieldReader(ctx, []byte(tq.Term), field, false, false, false)
	if err != nil {
		return err
	}
	defer has.Close()
	var (
		full    bindex.TermFieldReader
		id      = make(bindex.IndexInternalID, 8)
		scratch bindex.TermFieldDoc
		tfd     bindex.TermFieldDoc
	)
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return err
		}
		// has decodes document numbers only; full, with locations, is opened at the first
		// page document holding the term and never lands on another.
		id.SetValue(uint64(d))
		got, err := has.Advance(id, scratch.Reset())
		if err != nil || got == nil {
			return err
		}
		if got.ID.Value() != uint64(d) {
			continue
		}
		if full == nil {
			if full, err = r.TermFieldReader(ctx, []byte(tq.Term), field, true, true, true); err != nil {
				return err
			}
		}
		t, err := full.Advance(id, tfd.Reset())
		if err != nil {
			return err
		}
		if t == nil || t.ID.Value() != uint64(d) {
			continue
		}
		addLocations(byDoc[uint64(d)], tq.Term, t)
	}
	return nil
}

// locationsReader reads term in field with locations, looked up once for the search
// (lookupZapTerms).
func locationsReader(ctx context.Context, snap *scorch.IndexSnapshot, field, term string) (*zapTermReader, bool, error) {
	ts, ok, err := lookupZapTerms(ctx, snap, field, term)
	if err != nil || !ok {
		return nil, ok, err
	}
	return ts.reader(true), true, nil
}

// addLocations adds the locations of term in t to dm.
func addLocations(dm *search.DocumentMatch, term string, t *bindex.TermFieldDoc) {
	for _, tv := range t.Vectors {
		dm.FieldTermLocations = append(dm.FieldTermLocations, search.FieldTermLocation{
			Field: tv.Field, Term: term,
			Location: search.Location{Pos: tv.Pos, Start: tv.Start, End: tv.End, ArrayPositions: slices.Clone(tv.ArrayPositions)},
		})
	}
}

// locatePhrase adds the locations of each occurrence of pq at each of docs, reading its terms'
// postings at those documents only (zapTermReader.at), as locateTerm does; done is false when
// the snapshot's segments are not all zap files (then locateOther runs it as a searcher). It
// finds what pq's searcher does (consecutive, addPath) without opening one: no scorers, no
// readers of scorch's for the page.
func locatePhrase(ctx context.Context, r bindex.IndexReader, pq *exactPhraseQuery, docs []uint32, byDoc map[uint64]*search.DocumentMatch) (done bool, err error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok || len(pq.terms) == 0 {
		return false, nil
	}
	readers := make([]*zapTermReader, len(pq.terms))
	for k, term := range pq.terms {
		zr, ok, err := locationsReader(ctx, snap, pq.field, term)
		if err != nil || !ok {
			return false, err
		}
		readers[k] = zr
	}
	s := exactPhraseSearcher{field: pq.field, terms: pq.terms, docs: make([]*bindex.TermFieldDoc, len(pq.terms))}
	for k := range s.docs {
		s.docs[k] = &bindex.TermFieldDoc{}
	}
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return true, err
		}
		// Every term's bitmap first: a hit that lacks one is not read at all (reading a
		// posting walks its chunk, and a page's hits mostly match by other words).
		all := true
		for _, zr := range readers {
			if all = zr.holds(uint64(d)); !all {
				break
			}
		}
		for k, zr := range readers {
			if !all {
				break
			}
			t, err := zr.at(uint64(d), s.docs[k])
			if err != nil {
				return true, err
			}
			if all = t != nil; !all {
				break
			}
		}
		if all && s.consecutive(s.addPath) {
			into := byDoc[uint64(d)]
			into.FieldTermLocations = append(into.FieldTermLocations, s.path...)
			s.path = s.path[:0]
		}
	}
	return true, nil
}

// locateOther runs q as a searcher over the page's documents and adds what it locates.
func locateOther(ctx context.Context, v *view, r bindex.IndexReader, q query.Query, page *roaring.Bitmap, byDoc map[uint64]*search.DocumentMatch) error {
	s, err := q.Searcher(ctx, &pageReader{IndexReader: r, page: page}, v.gen.Index.Mapping(),
		search.SearcherOptions{IncludeTermVectors: true})
	if err != nil {
		return err
	}
	defer s.Close()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		dm, err := s.Next(sctx)
		if err != nil || dm == nil {
			return err
		}
		if into, ok := byDoc[index.DocNum(dm.IndexInternalID)]; ok {
			for _, ftl := range dm.FieldTermLocations {
				ftl.Location.ArrayPositions = slices.Clone(ftl.Location.ArrayPositions)
				into.FieldTermLocations = append(into.FieldTermLocations, ftl)
			}
		}
		sctx.DocumentMatchPool.Put(dm)
	}
}

// pageReader is an index reader whose term postings hold only the page's documents.
type pageReader struct {
	bindex.IndexReader
	page *roaring.Bitmap
}

func (r *pageReader) TermFieldReader(ctx context.Context, term []byte, field string, includeFreq, includeNorm,
	includeTermVectors bool) (bindex.TermFieldReader, error) {
	t := &pageTermReader{docs: r.page, page: r.page.Iterator(), id: make(bindex.IndexInternalID, 8)}
	var err error
	if !includeTermVectors { // landing on a document past the page costs next to nothing
		if t.full, err = r.IndexReader.TermFieldReader(ctx, term, field, includeFreq, includeNorm, false); err != nil {
			return nil, err
		}
		return t, nil
	}
	t.open = func() (bindex.TermFieldReader, error) {
		return positionsReader(ctx, r.IndexReader, string(term), field)
	}
	if t.has, err = r.IndexReader.TermFieldReader(ctx, term, field, false, false, false); err != nil {
		return nil, err
	}
	return t, nil
}

// pageTermReader walks a term's postings on the page's documents only. When its searcher asked
// for locations, has, which decodes nothing but document numbers, finds the page documents
// that hold the term, and full, which decodes the locations, is opened at the first of them
// and moved onto each: it never lands on another document (most of a prefix's words are on no
// page document, and never open one).
type pageTermReader struct {
	has     bindex.TermFieldReader                 // nil without locations: full walks alone
	full    bindex.TermFieldReader                 // nil until opened
	open    func() (bindex.TermFieldReader, error) // full, with locations
	docs    *roaring.Bitmap
	page    roaring.IntPeekable    // docs from the next one to look at on
	last    uint64                 // the document last looked at
	id      bindex.IndexInternalID // scratch
	scratch bindex.TermFieldDoc
}

func (t *pageTermReader) Next(preAlloced *bindex.TermFieldDoc) (*bindex.TermFieldDoc, error) {
	walker, into := t.has, t.scratch.Reset()
	if walker == nil {
		walker, into = t.full, preAlloced
	}
	for t.page.HasNext() {
		t.last = uint64(t.page.Next())
		t.id.SetValue(t.last)
		d, err := walker.Advance(t.id, into)
		if err != nil || d == nil {
			return nil, err
		}
		if !d.ID.Equals(t.id) {
			if next := d.ID.Value(); next <= uint64(^uint32(0)) {
				t.page.AdvanceIfNeeded(uint32(next)) // no page document before next holds the term
			}
			continue
		}
		if t.has == nil {
			return d, nil
		}
		if t.full == nil {
			if t.full, err = t.open(); err != nil {
				return nil, err
			}
		}
		return t.full.Advance(t.id, preAlloced)
	}
	return nil, nil
}

// Advance goes to the first page document at or after id that holds the term; like every
// term reader, backwards too.
func (t *pageTermReader) Advance(id bindex.IndexInternalID, preAlloced *bindex.TermFieldDoc) (*bindex.TermFieldDoc, error) {
	target := id.Value()
	if target > uint64(^uint32(0)) {
		return nil, nil
	}
	if target <= t.last {
		t.page = t.docs.Iterator()
	}
	t.page.AdvanceIfNeeded(uint32(target))
	return t.Next(preAlloced)
}

func (t *pageTermReader) Count() uint64 {
	if t.has != nil {
		return t.has.Count()
	}
	return t.full.Count()
}

func (t *pageTermReader) Close() error {
	var err error
	for _, r := range []bindex.TermFieldReader{t.has, t.full} {
		if r != nil {
			if cerr := r.Close(); err == nil {
				err = cerr
			}
		}
	}
	return err
}

func (t *pageTermReader) Size() int {
	n := int(reflect.TypeOf(*t).Size())
	for _, r := range []bindex.TermFieldReader{t.has, t.full} {
		if r != nil {
			n += r.Size()
		}
	}
	return n
}
