package index

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"slices"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/blevesearch/vellum"
	zap "github.com/blevesearch/zapx/v17"
	"github.com/golang/snappy"
)

// segmentPlugin is zap's segment plugin (zapx v17, the format scorch writes and every reader
// opens) with one part replaced: the building of a new segment from a batch of analyzed
// documents, which was the largest single cost of a build (zap's interim structures: a map
// of terms per field and document, a location object per token, a pass to size them all,
// 23% of a 20k build's CPU). newSegment writes the same format from the same documents in
// one pass over their tokens; opening, reading and merging segments are zap's own.
// TestNewSegmentAsZaps holds the two alike, term by term, posting by posting, location by
// location, stored value by stored value; a batch newSegment does not handle goes to zap.
type segmentPlugin struct{ zap.ZapPlugin }

func (p *segmentPlugin) New(results []index.Document) (segment.Segment, uint64, error) {
	return p.NewUsing(results, nil)
}

func (p *segmentPlugin) NewUsing(results []index.Document, config map[string]any) (segment.Segment, uint64, error) {
	if !plainDocuments(results) {
		return p.ZapPlugin.NewUsing(results, config)
	}
	return newSegment(results, config)
}

// plainDocuments reports whether newSegment handles every document: bleve documents of text
// fields with frequencies and norms and without doc values, and no composite (_all) or
// nested documents. Geo, vector, synonym and numeric fields, which zap gives sections or doc
// values of their own, go to zap.
func plainDocuments(docs []index.Document) bool {
	if len(docs) == 0 {
		return false
	}
	for _, d := range docs {
		doc, ok := d.(*document.Document)
		if !ok || len(doc.CompositeFields) > 0 || len(doc.NestedDocuments) > 0 {
			return false
		}
		for _, f := range doc.Fields {
			switch f.(type) {
			case *textField, *document.TextField:
			default:
				return false
			}
			if o := f.Options(); o.IncludeDocValues() || o.SkipFreqNorm() {
				return false
			}
		}
	}
	return true
}

// segmentBuilder holds one batch's postings while its segment is written. Every (field,
// term) pair has a number (a term id); the postings of all terms are kept in one slice in
// document order and sorted by term id once at the end (a counting sort), their locations
// in another slice: a few large blocks instead of a slice per term.
type segmentBuilder struct {
	names   []string // field id -> name; _id is 0, the rest sorted (as zap numbers them)
	ids     map[string]uint16
	options []index.FieldIndexingOptions
	dicts   []map[string]uint32 // field id -> term -> term id
	terms   []termEntry         // term id -> its field and text

	postings []builtPosting
	locs     []builtLoc

	// per document
	stamp    []uint32 // term id -> document number + 1 when the term was last seen
	slot     []uint32 // term id -> its index in docTerms
	docTerms []docTerm
	pending  []pendingLoc
	fieldLen []uint32  // field id -> analyzed length in this document
	stored   [][]int32 // field id -> indexes into storedFs, this document
	storedFs []index.Field

	out bytes.Buffer
	buf []byte
}

type termEntry struct {
	field uint16
	text  string
}

type builtPosting struct {
	term  uint32
	doc   uint32
	freq  uint32
	norm  uint32 // the field's analyzed length: what zap stores as the norm's bits
	loc0  uint32 // first location in locs
	nlocs uint32
}

type builtLoc struct {
	field           uint16
	pos, start, end uint32
	arrayPositions  []uint64
}

type docTerm struct {
	term        uint32
	freq, nlocs uint32
}

type pendingLoc struct {
	slot uint32
	loc  builtLoc
}

var builderPool = sync.Pool{New: func() any { return &segmentBuilder{} }}

// newSegment writes docs as an in-memory zap segment.
func newSegment(docs []index.Document, config map[string]any) (segment.Segment, uint64, error) {
	b := builderPool.Get().(*segmentBuilder)
	defer func() {
		b.reset()
		builderPool.Put(b)
	}()
	stats, _ := config[segment.StatsKey].(*segment.Stats)
	if stats == nil {
		stats = new(segment.Stats)
	}
	b.defineFields(docs)
	storedIndex, err := b.writeDocuments(docs)
	if err != nil {
		return nil, 0, err
	}
	dictAddrs, err := b.writeDictionaries(uint64(len(docs)))
	if err != nil {
		return nil, 0, err
	}
	sectionsIndex := b.writeFields(dictAddrs)
	mem := bytes.Clone(b.out.Bytes())
	sb, err := zap.InitSegmentBase(mem, crc32.ChecksumIEEE(mem), chunkMode,
		uint64(len(docs)), storedIndex, sectionsIndex, config, stats)
	if err != nil {
		return nil, 0, fmt.Errorf("new segment: %w", err)
	}
	return sb, uint64(len(mem)), nil
}

func (b *segmentBuilder) reset() {
	b.names = b.names[:0]
	clear(b.ids)
	b.options = b.options[:0]
	b.dicts = b.dicts[:0]
	clear(b.terms) // drop the strings
	b.terms = b.terms[:0]
	b.postings = b.postings[:0]
	clear(b.locs) // drop the array positions
	b.locs = b.locs[:0]
	b.stamp = b.stamp[:0]
	b.slot = b.slot[:0]
	clear(b.pending)  // drop the array positions
	clear(b.storedFs) // and the last document's fields
	b.out.Reset()
	if b.out.Cap() > 64<<20 {
		b.out = bytes.Buffer{} // a rare large batch does not pin its buffer in the pool
	}
}

// defineFields numbers the fields as zap does: _id first, the others in name order, each
// with the options of all its occurrences or'ed together.
func (b *segmentBuilder) defineFields(docs []index.Document) {
	if b.ids == nil {
		b.ids = map[string]uint16{}
	}
	seen := map[string]index.FieldIndexingOptions{"_id": 0}
	for _, d := range docs {
		for _, f := range d.(*document.Document).Fields {
			seen[f.Name()] |= f.Options()
		}
	}
	seen["_id"] = index.IndexField | index.StoreField
	b.names = append(b.names, "_id")
	for name := range seen {
		if name != "_id" {
			b.names = append(b.names, name)
		}
	}
	slices.Sort(b.names[1:])
	for id, name := range b.names {
		b.ids[name] = uint16(id)
		b.options = append(b.options, seen[name])
		b.dicts = append(b.dicts, map[string]uint32{})
	}
	b.fieldLen = slices.Grow(b.fieldLen[:0], len(b.names))[:len(b.names)]
	if cap(b.stored) < len(b.names) {
		b.stored = make([][]int32, len(b.names))
	}
	b.stored = b.stored[:len(b.names)]
}

// termID is the id of term in field, made when new.
func termID[T string | []byte](b *segmentBuilder, field uint16, term T) uint32 {
	dict := b.dicts[field]
	if id, ok := dict[string(term)]; ok {
		return id
	}
	id := uint32(len(b.terms))
	text := string(term)
	dict[text] = id
	b.terms = append(b.terms, termEntry{field, text})
	b.stamp = append(b.stamp, 0)
	b.slot = append(b.slot, 0)
	return id
}

// occurrence counts freq more of term in the current document (stamp), and returns its slot.
func (b *segmentBuilder) occurrence(term, stamp, freq uint32) uint32 {
	if b.stamp[term] != stamp {
		b.stamp[term] = stamp
		b.slot[term] = uint32(len(b.docTerms))
		b.docTerms = append(b.docTerms, docTerm{term: term})
	}
	s := b.slot[term]
	b.docTerms[s].freq += freq
	return s
}

// writeDocuments writes every document's stored fields (the first part of a zap segment) and
// the index of their offsets, and gathers the documents' postings. It returns the offset of
// the stored fields' index.
func (b *segmentBuilder) writeDocuments(docs []index.Document) (uint64, error) {
	offsets := make([]uint64, len(docs))
	var meta, data, compressed []byte
	for n, d := range docs {
		doc := d.(*document.Document)
		stamp := uint32(n) + 1
		b.docTerms, b.pending, b.storedFs = b.docTerms[:0], b.pending[:0], b.storedFs[:0]
		clear(b.fieldLen)
		for i := range b.stored {
			b.stored[i] = b.stored[i][:0]
		}
		for _, f := range doc.Fields {
			fid := b.ids[f.Name()]
			if f.Options().IsStored() {
				b.stored[fid] = append(b.stored[fid], int32(len(b.storedFs)))
				b.storedFs = append(b.storedFs, f)
			}
			if !f.Options().IsIndexed() {
				continue
			}
			b.fieldLen[fid] += uint32(f.AnalyzedLength())
			if tf, ok := f.(*textField); ok && tf.tokens != nil {
				ap := nonEmptyPositions(tf.ArrayPositions())
				for i, tok := range tf.tokens {
					s := b.occurrence(termID(b, fid, tf.term(i)), stamp, 1)
					b.docTerms[s].nlocs++
					b.pending = append(b.pending, pendingLoc{s, builtLoc{fid, tok.position, tok.start, tok.end, ap}})
				}
				continue
			}
			for term, freq := range f.AnalyzedTokenFrequencies() {
				s := b.occurrence(termID(b, fid, term), stamp, uint32(freq.Frequency()))
				b.docTerms[s].nlocs += uint32(len(freq.Locations))
				for _, l := range freq.Locations {
					lf := fid
					if l.Field != "" {
						lf = b.ids[l.Field]
					}
					b.pending = append(b.pending, pendingLoc{s, builtLoc{lf, uint32(l.Position), uint32(l.Start), uint32(l.End), nonEmptyPositions(l.ArrayPositions)}})
				}
			}
		}
		// The document's postings, its locations grouped by term in the order they came.
		base := uint32(len(b.locs))
		next := base
		for i := range b.docTerms {
			t := &b.docTerms[i]
			b.postings = append(b.postings, builtPosting{term: t.term, doc: uint32(n), freq: t.freq,
				norm: b.fieldLen[b.terms[t.term].field], loc0: next, nlocs: t.nlocs})
			t.nlocs, next = next, next+t.nlocs // now the next free location of the term
		}
		b.locs = slices.Grow(b.locs, int(next-base))[:next]
		for _, p := range b.pending {
			t := &b.docTerms[p.slot]
			b.locs[t.nlocs] = p.loc
			t.nlocs++
		}

		// Stored fields: _id's value apart, the others' values in one snappy block.
		if len(b.stored[0]) == 0 {
			return 0, fmt.Errorf("new segment: document %d has no _id", n)
		}
		id := b.storedFs[b.stored[0][0]].Value()
		meta = binary.AppendUvarint(meta[:0], uint64(len(id)))
		data = data[:0]
		for fid := 1; fid < len(b.names); fid++ {
			for _, i := range b.stored[fid] {
				f := b.storedFs[i]
				meta = binary.AppendUvarint(meta, uint64(fid))
				meta = binary.AppendUvarint(meta, uint64(f.EncodedFieldType()))
				meta = binary.AppendUvarint(meta, uint64(len(data)))
				meta = binary.AppendUvarint(meta, uint64(len(f.Value())))
				meta = binary.AppendUvarint(meta, uint64(len(f.ArrayPositions())))
				for _, ap := range f.ArrayPositions() {
					meta = binary.AppendUvarint(meta, ap)
				}
				data = append(data, f.Value()...)
			}
		}
		compressed = snappy.Encode(compressed[:cap(compressed)], data)
		offsets[n] = uint64(b.out.Len())
		b.putUvarint(uint64(len(meta)))
		b.putUvarint(uint64(len(id) + len(compressed)))
		b.out.Write(meta)
		b.out.Write(id)
		b.out.Write(compressed)
	}
	storedIndex := uint64(b.out.Len())
	for _, off := range offsets {
		b.buf = binary.BigEndian.AppendUint64(b.buf[:0], off)
		b.out.Write(b.buf)
	}
	b.putUvarint(0) // no nested documents: an empty child -> parent edge list
	return storedIndex, nil
}

func nonEmptyPositions(a []uint64) []uint64 {
	if len(a) == 0 {
		return nil
	}
	return a
}

func (b *segmentBuilder) putUvarint(v uint64) {
	b.buf = binary.AppendUvarint(b.buf[:0], v)
	b.out.Write(b.buf)
}

// writeDictionaries writes each field's postings and term dictionary (a vellum FST from term
// to postings offset) as zap's inverted text section does, and returns each field's section
// address.
func (b *segmentBuilder) writeDictionaries(numDocs uint64) ([]uint64, error) {
	// The postings grouped by term, each term's in document order: a stable counting sort.
	start := make([]uint32, len(b.terms)+1)
	for _, p := range b.postings {
		start[p.term+1]++
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	sorted := make([]builtPosting, len(b.postings))
	fill := slices.Clone(start[:len(b.terms)])
	for _, p := range b.postings {
		sorted[fill[p.term]] = p
		fill[p.term]++
	}

	byField := make([][]uint32, len(b.names))
	for id, t := range b.terms {
		byField[t.field] = append(byField[t.field], uint32(id))
	}
	var (
		fst       bytes.Buffer
		tf, locs  intCoder
		docNums   []uint32
		addrs     = make([]uint64, len(b.names))
		postBytes []byte
		enc       []byte
	)
	builder, err := vellum.New(&fst, &vellum.BuilderOpts{Encoder: 1, RegistryTableSize: 0, RegistryMRUSize: 1})
	if err != nil {
		return nil, err
	}
	for fid := range b.names {
		terms := byField[fid]
		slices.SortFunc(terms, func(x, y uint32) int { return cmp.Compare(b.terms[x].text, b.terms[y].text) })
		for _, id := range terms {
			ps := sorted[start[id]:start[id+1]]
			chunk := chunkSize(uint64(len(ps)), numDocs)
			tf.reset(chunk, numDocs)
			locs.reset(chunk, numDocs)
			docNums = docNums[:0]
			for _, p := range ps {
				docNums = append(docNums, p.doc)
				hasLocs := uint64(0)
				if p.nlocs > 0 {
					hasLocs = 1
				}
				tf.add(p.doc, uint64(p.freq)<<1|hasLocs, uint64(p.norm))
				if p.nlocs == 0 {
					continue
				}
				// A posting's locations are preceded by their size in bytes.
				enc = enc[:0]
				for _, l := range b.locs[p.loc0 : p.loc0+p.nlocs] {
					enc = binary.AppendUvarint(enc, uint64(l.field))
					enc = binary.AppendUvarint(enc, uint64(l.pos))
					enc = binary.AppendUvarint(enc, uint64(l.start))
					enc = binary.AppendUvarint(enc, uint64(l.end))
					enc = binary.AppendUvarint(enc, uint64(len(l.arrayPositions)))
					for _, ap := range l.arrayPositions {
						enc = binary.AppendUvarint(enc, ap)
					}
				}
				locs.add(p.doc, uint64(len(enc)))
				locs.addBytes(p.doc, enc)
			}
			tfOffset := tf.writeTo(&b.out)
			locOffset := locs.writeTo(&b.out)
			postingsOffset := uint64(b.out.Len())
			b.putUvarint(tfOffset)
			b.putUvarint(locOffset)
			bm := roaring.BitmapOf(docNums...)
			if postBytes, err = bm.ToBytes(); err != nil {
				return nil, err
			}
			b.putUvarint(uint64(len(postBytes)))
			b.out.Write(postBytes)
			if err := builder.Insert([]byte(b.terms[id].text), postingsOffset); err != nil {
				return nil, err
			}
		}
		if err := builder.Close(); err != nil {
			return nil, err
		}
		dictOffset := uint64(b.out.Len())
		b.putUvarint(uint64(fst.Len()))
		b.out.Write(fst.Bytes())
		fst.Reset()
		if err := builder.Reset(&fst); err != nil {
			return nil, err
		}
		// No doc values: both of their offsets say so.
		addrs[fid] = uint64(b.out.Len())
		b.putUvarint(fieldNotUninverted)
		b.putUvarint(fieldNotUninverted)
		b.putUvarint(dictOffset)
	}
	return addrs, nil
}

// fieldNotUninverted is zap's mark of a field without doc values.
const fieldNotUninverted = ^uint64(0)

// writeFields writes the fields section (each field's name, options and inverted section
// address) and returns its offset.
func (b *segmentBuilder) writeFields(addrs []uint64) uint64 {
	offsets := make([]uint64, len(b.names))
	for fid, name := range b.names {
		offsets[fid] = uint64(b.out.Len())
		b.putUvarint(uint64(len(name)))
		b.out.WriteString(name)
		b.putUvarint(uint64(b.options[fid]))
		b.putUvarint(1) // one section: the inverted text index
		b.buf = binary.BigEndian.AppendUint16(b.buf[:0], zap.SectionInvertedTextIndex)
		b.buf = binary.BigEndian.AppendUint64(b.buf, addrs[fid])
		b.out.Write(b.buf)
	}
	sectionsIndex := uint64(b.out.Len())
	b.putUvarint(uint64(len(b.names)))
	for _, off := range offsets {
		b.buf = binary.BigEndian.AppendUint64(b.buf[:0], off)
		b.out.Write(b.buf)
	}
	return sectionsIndex
}

// chunkMode is the chunk mode newSegment writes and records in the segment (zap's default,
// 1026): a named constant, not zap.DefaultChunkMode, which is a variable that chunkSize's
// arithmetic would then have to follow.
const chunkMode uint32 = 1026

// chunkSize is a term's postings chunk size in chunkMode: as few chunks as hold at most 1,024
// postings each, dividing the document numbers evenly.
func chunkSize(cardinality, numDocs uint64) uint64 {
	return max(1, numDocs/(cardinality/1024+1))
}

// intCoder is zap's chunked integer coder: uvarints grouped in chunks of document numbers,
// written as the number of chunks, each chunk's end offset, and the chunks.
type intCoder struct {
	chunk uint64
	ends  []uint64 // chunk -> length, then end offset
	data  []byte
}

func (c *intCoder) reset(chunk, numDocs uint64) {
	c.chunk = chunk
	n := int((numDocs-1)/chunk + 1)
	c.ends = slices.Grow(c.ends[:0], n)[:n]
	clear(c.ends)
	c.data = c.data[:0]
}

func (c *intCoder) add(doc uint32, vals ...uint64) {
	before := len(c.data)
	for _, v := range vals {
		c.data = binary.AppendUvarint(c.data, v)
	}
	c.ends[uint64(doc)/c.chunk] += uint64(len(c.data) - before)
}

func (c *intCoder) addBytes(doc uint32, data []byte) {
	c.data = append(c.data, data...)
	c.ends[uint64(doc)/c.chunk] += uint64(len(data))
}

// writeTo writes the coder to out and returns where it starts, or 0 when it holds nothing.
func (c *intCoder) writeTo(out *bytes.Buffer) uint64 {
	if len(c.data) == 0 {
		return 0
	}
	at := uint64(out.Len())
	var buf [binary.MaxVarintLen64]byte
	out.Write(binary.AppendUvarint(buf[:0], uint64(len(c.ends))))
	var end uint64
	for _, l := range c.ends {
		end += l
		out.Write(binary.AppendUvarint(buf[:0], end))
	}
	out.Write(c.data)
	return at
}
