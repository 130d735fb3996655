package search

import (
	"encoding/binary"
	"slices"

	zap "github.com/blevesearch/zapx/v17"
)

// Skip points. zap keeps up to about 1,024 postings in a chunk and nothing to skip by inside
// one: a read at a scattered document (a phrase at the page's candidates, a term's frequency
// at a document being scored, locate at a hit) steps over every posting before it in its
// chunk. The build therefore stores, beside a frequent term's impacts (in a generation of one
// zap segment), where every skipStride-th posting of each chunk starts in the frequencies and
// in the locations; zapCursor jumps to the last such point before the posting it wants and
// steps from there.
//
// The points are bound to the segment they were read from: with them go the term's chunk
// tables (each chunk's end, frequencies and locations), and a search uses them only where
// its segment's term has the same tables (attachSkips), and a point only inside its chunk.
// A term's points are decoded when a search first asks for them (impacts.skipsOf).
// TestSkipsReadAsWithout holds reads with them to reads without at every posting of every
// term that has them.

// skipStride is the number of postings between two skip points. At 20k items every 16th
// posting adds about 0.6 MB to impacts.gob; every 64th took only a third off the steps.
const skipStride = 16

// termSkips are one term's skip points: for chunk c, the points first[c] up to first[c+1]
// of freqAt and locAt, point k (from 0) being where posting (k+1)×skipStride of the chunk
// starts, as offsets from the chunk's start in the frequencies and in the locations.
type termSkips struct {
	freqEnds, locEnds []uint64 // the chunk tables they were read with
	first             []uint32
	freqAt, locAt     []uint32
}

// point is where posting (k+1)×skipStride of chunk c starts.
func (s *termSkips) point(c uint64, k int) (fpos, lpos int) {
	i := int(s.first[c]) + k
	return int(s.freqAt[i]), int(s.locAt[i])
}

// points is how many points chunk c has.
func (s *termSkips) points(c uint64) int {
	return int(s.first[c+1] - s.first[c])
}

// skipsFor reads term's postings in field of seg and encodes its skip points: the number of
// chunks, then for each its ends in the frequencies and the locations (0: none), its number
// of points and each point's two offsets, as uvarints. nil when the term has none to give (not
// in the segment, its one posting in the dictionary, no chunk longer than a stride).
func skipsFor(seg *zap.Segment, field, term string) ([]byte, error) {
	t, found, err := openZapTerm(seg, field, term)
	if err != nil || !found || t.oneHit {
		return nil, err
	}
	cur := zapCursor{t: t, withLocs: len(t.locs.ends) > 0}
	out := binary.AppendUvarint(nil, uint64(len(t.freqs.ends)))
	some := false
	for c := range uint64(len(t.freqs.ends)) {
		count, err := chunkPostings(t, c)
		if err != nil {
			return nil, err
		}
		var locEnd uint64
		if cur.withLocs {
			if c >= uint64(len(t.locs.ends)) {
				return nil, errZapFormat
			}
			locEnd = t.locs.ends[c]
		}
		n := 0
		if count > 0 {
			n = int((count - 1) / skipStride)
		}
		out = binary.AppendUvarint(out, t.freqs.ends[c])
		out = binary.AppendUvarint(out, locEnd)
		out = binary.AppendUvarint(out, uint64(n))
		if n == 0 {
			continue
		}
		some = true
		if cur.freqs, err = t.freqs.chunk(c); err != nil {
			return nil, err
		}
		if cur.withLocs {
			if cur.locs, err = t.locs.chunk(c); err != nil {
				return nil, err
			}
		}
		cur.fpos, cur.lpos, cur.next = 0, 0, 0
		for range n {
			if err := cur.skip(skipStride); err != nil {
				return nil, err
			}
			out = binary.AppendUvarint(out, uint64(cur.fpos))
			out = binary.AppendUvarint(out, uint64(cur.lpos))
		}
	}
	if !some {
		return nil, nil
	}
	return out, nil
}

// chunkPostings is the number of t's postings in chunk c.
func chunkPostings(t *zapTerm, c uint64) (uint64, error) {
	lo := c * t.chunkSize
	if lo > uint64(^uint32(0)) {
		return 0, errZapFormat
	}
	hi := min(lo+t.chunkSize-1, uint64(^uint32(0)))
	var before uint64
	if lo > 0 {
		before = t.postings.Rank(uint32(lo - 1))
	}
	return t.postings.Rank(uint32(hi)) - before, nil
}

// decodeSkips reads what skipsFor wrote; without keep it only checks it (nothing is
// allocated, and the result is nil).
func decodeSkips(raw []byte, keep bool) (*termSkips, error) {
	chunks, points, err := walkSkips(raw, nil)
	if err != nil || !keep {
		return nil, err
	}
	s := &termSkips{
		freqEnds: make([]uint64, chunks), locEnds: make([]uint64, chunks), first: make([]uint32, chunks+1),
		freqAt: make([]uint32, 0, points), locAt: make([]uint32, 0, points),
	}
	_, _, err = walkSkips(raw, s)
	return s, err
}

// walkSkips reads a skip record, into s when it is not nil, and counts its chunks and points.
func walkSkips(raw []byte, s *termSkips) (chunks, points uint64, err error) {
	at := 0
	next := func() (uint64, bool) {
		v, n := binary.Uvarint(raw[at:])
		if n <= 0 {
			return 0, false
		}
		at += n
		return v, true
	}
	chunks, ok := next()
	if !ok || chunks > uint64(len(raw)) {
		return 0, 0, errZapFormat
	}
	for c := range chunks {
		var freqEnd, locEnd, n uint64
		freqEnd, ok = next()
		if ok {
			locEnd, ok = next()
		}
		if ok {
			n, ok = next()
		}
		if !ok || n > uint64(len(raw)) {
			return 0, 0, errZapFormat
		}
		for range n {
			f, ok1 := next()
			l, ok2 := next()
			if !ok1 || !ok2 || f > uint64(^uint32(0)) || l > uint64(^uint32(0)) {
				return 0, 0, errZapFormat
			}
			if s != nil {
				s.freqAt, s.locAt = append(s.freqAt, uint32(f)), append(s.locAt, uint32(l))
			}
		}
		points += n
		if s != nil {
			s.freqEnds[c], s.locEnds[c], s.first[c+1] = freqEnd, locEnd, uint32(points)
		}
	}
	if at != len(raw) || points > uint64(^uint32(0)) {
		return 0, 0, errZapFormat
	}
	return chunks, points, nil
}

// attachSkips gives t the skip points s when they were read from a term with t's chunk
// tables; otherwise t keeps none. (zapCursor checks each point against its chunk's length
// when it uses it.)
func attachSkips(t *zapTerm, s *termSkips) {
	if s == nil || t.oneHit || !slices.Equal(t.freqs.ends, s.freqEnds) {
		return
	}
	if len(t.locs.ends) > 0 && !slices.Equal(t.locs.ends, s.locEnds) {
		return
	}
	t.skips = s
}
