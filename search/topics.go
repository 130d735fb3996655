package search

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/scorer"
	bindex "github.com/blevesearch/bleve_index_api"

	"briefsearch/entity"
	"briefsearch/index"
)

// Glossary expansion used to turn one word into a phrase per synonym per text field
// ("demining" became 13 terms × 5 fields, most of them phrases): bleve's phrase matching over
// every match was most of a query's time (bench/README.md). The set of items a glossary group
// matches depends only on the generation, so a build computes it once per group, with exactly
// the query a search would have run, and stores it as a bitmap of document numbers. A search
// then matches a group with one pass over its bitmap. Highlighting still runs the full
// expansion, on the page's hits only (locate), so the synonyms are marked as before.

// TopicsFile is the generation's file of glossary-group matches (index.BuildOptions.Derive).
const TopicsFile = "topics.gob"

// topicScoreBoost is what a group match adds to an item's score: a constant, like a match in
// body text of a common word, so that where the literal term occurs still counts for more.
const topicScoreBoost = 0.5

// topicSet maps a group's key (groupKey) to the document numbers of the items it matches.
type topicSet map[string]*roaring.Bitmap

// groupKey names a glossary group by its terms, folded and sorted, so that build and search
// agree on it whatever the group's label or the order of its terms.
func groupKey(terms []string) string {
	keys := make([]string, 0, len(terms))
	for _, t := range terms {
		if k := entity.Key(t); k != "" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return strings.Join(slices.Compact(keys), "\x1f")
}

// DeriveTopics fits index.BuildOptions.Derive: for every group of the glossary snapshot in
// extra (GlossarySnapshot), it stores the items the group's terms match, found with exactly
// the query a search of any of its terms expands to. Without a glossary it stores nothing.
func DeriveTopics(ctx context.Context, idx bleve.Index, extra map[string][]byte) (map[string][]byte, error) {
	gl, ok := extra[GlossarySnapshot]
	if !ok {
		return nil, nil
	}
	lx, err := entity.ParseFiles("", nil, GlossarySnapshot, gl)
	if err != nil {
		return nil, err
	}
	groups := lx.Groups()
	if len(groups) == 0 {
		return nil, nil
	}
	// Groups are independent: match them on every core, as the build does its batches.
	enc := make([][]byte, len(groups))
	next := make(chan int)
	errs := make(chan error, len(groups))
	var wg sync.WaitGroup
	for range max(1, min(len(groups), runtime.GOMAXPROCS(0))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := &compiler{idx: idx}
			for i := range next {
				b, err := matchGroup(ctx, c, groups[i])
				if err != nil {
					errs <- fmt.Errorf("glossary group %q: %w", groups[i].Topic, err)
					continue
				}
				enc[i] = b
			}
		}()
	}
	for i := range groups {
		next <- i
	}
	close(next)
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return nil, err
	}
	byKey := make(map[string][]byte, len(groups))
	for i, g := range groups {
		byKey[groupKey(g.Terms)] = enc[i]
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(byKey); err != nil {
		return nil, err
	}
	return map[string][]byte{TopicsFile: buf.Bytes()}, nil
}

// matchGroup returns the bitmap, serialized, of the items any term of g matches.
func matchGroup(ctx context.Context, c *compiler, g entity.Group) ([]byte, error) {
	var qs []query.Query
	for _, t := range g.Terms {
		if q := c.text(t); q != nil {
			qs = append(qs, q)
		}
	}
	bm := roaring.New()
	if len(qs) > 0 {
		if err := matchAll(ctx, c.idx, disjunction(qs), bm); err != nil {
			return nil, err
		}
	}
	bm.RunOptimize()
	return bm.ToBytes()
}

// matchAll adds the document number of every match of q to bm.
func matchAll(ctx context.Context, idx bleve.Index, q query.Query, bm *roaring.Bitmap) error {
	var pool *bsearch.DocumentMatchPool
	ctx = context.WithValue(ctx, bsearch.MakeDocumentMatchHandlerKey, bsearch.MakeDocumentMatchHandler(
		func(sctx *bsearch.SearchContext) (bsearch.DocumentMatchHandler, bool, error) {
			pool = sctx.DocumentMatchPool
			return func(dm *bsearch.DocumentMatch) error {
				if dm == nil {
					return nil
				}
				d := index.DocNum(dm.IndexInternalID)
				if d > uint64(^uint32(0)) {
					return fmt.Errorf("document number %d does not fit a bitmap", d)
				}
				bm.Add(uint32(d))
				pool.Put(dm)
				return nil
			}, false, nil
		}))
	sr := bleve.NewSearchRequestOptions(q, 1, 0, false)
	// Not sr.Score = "none": with it and this match handler, disjunctions over phrases lost
	// matches (TestTopicsAnswerAsPhraseExpansion found fewer items). A plain search with
	// Score "none" counts right, so the handler may be what breaks it; not pursued.
	sr.SortByCustom(bsearch.SortOrder{&bsearch.SortScore{Desc: true}})
	_, err := idx.SearchInContext(ctx, sr)
	return err
}

// loadTopics reads the generation's topic bitmaps; a generation built without them (or
// without a glossary) has none, and searches expand glossary terms into phrases instead.
func loadTopics(path string) (topicSet, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading glossary topics: %w", err)
	}
	var enc map[string][]byte
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&enc); err != nil {
		return nil, fmt.Errorf("reading glossary topics %s: %w", path, err)
	}
	out := make(topicSet, len(enc))
	for k, data := range enc {
		bm := roaring.New()
		if _, err := bm.FromBuffer(data); err != nil {
			return nil, fmt.Errorf("reading glossary topics %s: %w", path, err)
		}
		out[k] = bm
	}
	return out, nil
}

// docSetQuery matches the documents of a bitmap, each with the same score.
type docSetQuery struct {
	docs  *roaring.Bitmap
	boost float64
}

func (q *docSetQuery) Searcher(_ context.Context, _ bindex.IndexReader, _ mapping.IndexMapping,
	options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	constant := 1.0
	if q.boost == 0 {
		constant = 0 // a filter (a date range): no score, whatever the norm
	}
	return &docSetSearcher{
		docs:   q.docs,
		it:     q.docs.Iterator(),
		scorer: scorer.NewConstantScorer(constant, q.boost, options),
		id:     make(bindex.IndexInternalID, 8),
		filter: q.boost == 0,
	}, nil
}

// docSetSearcher walks a bitmap in document order, as bleve's searchers walk their postings.
type docSetSearcher struct {
	docs   *roaring.Bitmap
	it     roaring.IntPeekable
	scorer *scorer.ConstantScorer
	id     bindex.IndexInternalID // scratch: the scorer copies it into the match
	filter bool                   // boost 0: scores nothing and ignores the query norm
}

func (s *docSetSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	if !s.it.HasNext() {
		return nil, nil
	}
	s.id.SetValue(uint64(s.it.Next()))
	return s.scorer.Score(ctx, s.id), nil
}

func (s *docSetSearcher) Advance(ctx *bsearch.SearchContext, id bindex.IndexInternalID) (*bsearch.DocumentMatch, error) {
	target := id.Value()
	if target > uint64(^uint32(0)) {
		return nil, nil
	}
	s.it.AdvanceIfNeeded(uint32(target))
	return s.Next(ctx)
}

func (s *docSetSearcher) Close() error    { return nil }
func (s *docSetSearcher) Weight() float64 { return s.scorer.Weight() }
func (s *docSetSearcher) SetQueryNorm(qnorm float64) {
	if !s.filter {
		s.scorer.SetQueryNorm(qnorm)
	}
}
func (s *docSetSearcher) Count() uint64              { return s.docs.GetCardinality() }
func (s *docSetSearcher) Min() int                   { return 0 }
func (s *docSetSearcher) DocumentMatchPoolSize() int { return 1 }
func (s *docSetSearcher) Size() int {
	return int(reflect.TypeOf(*s).Size()) + int(s.docs.GetSizeInBytes())
}
