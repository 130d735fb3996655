package search

import (
	"cmp"
	"container/heap"
	"context"
	"fmt"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"briefsearch/index"
)

// position is where a hit sorts: by score (relevance), by day, and finally by the rank of its
// item id (so items of one day keep their briefing order). Ranks are unique, so every order is
// total and a cursor names one exact place.
type position struct {
	Score float64 `json:"score,omitempty"`
	Day   int32   `json:"day"`
	Rank  uint32  `json:"rank"`
	doc   uint64  // bleve's document number
}

// before reports whether a sorts before b under sort.
func before(sort string, a, b position) bool {
	switch sort {
	case SortRelevance:
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if a.Day != b.Day {
			return a.Day > b.Day // newer first among equals
		}
	case SortDate:
		if a.Day != b.Day {
			return a.Day < b.Day
		}
	default: // SortDateDesc
		if a.Day != b.Day {
			return a.Day > b.Day
		}
	}
	return a.Rank < b.Rank
}

type collectedHit struct {
	pos position
	dm  *bsearch.DocumentMatch
}

// collector receives every match of a search from bleve and keeps, from the generation's
// columns, the facet counts and the best k hits in the plan's order. bleve is asked to sort by
// score alone, its one order that needs no per-document doc values; everything else is here.
type collector struct {
	cols     *index.Columns
	sort     string
	k        int
	from, to int32 // inclusive day range of the plan's date filter
	after    *position
	facets   []facetCounter
	total    int
	top      heapOf[collectedHit] // the best k so far, the worst on top
	pool     *bsearch.DocumentMatchPool
	impacts  *impacts // the generation's term impacts, for ranking (tree.go)
	// estimate: the total may be estimated (Request.EstimateTotal); estimated: it was.
	estimate, estimated bool
}

// newCollector prepares the collection of p's matches, keeping the best k.
func newCollector(cols *index.Columns, p *plan, k int, facets []FacetRequest) *collector {
	c := &collector{cols: cols, sort: p.sort, k: k, facets: facetCounters(cols, facets)}
	c.from, c.to, _ = dayBounds(p.filters)
	return c
}

// collector prepares the collection of p's matches in v, keeping the best k.
func (v *view) collector(p *plan, k int, facets []FacetRequest) *collector {
	c := newCollector(v.gen.Columns, p, k, facets)
	c.impacts = v.impacts
	return c
}

// dayBounds is the inclusive day range of f's dates; ok is false when f has none.
func dayBounds(f Filters) (from, to int32, ok bool) {
	from, to = math.MinInt32, math.MaxInt32
	if !f.From.IsZero() {
		from = index.Day(f.From)
	}
	if !f.To.IsZero() {
		to = index.Day(f.To)
	}
	if from == math.MinInt32 && to == math.MaxInt32 {
		return from, to, false
	}
	return max(from, index.NoDay+1), to, true // undated items fall outside any range
}

// daysBetween returns the documents dated from..to (inclusive), set as bits of a dense
// bitmap first (adding them one by one to a roaring bitmap cost 200 µs a search at 20k).
func daysBetween(cols *index.Columns, from, to int32) *roaring.Bitmap {
	words := make([]uint64, (len(cols.Days)+63)/64)
	for d, day := range cols.Days {
		if day >= from && day <= to {
			words[d>>6] |= 1 << (d & 63)
		}
	}
	return roaring.FromDense(words, false)
}

type facetCounter struct {
	name   string
	col    *index.Column
	counts []int
	// byValue: counted from the column's value bitmaps (countByValue), not document by
	// document (countMany).
	byValue bool
	// shared: counts are an earlier counter's of the same column (the year facet's are the
	// month facet's), counted there.
	shared bool
}

// run collects q's matches: through the tree (tree.go) when it can take q, else through
// bleve's walk, with c receiving every match. Neither gathers term locations: only the page's
// hits need them, and locate fetches those.
func (c *collector) run(ctx context.Context, idx bleve.Index, q query.Query) error {
	running.Add(1)
	defer running.Add(-1)
	c.top.worse = func(a, b collectedHit) bool { return before(c.sort, b.pos, a.pos) }
	ctx = context.WithValue(ctx, bsearch.MakeDocumentMatchHandlerKey, bsearch.MakeDocumentMatchHandler(
		func(sctx *bsearch.SearchContext) (bsearch.DocumentMatchHandler, bool, error) {
			c.pool = sctx.DocumentMatchPool
			return c.handle, false, nil
		}))
	if handled, err := c.runTree(ctx, idx, q); handled || err != nil {
		return err
	}
	sr := bleve.NewSearchRequestOptions(q, 1, 0, false)
	sr.SortByCustom(bsearch.SortOrder{&bsearch.SortScore{Desc: true}})
	_, err := idx.SearchInContext(ctx, sr)
	if err == nil {
		err = ctx.Err()
	}
	return err
}

func (c *collector) handle(dm *bsearch.DocumentMatch) error {
	if dm == nil {
		return nil
	}
	return c.collect(index.DocNum(dm.IndexInternalID), dm.Score, dm)
}

// bleveWalk makes every search walk bleve's searchers instead of the tree (tree.go): for
// tests and measurements that compare the two.
var bleveWalk = false

// runTree answers q matches first, scores last (tree.go) when it can; handled is false when
// bleve must.
func (c *collector) runTree(ctx context.Context, idx bleve.Index, q query.Query) (handled bool, err error) {
	if bleveWalk {
		return false, nil
	}
	adv, err := idx.Advanced()
	if err != nil {
		return false, err
	}
	r, err := adv.Reader()
	if err != nil {
		return false, err
	}
	defer r.Close()
	b := &treeBuilder{ctx: ctx, r: r, idx: idx, impacts: c.impacts, maxDoc: uint64(len(c.cols.IDs)),
		// Only the ranked page needs the phrases read: no facets count the match.
		estimate: c.estimate && c.k > 0 && c.sort == SortRelevance && len(c.facets) == 0}
	root, ok, err := b.build(q)
	if err != nil || !ok {
		return false, err
	}
	b.root = root
	defer root.close()
	root.normalize()
	if err := b.leafDocs(); err != nil {
		if err == errNoBitmaps {
			return false, nil
		}
		return true, err
	}
	m := root.matches()
	b.match = m
	if err := ctx.Err(); err != nil {
		return true, err
	}

	// The total and the facets count every match; the documents that may be shown are kept.
	maxDoc := uint32(len(c.cols.IDs))
	if !m.IsEmpty() && m.Maximum() >= maxDoc {
		return true, fmt.Errorf("document %d is beyond the generation's columns", m.Maximum())
	}
	keep := c.k > 0
	undated := c.from == math.MinInt32 && c.to == math.MaxInt32
	if keep && undated && c.sort == SortRelevance && len(c.facets) > 0 && countsBeside(m.GetCardinality()) {
		// Every match is shown and ranked: the counting needs nothing of the ranking, so it
		// runs beside it, on another core.
		var (
			wg       sync.WaitGroup
			countErr error
		)
		wg.Go(func() { _, countErr = c.countAll(ctx, m, maxDoc, false) })
		all := uint32Pool.get(int(m.GetCardinality())) // filled by the iterator
		if n := m.ManyIterator().NextMany(all); n != len(all) {
			return true, fmt.Errorf("the match gave %d of its %d documents", n, len(all))
		}
		err := c.rank(b, root, all, m)
		wg.Wait()
		uint32Pool.put(all)
		return true, cmp.Or(err, countErr)
	}
	shown, err := c.countAll(ctx, m, maxDoc, keep)
	if err != nil {
		return true, err
	}
	defer uint32Pool.put(shown)
	if !keep {
		return true, nil
	}
	if c.sort != SortRelevance {
		// Ordered by date: no score decides, but the kept hits show theirs.
		for _, d := range shown {
			c.offer(uint64(d), 0, nil)
		}
		return true, c.scoreKept(b, root)
	}
	// shown as a bitmap: every match, as the query holds the date range (compile.go); if
	// the range above dropped some all the same, shown's own.
	set := m
	if c.from != math.MinInt32 || c.to != math.MaxInt32 {
		set = roaring.New()
		set.AddMany(shown)
	}
	if err := c.rank(b, root, shown, set); err != nil {
		return true, err
	}
	if b.open != nil {
		unread := set.Clone()
		unread.And(b.open)
		open := unread.GetCardinality()
		unread.AndNot(b.openRead)
		sampled, sampleDropped, err := b.sampleOpen(root, unread, estimateRuns, estimateRun)
		if err != nil {
			return true, err
		}
		c.estimateTotal(open, b.openRead.GetCardinality(), b.openDropped.GetCardinality(), sampled, sampleDropped)
	}
	return true, nil
}

// The open documents (those that match or not depending on a phrase) that ranking did not
// read are estimated from a sample of them: estimateRuns runs of estimateRun documents in a
// row, the runs spread evenly. (Those ranking read hold the phrase's words most, and match
// far more often than the others: on the synthetic items an estimate from them was 3.6 times
// the total. A document read alone cost about ten microseconds at 20,000 items before skip
// points, its postings' chunk read from the start; with them the sample costs little, and in
// a run the next ones cost less still.)
const (
	estimateRuns = 4
	estimateRun  = 8
)

// estimateTotal corrects the total, which counted every open document as a match: less those
// ranking read and dropped, and of the others the share its sample of them dropped (the
// sample's own exactly). Exact when the sample held all the others.
func (c *collector) estimateTotal(open, read, dropped, sampled, sampleDropped uint64) {
	c.total -= int(dropped + sampleDropped)
	rest := open - read - sampled
	switch {
	case rest == 0:
	case sampled > 0:
		c.total -= int(math.Round(float64(rest) * float64(sampleDropped) / float64(sampled)))
		c.estimated = true
	default:
		c.estimated = true // none sampled: every one taken as a match
	}
}

// countsBeside reports whether the counting of so many matches runs beside their ranking:
// from 2,048 on (fewer cost less than starting it), given a core no search runs on. At 200k
// items that took 17% off the query set's p50 with every facet; at 20k, 15–24% off its
// largest matches.
var countsBeside = func(matches uint64) bool { return matches >= 2048 && spareCores() > 0 }

// running counts the collectors running (a search, or a count within one): a search splits
// its work over cores only when others are idle. Under load every core has a search of its
// own already, and splitting would only add the cost of the handing over.
var running atomic.Int32

// spareCores is how many cores no search runs on, besides the caller's.
func spareCores() int { return runtime.GOMAXPROCS(0) - int(running.Load()) }

// countAll counts the total and the facets over the match m, and with keep returns the
// matches counted (those in the date range).
func (c *collector) countAll(ctx context.Context, m *roaring.Bitmap, maxDoc uint32, keep bool) ([]uint32, error) {
	if c.from == math.MinInt32 && c.to == math.MaxInt32 { // else countMany drops some
		c.countByValue(m, maxDoc)
	}
	var shown []uint32
	if keep {
		shown = uint32Pool.get(int(m.GetCardinality()))[:0] // all of them without a date range; runTree puts it back
	}
	it := m.ManyIterator()
	buf := make([]uint32, 512)
	for {
		n := it.NextMany(buf)
		if n == 0 {
			return shown, nil
		}
		counted := c.countMany(buf[:n])
		if keep {
			shown = append(shown, counted...)
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
}

// rank keeps the k best of shown by relevance, scoring as few as it can. Each document's
// score is bounded from its signature (the leaves it matches, each weighted by the coords
// above it) with each leaf at the most it can give there (a term: its highest frequency at
// the document's norm in the field, within the term's highest impact; a phrase read already:
// its score there). The documents with the best bounds are scored first; then only those
// whose bound reaches the k-th score kept (a bound equal to it too: a tie may win on date or
// rank), and, where phrases are read at the scored documents, whose exact bound with their
// date and rank still beats the k-th hit kept. set holds the documents of shown.
func (c *collector) rank(b *treeBuilder, root *treeNode, shown []uint32, set *roaring.Bitmap) error {
	// sigs[d] is the signature of shown document d: a word a document, pooled (one for each
	// search running, which admission bounds) and zeroed where set when done.
	sigs := getSigs(len(c.cols.IDs))
	defer putSigs(sigs, shown)
	buf := make([]uint32, 512)
	// Where set is the tree's whole match, a leaf under ORs alone holds only documents of it:
	// its bitmap is read as it is, not intersected into a new one.
	inSet := map[*treeNode]bool{}
	if set == b.match {
		root.orLeaves(inSet)
	}
	for _, n := range b.leaves {
		docs := n.docs
		if !inSet[n] {
			docs = roaring.And(n.docs, set)
		}
		markBit(sigs, docs, uint64(1)<<n.leaf, buf)
	}
	// reps[d] says which terms occur more than once at shown document d, by their slots: a
	// bound takes a term's frequency elsewhere as 1, its score's. Pooled as sigs are.
	reps := getSigs(len(c.cols.IDs))
	defer putSigs(reps, shown)
	b.reps = reps
	defer func() { b.reps = nil }()
	slots := 0
	slot := func(t *termBound, inSet bool) {
		if t.repeated == nil || slots == 64 {
			return // no slot: the block's highest frequency bounds it everywhere
		}
		slots++
		t.slot = slots
		docs := t.repeated
		if !inSet {
			docs = roaring.And(t.repeated, set)
		}
		markBit(reps, docs, uint64(1)<<(slots-1), buf)
	}
	for _, n := range b.leaves {
		if n.kind == treeTerm {
			slot(&n.bound, inSet[n]) // repeated: some of the term's documents, the leaf's
		}
		for i := range n.phraseBounds {
			slot(&n.phraseBounds[i], false)
		}
	}
	// Documents that share a signature share its form: its leaves, their coefficients and
	// the most any of its documents can be bounded by (each leaf at its highest anywhere).
	// Bounds are computed a form at a time, best form first, and only where they can
	// matter: until the want best bounds are known (a form whose most is below the want-th
	// best bound so far holds none of them), then, once the page is full, in the forms whose
	// most reaches its last hit. A few forms cover most matches (a word in the body alone, in
	// the body and the headline...), and those of a frequent word's body mentions are below
	// the bar: their documents' norms and frequencies are never read.
	forms := map[uint64]*rankForm{}
	var order []*rankForm // forms in order of their most, best first
	all := make([]float64, len(b.leaves))
	formOf := func(sig uint64) *rankForm {
		f := forms[sig]
		if f == nil {
			clear(all)
			root.coefs(sig, 1, all)
			f = &rankForm{}
			for _, n := range b.leaves {
				if coef := all[n.leaf]; coef > 0 {
					f.leaves, f.coefs = append(f.leaves, n), append(f.coefs, coef)
					f.most += coef * n.boundMost()
				}
			}
			f.most *= 1 + 1e-7 // the bounds' margin
			forms[sig] = f
			order = append(order, f)
		}
		return f
	}
	// Each form's documents, as parts of one pooled slice: counted, then placed.
	var (
		f       *rankForm
		lastSig uint64
	)
	for _, d := range shown {
		if sig := sigs[d]; f == nil || sig != lastSig {
			f, lastSig = formOf(sig), sig
		}
		f.n++
	}
	at := uint32Pool.get(len(shown))
	defer uint32Pool.put(at)
	next := 0
	for _, f := range order {
		f.at, next = at[next:next:next+f.n], next+f.n
	}
	f = nil
	for i, d := range shown {
		if sig := sigs[d]; f == nil || sig != lastSig {
			f, lastSig = forms[sig], sig
		}
		f.at = append(f.at, uint32(i))
	}
	slices.SortStableFunc(order, func(a, b *rankForm) int { return cmp.Compare(b.most, a.most) })
	bounds := floatPool.get(len(shown)) // set for each form's documents when it is done
	defer floatPool.put(bounds)
	cursors := make([]int, len(b.leaves))
	// setBounds computes the bounds of f's documents.
	setBounds := func(f *rankForm) {
		clear(cursors) // a form's documents are in document order, as next needs
		for _, i := range f.at {
			d := shown[i]
			var bound float64
			for j, n := range f.leaves {
				if n.kind == treeSearcher && !n.deferred {
					// A phrase read already: its own score at d, found by a cursor, not its
					// highest anywhere.
					bound += f.coefs[j] * n.scored.next(&cursors[n.leaf], uint64(d))
					continue
				}
				bound += f.coefs[j] * n.boundAt(d, reps[d])
			}
			bounds[i] = bound * (1 + 1e-7) // above the score's own rounding
		}
	}
	boundForm := func(f *rankForm) {
		setBounds(f)
		f.done = true
	}

	// First the want best bounds, to set the bar; then whatever else reaches it.
	want := max(2*c.k, 64)
	cut := math.Inf(-1)
	if len(shown) > want {
		cut = firstBar(order, want, boundForm, bounds)
	} else {
		for _, f := range order {
			boundForm(f)
		}
	}
	if err := b.ctx.Err(); err != nil {
		return err
	}
	var firstAt []int
	for _, f := range order {
		if f.done {
			for _, i := range f.at {
				if bounds[i] >= cut {
					firstAt = append(firstAt, int(i))
				}
			}
		}
	}
	slices.Sort(firstAt)
	// Many documents can share the best bound (a name in a thousand headlines of one
	// length). Where scoring a document means reading a phrase at it, or where the ties
	// number many times want, only the best want of them by exact bound, then by date and
	// rank as the page breaks ties, set the bar; the others are read only if their exact
	// bounds (exactBoundAt: no margin, so equal to the score where the bound is reached) can
	// still beat the last hit kept. Otherwise a term's score costs about what its exact bound
	// does, and all ties are read at once.
	useExact := len(firstAt) > tiesExact*want
	for _, n := range b.leaves {
		useExact = useExact || n.deferred
	}
	vals := make([]float64, len(b.leaves))
	exactBound := func(i int) (float64, bool) {
		sig := sigs[shown[i]]
		clear(vals)
		for _, n := range b.leaves {
			if sig&(1<<n.leaf) == 0 {
				continue
			}
			v, ok := n.exactBoundAt(shown[i], reps[shown[i]])
			if !ok {
				return 0, false
			}
			vals[n.leaf] = v
		}
		return root.score(sig, vals), true
	}
	posOf := func(i int, score float64) position {
		d := shown[i]
		return position{Score: score, Day: c.cols.Days[d], Rank: c.cols.Ranks[d], doc: uint64(d)}
	}
	if checkBounds {
		if set.GetCardinality() != uint64(len(shown)) {
			return fmt.Errorf("rank's set holds %d documents, shown %d", set.GetCardinality(), len(shown))
		}
		// Every document's bounds, its form's left undone too (it is still skipped below:
		// done is not set), each within its form's most, and the bar set by the want best
		// of all of them.
		best := topFloats{k: want}
		for _, f := range order {
			if !f.done {
				setBounds(f)
			}
			for _, i := range f.at {
				if bounds[i] > f.most {
					return fmt.Errorf("document %d is bounded by %v, above its form's most %v", shown[i], bounds[i], f.most)
				}
				best.push(bounds[i])
			}
		}
		if len(shown) > want && best.least() != cut {
			return fmt.Errorf("the first bar is %v, the %d-th best bound %v", cut, want, best.least())
		}
		if err := c.checkBounds(b, root, shown, sigs, bounds, exactBound); err != nil {
			return err
		}
	}
	if useExact && len(firstAt) > want {
		type keyed struct {
			i   int
			pos position
		}
		keys := make([]keyed, len(firstAt))
		for k, i := range firstAt {
			e, ok := exactBound(i)
			if !ok {
				e = math.Inf(1) // not known: read among the first
			}
			keys[k] = keyed{i, posOf(i, e)}
		}
		slices.SortFunc(keys, func(a, b keyed) int {
			switch {
			case before(SortRelevance, a.pos, b.pos):
				return -1
			case before(SortRelevance, b.pos, a.pos):
				return 1
			}
			return 0
		})
		firstAt = firstAt[:want]
		for k := range firstAt {
			firstAt[k] = keys[k].i
		}
		slices.Sort(firstAt)
	}
	var first, firstSigs []uint64
	for _, i := range firstAt {
		d := shown[i]
		first, firstSigs = append(first, uint64(d)), append(firstSigs, sigs[d])
	}
	emit := func(d uint64, score float64) error {
		c.offer(d, score, nil)
		return nil
	}
	if err := b.scoreBatch(root, first, firstSigs, emit, c); err != nil {
		return err
	}
	if len(first) == len(shown) {
		return nil
	}
	// Then every other document that can still reach the page: its bound (with the margin)
	// at the bar or above, and its exact bound, date and rank before the last kept hit's.
	full := c.top.Len() == c.k
	var worst position
	if full {
		worst = c.top.items[0].pos
	}
	// reach marks (a bit per index in shown) the documents not scored yet that can still
	// reach the page: all of them while it has room, else those of the forms whose most
	// reaches its last hit with their own bound there too.
	reach := make([]uint64, (len(shown)+63)/64)
	for _, f := range order {
		if full && !f.done && f.most >= worst.Score {
			boundForm(f)
		}
		if full && !f.done {
			continue
		}
		for _, i := range f.at {
			if !full || bounds[i] >= worst.Score {
				reach[i/64] |= 1 << (i % 64)
			}
		}
	}
	for _, i := range firstAt {
		reach[i/64] &^= 1 << (i % 64)
	}
	var second, secondSigs []uint64
	for w, word := range reach {
		for ; word != 0; word &= word - 1 {
			i := w*64 + bits.TrailingZeros64(word)
			// Only a bound at the bar, give or take its margin, can turn out to be a tie lost
			// (or a score just below): the others are read without computing it.
			if full && useExact && bounds[i] <= worst.Score*(1+1e-6) {
				if e, ok := exactBound(i); ok && !before(SortRelevance, posOf(i, e), worst) {
					continue
				}
			}
			d := shown[i]
			second, secondSigs = append(second, uint64(d)), append(secondSigs, sigs[d])
		}
	}
	if len(second) == 0 {
		return nil
	}
	return b.scoreBatch(root, second, secondSigs, emit, c)
}

// position is where document d sorts by relevance, scoring score.
func (c *collector) position(d uint64, score float64) position {
	return position{Score: score, Day: c.cols.Days[d], Rank: c.cols.Ranks[d], doc: d}
}

// reaches reports whether a hit at p, ranked by relevance, would enter the page as it is now
// (or by a tie broken in its favour): the page has room, or p sorts before its last hit.
func (c *collector) reaches(p position) bool {
	return c.top.Len() < c.k || before(SortRelevance, p, c.top.items[0].pos)
}

// tiesExact: when more than this many times want documents share the first bar's bound, ties
// are broken by exact bounds, date and rank, as where phrases are read.
const tiesExact = 4

// checkBounds, set by tests, makes rank score every match and check that neither bound of
// any of them is below its score: a bound that is would drop a document from a page.
var checkBounds bool

func (c *collector) checkBounds(b *treeBuilder, root *treeNode, shown []uint32, sigs []uint64, bounds []float64, exactBound func(int) (float64, bool)) error {
	docs, docSigs := make([]uint64, len(shown)), make([]uint64, len(shown))
	for i, d := range shown {
		docs[i], docSigs[i] = uint64(d), sigs[d]
	}
	return b.scoreBatch(root, docs, docSigs, func(d uint64, score float64) error {
		i := sort64(docs, d) // emitted in no set order
		if score > bounds[i] {
			return fmt.Errorf("document %d scores %v, above its bound %v", d, score, bounds[i])
		}
		if e, ok := exactBound(i); ok && score > e {
			return fmt.Errorf("document %d scores %v, above its exact bound %v", d, score, e)
		}
		return nil
	}, nil)
}

// rankForm is one signature's form in rank: its leaves, their coefficients, the most any of
// its documents can be bounded by (each leaf at its highest anywhere, with the bounds'
// margin), and its documents.
type rankForm struct {
	leaves []*treeNode
	coefs  []float64
	most   float64
	at     []uint32 // the indexes in shown of its documents, ascending
	n      int      // their number
	done   bool     // their bounds are computed
}

// firstBar is the want-th best bound of all the forms' documents (forms sorted by most, best
// first; more than want documents in all). It has bound (which sets bounds at each document's
// index and marks the form done) compute them a form at a time, and stops where the forms left
// have a most below the want-th best so far: they hold no bound as high.
func firstBar(forms []*rankForm, want int, bound func(*rankForm), bounds []float64) float64 {
	best := topFloats{k: want}
	for k, f := range forms {
		bound(f)
		for _, i := range f.at {
			best.push(bounds[i])
		}
		if best.full() && (k+1 == len(forms) || forms[k+1].most < best.least()) {
			break
		}
	}
	return best.least()
}

// markBit sets bit in words[d] for every document d of docs; buf is the iterator's batch.
func markBit(words []uint64, docs *roaring.Bitmap, bit uint64, buf []uint32) {
	it := docs.ManyIterator()
	for {
		k := it.NextMany(buf)
		if k == 0 {
			return
		}
		for _, d := range buf[:k] {
			words[d] |= bit
		}
	}
}

// A search's scratch slices as long as its matches (rank's bounds, the matches kept for
// ranking) and as its facets' values (the counts) come from pools: made for every search,
// they were about a tenth of the bytes a search with every default facet allocated at 20k.
var (
	floatPool  slicePool[float64]
	uint32Pool slicePool[uint32]
	intPool    slicePool[int]
)

// slicePool keeps slices for reuse.
type slicePool[T any] struct{ p sync.Pool }

// get returns a slice of length n, its values left from its last use: the caller sets them.
func (s *slicePool[T]) get(n int) []T {
	if v, ok := s.p.Get().(*[]T); ok && cap(*v) >= n {
		return (*v)[:n]
	}
	return make([]T, n)
}

// put keeps v (nil: nothing) for a later get; v is not used after.
func (s *slicePool[T]) put(v []T) {
	if v != nil {
		s.p.Put(&v)
	}
}

// sigPool keeps the signature arrays of finished searches, all zero.
var sigPool sync.Pool

func getSigs(n int) []uint64 {
	if s, ok := sigPool.Get().(*[]uint64); ok && len(*s) >= n {
		return *s
	}
	return make([]uint64, n)
}

// putSigs zeroes the words of shown (the only ones set) and keeps sigs for the next search.
func putSigs(sigs []uint64, shown []uint32) {
	for _, d := range shown {
		sigs[d] = 0
	}
	sigPool.Put(&sigs)
}

// topFloats keeps the k largest of the values pushed, in a min-heap on a plain slice
// (container/heap boxed every value it was handed): least is the k-th largest so far.
type topFloats struct {
	k int
	h []float64
}

func (t *topFloats) full() bool { return len(t.h) == t.k }

// least is the least value kept (-Inf while none is).
func (t *topFloats) least() float64 {
	if len(t.h) == 0 {
		return math.Inf(-1)
	}
	return t.h[0]
}

func (t *topFloats) push(v float64) {
	h := t.h
	if len(h) < t.k {
		h = append(h, v)
		for i := len(h) - 1; i > 0; { // up
			p := (i - 1) / 2
			if h[p] <= h[i] {
				break
			}
			h[p], h[i] = h[i], h[p]
			i = p
		}
		t.h = h
		return
	}
	if v <= h[0] {
		return
	}
	h[0] = v
	for i := 0; ; { // down
		l, m := 2*i+1, i
		if l < len(h) && h[l] < h[m] {
			m = l
		}
		if l+1 < len(h) && h[l+1] < h[m] {
			m = l + 1
		}
		if m == i {
			break
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}

// scoreKept gives the kept hits their scores.
func (c *collector) scoreKept(b *treeBuilder, root *treeNode) error {
	kept := map[uint64]*bsearch.DocumentMatch{}
	docs := make([]uint64, 0, c.top.Len())
	for i := range c.top.items {
		h := &c.top.items[i]
		h.match(0)
		kept[h.pos.doc] = h.dm
		docs = append(docs, h.pos.doc)
	}
	slices.Sort(docs)
	sigs := make([]uint64, len(docs))
	for i, d := range docs {
		for _, n := range b.leaves {
			if n.docs.Contains(uint32(d)) {
				sigs[i] |= 1 << n.leaf
			}
		}
	}
	return b.scoreBatch(root, docs, sigs, func(d uint64, score float64) error {
		kept[d].Score = score
		return nil
	}, nil)
}

// collect takes one match bleve found: document d with its score.
func (c *collector) collect(d uint64, score float64, dm *bsearch.DocumentMatch) error {
	if d >= uint64(len(c.cols.IDs)) {
		return fmt.Errorf("document %d is beyond the generation's columns", d)
	}
	if !c.count(d) {
		c.put(dm)
		return nil
	}
	c.offer(d, score, dm)
	return nil
}

// count counts match d in the total and the facets; false when it falls outside the date
// range (which bleve's walk does not apply).
func (c *collector) count(d uint64) bool {
	one := [1]uint32{uint32(d)}
	return len(c.countMany(one[:])) == 1
}

// countMany counts many matches at once, a column at a time (each column's arrays are
// read in document order, not interleaved with the others'). It returns the matches counted,
// in docs' own storage.
func (c *collector) countMany(docs []uint32) []uint32 {
	if c.from != math.MinInt32 || c.to != math.MaxInt32 {
		k := 0
		for _, d := range docs {
			if day := c.cols.Days[d]; day >= c.from && day <= c.to {
				docs[k] = d
				k++
			}
		}
		docs = docs[:k]
	}
	c.total += len(docs)
	for i := range c.facets {
		if c.facets[i].byValue || c.facets[i].shared {
			continue
		}
		offsets, refs, counts := c.facets[i].col.Offsets, c.facets[i].col.Refs, c.facets[i].counts
		if c.facets[i].col.SingleValued() { // document d's one value is refs[d]
			for _, d := range docs {
				counts[refs[d]]++
			}
			continue
		}
		if cap(refs)-len(refs) >= index.RefsPad && len(counts) > 0 {
			countPadded(docs, offsets, refs, counts)
			continue
		}
		for _, d := range docs {
			for _, r := range refs[offsets[d]:offsets[d+1]] {
				counts[r]++
			}
		}
	}
	return docs
}

// countPadded counts the values of docs as countMany's loop does, a document's first
// index.RefsPad values without a branch: each is loaded and counted by 1 if the document has
// it, 0 if not (it is then the next document's, or the padding's zero), and only the values
// past those take a loop. Where the number of values a document varies (places: 0 to 11),
// the loop's exit was mispredicted about once a document; four facets over a quarter of the
// 20k items counted in 108 µs against 153–163. refs must have index.RefsPad values of
// capacity past its length, and counts at least one value.
func countPadded(docs, offsets, refs []uint32, counts []int) {
	for _, d := range docs {
		o, e := offsets[d], offsets[d+1]
		n := int32(e - o)
		w := (*[index.RefsPad]uint32)(refs[o : o+index.RefsPad])
		counts[w[0]] += int(1 ^ uint32(n-1)>>31) // 1 where n > 0
		counts[w[1]] += int(1 ^ uint32(n-2)>>31)
		counts[w[2]] += int(1 ^ uint32(n-3)>>31)
		counts[w[3]] += int(1 ^ uint32(n-4)>>31)
		for i := o + index.RefsPad; i < e; i++ {
			counts[refs[i]]++
		}
	}
}

// Counting a facet by its values' bitmaps is an AND's cardinality a value. That is cheaper
// than a pass over the match's documents when the match's roaring containers are bitmaps
// (4,096 documents or more in each block of 65,536) and it is large beside the column's
// values. Measured at 200,000 items with a quarter matching: a value costs about 100 ns
// and each of the column's references 0.2 ns, where a pass costs about 3 ns for each
// reference of a matching document: source, organization, place and person facets 2.4–5.5×
// faster. A single-valued column of many values (month) is cheaper counted through.
const (
	denseContainer   = 4096 // documents in a block of 65,536 for roaring to hold a bitmap
	singleByValueMax = 16   // values of a single-valued column counted by value
)

// countByValue counts the facets that its value bitmaps count faster over the match m, and
// marks them so countMany leaves them alone.
func (c *collector) countByValue(m *roaring.Bitmap, maxDoc uint32) {
	card, blocks := m.GetCardinality(), uint64(maxDoc)>>16+1
	if card < denseContainer*blocks {
		return
	}
	for i := range c.facets {
		f := &c.facets[i]
		if f.shared {
			continue
		}
		values, refs := uint64(len(f.col.Values)), uint64(len(f.col.Refs))
		if f.col.SingleValued() {
			if values > singleByValueMax {
				continue
			}
		} else if 100*values+refs/5 >= 3*card*refs/uint64(max(maxDoc, 1)) { // ns
			continue
		}
		for r, docs := range f.col.ValueBitmaps() {
			f.counts[r] = int(m.AndCardinality(docs))
		}
		f.byValue = true
	}
}

// offer keeps counted match d if it is among the best k so far (dm: bleve's, or nil).
func (c *collector) offer(d uint64, score float64, dm *bsearch.DocumentMatch) {
	if c.sort == SortRelevance && c.k > 0 && c.top.Len() == c.k && score < c.top.items[0].pos.Score {
		// Below the last hit kept: out, whatever its date and rank, which are not read (at
		// 200k, reading them for every document scored was most of offer's time).
		c.put(dm)
		return
	}
	pos := position{Day: c.cols.Days[d], Rank: c.cols.Ranks[d], doc: d}
	if c.sort == SortRelevance {
		pos.Score = score
	}
	switch {
	case c.k == 0:
		c.put(dm) // counted only: a request for the total and facets
	case c.after != nil && !before(c.sort, *c.after, pos):
		c.put(dm) // at or before the cursor: on an earlier page
	case c.top.Len() < c.k:
		heap.Push(&c.top, collectedHit{pos, dm})
	case before(c.sort, pos, c.top.items[0].pos):
		c.put(c.top.items[0].dm)
		c.top.items[0] = collectedHit{pos, dm}
		heap.Fix(&c.top, 0)
	default:
		c.put(dm)
	}
}

// match gives kept hit h a DocumentMatch if it has none (the tree's hits get theirs only
// once they are kept to the end, not each time one enters the heap), scoring score.
func (h *collectedHit) match(score float64) {
	if h.dm == nil {
		h.dm = &bsearch.DocumentMatch{IndexInternalID: bindex.NewIndexInternalID(nil, h.pos.doc), Score: score}
	}
}

// put returns a match bleve made to its pool.
func (c *collector) put(dm *bsearch.DocumentMatch) {
	if dm != nil && c.pool != nil {
		c.pool.Put(dm)
	}
}

// hits returns the kept hits in order, skipping the first skip, with their ids set.
func (c *collector) hits(skip int) []collectedHit {
	out := slices.Clone(c.top.items)
	slices.SortFunc(out, func(a, b collectedHit) int {
		if before(c.sort, a.pos, b.pos) {
			return -1
		}
		return 1 // positions are unique
	})
	if skip >= len(out) {
		return nil
	}
	out = out[skip:]
	for i := range out {
		out[i].match(out[i].pos.Score) // by date, scoreKept made them
		out[i].dm.ID = c.cols.IDs[out[i].pos.doc]
	}
	return out
}

// heapOf keeps the worst of what it holds on top (worse(a, b): a ranks after b), so that a
// better item replaces it in O(log n): the kept hits, facet values and bounds.
type heapOf[T any] struct {
	items []T
	worse func(a, b T) bool
}

func (h *heapOf[T]) Len() int           { return len(h.items) }
func (h *heapOf[T]) Less(i, j int) bool { return h.worse(h.items[i], h.items[j]) }
func (h *heapOf[T]) Swap(i, j int)      { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *heapOf[T]) Push(x any)         { h.items = append(h.items, x.(T)) }
func (h *heapOf[T]) Pop() any {
	last := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return last
}

// facetCounters prepares counting for the requested facets: one count a value of each column
// asked for, from the pool (release gives them back), shared by facets of one column.
func facetCounters(cols *index.Columns, reqs []FacetRequest) []facetCounter {
	out := make([]facetCounter, 0, len(reqs))
	for _, r := range reqs {
		col := cols.Facets[facetField(r.Name)]
		f := facetCounter{name: r.Name, col: col}
		for _, o := range out {
			if o.col == col {
				f.counts, f.shared = o.counts, true
				break
			}
		}
		if f.counts == nil {
			f.counts = intPool.get(len(col.Values))
			clear(f.counts)
		}
		out = append(out, f)
	}
	return out
}

// release gives the collector's pooled facet counts back; the collector is not used after.
func (c *collector) release() {
	for i, f := range c.facets {
		if !f.shared {
			intPool.put(f.counts)
		}
		c.facets[i].counts = nil
	}
}

// top returns the size most frequent values of f, ties by value. With many values (persons,
// places) only the size best are kept while counting through, in a heap, not all sorted.
func (f *facetCounter) top(size int) []valueCount {
	better := func(a, b valueCount) int {
		if a.count != b.count {
			return cmp.Compare(b.count, a.count)
		}
		return cmp.Compare(a.value, b.value)
	}
	h := &heapOf[valueCount]{worse: func(a, b valueCount) bool { return better(a, b) > 0 }}
	for i, n := range f.counts {
		if n == 0 {
			continue
		}
		if len(h.items) == size {
			// Full. The column's values are sorted, so a value whose count only ties the
			// worst kept comes after it: only a higher count gets in, and no string is
			// compared for the many values of a large column below the bar.
			if size > 0 && n > h.items[0].count {
				h.items[0] = valueCount{f.col.Values[i], n}
				heap.Fix(h, 0)
			}
			continue
		}
		heap.Push(h, valueCount{f.col.Values[i], n})
	}
	slices.SortFunc(h.items, better)
	return h.items
}

// nonzero returns f's counted values in no particular order.
func (f *facetCounter) nonzero() []valueCount {
	k := 0
	for _, n := range f.counts {
		if n > 0 {
			k++
		}
	}
	vs := make([]valueCount, 0, k)
	for i, n := range f.counts {
		if n > 0 {
			vs = append(vs, valueCount{f.col.Values[i], n})
		}
	}
	return vs
}

type valueCount struct {
	value string
	count int
}
