package search

import (
	"context"
	"encoding/binary"
	"math"
	"math/bits"
	"reflect"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/vellum"
	zap "github.com/blevesearch/zapx/v17"

	"briefsearch/index"
)

// zapTerm is one term's postings in one zap segment, read from the segment's bytes: the
// frequencies and norms that score the few documents that can rank, and the positions that
// phrases and locate read (zapTermReader).
//
// zap's own iterator reaches a document by stepping through every posting before it in its
// chunk, one roaring Next and two varint decodes each. The layout makes that unnecessary: a
// posting's place in its chunk is its rank in the term's bitmap, and its frequency and norm are
// the next two varints of the chunk. So zapTerm ranks the document in the bitmap and skips the
// varints before it, a byte scan, from the last of the build's skip points before it where the
// term has them (skips.go).
//
// The format read here is zap v17's (zapx/v17, what bleve writes and the index pins):
//   - the field's dictionary is a vellum FST at Segment.DictAddr, prefixed by its length; it
//     maps a term to its postings offset, or, with FSTValEncoding1Hit set, to the only
//     document and its norm (frequency 1);
//   - at the postings offset: the freq/norm offset, the locations offset, the roaring bitmap's
//     length and the bitmap;
//   - at the freq/norm offset: the number of chunks, each chunk's end (from the data start),
//     then the chunks. Chunk c holds the postings of documents [c×size, (c+1)×size), size from
//     the chunk mode and the term's count as zap's getChunkSize computes it. A posting is
//     uvarint(freq<<1 | hasLocations), then uvarint(the field's length, zapNorm) unless freq is 0;
//   - the locations, at their own offset, are chunked the same way: for each posting that has
//     them, uvarint(their size in bytes), then each location as uvarints: field, position,
//     start, end, the number of array positions and those.
//
// The segment's bytes are used as stored: the index is written without zap's file callbacks
// (encryption), which would make them differ from what is read. TestZapTermMatchesZap holds
// this reader to zap's iterator at every posting of every term of a multi-chunk index, and
// TestZapTermReaderMatchesScorch zapTermReader to scorch's own reader.
type zapTerm struct {
	postings  *roaring.Bitmap // every document holding the term, deleted ones included
	chunkSize uint64
	freqs     zapChunks // frequencies and norms
	locs      zapChunks // locations (none: the field keeps no term vectors)

	oneHit  bool // the term's one posting, frequency 1 and no locations, is in the dictionary
	hitNorm uint64

	ranks int      // rank calls so far
	dir   *rankDir // built once a dense term is ranked often

	skips *termSkips // where every skipStride-th posting of a chunk starts (skips.go), or nil
}

// rank is the number of the term's postings at or below d. roaring's Rank counts the bits of
// a dense container from its start, up to 1,024 words; a term ranked often (the documents a
// search scores) and dense enough for such containers gets a rank directory instead.
func (t *zapTerm) rank(d uint32) uint64 {
	if t.dir == nil {
		t.ranks++
		if t.ranks < rankDirAfter || t.postings.GetCardinality()*16 < uint64(t.postings.Maximum()) {
			return t.postings.Rank(d)
		}
		t.dir = newRankDir(t.postings)
	}
	return t.dir.rank(d)
}

// rankDirAfter: how many ranks of one term go to roaring before it gets a directory.
const rankDirAfter = 32

// rankDir is a bitmap's bits with the count before every block of 8 words: a rank is one
// lookup and at most 8 popcounts.
type rankDir struct {
	words  []uint64
	before []uint64
	total  uint64
}

func newRankDir(bm *roaring.Bitmap) *rankDir {
	r := &rankDir{words: bm.ToDense(), total: bm.GetCardinality()}
	r.before = make([]uint64, (len(r.words)+7)/8)
	var n uint64
	for i, w := range r.words {
		if i%8 == 0 {
			r.before[i/8] = n
		}
		n += uint64(bits.OnesCount64(w))
	}
	return r
}

func (r *rankDir) rank(d uint32) uint64 {
	w := int(d >> 6)
	if w >= len(r.words) {
		return r.total
	}
	n := r.before[w/8]
	for _, x := range r.words[w&^7 : w] {
		n += uint64(bits.OnesCount64(x))
	}
	return n + uint64(bits.OnesCount64(r.words[w]<<(63-d&63)))
}

// zapChunks is one of a term's chunked streams: chunk c is data[ends[c-1]:ends[c]].
type zapChunks struct {
	data []byte
	ends []uint64
}

func (z zapChunks) chunk(c uint64) ([]byte, error) {
	if c >= uint64(len(z.ends)) {
		return nil, errZapFormat
	}
	var start uint64
	if c > 0 {
		start = z.ends[c-1]
	}
	if end := z.ends[c]; start <= end && end <= uint64(len(z.data)) {
		return z.data[start:end], nil
	}
	return nil, errZapFormat
}

// zapChunksAt reads the chunk table at offset (0: the stream was not written).
func zapChunksAt(mem []byte, offset uint64) (zapChunks, error) {
	if offset == 0 {
		return zapChunks{}, nil
	}
	n, at, err := uvarintAt(mem, offset)
	if err != nil || n > uint64(len(mem)) {
		return zapChunks{}, errZapFormat
	}
	ends := make([]uint64, n)
	for i := range ends {
		if ends[i], at, err = uvarintAt(mem, at); err != nil {
			return zapChunks{}, err
		}
	}
	return zapChunks{data: mem[at:], ends: ends}, nil
}

// errZapFormat: the segment's bytes are not laid out as read here.
var errZapFormat = errorString("a zap segment's postings are not laid out as expected")

func uvarintAt(mem []byte, at uint64) (v, next uint64, err error) {
	if at >= uint64(len(mem)) {
		return 0, 0, errZapFormat
	}
	v, n := binary.Uvarint(mem[at:min(uint64(len(mem)), at+binary.MaxVarintLen64)])
	if n <= 0 {
		return 0, 0, errZapFormat
	}
	return v, at + uint64(n), nil
}

// openZapTerm finds term in field's dictionary of seg; found is false when the segment does not
// hold it.
func openZapTerm(seg *zap.Segment, field, term string) (t *zapTerm, found bool, err error) {
	dictLoc, err := seg.DictAddr(field)
	if err != nil {
		return nil, false, nil // the field is in no document of this segment
	}
	mem := seg.Data()
	fstLen, at, err := uvarintAt(mem, dictLoc)
	if err != nil || at+fstLen > uint64(len(mem)) {
		return nil, false, errZapFormat
	}
	fst, err := vellum.Load(mem[at : at+fstLen])
	if err != nil {
		return nil, false, err
	}
	val, exists, err := fst.Get([]byte(term))
	if err != nil || !exists {
		return nil, false, err
	}
	if val&zap.FSTValEncodingMask == zap.FSTValEncoding1Hit {
		doc, norm := zap.FSTValDecode1Hit(val)
		t = &zapTerm{postings: roaring.New(), oneHit: true, hitNorm: norm}
		t.postings.Add(uint32(doc))
		return t, true, nil
	}
	freqOffset, at, err := uvarintAt(mem, val)
	if err != nil {
		return nil, false, err
	}
	locOffset, at, err := uvarintAt(mem, at)
	if err != nil {
		return nil, false, err
	}
	bmLen, at, err := uvarintAt(mem, at)
	if err != nil || at+bmLen > uint64(len(mem)) {
		return nil, false, errZapFormat
	}
	t = &zapTerm{postings: roaring.New()}
	if _, err := t.postings.FromBuffer(mem[at : at+bmLen]); err != nil {
		return nil, false, err
	}
	if t.chunkSize, err = zapChunkSize(seg.ChunkMode(), t.postings.GetCardinality(), seg.NumDocs()); err != nil {
		return nil, false, err
	}
	if t.freqs, err = zapChunksAt(mem, freqOffset); err != nil {
		return nil, false, err
	}
	if t.locs, err = zapChunksAt(mem, locOffset); err != nil {
		return nil, false, err
	}
	return t, true, nil
}

// zapChunkSize is zap's getChunkSize for the chunk modes it writes (1024 and below: fixed;
// 1025 and 1026: from the term's count).
func zapChunkSize(mode uint32, count, docs uint64) (uint64, error) {
	var size uint64
	switch {
	case mode <= 1024:
		size = uint64(mode)
	case mode == 1025:
		size = 1024
		if count <= 1024 {
			size = docs
		}
	case mode == 1026:
		size = docs / (count/1024 + 1)
	}
	if size == 0 {
		return 0, errZapFormat
	}
	return size, nil
}

// zapCursor reads a zapTerm's postings at documents in increasing order; asked for an earlier
// document, it starts its chunk over. With withLocs it also gives each posting's locations
// (and so keeps its place in the locations' stream too).
type zapCursor struct {
	t          *zapTerm
	withLocs   bool
	chunk      uint64 // the chunk loaded (valid when freqs != nil)
	freqs      []byte // its frequencies and norms
	locs       []byte // its locations
	fpos, lpos int    // read positions in them
	next       uint64 // the index in the chunk of the posting at fpos
	first      uint64 // the index in the term of the chunk's first posting
	stepped    int    // postings stepped over so far (skip), for the tests
}

// zapPosting is one posting as read; locs holds its locations' bytes when they were asked for.
type zapPosting struct {
	freq, normBits uint64
	locs           []byte
}

// read decodes the posting of document d, which the term's postings must hold.
func (c *zapCursor) read(d uint64, p *zapPosting) error {
	if !c.t.postings.Contains(uint32(d)) {
		return errorString("a term's postings lack a document its bitmap holds")
	}
	return c.at(d, c.t.rank(uint32(d))-1, p)
}

// at decodes the posting of document d, the term's rank-th (from 0).
func (c *zapCursor) at(d, rank uint64, p *zapPosting) error {
	t := c.t
	if t.oneHit {
		*p = zapPosting{freq: 1, normBits: t.hitNorm}
		return nil
	}
	if ch := d / t.chunkSize; c.freqs == nil || ch != c.chunk || rank < c.first+c.next {
		var err error
		if c.freqs, err = t.freqs.chunk(ch); err != nil {
			return err
		}
		c.locs = nil
		if c.withLocs && len(t.locs.ends) > 0 {
			if c.locs, err = t.locs.chunk(ch); err != nil {
				return err
			}
		}
		c.chunk, c.fpos, c.lpos, c.next, c.first = ch, 0, 0, 0, 0
		if ch > 0 {
			c.first = t.rank(uint32(ch*t.chunkSize - 1))
		}
	}
	if rank-c.first > uint64(len(c.freqs)) { // a posting takes a byte at least
		return errZapFormat
	}
	if s := t.skips; s != nil {
		// From the last skip point before the posting, when that is ahead of the cursor.
		if k := int((rank - c.first) / skipStride); k > 0 && uint64(k)*skipStride > c.next && k <= s.points(c.chunk) {
			if f, l := s.point(c.chunk, k-1); f < len(c.freqs) && (c.locs == nil || l <= len(c.locs)) {
				c.fpos, c.lpos, c.next = f, l, uint64(k)*skipStride
			}
		}
	}
	if err := c.skip(int(rank - c.first - c.next)); err != nil {
		return err
	}
	return c.posting(p)
}

// skip moves past n postings without decoding them: a posting is one varint when its first
// byte is 0 or 1 (frequency 0: no norm), else two; its first byte's low bit says whether it
// has locations, whose size comes first in the locations' stream.
func (c *zapCursor) skip(n int) error {
	c.stepped += n
	buf, pos := c.freqs, c.fpos
	for ; n > 0; n-- {
		if pos >= len(buf) {
			return errZapFormat
		}
		b := buf[pos]
		varints := 2
		if b <= 1 {
			varints = 1
		}
		for varints > 0 {
			if pos >= len(buf) {
				return errZapFormat
			}
			if buf[pos] < 0x80 {
				varints--
			}
			pos++
		}
		if c.withLocs && b&1 != 0 {
			size, k := binary.Uvarint(c.locs[c.lpos:])
			if k <= 0 || size > uint64(len(c.locs)-c.lpos-k) {
				return errZapFormat
			}
			c.lpos += k + int(size)
		}
		c.next++
	}
	c.fpos = pos
	return nil
}

// posting decodes the posting at the read position and moves past it.
func (c *zapCursor) posting(p *zapPosting) error {
	v, n := binary.Uvarint(c.freqs[c.fpos:])
	if n <= 0 {
		return errZapFormat
	}
	c.fpos += n
	c.next++
	p.freq, p.normBits, p.locs = v>>1, 0, nil
	if p.freq != 0 {
		if p.normBits, n = binary.Uvarint(c.freqs[c.fpos:]); n <= 0 {
			return errZapFormat
		}
		c.fpos += n
	}
	if !c.withLocs || v&1 == 0 {
		return nil
	}
	size, n := binary.Uvarint(c.locs[c.lpos:])
	if n <= 0 || size > uint64(len(c.locs)-c.lpos-n) {
		return errZapFormat
	}
	c.lpos += n
	p.locs = c.locs[c.lpos : c.lpos+int(size)]
	c.lpos += int(size)
	return nil
}

// zapNorm is zap's Posting.Norm: the stored bits are the field's length in tokens, as a
// uint32, and the norm is 1/√length rounded to a float32.
func zapNorm(bits uint64) float64 {
	return float64(float32(1.0 / math.Sqrt(float64(uint32(bits)))))
}

// zapTermReader is bleve's TermFieldReader read through zapTerm: a term's documents in a
// snapshot of zap segments, less the deleted ones, with frequency, norm and, when asked for,
// locations, as scorch's own reader gives them. A phrase's terms are read through it: a
// phrase skips its later terms to the first one's documents, and zapCursor skips there
// without decoding what lies between.
type zapTermReader struct {
	field string
	locs  bool
	segs  []zapSegTerm
	count uint64
	si    int // the segment read
	p     zapPosting
	// segs' storage, and its term's, when the snapshot has one segment (as a built index has)
	one     [1]zapSegTerm
	oneTerm zapTerm
}

type zapSegTerm struct {
	seg     *zap.Segment
	t       *zapTerm // nil: the segment lacks the term
	offset  uint64
	size    uint64 // documents in the segment, deleted ones included
	deleted *roaring.Bitmap
	cur     zapCursor
	it      roaring.IntIterator // the term's documents from the next one to read
	rank    uint64              // the index in the term of it's next document
	started bool                // it is set up
	// arr, when set (walkDense), holds the term's documents in place of it, and rank is the
	// index in it of the next one: a walk that reads at most of them steps an array instead
	// of roaring's iterator, and gets each document's rank for nothing.
	arr []uint32
}

// zapTermSet is a term of a field looked up in each of a snapshot's zap segments, once: a
// search reads a term leaf's count, its documents and its postings from it, and each reader
// gets fresh cursors (and rank counts) over the same looked-up terms.
type zapTermSet struct {
	field string
	segs  []zapSegTerm // t, offset, size and deleted only
	count uint64       // the term's live documents
}

// openZapTerms looks term up in field over snap's segments; ok is false when a segment is not
// a zap file (then scorch's reader is used).
func openZapTerms(snap *scorch.IndexSnapshot, field, term string) (ts *zapTermSet, ok bool, err error) {
	ts = &zapTermSet{field: field}
	var offset uint64
	for _, ss := range snap.Segments() {
		seg, isZap := ss.Segment().(*zap.Segment)
		if !isZap {
			return nil, false, nil
		}
		st := zapSegTerm{seg: seg, offset: offset, size: seg.Count(), deleted: ss.Deleted()}
		t, found, err := openZapTerm(seg, field, term)
		if err != nil {
			return nil, false, err
		}
		if found {
			st.t = t
			ts.count += t.postings.GetCardinality()
			if st.deleted != nil {
				ts.count -= st.deleted.AndCardinality(t.postings)
			}
		}
		ts.segs = append(ts.segs, st)
		offset += st.size
	}
	return ts, true, nil
}

// reader reads the set's postings from the start, with locations when locs is set.
func (ts *zapTermSet) reader(locs bool) *zapTermReader {
	// One allocation for a one-segment snapshot: the segment's term and cursor are inside the
	// reader.
	r := &zapTermReader{field: ts.field, locs: locs, count: ts.count}
	if len(ts.segs) == 1 {
		r.segs = r.one[:]
	} else {
		r.segs = make([]zapSegTerm, len(ts.segs))
	}
	for i, st := range ts.segs {
		if st.t != nil {
			t := &r.oneTerm
			if len(ts.segs) > 1 {
				t = new(zapTerm)
			}
			*t = *st.t // the looked-up term, its rank count and rank directory this reader's own
			t.ranks, t.dir = 0, nil
			st.t = t
			st.cur = zapCursor{t: t, withLocs: locs}
		}
		r.segs[i] = st
	}
	return r
}

// in reports whether the set was looked up in snap's segments, with the same deletions: a
// search's other snapshots of its read-only index (locate's, a phrase's) read it as their own.
func (ts *zapTermSet) in(snap *scorch.IndexSnapshot) bool {
	segs := snap.Segments()
	if len(segs) != len(ts.segs) {
		return false
	}
	for i, ss := range segs {
		if seg, _ := ss.Segment().(*zap.Segment); seg != ts.segs[i].seg || ss.Deleted() != ts.segs[i].deleted {
			return false
		}
	}
	return true
}

// termLookups are a search's zap lookups, each term of each field looked up in the segments'
// dictionaries once: its tree's leaves, its phrases' parts (when scored and when located) and
// locate read the same terms. withLookups puts one in a search's context.
type termLookups struct {
	impacts *impacts // the generation's: the terms' skip points
	mu      sync.Mutex
	sets    map[fieldTerm]*zapTermSet
	reused  int // lookups answered from sets
}

type lookupsKey struct{}

func withLookups(ctx context.Context, imp *impacts) context.Context {
	return context.WithValue(ctx, lookupsKey{}, &termLookups{impacts: imp, sets: map[fieldTerm]*zapTermSet{}})
}

// lookupZapTerms is openZapTerms, once for the search in ctx (when it has termLookups) and
// snapshots of the same segments.
func lookupZapTerms(ctx context.Context, snap *scorch.IndexSnapshot, field, term string) (*zapTermSet, bool, error) {
	l, _ := ctx.Value(lookupsKey{}).(*termLookups)
	if l == nil {
		return openZapTerms(snap, field, term)
	}
	key := fieldTerm{field, term}
	l.mu.Lock()
	ts := l.sets[key]
	reuse := ts != nil && ts.in(snap)
	if reuse {
		l.reused++
	}
	l.mu.Unlock()
	if reuse {
		return ts, true, nil
	}
	ts, ok, err := openZapTerms(snap, field, term)
	if err != nil || !ok {
		return nil, ok, err
	}
	// Skip points are stored for a generation of one segment, and for terms in blockMinDocs
	// documents or more (the others are not looked for).
	if len(ts.segs) == 1 && ts.segs[0].t != nil && ts.segs[0].t.postings.GetCardinality() >= blockMinDocs {
		attachSkips(ts.segs[0].t, l.impacts.skipsOf(field, term))
	}
	l.mu.Lock()
	l.sets[key] = ts
	l.mu.Unlock()
	return ts, true, nil
}

// docs is the set's live documents, numbered across the snapshot's segments: a bitmap of the
// caller's own.
func (ts *zapTermSet) docs() *roaring.Bitmap {
	out := roaring.New()
	for _, st := range ts.segs {
		if st.t == nil {
			continue
		}
		local := st.t.postings.Clone()
		if st.deleted != nil {
			local.AndNot(st.deleted)
		}
		if st.offset > 0 {
			local = roaring.AddOffset64(local, int64(st.offset))
		}
		if out.IsEmpty() {
			out = local
		} else {
			out.Or(local)
		}
	}
	return out
}

// newZapTermReader opens term in field over snap's segments; ok is false when a segment is
// not a zap file (then scorch's reader is used).
func newZapTermReader(snap *scorch.IndexSnapshot, field, term string, locs bool) (r *zapTermReader, ok bool, err error) {
	ts, ok, err := openZapTerms(snap, field, term)
	if err != nil || !ok {
		return nil, ok, err
	}
	return ts.reader(locs), true, nil
}

// advanceSteps: how many postings Advance steps over before it jumps instead.
const advanceSteps = 16

func (r *zapTermReader) Next(pre *bindex.TermFieldDoc) (*bindex.TermFieldDoc, error) {
	g, p, err := r.nextPosting()
	if p == nil || err != nil {
		return nil, err
	}
	return r.fill(pre, g)
}

// nextPosting moves to the next document and reads its posting (nil: no more documents).
func (r *zapTermReader) nextPosting() (uint64, *zapPosting, error) {
	for ; r.si < len(r.segs); r.si++ {
		st := &r.segs[r.si]
		if st.t == nil {
			continue
		}
		if !st.started {
			if st.arr == nil {
				st.it.Initialize(st.t.postings)
			}
			st.rank, st.started = 0, true
		}
		for d, ok := st.nextDoc(); ok; d, ok = st.nextDoc() {
			if st.deleted != nil && st.deleted.Contains(d) {
				continue
			}
			if err := st.cur.at(uint64(d), st.rank-1, &r.p); err != nil {
				return 0, nil, err
			}
			return st.offset + uint64(d), &r.p, nil
		}
	}
	return 0, nil, nil
}

// Advance moves to the first document at or after id, backwards too. A target a few postings
// on is stepped to; a farther one is placed by its rank in the bitmap (the cursor then skips
// the postings before it in its chunk without decoding them).
func (r *zapTermReader) Advance(id bindex.IndexInternalID, pre *bindex.TermFieldDoc) (*bindex.TermFieldDoc, error) {
	g, p, err := r.advancePosting(index.DocNum(id))
	if p == nil || err != nil {
		return nil, err
	}
	return r.fill(pre, g)
}

// advancePosting moves to the first document at or after g and reads its posting (nil: no
// more documents).
func (r *zapTermReader) advancePosting(g uint64) (uint64, *zapPosting, error) {
	r.si = len(r.segs)
	for i := range r.segs {
		st := &r.segs[i]
		if g >= st.offset+st.size {
			continue
		}
		r.si = i
		if st.t == nil {
			break
		}
		local := uint32(max(g, st.offset) - st.offset)
		if st.arr != nil {
			st.rank = st.arrayRank(local)
			st.started = true
			break
		}
		if !st.started || !st.it.HasNext() || st.it.PeekNext() > local { // backwards
			st.it.Initialize(st.t.postings)
			st.started = true
		} else {
			// A near target is stepped to; a far one jumped to.
			for steps := 0; st.it.HasNext() && st.it.PeekNext() < local && steps < advanceSteps; steps++ {
				st.it.Next()
				st.rank++
			}
			if !st.it.HasNext() || st.it.PeekNext() >= local {
				break
			}
		}
		st.it.AdvanceIfNeeded(local)
		st.rank = 0
		if local > 0 {
			st.rank = st.t.rank(local - 1)
		}
		break
	}
	// Later segments start from their first document.
	for i := r.si + 1; i < len(r.segs); i++ {
		r.segs[i].started = false
	}
	return r.nextPosting()
}

// nextDoc moves past the term's next document in the segment (from st.arr or st.it) and
// returns it; ok is false when there is none.
func (st *zapSegTerm) nextDoc() (d uint32, ok bool) {
	if st.arr != nil {
		if st.rank >= uint64(len(st.arr)) {
			return 0, false
		}
		d = st.arr[st.rank]
	} else {
		if !st.it.HasNext() {
			return 0, false
		}
		d = st.it.Next()
	}
	st.rank++
	return d, true
}

// arrayRank is the index in st.arr of its first document at or after local: stepped to from
// the next one when near, else searched for (from the start when local is behind).
func (st *zapSegTerm) arrayRank(local uint32) uint64 {
	i := 0
	if st.started && st.rank < uint64(len(st.arr)) && st.arr[st.rank] <= local {
		i = int(st.rank)
		for steps := 0; i < len(st.arr) && st.arr[i] < local && steps < advanceSteps; steps++ {
			i++
		}
	}
	if i < len(st.arr) && st.arr[i] < local {
		j, _ := slices.BinarySearch(st.arr[i:], local)
		i += j
	}
	return uint64(i)
}

// walkDense makes r read its documents from arrays (zapSegTerm.arr) from now on, from its
// first document: for a walk that reads at a large share of them, where roaring's iterator
// and rank lookups cost more than the array does to make.
func (r *zapTermReader) walkDense() {
	for i := range r.segs {
		if st := &r.segs[i]; st.t != nil && st.arr == nil {
			st.arr, st.started = st.t.postings.ToArray(), false
		}
	}
	r.si = 0
}

// at is the posting of document g, nil when g does not hold the term (or is deleted). It
// leaves Next where it was.
func (r *zapTermReader) at(g uint64, pre *bindex.TermFieldDoc) (*bindex.TermFieldDoc, error) {
	p, err := r.posting(g)
	if p == nil || err != nil {
		return nil, err
	}
	return r.fill(pre, g)
}

// holds reports whether document g holds the term (and is not deleted), from the bitmaps.
func (r *zapTermReader) holds(g uint64) bool {
	for i := range r.segs {
		st := &r.segs[i]
		if g >= st.offset+st.size {
			continue
		}
		local := uint32(g - st.offset)
		return st.t != nil && st.t.postings.Contains(local) && (st.deleted == nil || !st.deleted.Contains(local))
	}
	return false
}

// posting is document g's posting as read, its locations as bytes (positionsOf reads them);
// nil when g does not hold the term (or is deleted). It is valid until the next read, and
// leaves Next where it was.
func (r *zapTermReader) posting(g uint64) (*zapPosting, error) {
	for i := range r.segs {
		st := &r.segs[i]
		if g >= st.offset+st.size {
			continue
		}
		local := g - st.offset
		if st.t == nil || !st.t.postings.Contains(uint32(local)) || (st.deleted != nil && st.deleted.Contains(uint32(local))) {
			return nil, nil
		}
		if err := st.cur.read(local, &r.p); err != nil {
			return nil, err
		}
		return &r.p, nil
	}
	return nil, nil
}

// positionsOf appends the positions of a posting's locations to dst, in the order stored. ok is
// false when a location has array positions (a value of a list: positions then compare only
// within one value) or the positions are not in increasing order; a reader of positions alone
// then reads them as vectors instead.
func positionsOf(dst []uint64, locs []byte) (out []uint64, ok bool, err error) {
	for i := 0; i < len(locs); {
		// A location is five varints: field, position, start, end, the number of array
		// positions (then those). Only the position is decoded; the others are stepped over.
		if i = skipUvarint(locs, i); i < 0 {
			return dst, false, errZapFormat
		}
		pos, n := binary.Uvarint(locs[i:])
		if n <= 0 {
			return dst, false, errZapFormat
		}
		if i = skipUvarint(locs, skipUvarint(locs, i+n)); i < 0 || i >= len(locs) {
			return dst, false, errZapFormat
		}
		if locs[i] != 0 || (len(dst) > 0 && pos < dst[len(dst)-1]) {
			return dst, false, nil
		}
		dst = append(dst, pos)
		i++
	}
	return dst, true, nil
}

// skipUvarint is the index after the uvarint at b[i:], or -1 when it runs past b (or i < 0).
func skipUvarint(b []byte, i int) int {
	if i < 0 {
		return -1
	}
	for end := min(len(b), i+binary.MaxVarintLen64); i < end; i++ {
		if b[i] < 0x80 {
			return i + 1
		}
	}
	return -1
}

// fill puts the posting read into pre (or a new TermFieldDoc), reusing its vectors.
func (r *zapTermReader) fill(pre *bindex.TermFieldDoc, doc uint64) (*bindex.TermFieldDoc, error) {
	if pre == nil {
		pre = &bindex.TermFieldDoc{}
	}
	pre.ID = bindex.NewIndexInternalID(pre.ID, doc)
	pre.Freq, pre.Norm = r.p.freq, zapNorm(r.p.normBits)
	if !r.locs {
		return pre, nil
	}
	vs := pre.Vectors[:0]
	for b := r.p.locs; len(b) > 0; {
		var f [5]uint64 // field, position, start, end, array positions
		for k := range f {
			v, n := binary.Uvarint(b)
			if n <= 0 {
				return nil, errZapFormat
			}
			f[k], b = v, b[n:]
		}
		if f[4] > uint64(len(b)) {
			return nil, errZapFormat
		}
		var ap []uint64
		for range f[4] {
			v, n := binary.Uvarint(b)
			if n <= 0 {
				return nil, errZapFormat
			}
			ap, b = append(ap, v), b[n:]
		}
		if len(vs) < cap(vs) {
			vs = vs[:len(vs)+1]
			if vs[len(vs)-1] == nil {
				vs[len(vs)-1] = &bindex.TermFieldVector{}
			}
		} else {
			vs = append(vs, &bindex.TermFieldVector{})
		}
		*vs[len(vs)-1] = bindex.TermFieldVector{Field: r.field, Pos: f[1], Start: f[2], End: f[3], ArrayPositions: ap}
	}
	pre.Vectors = vs
	return pre, nil
}

func (r *zapTermReader) Count() uint64 { return r.count }
func (r *zapTermReader) Close() error  { return nil }
func (r *zapTermReader) Size() int     { return int(reflect.TypeOf(*r).Size()) }
