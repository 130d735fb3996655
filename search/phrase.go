package search

import (
	"cmp"
	"context"
	"errors"
	"math"
	"reflect"
	"slices"
	"sort"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/scorer"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/RoaringBitmap/roaring/v2"
)

// Phrases are the costliest part of a search: Japanese words are matched as phrases of their
// bigrams, and quoted English as phrases of stems. bleve's PhraseSearcher is general (slop,
// fuzzy and multi-term positions, array positions) and, for every document holding all the
// terms, builds location maps to check the positions; most of a phrase query's time went
// there (bench/README.md). exactPhraseQuery matches the one kind of phrase a search asks for,
// terms at consecutive positions in one field, straight from the postings' positions, and
// scores a match as bleve's phrase does: the sum of its terms' TF-IDF scores. Asked for
// locations (locate, for the page's hits), it gives those of every occurrence of the phrase.

// exactPhraseQuery matches documents whose field holds terms at consecutive positions.
type exactPhraseQuery struct {
	terms []string
	field string
	boost float64
}

func (q *exactPhraseQuery) Searcher(ctx context.Context, r bindex.IndexReader, _ mapping.IndexMapping,
	options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	total, err := r.DocCount()
	if err != nil {
		return nil, err
	}
	// Scores never carry locations or explanations here: the scorer builds locations from
	// any vectors it is given, so it is handed none.
	scoreOpts := bsearch.SearcherOptions{Score: options.Score}
	s := &exactPhraseSearcher{field: q.field, terms: q.terms, locations: options.IncludeTermVectors,
		boost: q.boost, scoring: options.Score != "none"}
	s.snap, _ = r.(*scorch.IndexSnapshot)
	for _, t := range q.terms {
		tr, err := positionsReader(ctx, r, t, q.field)
		if err != nil {
			s.Close()
			return nil, err
		}
		s.readers = append(s.readers, tr)
		s.scorers = append(s.scorers, scorer.NewTermQueryScorer([]byte(t), q.field, q.boost, total, tr.Count(), 0, scoreOpts))
		// The scorer's idf and query weight, as it computes them (tf-idf: no average length).
		idf := 1.0 + math.Log(float64(total)/float64(tr.Count()+1.0))
		s.idf, s.weights = append(s.idf, idf), append(s.weights, 1.0)
		s.docs = append(s.docs, &bindex.TermFieldDoc{})
		s.order = append(s.order, len(s.order))
	}
	// The rarest term leads: the others only skip to its documents.
	slices.SortStableFunc(s.order, func(a, b int) int {
		return cmp.Compare(s.readers[a].Count(), s.readers[b].Count())
	})
	return s, nil
}

// positionsReader opens term's reader in field with frequencies, norms and locations: from
// the zap files' bytes (zapTermReader) when the snapshot's segments all are, else scorch's.
func positionsReader(ctx context.Context, r bindex.IndexReader, term, field string) (bindex.TermFieldReader, error) {
	if snap, ok := r.(*scorch.IndexSnapshot); ok {
		ts, ok, err := lookupZapTerms(ctx, snap, field, term)
		if err != nil {
			return nil, err
		}
		if ok {
			return ts.reader(true), nil
		}
	}
	return r.TermFieldReader(ctx, []byte(term), field, true, true, true)
}

// exactPhraseSearcher walks the postings of a phrase's terms together, as a conjunction does,
// and keeps the documents where they follow one another.
type exactPhraseSearcher struct {
	readers []bindex.TermFieldReader
	scorers []*scorer.TermQueryScorer
	docs    []*bindex.TermFieldDoc // each reader's current document (ID nil before the first)
	order   []int                  // readers by document count, rarest first: order[0] leads
	// locations: the search wants term locations (highlighting); each match then carries
	// those of every occurrence of the phrase, as bleve's phrase gives them.
	locations bool
	field     string
	terms     []string
	path      []bsearch.FieldTermLocation // the current document's phrase locations
	done      bool                        // some reader is exhausted: no more matches

	// What each term's scorer scores with, for readAt, which scores without them: the
	// phrase's boost, each term's idf and query weight, and whether scores are wanted at all.
	boost   float64
	idf     []float64
	weights []float64
	scoring bool
	snap    *scorch.IndexSnapshot // what the readers read, when it is scorch's (zap readers imply it): readAt's parts open their own
}

func (s *exactPhraseSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	if s.done {
		return nil, nil
	}
	if err := s.next(s.order[0]); err != nil {
		return nil, err
	}
	return s.seek(ctx)
}

// Advance returns the first match at or after id, as every bleve searcher does (the term
// readers reposition themselves, backwards too).
func (s *exactPhraseSearcher) Advance(ctx *bsearch.SearchContext, id bindex.IndexInternalID) (*bsearch.DocumentMatch, error) {
	if s.done {
		return nil, nil
	}
	if err := s.seekReader(s.order[0], id); err != nil {
		return nil, err
	}
	return s.seek(ctx)
}

// next moves reader i to its next document.
func (s *exactPhraseSearcher) next(i int) error {
	d, err := s.readers[i].Next(s.docs[i])
	return s.land(i, d, err)
}

// seekReader moves reader i to the first document at or after id.
func (s *exactPhraseSearcher) seekReader(i int, id bindex.IndexInternalID) error {
	d, err := s.readers[i].Advance(id, s.docs[i])
	return s.land(i, d, err)
}

// land records where reader i went; a reader with no more documents ends the phrase.
func (s *exactPhraseSearcher) land(i int, d *bindex.TermFieldDoc, err error) error {
	switch {
	case err != nil:
		return err
	case d == nil:
		s.done = true
	default:
		s.docs[i] = d
	}
	return nil
}

// seek finds, from the leading reader's current document on, the first document every term
// is in and where they form the phrase, and scores it.
func (s *exactPhraseSearcher) seek(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	lead := s.order[0]
	for !s.done {
		// Leapfrog: bring every other reader to the leading reader's document; one that
		// overshoots moves the leader on to where it landed.
		target := s.docs[lead].ID
		aligned := true
		for _, i := range s.order[1:] {
			if !s.startedReader(i) || s.docs[i].ID.Compare(target) < 0 {
				if err := s.seekReader(i, target); err != nil {
					return nil, err
				}
				if s.done {
					return nil, nil
				}
			}
			if s.docs[i].ID.Compare(target) > 0 {
				aligned = false
				if err := s.seekReader(lead, s.docs[i].ID); err != nil {
					return nil, err
				}
				break
			}
		}
		if s.done {
			return nil, nil
		}
		if !aligned {
			continue
		}
		if !s.locations {
			if s.consecutive(nil) {
				return s.score(ctx), nil
			}
		} else if s.consecutive(s.addPath) {
			dm := s.score(ctx)
			dm.FieldTermLocations = append(dm.FieldTermLocations[:0], s.path...)
			s.path = s.path[:0]
			return dm, nil
		}
		if err := s.next(lead); err != nil {
			return nil, err
		}
	}
	return nil, nil
}

// startedReader reports whether reader i has a current document yet.
func (s *exactPhraseSearcher) startedReader(i int) bool { return s.docs[i].ID != nil }

// consecutive reports whether, in the current document, some position p of the first term
// has term k at p+k for every k; with locations wanted, it also calls found with each such p's
// vector of the first term. Positions come in increasing order.
func (s *exactPhraseSearcher) consecutive(found func(v0 *bindex.TermFieldVector)) bool {
	matched := false
	for _, v0 := range s.docs[0].Vectors {
		ok := true
		for k := 1; k < len(s.docs) && ok; k++ {
			ok = findPosition(s.docs[k].Vectors, v0.Pos+uint64(k), v0.ArrayPositions) != nil
		}
		if !ok {
			continue
		}
		if found == nil {
			return true
		}
		matched = true
		found(v0)
	}
	return matched
}

// findPosition returns the vector at pos (in array position ap). Vectors come in increasing
// order of position, so it bisects: a scan from the start for every occurrence of the first
// term made a phrase over an item with a term 374,000 times quadratic, minutes of one core.
func findPosition(vs []*bindex.TermFieldVector, pos uint64, ap []uint64) *bindex.TermFieldVector {
	for i := sort.Search(len(vs), func(i int) bool { return vs[i].Pos >= pos }); i < len(vs) && vs[i].Pos == pos; i++ {
		if slicesEqual(vs[i].ArrayPositions, ap) {
			return vs[i]
		}
	}
	return nil
}

func slicesEqual(a, b []uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// addPath records the locations of the phrase that starts at v0, one per term.
func (s *exactPhraseSearcher) addPath(v0 *bindex.TermFieldVector) {
	for k, term := range s.terms {
		v := v0
		if k > 0 {
			v = findPosition(s.docs[k].Vectors, v0.Pos+uint64(k), v0.ArrayPositions)
		}
		s.path = append(s.path, bsearch.FieldTermLocation{Field: s.field, Term: term, Location: bsearch.Location{
			Pos: v.Pos, Start: v.Start, End: v.End, ArrayPositions: slices.Clone(v.ArrayPositions)}})
	}
}

// score sums the terms' scores into one match, as bleve's conjunction under a phrase does.
func (s *exactPhraseSearcher) score(ctx *bsearch.SearchContext) *bsearch.DocumentMatch {
	var rv *bsearch.DocumentMatch
	for i, d := range s.docs {
		vectors := d.Vectors
		d.Vectors = nil
		dm := s.scorers[i].Score(ctx, d)
		d.Vectors = vectors
		if rv == nil {
			rv = dm
			continue
		}
		rv.Score += dm.Score
		ctx.DocumentMatchPool.Put(dm)
	}
	return rv
}

func (s *exactPhraseSearcher) Close() error { return closeReaders(s.readers) }

// closeReaders closes every term reader and returns the first error.
func closeReaders(readers []bindex.TermFieldReader) error {
	var first error
	for _, r := range readers {
		if err := r.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

func (s *exactPhraseSearcher) Weight() float64 {
	var w float64
	for _, sc := range s.scorers {
		w += sc.Weight()
	}
	return w
}

func (s *exactPhraseSearcher) SetQueryNorm(qnorm float64) {
	for i, sc := range s.scorers {
		sc.SetQueryNorm(qnorm)
		s.weights[i] = s.boost * s.idf[i] * qnorm
	}
}

// readAt reads the phrase at the documents of where, straight from the zap postings: each
// term's posting at each document, its positions alone decoded (no vectors), and the score
// summed from their frequencies and norms as score does. It is evalAt's way when every term
// is read by a zapTermReader and neither locations nor explanations are wanted; ok is false
// when it can't (another reader, a value of a list, positions out of order), and nothing was
// read then. The result is evalAt's through the searcher, bit for bit (TestPhraseReadAtAsSearcher).
func (s *exactPhraseSearcher) readAt(ctx context.Context, where *roaring.Bitmap) (l docList, ok bool, err error) {
	return s.readIn(ctx, where, int(min(uint64(1+max(0, spareCores())), where.GetCardinality()/readPartMin)))
}

// readIn is readAt in parts read at once, a core each (fewer than 2: in one).
func (s *exactPhraseSearcher) readIn(ctx context.Context, where *roaring.Bitmap, parts int) (l docList, ok bool, err error) {
	zr := s.zapReaders()
	if zr == nil {
		return docList{}, false, nil
	}
	n := where.GetCardinality()
	parts = int(min(uint64(parts), n))
	if parts < 2 {
		return s.readPart(ctx, zr, where, 0, math.MaxUint32+1, n)
	}
	// Part i reads where's documents from bounds[i] to below bounds[i+1], through readers of
	// its own (a reader is not shared).
	bounds := make([]uint64, parts+1)
	for i := 1; i < parts; i++ {
		d, err := where.Select(uint32(uint64(i) * n / uint64(parts)))
		if err != nil {
			return docList{}, true, err
		}
		bounds[i] = uint64(d)
	}
	bounds[parts] = math.MaxUint32 + 1
	readers := make([][]*zapTermReader, parts)
	readers[0] = zr
	for i := 1; i < parts; i++ {
		for _, t := range s.terms {
			ts, isZap, err := lookupZapTerms(ctx, s.snap, s.field, t)
			if err != nil || !isZap {
				return docList{}, err != nil, err
			}
			readers[i] = append(readers[i], ts.reader(true))
		}
	}
	lists, oks, errs := make([]docList, parts), make([]bool, parts), make([]error, parts)
	var wg sync.WaitGroup
	for i := range parts {
		wg.Go(func() {
			lists[i], oks[i], errs[i] = s.readPart(ctx, readers[i], where, bounds[i], bounds[i+1], n/uint64(parts)+1)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return docList{}, true, err
	}
	if slices.Contains(oks, false) {
		return docList{}, false, nil
	}
	l = lists[0]
	for _, part := range lists[1:] {
		l.docs, l.scores = append(l.docs, part.docs...), append(l.scores, part.scores...)
	}
	return l, true, nil
}

// readPartMin: a phrase is read at its candidates in parts, one a core no other search runs
// on (spareCores), when each part has at least this many (below, starting the parts costs
// more than they save).
const readPartMin = 1024

// denseShare: a part reads a term's documents from an array (walkDense) when it reads at one
// in this many of them or more. Making the array costs a nanosecond or two a document;
// roaring's iterator, ten or more for each one stepped over, and a jump fifty or more.
// (Tests set it to 0, never, and to the most, always.)
var denseShare uint64 = 16

// readPart is readAt at where's documents from lo to below hi (about size of them), through
// readers zr.
func (s *exactPhraseSearcher) readPart(ctx context.Context, zr []*zapTermReader, where *roaring.Bitmap, lo, hi, size uint64) (l docList, ok bool, err error) {
	var (
		pos   = make([][]uint64, len(zr))
		freq  = make([]uint64, len(zr))
		norm  = make([]float64, len(zr))
		from  = make([]int, len(zr))
		found bool

		lastBits = ^uint64(0) // no length yet
		lastNorm float64
	)
	for _, r := range zr {
		if size*denseShare >= r.count {
			r.walkDense()
		}
	}
	l = newDocList(size)
	it := where.Iterator()
	it.AdvanceIfNeeded(uint32(lo))
	for i := 0; it.HasNext() && uint64(it.PeekNext()) < hi; i++ {
		if i%checkEvery == checkEvery-1 {
			if err := ctx.Err(); err != nil {
				return docList{}, true, err
			}
		}
		d := uint64(it.Next())
		found = true
		for _, k := range s.order { // rarest first: the likeliest to be missing
			// Forwards: where's next document is near in a term's postings (the phrase's
			// candidates hold every term), and a step costs less than a search.
			g, p, err := zr[k].advancePosting(d)
			if err != nil {
				return docList{}, true, err
			}
			if p == nil || g != d {
				found = false
				break
			}
			// Every term of a field has the document's one length: the norm is computed
			// once a document (a change of length recomputes it, whatever the reason).
			if freq[k] = p.freq; p.normBits != lastBits {
				lastBits, lastNorm = p.normBits, zapNorm(p.normBits)
			}
			norm[k] = lastNorm
			if pos[k], ok, err = positionsOf(pos[k][:0], p.locs); err != nil || !ok {
				return docList{}, err != nil, err
			}
		}
		if !found || !followEachOther(pos, from) {
			continue
		}
		score := tfIdf(freq[0], norm[0], s.idf[0], s.weights[0])
		for k := 1; k < len(zr); k++ {
			score += tfIdf(freq[k], norm[k], s.idf[k], s.weights[k])
		}
		l.add(d, score)
	}
	return l, true, nil
}

// zapReaders are the terms' readers when readAt can read through them, else nil.
func (s *exactPhraseSearcher) zapReaders() []*zapTermReader {
	if s.locations || !s.scoring {
		return nil
	}
	zr := make([]*zapTermReader, len(s.readers))
	for i, r := range s.readers {
		z, isZap := r.(*zapTermReader)
		if !isZap || !z.locs {
			return nil
		}
		zr[i] = z
	}
	return zr
}

// followEachOther reports whether some position p of the first term has term k at p+k for
// every k, each term's positions in increasing order. It merges rather than searches: every
// list is read once. from is scratch, one index per term.
func followEachOther(pos [][]uint64, from []int) bool {
	clear(from)
	for _, p := range pos[0] {
		all := true
		for k := 1; k < len(pos) && all; k++ {
			q, want := pos[k], p+uint64(k)
			j := from[k]
			for j < len(q) && q[j] < want {
				j++
			}
			if from[k] = j; j == len(q) {
				return false // no later p can find term k either
			}
			all = q[j] == want
		}
		if all {
			return true
		}
	}
	return false
}

// Count is an upper bound, as bleve's phrase gives: the rarest term's documents.
func (s *exactPhraseSearcher) Count() uint64 {
	var n uint64
	for i, r := range s.readers {
		if c := r.Count(); i == 0 || c < n {
			n = c
		}
	}
	return n
}

func (s *exactPhraseSearcher) Min() int                   { return 0 }
func (s *exactPhraseSearcher) DocumentMatchPoolSize() int { return len(s.readers) + 1 }
func (s *exactPhraseSearcher) Size() int                  { return int(reflect.TypeOf(*s).Size()) }
