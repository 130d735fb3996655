package search

import (
	"encoding/binary"
	"math"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/vellum"
	zap "github.com/blevesearch/zapx/v17"
)

// zapTerm is one term's postings in one zap segment, read from the segment's bytes: what a
// term leaf needs to score the few documents that can rank.
//
// zap's own iterator reaches a document by stepping through every posting before it in its
// chunk, one roaring Next and two varint decodes each. The layout makes that unnecessary: a
// posting's place in its chunk is its rank in the term's bitmap, and its frequency and norm are
// the next two varints of the chunk. So zapTerm ranks the document in the bitmap and skips the
// varints before it, a byte scan.
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
//     uvarint(freq<<1 | hasLocations), then uvarint(the field's length, zapNorm) unless freq is 0.
//
// The segment's bytes are used as stored: the index is written without zap's file callbacks
// (encryption), which would make them differ from what is read. TestZapTermMatchesZap holds
// this reader to zap's iterator at every posting of every term of a multi-chunk index.
type zapTerm struct {
	mem       []byte
	postings  *roaring.Bitmap // every document holding the term, deleted ones included
	chunkSize uint64
	ends      []uint64 // each chunk's end, from dataStart
	dataStart uint64

	oneHit  bool
	hitDoc  uint64
	hitNorm uint64
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
		return &zapTerm{oneHit: true, hitDoc: doc, hitNorm: norm}, true, nil
	}
	freqOffset, at, err := uvarintAt(mem, val)
	if err != nil {
		return nil, false, err
	}
	if _, at, err = uvarintAt(mem, at); err != nil { // the locations' offset
		return nil, false, err
	}
	bmLen, at, err := uvarintAt(mem, at)
	if err != nil || at+bmLen > uint64(len(mem)) {
		return nil, false, errZapFormat
	}
	t = &zapTerm{mem: mem, postings: roaring.New()}
	if _, err := t.postings.FromBuffer(mem[at : at+bmLen]); err != nil {
		return nil, false, err
	}
	if t.chunkSize, err = zapChunkSize(seg.ChunkMode(), t.postings.GetCardinality(), seg.NumDocs()); err != nil {
		return nil, false, err
	}
	chunks, at, err := uvarintAt(mem, freqOffset)
	if err != nil || chunks > uint64(len(mem)) {
		return nil, false, errZapFormat
	}
	t.ends = make([]uint64, chunks)
	for i := range t.ends {
		if t.ends[i], at, err = uvarintAt(mem, at); err != nil {
			return nil, false, err
		}
	}
	t.dataStart = at
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

// each calls fn with the frequency and norm of the term at each of docs (the segment's own
// numbers, ascending, every one in the term's postings).
func (t *zapTerm) each(docs []uint64, fn func(i int, freq uint64, norm float64)) error {
	if t.oneHit {
		for i, d := range docs {
			if d != t.hitDoc {
				return errorString("a term's postings lack a document its bitmap holds")
			}
			fn(i, 1, zapNorm(t.hitNorm))
		}
		return nil
	}
	var (
		chunk  = uint64(math.MaxUint64)
		buf    []byte
		pos    int    // read position in buf
		next   uint64 // the index in its chunk of the posting at pos
		before uint64 // postings in the chunks before this one
	)
	for i, d := range docs {
		if c := d / t.chunkSize; c != chunk {
			if c >= uint64(len(t.ends)) {
				return errZapFormat
			}
			start, end := t.dataStart, t.dataStart+t.ends[c]
			if c > 0 {
				start += t.ends[c-1]
			}
			if start > end || end > uint64(len(t.mem)) {
				return errZapFormat
			}
			chunk, buf, pos, next = c, t.mem[start:end], 0, 0
			before = 0
			if c > 0 {
				before = t.postings.Rank(uint32(c*t.chunkSize - 1))
			}
		}
		rank := t.postings.Rank(uint32(d)) // postings at or below d
		if rank <= before || !t.postings.Contains(uint32(d)) {
			return errorString("a term's postings lack a document its bitmap holds")
		}
		for target := rank - 1 - before; next < target; next++ {
			v, n := binary.Uvarint(buf[pos:])
			if n <= 0 {
				return errZapFormat
			}
			pos += n
			if v>>1 != 0 { // a norm follows
				if pos = skipUvarint(buf, pos); pos < 0 {
					return errZapFormat
				}
			}
		}
		v, n := binary.Uvarint(buf[pos:])
		if n <= 0 {
			return errZapFormat
		}
		pos += n
		freq, normBits := v>>1, uint64(0)
		if freq != 0 {
			if normBits, n = binary.Uvarint(buf[pos:]); n <= 0 {
				return errZapFormat
			}
			pos += n
		}
		next++
		fn(i, freq, zapNorm(normBits))
	}
	return nil
}

// zapNorm is zap's Posting.Norm: the stored bits are the field's length in tokens, as a
// uint32, and the norm is 1/√length rounded to a float32.
func zapNorm(bits uint64) float64 {
	return float64(float32(1.0 / math.Sqrt(float64(uint32(bits)))))
}

// skipUvarint is the position after the uvarint at pos, or -1 past the end.
func skipUvarint(buf []byte, pos int) int {
	for ; pos < len(buf); pos++ {
		if buf[pos] < 0x80 {
			return pos + 1
		}
	}
	return -1
}
