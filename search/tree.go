package search

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"

	"briefsearch/index"
)

// The query's tree, as bleve would score it, evaluated matches first and scores last.
//
// bleve walks a query as a tree of searchers that hand every match up one DocumentMatch at a
// time, scoring each on the way: the whole match of every word is decoded (frequencies and
// norms) and scored, although only the best ten are shown. Here:
//
//  1. every leaf's documents are a bitmap (a term's straight from its postings, without
//     decoding them), and the tree's AND, OR and AND-NOT of those bitmaps is the exact match:
//     the total and the facets are counted from it;
//  2. each match's signature (which leaves it matches) gives an upper bound of its score: the
//     tree's formula with every matching leaf at its most (a term scores tf × norm × idf ×
//     weight, and tf × norm ≤ 1, a term being at most the whole field);
//  3. matches are scored exactly, bleve's way, group by group in order of their bound, until
//     no bound left can reach the k-th score kept.
//
// The scores are bleve's to the last bit: a term is scored by bleve's formula with its
// statistics, the query norm is set from the top as bleve's composites set it, and every sum
// adds the same numbers in the same order (children sorted by their counts, as bleve sorts its
// searchers). TestTreeAnswersAsBleve checks documents, scores and order against bleve's walk.

// treeNode is one node of the query: a leaf (a bleve term read directly, an anyTermQuery, a
// docSetQuery, or any other query through its own searcher) or an OR, AND or AND-NOT of nodes.
type treeNode struct {
	kind  treeKind
	kids  []*treeNode // OR and AND: sorted by count, as bleve sorts its searchers
	must  *treeNode   // AND-NOT
	not   *treeNode
	count uint64 // bleve's Count: a leaf's documents, a composite's sum of its children's

	q    query.Query // a leaf's query
	leaf int         // a leaf's number: its bit in a signature

	// a term leaf: bleve's TermQueryScorer, computed here
	term, field        string
	zts                *zapTermSet            // the term in zap's segments, when all the index's are zap's
	tfr                bindex.TermFieldReader // else bleve's reader (its count)
	idf, boost, weight float64
	queryWeight        float64

	s bsearch.Searcher // any other leaf

	docs     *roaring.Bitmap // the leaf's documents
	scored   docList         // a searcher leaf's matches with their scores, in document order
	constant float64         // a docSetQuery's score, the same for every document
	most     float64         // the highest score the leaf gives a document
	bound    termBound       // a term leaf's bound at each document

	// A phrase whose matches cannot change the query's match is deferred: its documents are
	// those holding all its terms (where it may match), bounded by its terms' bounds, and it
	// is read only at the documents that get scored.
	deferred     bool
	cands        *roaring.Bitmap // a phrase's candidates: the documents holding all its terms
	settled      *roaring.Bitmap // a deferred phrase's documents already read (scored holds its matches there)
	phraseBounds []termBound
	qnorm        float64 // the query norm set on a searcher leaf
	normed       bool
}

// termBound bounds a term's score in a field at each document: the most it gives anywhere,
// and its highest frequency's tf (in the document's block of documents, else anywhere) at
// the document's norm in the field (perNorm 0: not known).
type termBound struct {
	most    float64
	perNorm float64 // √(highest frequency) × idf × query weight
	unit    float64 // idf × query weight
	norms   []float32
	blocks  []byte // the highest frequency in each block of documents (impacts.go), or nil
	// the documents where the term occurs more than once (impacts.go), or nil: not known;
	// slot, from 1, is the bit (slot-1) that says so in the words rank passes the bounds (0:
	// none, and the term is taken as repeating everywhere)
	repeated *roaring.Bitmap
	slot     int

	maxFreq          uint32 // the highest frequency anywhere
	idf, queryWeight float64
}

// at is the bound at document d; rep is d's word of repeated terms (rank's, by slot).
func (t *termBound) at(d uint32, rep uint64) float64 {
	if t.perNorm > 0 && int(d) < len(t.norms) {
		per := t.perNorm
		if f, ok := t.freqAt(d, rep); ok {
			per = sqrtFreq[f] * t.unit
		}
		return min(t.most, per*float64(t.norms[d]))
	}
	return t.most
}

// exactAt is what the term scores at document d if its frequency there is its block's highest
// (else its highest anywhere), computed step by step as the scorer computes a score (tfIdf).
// At the document's own frequency that is its score, bit for bit, and each step is monotone,
// so no frequency scores more: a bound without a margin, which ties can be broken against
// (rank). ok is false where d's norm is not known.
func (t *termBound) exactAt(d uint32, rep uint64) (score float64, ok bool) {
	if t.perNorm == 0 || int(d) >= len(t.norms) || t.norms[d] == 0 {
		return 0, false
	}
	f := uint64(t.maxFreq)
	if bf, ok := t.freqAt(d, rep); ok {
		f = uint64(bf)
	}
	return tfIdf(f, float64(t.norms[d]), t.idf, t.queryWeight), true
}

// freqAt is the highest frequency the term can have at d (a document holding it): 1 where it
// is known not to repeat (rep's bit for the term's slot is clear), else its block's highest
// (blockFreq).
func (t *termBound) freqAt(d uint32, rep uint64) (byte, bool) {
	if t.slot > 0 && rep&(1<<(t.slot-1)) == 0 {
		return 1, true
	}
	return t.blockFreq(d)
}

// blockFreq is the highest frequency in d's block of documents, when the block stores one
// below the cap (a capped block says only "this much or more": the highest anywhere holds).
func (t *termBound) blockFreq(d uint32) (byte, bool) {
	if b := int(d >> blockShift); b < len(t.blocks) && t.blocks[b] < blockFreqCap {
		return t.blocks[b], true
	}
	return 0, false
}

// sqrtFreq is √f for every frequency a block stores.
var sqrtFreq = func() (c [blockFreqCap + 1]float64) {
	for i := range c {
		c[i] = math.Sqrt(float64(i))
	}
	return c
}()

// termBound is the bound of term in field scored with idf and query weight qw, from the
// generation's stored impacts.
func (b *treeBuilder) termBound(field, term string, idf, qw float64) termBound {
	ti := b.impacts.of(field, term)
	t := termBound{most: ti.most * idf * qw, unit: idf * qw, maxFreq: ti.maxFreq, idf: idf, queryWeight: qw}
	if t.norms = b.impacts.norms(field); t.norms != nil && ti.maxFreq > 0 {
		t.perNorm = math.Sqrt(float64(ti.maxFreq)) * idf * qw
		t.blocks, t.repeated = ti.blockFreq, ti.repeated
	}
	return t
}

// boundAt is the most n can score at document d, whose word of repeated terms is rep.
func (n *treeNode) boundAt(d uint32, rep uint64) float64 {
	switch {
	case n.kind == treeTerm:
		return n.bound.at(d, rep)
	case n.deferred:
		var sum float64
		for i := range n.phraseBounds {
			sum += n.phraseBounds[i].at(d, rep)
		}
		return sum
	}
	return n.most
}

// boundMost is the most boundAt gives at any document (a phrase read already: its best
// score), summed in the same order, so that no bound exceeds it.
func (n *treeNode) boundMost() float64 {
	switch {
	case n.kind == treeTerm:
		return n.bound.most
	case n.deferred:
		var sum float64
		for i := range n.phraseBounds {
			sum += n.phraseBounds[i].most
		}
		return sum
	}
	return n.most
}

// exactBoundAt is boundAt as exactAt computes it (no margin), for a term or a deferred
// phrase (its terms' scores summed in the order its searcher sums them, from 0, which adds
// nothing); a phrase read already gives its score at d, and a stored set or a filter its
// highest score, which is one of its scores. ok is false where a norm is not known.
func (n *treeNode) exactBoundAt(d uint32, rep uint64) (float64, bool) {
	switch {
	case n.kind == treeTerm:
		return n.bound.exactAt(d, rep)
	case n.deferred:
		var sum float64
		for i := range n.phraseBounds {
			v, ok := n.phraseBounds[i].exactAt(d, rep)
			if !ok {
				return 0, false
			}
			sum += v
		}
		return sum, true
	case n.kind == treeSearcher:
		if i := sort64(n.scored.docs, uint64(d)); i < len(n.scored.docs) && n.scored.docs[i] == uint64(d) {
			return n.scored.scores[i], true
		}
	}
	return n.most, true
}

// coefs adds to out, for each leaf, what one unit of its score adds to the score of a
// document with signature sig: the product of the coords above it. A document's score is the
// sum of its leaves' scores times these.
func (n *treeNode) coefs(sig uint64, mult float64, out []float64) {
	switch n.kind {
	case treeOr:
		matched := 0
		for _, k := range n.kids {
			if k.matched(sig) {
				matched++
			}
		}
		mult *= float64(matched) / float64(len(n.kids))
		for _, k := range n.kids {
			if k.matched(sig) {
				k.coefs(sig, mult, out)
			}
		}
	case treeAnd:
		for _, k := range n.kids {
			k.coefs(sig, mult, out)
		}
	case treeAndNot:
		n.must.coefs(sig, mult, out)
	default:
		out[n.leaf] += mult
	}
}

type treeKind int

const (
	treeTerm     treeKind = iota
	treeAnyTerm           // anyTermQuery: a filter or an excluded word, score 0
	treeDocSet            // docSetQuery (a stored topic, a date range) or every document: one score for all
	treeSearcher          // anything else (phrases): read through its searcher
	treeOr
	treeAnd
	treeAndNot
)

// maxLeaves is how many leaves a signature holds.
const maxLeaves = 64

// next is the score of d, found from *at on (d at or after the last one asked for), and
// moves *at there; +Inf when d is not in the list (a bound that always reads it).
func (l docList) next(at *int, d uint64) float64 {
	for *at < len(l.docs) && l.docs[*at] < d {
		*at++
	}
	if *at < len(l.docs) && l.docs[*at] == d {
		return l.scores[*at]
	}
	return math.Inf(1)
}

// docList is a leaf's matches in document order, with their scores.
type docList struct {
	docs   []uint64
	scores []float64
}

// newDocList is an empty list with room for n documents, up to a limit (a bound may be far
// above what matches).
func newDocList(n uint64) docList {
	n = min(n, 1<<16)
	return docList{docs: make([]uint64, 0, n), scores: make([]float64, 0, n)}
}

func (l *docList) add(d uint64, s float64) {
	l.docs = append(l.docs, d)
	l.scores = append(l.scores, s)
}

// treeBuilder builds a query's tree against one index snapshot.
type treeBuilder struct {
	ctx     context.Context
	r       bindex.IndexReader
	idx     bleve.Index
	impacts *impacts // the generation's stored term impacts; nil: every term bounded by 1
	leaves  []*treeNode
	root    *treeNode
	match   *roaring.Bitmap // root.matches(), once made
	maxDoc  uint64          // document numbers are below it
	// reps, while rank runs, is its word of repeated terms for each document (by slot): a
	// term leaf scores a document where its term occurs once without reading its posting.
	reps []uint64

	// estimate: the total may be estimated (Request.EstimateTotal, with no facets to count):
	// phrases are deferred without settling the match, which is then the upper superset, and
	// open holds its documents that match or not depending on a phrase (nil: none, or not
	// estimating). scoreBatch drops those its phrases leave unmatched, and notes in openRead
	// and openDropped the documents of open it read and dropped, for the estimate.
	estimate              bool
	open                  *roaring.Bitmap
	openRead, openDropped *roaring.Bitmap
}

// build prepares q; ok is false when q has a part this evaluation does not reproduce exactly
// (the caller then asks bleve). Readers opened are closed by close.
func (b *treeBuilder) build(q query.Query) (n *treeNode, ok bool, err error) {
	switch q := q.(type) {
	case *query.DisjunctionQuery:
		// Above DisjunctionHeapTakeover children bleve switches to its heap searcher, whose
		// sums add in heap order, which is not reproduced here.
		if q.Min > 1 || len(q.Disjuncts) > searcher.DisjunctionHeapTakeover || len(q.Disjuncts) == 0 {
			return nil, false, nil
		}
		return b.composite(treeOr, q.Disjuncts)
	case *query.ConjunctionQuery:
		if len(q.Conjuncts) == 0 {
			return nil, false, nil
		}
		return b.composite(treeAnd, q.Conjuncts)
	case *andNotQuery:
		must, ok, err := b.build(q.must)
		if err != nil || !ok {
			return nil, ok, err
		}
		not, ok, err := b.build(q.not)
		if err != nil || !ok {
			must.close()
			return nil, ok, err
		}
		return &treeNode{kind: treeAndNot, must: must, not: not, count: must.count}, true, nil
	}
	if len(b.leaves) == maxLeaves {
		return nil, false, nil
	}
	n = &treeNode{q: q, leaf: len(b.leaves)}
	if tq, isTerm := q.(*query.TermQuery); isTerm && tq.FieldVal != "" {
		n.kind, n.term, n.field = treeTerm, tq.Term, tq.FieldVal
		if snap, ok := b.r.(*scorch.IndexSnapshot); ok {
			// zap's dictionary, looked up once for the count, the documents and the scores
			// (nil where a segment is not zap's)
			if n.zts, _, err = lookupZapTerms(b.ctx, snap, n.field, n.term); err != nil {
				return nil, false, err
			}
		}
		if n.zts != nil {
			n.count = n.zts.count
		} else {
			if n.tfr, err = b.r.TermFieldReader(b.ctx, []byte(n.term), n.field, true, true, false); err != nil {
				return nil, false, err
			}
			n.count = n.tfr.Count()
		}
		total, err := b.r.DocCount()
		if err != nil {
			n.close()
			return nil, false, err
		}
		n.boost, n.queryWeight = tq.BoostVal.Value(), 1
		// scorer.NewTermQueryScorer's tf-idf statistics and weight.
		n.idf = 1.0 + math.Log(float64(total)/float64(n.count+1.0))
		w := n.boost * n.idf
		n.weight = w * w
	} else {
		switch q.(type) {
		case *anyTermQuery:
			n.kind = treeAnyTerm
		case *docSetQuery:
			n.kind = treeDocSet
		case *query.MatchAllQuery:
			n.kind = treeSearcher
			if _, ok := b.r.(*scorch.IndexSnapshot); ok { // every live document: liveDocs
				n.kind = treeDocSet
			}
		default:
			n.kind = treeSearcher
		}
		if n.s, err = q.Searcher(b.ctx, b.r, b.idx.Mapping(), bsearch.SearcherOptions{}); err != nil {
			return nil, false, err
		}
		n.count = n.s.Count()
	}
	b.leaves = append(b.leaves, n)
	return n, true, nil
}

func (b *treeBuilder) composite(kind treeKind, qs []query.Query) (*treeNode, bool, error) {
	n := &treeNode{kind: kind}
	for _, cq := range qs {
		k, ok, err := b.build(cq)
		if err != nil || !ok {
			n.close()
			return nil, ok, err
		}
		n.kids = append(n.kids, k)
		n.count += k.count
	}
	// bleve sorts its searchers by count with sort.Sort, an insertion sort (stable) for the
	// few children allowed here.
	slices.SortStableFunc(n.kids, func(a, b *treeNode) int {
		switch {
		case a.count < b.count:
			return -1
		case a.count > b.count:
			return 1
		}
		return 0
	})
	return n, true, nil
}

func (n *treeNode) isLeaf() bool { return n.kind < treeOr }

// weightOf is bleve's Weight: a composite's is its children's summed in their order.
func (n *treeNode) weightOf() float64 {
	switch n.kind {
	case treeTerm:
		return n.weight
	case treeOr, treeAnd:
		var w float64
		for _, k := range n.kids {
			w += k.weightOf()
		}
		return w
	case treeAndNot:
		return n.must.weightOf()
	}
	return n.s.Weight()
}

// setNorm is bleve's SetQueryNorm, handed down from the top.
func (n *treeNode) setNorm(qnorm float64) {
	switch n.kind {
	case treeTerm:
		n.queryWeight = n.boost * n.idf * qnorm
	case treeOr, treeAnd:
		for _, k := range n.kids {
			k.setNorm(qnorm)
		}
	case treeAndNot:
		n.must.setNorm(qnorm)
	default:
		n.s.SetQueryNorm(qnorm)
		n.qnorm, n.normed = qnorm, true
	}
}

// normalize sets the query norm as bleve's composites do: each computes 1/sqrt of its weight
// and hands it down, and the outermost one's stays. A lone leaf keeps a query weight of 1.
func (n *treeNode) normalize() {
	if n.isLeaf() {
		return
	}
	w := n.weightOf()
	if n.kind == treeAndNot && w <= 0 {
		return // andNotQuery normalizes its must clause only when it has a weight
	}
	n.setNorm(1.0 / math.Sqrt(w))
}

func (n *treeNode) close() {
	if n == nil {
		return
	}
	switch n.kind {
	case treeTerm:
		if n.tfr != nil {
			n.tfr.Close()
		}
	case treeOr, treeAnd:
		for _, k := range n.kids {
			k.close()
		}
	case treeAndNot:
		n.must.close()
		n.not.close()
	default:
		n.s.Close()
	}
}

// checkEvery is how many documents a loop reads between looks at the context.
const checkEvery = 4096

// leafDocs fills every leaf's bitmap and the most it scores. Terms and filters come from the
// postings' bitmaps, segment by segment; a stored set is its bitmap; other leaves (phrases)
// are read through their searchers, scores and all.
func (b *treeBuilder) leafDocs() error {
	snap, _ := b.r.(*scorch.IndexSnapshot)
	for _, n := range b.leaves {
		var err error
		switch n.kind {
		case treeTerm:
			if n.zts != nil {
				n.docs = n.zts.docs()
			} else if n.docs, err = termDocs(b.ctx, b.r, snap, []fieldTerm{{n.field, n.term}}); err != nil {
				return err
			}
			n.bound = b.termBound(n.field, n.term, n.idf, n.queryWeight)
			n.most = n.bound.most
		case treeAnyTerm:
			if n.docs, err = termDocs(b.ctx, b.r, snap, n.q.(*anyTermQuery).terms); err != nil {
				return err
			}
		case treeDocSet:
			if ds, ok := n.q.(*docSetQuery); ok {
				n.docs = ds.docs
			} else { // every document (build: a MatchAllQuery over a scorch snapshot)
				n.docs = liveDocs(snap)
			}
			if n.docs.IsEmpty() {
				break
			}
			sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(1, 0)}
			dm, err := n.s.Next(sctx) // every document scores the same
			if err != nil {
				return err
			}
			if dm != nil {
				n.constant, n.most = dm.Score, dm.Score
			}
		}
	}
	// The others (phrases) are read last, and only where the tree can still match: with each
	// phrase taken as matching wherever all its terms are (a searcher of another kind:
	// everywhere; under a NOT: nowhere), the tree's match is a superset of the real one. A
	// phrase ANDed with a rare word is then checked at that word's documents only, and
	// phrases that only rank are deferred (deferPhrases).
	var where *roaring.Bitmap
	for _, n := range b.leaves {
		if n.kind != treeSearcher {
			continue
		}
		if where == nil {
			if err := b.phraseCandidates(snap); err != nil {
				return err
			}
			universe := roaring.New()
			universe.AddRange(0, b.maxDoc)
			where = b.root.superset(universe, true)
			if deferred, err := b.deferPhrases(where, b.root.superset(universe, false)); err != nil || deferred {
				return err
			}
		}
		at := where
		if n.cands != nil {
			at = roaring.And(where, n.cands)
		}
		var err error
		if at.GetCardinality()*denseRatio < n.count || n.readsAt() {
			n.scored, err = n.evalAt(b.ctx, at)
		} else {
			n.scored, err = n.evalSearcher(b.ctx)
		}
		if err != nil {
			return err
		}
		n.docs, n.most = roaring.New(), 0
		for i, d := range n.scored.docs {
			n.docs.Add(uint32(d))
			n.most = max(n.most, n.scored.scores[i])
		}
	}
	return nil
}

// phraseCandidates gives every phrase leaf its candidates: the documents holding all its
// terms, from their bitmaps, and its terms' bounds.
func (b *treeBuilder) phraseCandidates(snap *scorch.IndexSnapshot) error {
	total, err := b.r.DocCount()
	if err != nil {
		return err
	}
	for _, n := range b.leaves {
		pq, ok := n.q.(*exactPhraseQuery)
		if n.kind != treeSearcher || !ok {
			continue
		}
		n.phraseBounds, n.most = nil, 0
		for i, t := range pq.terms {
			docs, err := b.phraseTermDocs(snap, pq.field, t)
			if err != nil {
				return err
			}
			if i == 0 {
				n.cands = docs
			} else {
				n.cands.And(docs)
			}
			// scorer.NewTermQueryScorer's statistics, as the phrase's own scorers have them.
			idf := 1.0 + math.Log(float64(total)/float64(docs.GetCardinality()+1.0))
			qw := 1.0
			if n.normed {
				qw = pq.boost * idf * n.qnorm
			}
			tb := b.termBound(pq.field, t, idf, qw)
			n.phraseBounds = append(n.phraseBounds, tb)
			n.most += tb.most
		}
	}
	return nil
}

// phraseTermDocs is the documents holding a phrase's term, looked up for the search
// (lookupZapTerms) where the index is zap's: reading the phrase at a document, and locating it
// at the page's hits, then find the term without another dictionary lookup.
func (b *treeBuilder) phraseTermDocs(snap *scorch.IndexSnapshot, field, term string) (*roaring.Bitmap, error) {
	if snap != nil {
		ts, ok, err := lookupZapTerms(b.ctx, snap, field, term)
		if err != nil {
			return nil, err
		}
		if ok {
			return ts.docs(), nil
		}
	}
	return termDocs(b.ctx, b.r, snap, []fieldTerm{{field, term}})
}

// deferPhrases defers the phrases, when every leaf left is one, and reports whether it did.
// upper is the tree's match with each phrase at all its candidates, lower with each nowhere
// (under a NOT the other way round): only the documents between them can match or not
// depending on a phrase, and the phrases are read there alone, to settle the match. Elsewhere
// a phrase only ranks, and is read at the documents that get scored. (A glossary word's own
// phrases within its stored group, a Japanese name's within its entity's items: read at the
// few documents outside them.)
func (b *treeBuilder) deferPhrases(upper, lower *roaring.Bitmap) (bool, error) {
	for _, n := range b.leaves {
		if n.kind == treeSearcher && n.cands == nil {
			return false, nil // a leaf other than a phrase: read everything as before
		}
	}
	open := roaring.AndNot(upper, lower)
	if b.estimate && b.root.phrasesPositive(false) {
		// Nothing settled: the match is upper, and the documents of open that get scored
		// are read and dropped there when their phrases leave them unmatched (scoreBatch).
		for _, n := range b.leaves {
			if n.cands != nil {
				n.docs, n.deferred, n.settled, n.scored = n.cands, true, roaring.New(), docList{}
			}
		}
		if !open.IsEmpty() {
			b.open, b.openRead, b.openDropped = open, roaring.New(), roaring.New()
		}
		return true, b.ctx.Err()
	}
	// Deferring pays when it leaves many candidates unread; otherwise the phrases are read
	// where the tree may match, as before (a second reading at the scored documents costs
	// more than it saves).
	var unread uint64
	for _, n := range b.leaves {
		if n.cands != nil {
			unread += roaring.And(n.cands, upper).GetCardinality() - roaring.And(n.cands, open).GetCardinality()
		}
	}
	if unread < minDeferred {
		return false, nil
	}
	for _, n := range b.leaves {
		if n.cands == nil {
			continue
		}
		settle := roaring.And(open, n.cands)
		exact, err := n.evalAt(b.ctx, settle)
		if err != nil {
			return false, err
		}
		n.docs = roaring.AndNot(n.cands, settle)
		for _, d := range exact.docs {
			n.docs.Add(uint32(d))
		}
		n.deferred, n.settled, n.scored = true, settle, exact
	}
	return true, b.ctx.Err()
}

// phrasesPositive reports whether no phrase under n is negated (neg: n itself is, under a
// NOT): the upper superset then holds each phrase at its candidates, the bitmaps that give
// rank its signatures.
func (n *treeNode) phrasesPositive(neg bool) bool {
	switch n.kind {
	case treeOr, treeAnd:
		for _, k := range n.kids {
			if !k.phrasesPositive(neg) {
				return false
			}
		}
		return true
	case treeAndNot:
		return n.must.phrasesPositive(neg) && n.not.phrasesPositive(!neg)
	}
	return n.cands == nil || !neg
}

// minDeferred is how many candidates deferring must leave unread to be worth it (a variable
// for the tests, which defer every phrase to compare that path with bleve too).
var minDeferred uint64 = 512

// superset is n's match with the leaves not read yet (docs nil) taken as matching every
// document of universe when upper, none when not: a superset of the match when upper.
func (n *treeNode) superset(universe *roaring.Bitmap, upper bool) *roaring.Bitmap {
	switch n.kind {
	case treeOr:
		bms := make([]*roaring.Bitmap, len(n.kids))
		for i, k := range n.kids {
			if bms[i] = k.superset(universe, upper); bms[i] == universe {
				return universe // nothing to add to everything
			}
		}
		return roaring.FastOr(bms...)
	case treeAnd:
		var out *roaring.Bitmap
		for _, k := range n.kids {
			switch bm := k.superset(universe, upper); {
			case bm == universe: // everything: no narrowing
			case out == nil:
				out = bm.Clone()
			default:
				out.And(bm)
			}
		}
		if out == nil {
			return universe
		}
		return out
	case treeAndNot:
		must := n.must.superset(universe, upper)
		not := n.not.superset(universe, !upper)
		if not == universe {
			return roaring.New()
		}
		if not.IsEmpty() {
			return must
		}
		out := must.Clone()
		out.AndNot(not)
		return out
	}
	switch {
	case n.docs != nil:
		return n.docs
	case upper && n.cands != nil:
		return n.cands // a phrase is at most where all its terms are
	case upper:
		return universe
	}
	return roaring.New()
}

// readsAt reports whether the leaf is a phrase read straight from zap at any documents
// (exactPhraseSearcher.readAt): then skipping to where it may match costs no more than
// walking its terms' postings, however many documents that is.
func (n *treeNode) readsAt() bool {
	ps, ok := n.s.(*exactPhraseSearcher)
	return ok && ps.zapReaders() != nil
}

// evalAt reads a searcher leaf at the documents of where only: a phrase straight from zap
// where it can be, else through the searcher.
func (n *treeNode) evalAt(ctx context.Context, where *roaring.Bitmap) (docList, error) {
	if ps, ok := n.s.(*exactPhraseSearcher); ok {
		if l, ok, err := ps.readAt(ctx, where); ok || err != nil {
			return l, err
		}
	}
	return n.advanceAt(ctx, where)
}

// advanceAt reads a searcher leaf at the documents of where only, advancing it to each.
func (n *treeNode) advanceAt(ctx context.Context, where *roaring.Bitmap) (docList, error) {
	sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(n.s.DocumentMatchPoolSize(), 0)}
	var (
		l   = newDocList(where.GetCardinality())
		buf bindex.IndexInternalID
		dm  *bsearch.DocumentMatch
	)
	it := where.Iterator()
	for i := 0; it.HasNext(); i++ {
		if i%checkEvery == checkEvery-1 {
			if err := ctx.Err(); err != nil {
				return docList{}, err
			}
		}
		d := uint64(it.Next())
		if dm != nil && index.DocNum(dm.IndexInternalID) >= d {
			if index.DocNum(dm.IndexInternalID) == d {
				l.add(d, dm.Score)
			}
			continue // never backwards: the searcher is already past d
		}
		if dm != nil {
			sctx.DocumentMatchPool.Put(dm)
		}
		buf = bindex.NewIndexInternalID(buf, d)
		var err error
		if dm, err = n.s.Advance(sctx, buf); err != nil {
			return docList{}, err
		}
		if dm == nil {
			return l, nil
		}
		if index.DocNum(dm.IndexInternalID) == d {
			l.add(d, dm.Score)
		}
	}
	return l, nil
}

// termDocs returns the documents holding any of terms, from the segments' postings bitmaps
// when the reader is scorch's, else by walking unscored postings.
func termDocs(ctx context.Context, r bindex.IndexReader, snap *scorch.IndexSnapshot, terms []fieldTerm) (*roaring.Bitmap, error) {
	out := roaring.New()
	if snap == nil {
		for _, ft := range terms {
			tfr, err := r.TermFieldReader(ctx, []byte(ft.term), ft.field, false, false, false)
			if err != nil {
				return nil, err
			}
			var tfd bindex.TermFieldDoc
			for {
				d, err := tfr.Next(&tfd)
				if err != nil || d == nil {
					tfr.Close()
					if err != nil {
						return nil, err
					}
					break
				}
				out.Add(uint32(index.DocNum(d.ID)))
			}
		}
		return out, nil
	}
	var offset uint64
	for _, seg := range snap.Segments() {
		local := roaring.New()
		for _, ft := range terms {
			dict, err := seg.Segment().Dictionary(ft.field)
			if err != nil {
				return nil, err
			}
			pl, err := dict.PostingsList([]byte(ft.term), nil, nil)
			if err != nil {
				return nil, err
			}
			or, ok := pl.(interface{ OrInto(*roaring.Bitmap) })
			if !ok {
				return nil, errNoBitmaps
			}
			or.OrInto(local)
		}
		if del := seg.Deleted(); del != nil {
			local.AndNot(del)
		}
		if offset > 0 {
			local = roaring.AddOffset64(local, int64(offset))
		}
		if out.IsEmpty() {
			out = local // most indexes are one segment: no second copy
		} else {
			out.Or(local)
		}
		offset += seg.Segment().Count()
	}
	return out, ctx.Err()
}

// liveDocs is every document of snap that is not deleted.
func liveDocs(snap *scorch.IndexSnapshot) *roaring.Bitmap {
	out := roaring.New()
	var offset uint64
	for _, seg := range snap.Segments() {
		size := seg.Segment().Count()
		out.AddRange(offset, offset+size)
		if del := seg.Deleted(); del != nil {
			it := del.Iterator()
			for it.HasNext() {
				out.Remove(uint32(offset + uint64(it.Next())))
			}
		}
		offset += size
	}
	return out
}

// errNoBitmaps: a segment type whose postings give no bitmap (not zap). Not expected; the
// search answers through bleve instead.
var errNoBitmaps = errorString("postings without bitmaps")

type errorString string

func (e errorString) Error() string { return string(e) }

// matches is the tree's exact match: its leaves' bitmaps combined as the tree says.
func (n *treeNode) matches() *roaring.Bitmap {
	switch n.kind {
	case treeOr:
		bms := make([]*roaring.Bitmap, len(n.kids))
		for i, k := range n.kids {
			bms[i] = k.matches()
		}
		return roaring.FastOr(bms...)
	case treeAnd:
		out := n.kids[0].matches().Clone()
		for _, k := range n.kids[1:] {
			out.And(k.matches())
		}
		return out
	case treeAndNot:
		out := n.must.matches().Clone()
		out.AndNot(n.not.matches())
		return out
	}
	return n.docs
}

// orLeaves adds the leaves reached from n through ORs alone to out: each holds only documents
// that match n (n's match is their union, and more).
func (n *treeNode) orLeaves(out map[*treeNode]bool) {
	switch n.kind {
	case treeOr:
		for _, k := range n.kids {
			k.orLeaves(out)
		}
	case treeAnd, treeAndNot:
	default:
		out[n] = true
	}
}

// matched reports whether a document with signature sig matches n.
func (n *treeNode) matched(sig uint64) bool {
	switch n.kind {
	case treeOr:
		for _, k := range n.kids {
			if k.matched(sig) {
				return true
			}
		}
		return false
	case treeAnd:
		for _, k := range n.kids {
			if !k.matched(sig) {
				return false
			}
		}
		return true
	case treeAndNot:
		return n.must.matched(sig) && !n.not.matched(sig)
	}
	return sig&(1<<n.leaf) != 0
}

// score is bleve's score of a document with signature sig whose leaves score leaf[i]: the
// disjunction scorer's sum times coord, the conjunction scorer's sum, must's score for
// AND-NOT. With each leaf at its most, it is the signature's upper bound.
func (n *treeNode) score(sig uint64, leaf []float64) float64 {
	switch n.kind {
	case treeOr:
		var sum float64
		matched := 0
		for _, k := range n.kids {
			if k.matched(sig) {
				sum += k.score(sig, leaf)
				matched++
			}
		}
		return sum * (float64(matched) / float64(len(n.kids)))
	case treeAnd:
		var sum float64
		for _, k := range n.kids {
			sum += k.score(sig, leaf)
		}
		return sum
	case treeAndNot:
		return n.must.score(sig, leaf)
	}
	return leaf[n.leaf]
}

func (n *treeNode) termScore(d *bindex.TermFieldDoc) float64 {
	return tfIdf(d.Freq, d.Norm, n.idf, n.queryWeight)
}

// tfIdf is scorer.TermQueryScorer's score, step by step as it computes it.
func tfIdf(freq uint64, norm, idf, queryWeight float64) float64 {
	var tf float64
	if freq < uint64(len(sqrtCache)) {
		tf = sqrtCache[freq]
	} else {
		tf = math.Sqrt(float64(freq))
	}
	score := tf * norm * idf
	if queryWeight != 1.0 {
		score = score * queryWeight
	}
	return score
}

// sqrtCache is scorer.SqrtCache's values (the same math.Sqrt, kept here as a plain array).
var sqrtCache = func() (c [64]float64) {
	for i := range c {
		c[i] = math.Sqrt(float64(i))
	}
	return c
}()

// evalSearcher reads a leaf through its searcher: its matches with their scores.
func (n *treeNode) evalSearcher(ctx context.Context) (docList, error) {
	sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(n.s.DocumentMatchPoolSize(), 0)}
	l := newDocList(n.s.Count()) // at most: a phrase's rarest term's documents
	for i := 0; ; i++ {
		if i%checkEvery == checkEvery-1 {
			if err := ctx.Err(); err != nil {
				return docList{}, err
			}
		}
		dm, err := n.s.Next(sctx)
		if err != nil {
			return docList{}, err
		}
		if dm == nil {
			return l, nil
		}
		l.add(index.DocNum(dm.IndexInternalID), dm.Score)
		sctx.DocumentMatchPool.Put(dm)
	}
}

// termScores scores a term leaf at docs (sorted, all holding the term), skipping its
// postings forward to each, into out[at[i]]. A reader only moves forward, so each batch opens
// its own.
func (n *treeNode) termScores(ctx context.Context, r bindex.IndexReader, docs []uint64, at []int, out []float64) error {
	if done, err := n.termScoresZap(ctx, docs, at, out); done || err != nil {
		return err
	}
	tfr, err := r.TermFieldReader(ctx, []byte(n.term), n.field, true, true, false)
	if err != nil {
		return err
	}
	defer tfr.Close()
	var (
		buf bindex.IndexInternalID
		tfd bindex.TermFieldDoc
	)
	// Many of the term's documents: reading on is cheaper than a seek for each.
	walk := uint64(len(docs))*denseRatio >= n.count
	for i, d := range docs {
		if i%checkEvery == checkEvery-1 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		var t *bindex.TermFieldDoc
		if walk {
			for t == nil || index.DocNum(t.ID) < d {
				if t, err = tfr.Next(&tfd); err != nil || t == nil {
					break
				}
			}
		} else {
			buf = bindex.NewIndexInternalID(buf, d)
			t, err = tfr.Advance(buf, &tfd)
		}
		if err != nil {
			return err
		}
		if t == nil || index.DocNum(t.ID) != d {
			return errorString("a term's postings lack a document its bitmap holds")
		}
		out[at[i]] = n.termScore(t)
	}
	return nil
}

// termScoresZap is termScores read from the zap segments' bytes (zapTermReader, over the
// leaf's looked-up term); done is false when a segment is of another kind (the leaf has no
// term set), and termScores reads through bleve instead.
func (n *treeNode) termScoresZap(ctx context.Context, docs []uint64, at []int, out []float64) (done bool, err error) {
	if n.zts == nil {
		return false, nil
	}
	r := n.zts.reader(false) // a batch's own: across batches a term's ranks would pass rankDirAfter
	var tfd bindex.TermFieldDoc
	for i, d := range docs {
		if i%checkEvery == checkEvery-1 {
			if err := ctx.Err(); err != nil {
				return false, err
			}
		}
		t, err := r.at(d, &tfd)
		if err != nil {
			return false, err
		}
		if t == nil {
			return false, errorString("a term's postings lack a document its bitmap holds")
		}
		out[at[i]] = n.termScore(t)
	}
	return true, nil
}

// onceScores scores term leaf n at those of docs where its term is known to occur once (its
// slot's bit clear in reps, the norm known): there the score is the bound's exactAt, which
// at the document's own frequency is the scorer's score bit for bit (the norm stored as the
// float32 it is), so no posting is read. It returns the other documents and their places,
// in docs' and at's storage, for termScores to read.
func (n *treeNode) onceScores(reps []uint64, docs []uint64, at []int, out []float64) ([]uint64, []int) {
	t := &n.bound
	if reps == nil || t.slot == 0 {
		return docs, at
	}
	bit := uint64(1) << (t.slot - 1)
	k := 0
	for i, d := range docs {
		if reps[d]&bit == 0 {
			if s, ok := t.exactAt(uint32(d), reps[d]); ok {
				out[at[i]] = s
				continue
			}
		}
		docs[k], at[k] = d, at[i]
		k++
	}
	return docs[:k], at[:k]
}

// denseRatio: when a batch asks a term about more than one in this many of its documents,
// its postings are read through instead of skipped to each.
const denseRatio = 4

// minPhraseRead is the fewest documents scoreBatch reads deferred phrases at in one go: each
// go opens the phrases' searchers anew.
const minPhraseRead = 16

// scoreBatch scores docs (sorted), whose signatures are sigs, exactly, calling emit for each
// match. A deferred phrase is read at the documents it may be in. Without page every document
// is scored and emitted. With page (rank's collector), the documents holding a phrase not
// read yet are first scored with it as matching, at its terms' frequencies there
// (provisional): what the phrase scores if it matches, and more than the document can score
// if it does not. They are read best first, a group at a time, while that score can still
// enter the page; the others are neither read nor emitted (the page would not take them).
func (b *treeBuilder) scoreBatch(root *treeNode, docs, sigs []uint64, emit func(d uint64, score float64) error, page *collector) error {
	nl := len(b.leaves)
	leafScores := make([]float64, len(docs)*nl)
	var (
		sub      []uint64
		at       []int
		deferred []*treeNode
	)
	for _, n := range b.leaves {
		if n.deferred {
			deferred = append(deferred, n)
			continue
		}
		bit := uint64(1) << n.leaf
		sub, at = sub[:0], at[:0]
		for i, d := range docs {
			if sigs[i]&bit != 0 {
				sub = append(sub, d)
				at = append(at, i*nl+n.leaf)
			}
		}
		if len(sub) == 0 {
			continue
		}
		switch n.kind {
		case treeTerm:
			if sub, at = n.onceScores(b.reps, sub, at, leafScores); len(sub) == 0 {
				continue
			}
			if err := n.termScores(b.ctx, b.r, sub, at, leafScores); err != nil {
				return err
			}
		case treeDocSet:
			for _, a := range at {
				leafScores[a] = n.constant
			}
		case treeSearcher:
			j := 0
			for i, d := range sub {
				j += sort64(n.scored.docs[j:], d)
				if j == len(n.scored.docs) || n.scored.docs[j] != d {
					return errorString("a leaf's scores lack a document its bitmap holds")
				}
				leafScores[at[i]] = n.scored.scores[j]
			}
		}
	}
	emitDoc := func(i int) error {
		d := docs[i]
		if b.open != nil && b.open.Contains(uint32(d)) {
			// Taken as a match only because its phrases were not read (estimate): it is
			// one if they, read now, say so.
			b.openRead.Add(uint32(d))
			if !root.matched(sigs[i]) {
				b.openDropped.Add(uint32(d))
				return nil
			}
		}
		return emit(d, root.score(sigs[i], leafScores[i*nl:(i+1)*nl]))
	}

	// A deferred phrase's score where it was read already (settled); the documents where
	// one is still to be read wait.
	var wait []int
	for i, d := range docs {
		toRead := false
		for _, n := range deferred {
			bit := uint64(1) << n.leaf
			switch {
			case sigs[i]&bit == 0:
			case n.settled.Contains(uint32(d)):
				if j := sort64(n.scored.docs, d); j < len(n.scored.docs) && n.scored.docs[j] == d {
					leafScores[i*nl+n.leaf] = n.scored.scores[j]
				} else {
					sigs[i] &^= bit
				}
			default:
				toRead = true
			}
		}
		if toRead {
			wait = append(wait, i)
		} else if err := emitDoc(i); err != nil { // final: it sets the page's bar first
			return err
		}
	}
	if len(wait) == 0 {
		return nil
	}
	if page == nil {
		if err := b.readPhrases(deferred, docs, sigs, leafScores, wait); err != nil {
			return err
		}
		for _, i := range wait {
			if err := emitDoc(i); err != nil {
				return err
			}
		}
		return nil
	}
	// First from the terms' bounds where their frequencies are not known (loose); those are
	// read from the postings only for a group about to be read.
	loose := make([]bool, len(docs))
	for _, n := range deferred {
		if err := b.provisional(n, docs, sigs, wait, leafScores, loose); err != nil {
			return err
		}
	}
	// In the page's order at their provisional scores (ties: newest first, as the page
	// breaks them).
	prov := make([]position, len(docs))
	provAt := func(i int) position { return page.position(docs[i], root.score(sigs[i], leafScores[i*nl:(i+1)*nl])) }
	for _, i := range wait {
		prov[i] = provAt(i)
	}
	slices.SortFunc(wait, func(i, j int) int {
		switch {
		case before(SortRelevance, prov[i], prov[j]):
			return -1
		case before(SortRelevance, prov[j], prov[i]):
			return 1
		}
		return 0
	})
	var group, refine []int
	for len(wait) > 0 {
		// The next best that can still enter the page (one that cannot now never will: the
		// bar only rises).
		size := max(page.k-page.top.Len(), minPhraseRead)
		group, refine = group[:0], refine[:0]
		k := 0
		for ; k < len(wait) && len(group) < size; k++ {
			if i := wait[k]; page.reaches(prov[i]) {
				group = append(group, i)
				if loose[i] {
					refine = append(refine, i)
				}
			}
		}
		wait = wait[k:]
		if len(group) == 0 {
			return nil
		}
		if len(refine) > 0 {
			// The loose ones at their terms' frequencies: some fall below the page.
			slices.Sort(refine)
			for _, n := range deferred {
				if err := b.provisional(n, docs, sigs, refine, leafScores, nil); err != nil {
					return err
				}
			}
			group = slices.DeleteFunc(group, func(i int) bool {
				if loose[i] {
					loose[i], prov[i] = false, provAt(i)
				}
				return !page.reaches(prov[i])
			})
		}
		slices.Sort(group)
		if err := b.readPhrases(deferred, docs, sigs, leafScores, group); err != nil {
			return err
		}
		for _, i := range group {
			if checkBounds {
				if s := root.score(sigs[i], leafScores[i*nl:(i+1)*nl]); s > prov[i].Score {
					return fmt.Errorf("document %d scores %v, above its provisional score %v", docs[i], s, prov[i].Score)
				}
			}
			if err := emitDoc(i); err != nil {
				return err
			}
		}
	}
	return nil
}

// sampleOpen reads the deferred phrases at a sample of docs: runs runs of size documents in a
// row, spread evenly over them (all of docs when they are no more), and reports how many it
// read and how many of those the phrases leave unmatched.
func (b *treeBuilder) sampleOpen(root *treeNode, docs *roaring.Bitmap, runs, size int) (sampled, dropped uint64, err error) {
	total := docs.GetCardinality()
	var sample []uint64
	if total <= uint64(runs*size) {
		sample = make([]uint64, 0, total)
		docs.Iterate(func(d uint32) bool {
			sample = append(sample, uint64(d))
			return true
		})
	} else {
		for r := range uint64(runs) {
			first, err := docs.Select(uint32(r * total / uint64(runs)))
			if err != nil {
				return 0, 0, err
			}
			it := docs.Iterator()
			it.AdvanceIfNeeded(first)
			for k := 0; k < size && it.HasNext(); k++ {
				sample = append(sample, uint64(it.Next()))
			}
		}
	}
	if len(sample) == 0 {
		return 0, 0, nil
	}
	sigs, group := make([]uint64, len(sample)), make([]int, len(sample))
	var deferred []*treeNode
	for _, l := range b.leaves {
		if l.deferred {
			deferred = append(deferred, l)
		}
	}
	for j, d := range sample {
		group[j] = j
		for _, l := range b.leaves {
			if l.docs.Contains(uint32(d)) {
				sigs[j] |= 1 << l.leaf
			}
		}
	}
	if err := b.readPhrases(deferred, sample, sigs, make([]float64, len(sample)*len(b.leaves)), group); err != nil {
		return 0, 0, err
	}
	for _, sig := range sigs {
		if !root.matched(sig) {
			dropped++
		}
	}
	return uint64(len(sample)), dropped, nil
}

// readPhrases reads the deferred phrases at the documents group (indexes of docs, in document
// order) where they are still to be read: each one's score where it matches, its bit cleared
// in sigs where it does not.
func (b *treeBuilder) readPhrases(deferred []*treeNode, docs, sigs []uint64, leafScores []float64, group []int) error {
	nl := len(b.leaves)
	var (
		sub []uint64
		pos []int
	)
	for _, n := range deferred {
		bit := uint64(1) << n.leaf
		sub, pos = sub[:0], pos[:0]
		for _, i := range group {
			if sigs[i]&bit != 0 && !n.settled.Contains(uint32(docs[i])) {
				sub, pos = append(sub, docs[i]), append(pos, i)
			}
		}
		if len(sub) == 0 {
			continue
		}
		read, err := b.readDeferred(n, sub)
		if err != nil {
			return err
		}
		j := 0
		for k, d := range sub {
			j += sort64(read.docs[j:], d)
			if j < len(read.docs) && read.docs[j] == d {
				leafScores[pos[k]*nl+n.leaf] = read.scores[j]
			} else {
				sigs[pos[k]] &^= bit
			}
		}
	}
	return nil
}

// provisional sets the score of deferred phrase n at the documents of wait (indexes of docs,
// in document order) where it is still to be read to what it scores there if it matches: its
// terms' scores at their frequencies, summed as the phrase sums them. A term known to occur
// once at a document (rank's reps) is scored from its bound, which there is exact. The
// others' frequencies are read from their postings, without positions; with loose, they are
// not, their bounds stand in (more than they score), and loose marks those documents. A term
// that cannot be read so is bounded too.
func (b *treeBuilder) provisional(n *treeNode, docs, sigs []uint64, wait []int, leafScores []float64, loose []bool) error {
	pq, _ := n.q.(*exactPhraseQuery)
	snap, _ := b.r.(*scorch.IndexSnapshot)
	nl, bit := len(b.leaves), uint64(1)<<n.leaf
	var sub []int
	for _, i := range wait {
		if sigs[i]&bit != 0 && !n.settled.Contains(uint32(docs[i])) {
			sub = append(sub, i)
			leafScores[i*nl+n.leaf] = 0
		}
	}
	var tfd bindex.TermFieldDoc
	for t := range n.phraseBounds {
		tb := &n.phraseBounds[t]
		var (
			r      *zapTermReader
			looked bool // r was looked up (nil: the term is not in zap's segments)
		)
		for _, i := range sub {
			d := docs[i]
			var rep uint64
			if b.reps != nil {
				rep = b.reps[d]
			}
			bound, ok := tb.exactAt(uint32(d), rep)
			if !ok {
				bound = math.Inf(1)
			}
			if ok && tb.slot > 0 && rep&(1<<(tb.slot-1)) == 0 { // once: the bound is its score
				leafScores[i*nl+n.leaf] += bound
				continue
			}
			if loose != nil {
				leafScores[i*nl+n.leaf] += bound
				loose[i] = true
				continue
			}
			if !looked && pq != nil && snap != nil && t < len(pq.terms) {
				looked = true
				ts, isZap, err := lookupZapTerms(b.ctx, snap, pq.field, pq.terms[t])
				if err != nil {
					return err
				}
				if isZap {
					r = ts.reader(false)
				}
			}
			if r == nil { // not zap's: the term's bound
				leafScores[i*nl+n.leaf] += bound
				continue
			}
			p, err := r.at(d, &tfd)
			if err != nil {
				return err
			}
			if p == nil {
				return errorString("a phrase's candidate lacks one of its terms")
			}
			leafScores[i*nl+n.leaf] += tfIdf(p.Freq, p.Norm, tb.idf, tb.queryWeight)
		}
	}
	return nil
}

// readDeferred reads a deferred phrase at docs (sorted) with a searcher of its own (one that
// ran out in an earlier batch would not go back), normalized as the tree's was.
func (b *treeBuilder) readDeferred(n *treeNode, docs []uint64) (docList, error) {
	s, err := n.q.Searcher(b.ctx, b.r, b.idx.Mapping(), bsearch.SearcherOptions{})
	if err != nil {
		return docList{}, err
	}
	defer s.Close()
	if n.normed {
		s.SetQueryNorm(n.qnorm)
	}
	where := roaring.New()
	for _, d := range docs {
		where.Add(uint32(d))
	}
	return (&treeNode{s: s}).evalAt(b.ctx, where)
}

// sort64 is the index of the first of docs at or after d.
func sort64(docs []uint64, d uint64) int {
	i, _ := slices.BinarySearch(docs, d)
	return i
}
