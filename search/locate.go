package search

import (
	"context"
	"reflect"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"briefsearch/index"
)

// locate fills the term locations of the page's hits only. The collecting pass runs without
// locations: gathering and merging them for every match cost about a quarter of a query's CPU
// (bench/README.md), while only the hits on the page are highlighted. A second run of q over
// those documents alone brings their locations; their scores and order stay the first pass's.
//
// The second run reads the index through pageReader, which shows its searchers the page's
// documents and no others. Run as a bleve search restricted by a conjunction, every searcher
// of q first stepped to its own first match, whatever that was, and decoded all its locations:
// an item holding a word 374,000 times cost 180 MB whenever it came first, on the page or not.
func locate(ctx context.Context, v *view, q query.Query, hits []collectedHit) error {
	if len(hits) == 0 {
		return nil
	}
	page := roaring.New()
	byDoc := make(map[uint64]collectedHit, len(hits))
	for _, h := range hits {
		page.Add(uint32(h.pos.doc))
		byDoc[h.pos.doc] = h
	}
	r, err := v.itemReader()
	if err != nil {
		return err
	}
	defer r.Close()
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
		if err != nil {
			return err
		}
		if dm == nil {
			return nil
		}
		if h, ok := byDoc[index.DocNum(dm.IndexInternalID)]; ok {
			dm.Complete(nil) // the scorers' locations, gathered into the Locations map
			h.dm.Locations = dm.Locations
		}
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
		return r.IndexReader.TermFieldReader(ctx, term, field, includeFreq, includeNorm, true)
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
