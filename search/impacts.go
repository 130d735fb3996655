package search

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"maps"
	"math"
	"os"
	"runtime"
	"slices"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bindex "github.com/blevesearch/bleve_index_api"
	zap "github.com/blevesearch/zapx/v17"

	"briefsearch/index"
)

// A term's impact on a document is tf × norm, the part of bleve's score that varies from
// document to document (idf, boost and the query norm are the same for all). The build stores
// each frequent term's highest impact and highest frequency (for common terms, per block of
// documents too, and the documents where the term occurs more than once), and every
// document's norm in each field, so that ranking (tree.go) bounds a document's score by what
// its terms can give there at most (the highest frequency at the document's norm, within the
// highest impact; where the term is known to occur once, its score), instead of by 1, and
// skips scoring documents that cannot reach the top. Rare terms are left out: their few
// documents are cheap to score.

// ImpactsFile is the generation's file of term impacts (index.BuildOptions.Derive).
const ImpactsFile = "impacts.gob"

// minImpactDocs: terms in fewer documents get no stored impact (the bound 1 stands).
const minImpactDocs = 16

// Terms in blockMinDocs documents or more also get their highest frequency in each block of
// 1<<blockShift document numbers (block-max): a common word's highest frequency anywhere is
// far above its frequency in most places, and the bound uses the block's instead. One byte a
// block (capped at blockFreqCap, which means "the term's highest"): 1.6 KB a term at 200,000
// documents.
const (
	blockMinDocs = 256
	blockShift   = 7
	blockFreqCap = 255
)

// repeatedShare: a term's repeated documents are stored when they are at most one in this many
// of its documents. Where more repeat, the bound gains little and marking them costs.
const repeatedShare = 4

// impactFields are the fields scored terms are looked up in: the text fields and the entity
// keys that query expansion adds.
func impactFields() []string {
	var fs []string
	for _, f := range index.TextFields() {
		fs = append(fs, f.Name)
	}
	return append(fs, index.FieldPersonKey, index.FieldOrgKey, index.FieldPlaceKey)
}

// fieldImpacts are one field's frequent terms, sorted, with the highest impact of each,
// rounded up to float32.
type fieldImpacts struct {
	Terms   []string
	Most    []float32
	MaxFreq []uint32 // the term's highest frequency in one document
	// BlockFreq is, for a term in blockMinDocs documents or more, its highest frequency in
	// each block of documents (blockShift), capped at blockFreqCap; nil for the others, and
	// for every term in generations built before block-max.
	BlockFreq [][]byte
	// Repeated is, for the same terms, the documents where the term occurs more than once
	// (a roaring bitmap, serialized): everywhere else its frequency is 1, and its bound there
	// is its score. Empty for the others, for terms that repeat in more than one in
	// repeatedShare of their documents, and for every term in generations built before it
	// was stored.
	Repeated [][]byte
	// Skips are, for the same terms in a generation of one zap segment, where every
	// skipStride-th posting of each of the term's chunks starts (skipsFor); nil for the
	// others, and for every term in generations built before they were stored.
	Skips [][]byte

	repeated []*roaring.Bitmap // Repeated, decoded when loaded
	skips    []lazySkips       // Skips, each decoded when a search first asks for it
}

// lazySkips is a term's skip points, decoded once, when first asked for: a search reads few
// of a generation's terms, and decoded points take about twice their stored bytes.
type lazySkips struct {
	once sync.Once
	s    *termSkips
}

// impacts are a generation's stored bounds: by field, the frequent terms' highest impacts
// and frequencies, and every document's norm.
type impacts struct {
	Fields map[string]*fieldImpacts
	Norms  map[string][]float32 // by field, by document number: its norm there (0: none)
}

// termImpacts is what is stored of one term: its highest impact, or 1 (above any: tf ≤ √field
// length and norm = 1/√field length) with a margin for norm's float32 rounding; its highest
// frequency, 0 when not stored; its highest frequency in each block of documents, and the
// documents where it occurs more than once, nil when not stored.
type termImpacts struct {
	most      float64
	maxFreq   uint32
	blockFreq []byte
	repeated  *roaring.Bitmap
}

// of returns what is stored of term in field.
func (s *impacts) of(field, term string) termImpacts {
	if s != nil {
		if f := s.Fields[field]; f != nil {
			if i, ok := slices.BinarySearch(f.Terms, term); ok {
				t := termImpacts{most: float64(f.Most[i]), maxFreq: f.MaxFreq[i]}
				if i < len(f.BlockFreq) {
					t.blockFreq = f.BlockFreq[i]
				}
				if i < len(f.repeated) {
					t.repeated = f.repeated[i]
				}
				return t
			}
		}
	}
	return termImpacts{most: 1 + 1e-6}
}

// skipsOf is term's skip points in field, nil when none are stored.
func (s *impacts) skipsOf(field, term string) *termSkips {
	if s != nil {
		if f := s.Fields[field]; f != nil {
			if i, ok := slices.BinarySearch(f.Terms, term); ok && i < len(f.skips) && len(f.Skips[i]) > 0 {
				l := &f.skips[i]
				l.once.Do(func() { l.s, _ = decodeSkips(f.Skips[i], true) }) // checked when loaded
				return l.s
			}
		}
	}
	return nil
}

// norms returns the documents' norms in field; nil when not stored.
func (s *impacts) norms(field string) []float32 {
	if s == nil {
		return nil
	}
	return s.Norms[field]
}

// Derive computes every derived file of a generation: the glossary topics and the impacts.
func Derive(ctx context.Context, idx bleve.Index, extra map[string][]byte) (map[string][]byte, error) {
	out, err := DeriveTopics(ctx, idx, extra)
	if err != nil {
		return nil, err
	}
	imp, err := DeriveImpacts(ctx, idx)
	if err != nil {
		return nil, err
	}
	if out == nil {
		return imp, nil
	}
	maps.Copy(out, imp)
	return out, nil
}

// DeriveImpacts reads every frequent term's postings once, the fields on both cores.
func DeriveImpacts(ctx context.Context, idx bleve.Index) (map[string][]byte, error) {
	adv, err := idx.Advanced()
	if err != nil {
		return nil, err
	}
	fields := impactFields()
	set := make([]*fieldImpacts, len(fields))
	norms := make([][]float32, len(fields))
	errs := make([]error, len(fields))
	next := make(chan int)
	var wg sync.WaitGroup
	for range max(1, min(len(fields), runtime.GOMAXPROCS(0))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := adv.Reader()
			if err != nil {
				for i := range next {
					errs[i] = err
				}
				return
			}
			defer r.Close()
			for i := range next {
				set[i], norms[i], errs[i] = fieldImpactsOf(ctx, r, fields[i])
			}
		}()
	}
	for i := range fields {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("term impacts: %w", err)
	}
	out := impacts{Fields: map[string]*fieldImpacts{}, Norms: map[string][]float32{}}
	for i, f := range fields {
		if len(set[i].Terms) > 0 {
			out.Fields[f] = set[i]
		}
		if len(norms[i]) > 0 {
			out.Norms[f] = norms[i]
		}
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(out.file()); err != nil {
		return nil, err
	}
	return map[string][]byte{ImpactsFile: buf.Bytes()}, nil
}

// fieldImpactsOf reads every posting of field once: each document's norm, and each frequent
// term's highest impact and frequency.
func fieldImpactsOf(ctx context.Context, r bindex.IndexReader, field string) (*fieldImpacts, []float32, error) {
	total, err := r.DocCount()
	if err != nil {
		return nil, nil, err
	}
	dict, err := r.FieldDict(field)
	if err != nil {
		return nil, nil, err
	}
	defer dict.Close()
	f := &fieldImpacts{}
	var norms []float32
	// Skip points are written for a generation of one zap segment (a built index has one).
	var seg *zap.Segment
	if snap, ok := r.(*scorch.IndexSnapshot); ok && len(snap.Segments()) == 1 {
		seg, _ = snap.Segments()[0].Segment().(*zap.Segment)
	}
	for {
		e, err := dict.Next()
		if err != nil {
			return nil, nil, err
		}
		if e == nil {
			return f, norms, ctx.Err()
		}
		var (
			blocks   []byte
			repeated *roaring.Bitmap
		)
		if e.Count >= blockMinDocs {
			blocks, repeated = make([]byte, total>>blockShift+1), roaring.New()
		}
		most, maxFreq, err := termImpact(ctx, r, field, e.Term, &norms, &blocks, repeated, total)
		if err != nil {
			return nil, nil, err
		}
		if e.Count >= minImpactDocs {
			f.Terms = append(f.Terms, e.Term) // the dictionary is in order
			f.Most = append(f.Most, most)
			f.MaxFreq = append(f.MaxFreq, maxFreq)
			f.BlockFreq = append(f.BlockFreq, blocks)
			var raw []byte
			if repeated != nil && repeated.GetCardinality()*repeatedShare <= e.Count {
				repeated.RunOptimize()
				if raw, err = repeated.ToBytes(); err != nil {
					return nil, nil, err
				}
			}
			f.Repeated = append(f.Repeated, raw)
			var skips []byte
			if blocks != nil && seg != nil {
				if skips, err = skipsFor(seg, field, e.Term); err != nil {
					return nil, nil, err
				}
			}
			f.Skips = append(f.Skips, skips)
		}
	}
}

// termImpact is a term's highest tf × norm, computed as the scorer computes it, rounded up,
// and its highest frequency; it records the norm of each document it reads in norms and, when
// blocks is not nil, the highest frequency in each block of documents there, and the
// documents where the term occurs more than once in repeated.
func termImpact(ctx context.Context, r bindex.IndexReader, field, term string, norms *[]float32, blocks *[]byte, repeated *roaring.Bitmap, total uint64) (float32, uint32, error) {
	tfr, err := r.TermFieldReader(ctx, []byte(term), field, true, true, false)
	if err != nil {
		return 0, 0, err
	}
	defer tfr.Close()
	var (
		tfd     bindex.TermFieldDoc
		most    float64
		maxFreq uint64
	)
	for {
		d, err := tfr.Next(&tfd)
		if err != nil {
			return 0, 0, err
		}
		if d == nil {
			break
		}
		tf := math.Sqrt(float64(d.Freq))
		if d.Freq < uint64(len(sqrtCache)) {
			tf = sqrtCache[d.Freq]
		}
		most = max(most, tf*d.Norm)
		maxFreq = max(maxFreq, d.Freq)
		doc := index.DocNum(d.ID)
		for uint64(len(*norms)) <= doc {
			*norms = append(*norms, make([]float32, max(total, doc+1)-uint64(len(*norms)))...)
		}
		(*norms)[doc] = float32(d.Norm) // stored as float32: exact
		if *blocks != nil {
			b := doc >> blockShift
			for uint64(len(*blocks)) <= b {
				*blocks = append(*blocks, 0)
			}
			(*blocks)[b] = max((*blocks)[b], byte(min(d.Freq, blockFreqCap)))
			if d.Freq > 1 {
				repeated.Add(uint32(doc))
			}
		}
	}
	f := float32(most)
	if float64(f) < most {
		f = math.Nextafter32(f, float32(math.Inf(1)))
	}
	return f, uint32(min(maxFreq, math.MaxUint32)), ctx.Err()
}

// loadImpacts reads a generation's impacts; a generation built before they were stored has
// none, and ranking bounds its terms by 1.
func loadImpacts(path string) (*impacts, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var f impactsFile
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&f); err != nil {
		return nil, fmt.Errorf("reading term impacts %s: %w", path, err)
	}
	s := &impacts{Fields: f.Fields, Norms: make(map[string][]float32, len(f.NormBytes))}
	for field, fi := range f.Fields {
		fi.repeated = make([]*roaring.Bitmap, len(fi.Repeated))
		for i, raw := range fi.Repeated {
			if len(raw) == 0 {
				continue
			}
			fi.repeated[i] = roaring.New()
			if err := fi.repeated[i].UnmarshalBinary(raw); err != nil {
				return nil, fmt.Errorf("reading term impacts %s: the repeated documents of %s %q: %w", path, field, fi.Terms[i], err)
			}
		}
		fi.Repeated = nil // decoded
		fi.skips = make([]lazySkips, len(fi.Skips))
		for i, raw := range fi.Skips {
			if len(raw) == 0 {
				continue
			}
			if _, err := decodeSkips(raw, false); err != nil {
				return nil, fmt.Errorf("reading term impacts %s: the skip points of %s %q: %w", path, field, fi.Terms[i], err)
			}
		}
	}
	for field, raw := range f.NormBytes {
		if len(raw)%4 != 0 {
			return nil, fmt.Errorf("reading term impacts %s: the norms of %s are %d bytes, not whole float32s", path, field, len(raw))
		}
		norms := make([]float32, len(raw)/4)
		for i := range norms {
			norms[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
		}
		s.Norms[field] = norms
	}
	return s, nil
}

// impactsFile is impacts as stored: the norms as little-endian float32 bytes, which gob
// copies whole (a []float32 it encodes number by number).
type impactsFile struct {
	Fields    map[string]*fieldImpacts
	NormBytes map[string][]byte
}

func (s *impacts) file() impactsFile {
	f := impactsFile{Fields: s.Fields, NormBytes: make(map[string][]byte, len(s.Norms))}
	for field, norms := range s.Norms {
		raw := make([]byte, 4*len(norms))
		for i, v := range norms {
			binary.LittleEndian.PutUint32(raw[4*i:], math.Float32bits(v))
		}
		f.NormBytes[field] = raw
	}
	return f
}
