package search

import (
	"context"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zap "github.com/blevesearch/zapx/v17"

	"briefsearch/archive"
	"briefsearch/index"
	"briefsearch/index/indextest"
)

// zapTerm reads zap's bytes itself; it must give zap's own frequency and norm at every posting
// of every term of every text field, read all at once and at random subsets (which skip), on an
// index of several postings chunks (3,000 items), one of three segments, and a merged one with
// terms of one posting without locations, which zap's merge keeps in the dictionary itself.
func TestZapTermMatchesZap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 13))
	var multiChunk, oneHit int
	for _, root := range []string{scaleRoot(t), extendedRoot(t), oneHitRoot(t)} {
		snap := snapshotOf(t, open(t, root, Options{}).cur.Load().gen.Index)
		var terms int
		for _, ss := range snap.Segments() {
			seg, ok := ss.Segment().(*zap.Segment)
			if !ok {
				t.Fatalf("setup: a segment is a %T", ss.Segment())
			}
			for _, field := range impactFields() {
				dict, entries := indextest.Terms(t, seg, field)
				for _, e := range entries {
					docs, freqs, norms := zapPostings(t, dict, e.Term)
					zt, found, err := openZapTerm(seg, field, e.Term)
					if err != nil || !found {
						t.Fatalf("%s %q: found %v, %v", field, e.Term, found, err)
					}
					terms++
					if zt.oneHit {
						oneHit++
					} else if len(zt.freqs.ends) > 1 {
						multiChunk++
					}
					// All of them, then a random few (skipping the others).
					picks := [][]int{make([]int, len(docs)), nil}
					for i := range docs {
						picks[0][i] = i
						if rng.IntN(4) == 0 {
							picks[1] = append(picks[1], i)
						}
					}
					for _, pick := range picks {
						at := make([]uint64, len(pick))
						for j, i := range pick {
							at[j] = docs[i]
						}
						c := zapCursor{t: zt}
						var p zapPosting
						for j, d := range at {
							if err := c.read(d, &p); err != nil {
								t.Fatalf("%s %q doc %d: %v", field, e.Term, d, err)
							}
							i := pick[j]
							if norm := zapNorm(p.normBits); p.freq != freqs[i] || norm != norms[i] {
								t.Errorf("%s %q doc %d: freq %d norm %v, zap says %d %v", field, e.Term, docs[i], p.freq, norm, freqs[i], norms[i])
							}
						}
					}
				}
			}
			// A term the segment does not hold, and a field it does not have.
			if _, found, err := openZapTerm(seg, impactFields()[0], "no-such-term-anywhere"); found || err != nil {
				t.Errorf("a missing term: found %v, %v", found, err)
			}
			if _, found, err := openZapTerm(seg, "no_such_field", "baku"); found || err != nil {
				t.Errorf("a missing field: found %v, %v", found, err)
			}
		}
		t.Logf("%s: %d terms", root, terms)
	}
	t.Logf("%d terms in several chunks, %d stored as one hit", multiChunk, oneHit)
	if multiChunk == 0 || oneHit == 0 {
		t.Errorf("setup: %d terms in several chunks and %d one-hit terms; the test needs both", multiChunk, oneHit)
	}
}

// oneHitRoot is the sample indexed in small batches, so that the build's force merge writes
// the segment, with a person and a place named in one item only.
func oneHitRoot(t *testing.T) string {
	t.Helper()
	briefings, err := loadDir(sampleDir)
	if err != nil {
		t.Fatal(err)
	}
	briefings[0].Items[0].Entities = &archive.Entities{Persons: []string{"Only Once"}, Places: []string{"Nowhere Else"}}
	root := t.TempDir()
	if _, err := index.Build(context.Background(), root, briefings, index.BuildOptions{BatchSize: 5}); err != nil {
		t.Fatal(err)
	}
	return root
}

// zapPostings is a term's postings as zap's own iterator reads them.
func zapPostings(t *testing.T, dict segment.TermDictionary, term string) (docs, freqs []uint64, norms []float64) {
	t.Helper()
	pl, err := dict.PostingsList([]byte(term), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	it := pl.Iterator(true, true, false, nil)
	for p, err := it.Next(); p != nil || err != nil; p, err = it.Next() {
		if err != nil {
			t.Fatal(err)
		}
		docs, freqs, norms = append(docs, p.Number()), append(freqs, p.Frequency()), append(norms, p.Norm())
	}
	return docs, freqs, norms
}

// A document the term's postings do not hold is an error, not another document's values.
func TestZapTermRejectsAbsentDocument(t *testing.T) {
	snap := snapshotOf(t, open(t, scaleRoot(t), Options{}).cur.Load().gen.Index)
	seg := snap.Segments()[0].Segment().(*zap.Segment)
	zt, found, err := openZapTerm(seg, "body", "baku")
	if err != nil || !found || zt.oneHit {
		t.Fatalf("setup: baku found %v, one hit %v, %v", found, zt != nil && zt.oneHit, err)
	}
	var absent uint64
	for zt.postings.Contains(uint32(absent)) {
		absent++
	}
	c := zapCursor{t: zt}
	if err := c.read(absent, &zapPosting{}); err == nil {
		t.Errorf("document %d, not in the postings: no error", absent)
	}
}

// A search looks a term up once (termLookups) for all its snapshots of the same read-only
// index: locate's and a phrase's read the tree's sets. A set is read for another snapshot only
// when it was looked up in that snapshot's segments, with the same deletions.
func TestTermLookups(t *testing.T) {
	idx := open(t, scaleRoot(t), Options{}).cur.Load().gen.Index
	snap, again := snapshotOf(t, idx), snapshotOf(t, idx)
	ctx := withLookups(context.Background(), nil)
	ts, ok, err := lookupZapTerms(ctx, snap, "body", "baku")
	if err != nil || !ok || ts.count == 0 {
		t.Fatalf("setup: %v %v", ok, err)
	}
	if got, _, err := lookupZapTerms(ctx, again, "body", "baku"); got != ts || err != nil {
		t.Errorf("a second snapshot of the same index looked baku up again (%v)", err)
	}
	if got, _, _ := lookupZapTerms(ctx, again, "headline_en", "baku"); got == ts {
		t.Error("another field's term answered from body's")
	}
	if got, _, _ := lookupZapTerms(context.Background(), snap, "body", "baku"); got == ts {
		t.Error("a search without lookups shares them")
	}
	for _, other := range []bleve.Index{open(t, extendedRoot(t), Options{}).cur.Load().gen.Index, deletedIndex(t)} {
		osnap := snapshotOf(t, other)
		got, _, err := lookupZapTerms(ctx, osnap, "body", "baku")
		if err != nil || got == ts || ts.in(osnap) {
			t.Errorf("a set read for a snapshot of another index (%v)", err)
		}
	}
	if n := ctx.Value(lookupsKey{}).(*termLookups).reused; n != 1 {
		t.Errorf("%d lookups reused, want 1", n)
	}
}

// zapTermReader must read as scorch's own TermFieldReader does: the same documents, counts,
// frequencies, norms and locations, through Next, through Advance to any document (forwards,
// back, in small steps) and at one document, on indexes of several chunks, three segments,
// one-hit terms, and a segment with deleted documents.
func TestZapTermReaderMatchesScorch(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 13))
	compared := 0
	for _, c := range []struct {
		name   string
		idx    bleve.Index
		fields []string
	}{
		{"scale", open(t, scaleRoot(t), Options{}).cur.Load().gen.Index, impactFields()},
		{"extended", open(t, extendedRoot(t), Options{}).cur.Load().gen.Index, impactFields()},
		{"one hit", open(t, oneHitRoot(t), Options{}).cur.Load().gen.Index, impactFields()},
		{"deleted", deletedIndex(t), []string{"body", "tag"}},
	} {
		snap := snapshotOf(t, c.idx)
		maxDoc := uint64(0)
		for _, ss := range snap.Segments() {
			maxDoc += ss.Segment().Count()
		}
		for _, field := range c.fields {
			fd, err := snap.FieldDict(field)
			if err != nil {
				t.Fatal(err)
			}
			for e, err := fd.Next(); e != nil || err != nil; e, err = fd.Next() {
				if err != nil {
					t.Fatal(err)
				}
				for _, locs := range []bool{true, false} {
					// restart closes scorch's reader and opens it again at the start.
					restart := func(old bindex.TermFieldReader) bindex.TermFieldReader {
						if old != nil {
							old.Close()
						}
						tfr, err := snap.TermFieldReader(context.Background(), []byte(e.Term), field, true, true, locs)
						if err != nil {
							t.Fatal(err)
						}
						return tfr
					}
					want := restart(nil)
					got, ok, err := newZapTermReader(snap, field, e.Term, locs)
					if err != nil || !ok {
						t.Fatalf("%s %s %q: %v %v", c.name, field, e.Term, ok, err)
					}
					what := fmt.Sprintf("%s %s %q", c.name, field, e.Term)
					if got.Count() != want.Count() {
						t.Errorf("%s: count %d, scorch's %d", what, got.Count(), want.Count())
					}
					if !locs {
						// The looked-up set's documents (a term leaf's bitmap) are those
						// scorch's reader walks, deleted ones left out.
						ts, _, err := openZapTerms(snap, field, e.Term)
						if err != nil {
							t.Fatal(err)
						}
						walk := restart(nil)
						docs := roaring.New()
						for d, err := walk.Next(nil); d != nil || err != nil; d, err = walk.Next(nil) {
							if err != nil {
								t.Fatal(err)
							}
							docs.Add(uint32(index.DocNum(d.ID)))
						}
						walk.Close()
						if !ts.docs().Equals(docs) || ts.count != docs.GetCardinality() {
							t.Errorf("%s: the set's documents %v (count %d), scorch's %v", what, ts.docs(), ts.count, docs)
						}
					}
					for {
						g, err1 := got.Next(nil)
						w, err2 := want.Next(nil)
						if err1 != nil || err2 != nil {
							t.Fatalf("%s: %v, %v", what, err1, err2)
						}
						if !sameTermFieldDoc(g, w, locs) {
							t.Fatalf("%s Next: %s, scorch's %s", what, showTFD(g), showTFD(w))
						}
						if g == nil {
							break
						}
					}
					// Advance to random documents, forwards and back. A reader that ran out is
					// opened again: scorch's, once out, stays out for documents past the last
					// one it read (the phrase searcher never asks it again).
					out := true // Next ran out above
					for range 8 {
						if out {
							want = restart(want)
							got, _, _ = newZapTermReader(snap, field, e.Term, locs)
						}
						id := bindex.NewIndexInternalID(nil, rng.Uint64N(maxDoc+1))
						g, err1 := got.Advance(id, nil)
						w, err2 := want.Advance(id, nil)
						if err1 != nil || err2 != nil {
							t.Fatalf("%s: %v, %v", what, err1, err2)
						}
						if !sameTermFieldDoc(g, w, locs) {
							t.Fatalf("%s Advance(%d): %s, scorch's %s", what, id.Value(), showTFD(g), showTFD(w))
						}
						if g != nil {
							g, _ = got.Next(nil)
							w, _ = want.Next(nil)
							if !sameTermFieldDoc(g, w, locs) {
								t.Fatalf("%s Next after Advance(%d): %s, scorch's %s", what, id.Value(), showTFD(g), showTFD(w))
							}
						}
						out = g == nil
					}
					// Advance in small steps forwards, as a phrase's leapfrog does: near
					// targets are stepped to, farther ones jumped to.
					// Through the second reader of one looked-up set, the first read through:
					// each reader counts its own ranks and keeps its own cursors.
					want = restart(want)
					ts, _, _ := openZapTerms(snap, field, e.Term)
					for first := ts.reader(locs); ; {
						if g, _ := first.Next(nil); g == nil {
							break
						}
					}
					for _, st := range ts.segs {
						if st.t != nil && (st.t.ranks != 0 || st.t.dir != nil) {
							t.Fatalf("%s: reading changed the looked-up set (%d ranks): its readers are not independent", what, st.t.ranks)
						}
					}
					got = ts.reader(locs)
					for target := uint64(0); target <= maxDoc; target += 1 + rng.Uint64N(40) {
						id := bindex.NewIndexInternalID(nil, target)
						g, err1 := got.Advance(id, nil)
						w, err2 := want.Advance(id, nil)
						if err1 != nil || err2 != nil {
							t.Fatalf("%s: %v, %v", what, err1, err2)
						}
						if !sameTermFieldDoc(g, w, locs) {
							t.Fatalf("%s stepping Advance(%d): %s, scorch's %s", what, target, showTFD(g), showTFD(w))
						}
						if g == nil {
							break
						}
					}
					// at: one document's posting, or nil where the term is not.
					want = restart(want)
					for range 8 {
						d := rng.Uint64N(maxDoc)
						g, err1 := got.at(d, nil)
						w, err2 := want.Advance(bindex.NewIndexInternalID(nil, d), nil)
						if err1 != nil || err2 != nil {
							t.Fatalf("%s: %v, %v", what, err1, err2)
						}
						if w != nil && w.ID.Value() != d {
							w = nil
						}
						if !sameTermFieldDoc(g, w, locs) {
							t.Fatalf("%s at(%d): %s, scorch's %s", what, d, showTFD(g), showTFD(w))
						}
						if w == nil { // scorch's reader ran out, or passed d: start it over
							want = restart(want)
						}
					}
					want.Close()
					compared++
				}
			}
			fd.Close()
		}
	}
	t.Logf("%d term readers compared", compared)
}

func sameTermFieldDoc(g, w *bindex.TermFieldDoc, locs bool) bool {
	if g == nil || w == nil {
		return g == nil && w == nil
	}
	if !g.ID.Equals(w.ID) || g.Freq != w.Freq || g.Norm != w.Norm {
		return false
	}
	if !locs {
		return true
	}
	return slices.EqualFunc(g.Vectors, w.Vectors, func(a, b *bindex.TermFieldVector) bool {
		return a.Field == b.Field && a.Pos == b.Pos && a.Start == b.Start && a.End == b.End && slices.Equal(a.ArrayPositions, b.ArrayPositions)
	})
}

func showTFD(d *bindex.TermFieldDoc) string {
	if d == nil {
		return "nil"
	}
	s := fmt.Sprintf("doc %d freq %d norm %v", d.ID.Value(), d.Freq, d.Norm)
	for _, v := range d.Vectors {
		s += fmt.Sprintf(" [%s %d %d-%d %v]", v.Field, v.Pos, v.Start, v.End, v.ArrayPositions)
	}
	return s
}

// deletedIndex is a scorch index of two persisted segments, some of whose documents are
// deleted, whose text field holds arrays (array positions in the locations), and whose
// keyword field keeps no locations.
func deletedIndex(t *testing.T) bleve.Index { return deletedIndexOf(t, true) }

// deletedWords are the words deletedIndex's bodies are made of.
var deletedWords = []string{"baku", "energy", "corridor", "peace", "talks", "minister"}

// deletedIndexOf is deletedIndex with each body a list of values (locations with array
// positions), or, with lists false, those values as one text.
func deletedIndexOf(t *testing.T, lists bool) bleve.Index {
	t.Helper()
	path := t.TempDir() + "/idx"
	im := bleve.NewIndexMapping()
	tag := bleve.NewKeywordFieldMapping() // no locations: postings of one or two varints
	tag.IncludeTermVectors = false
	im.DefaultMapping.AddFieldMappingsAt("tag", tag)
	idx, err := bleve.NewUsing(path, im, scorch.Name, scorch.Name, nil)
	if err != nil {
		t.Fatal(err)
	}
	words := deletedWords
	for round := range 2 {
		b := idx.NewBatch()
		for i := range 400 {
			var body []string
			for j := range 1 + (i*7+round)%5 {
				body = append(body, words[(i+j*round+j)%len(words)]+" "+words[(i*j+3)%len(words)])
			}
			tags := []string{words[i%len(words)], words[i%4]} // the same one twice now and then
			doc := map[string]any{"body": body, "tag": tags}
			if !lists {
				doc["body"] = strings.Join(body, " ")
			}
			if err := b.Index(fmt.Sprintf("r%d-%d", round, i), doc); err != nil {
				t.Fatal(err)
			}
		}
		if err := idx.Batch(b); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 400; i += 3 {
		if err := idx.Delete(fmt.Sprintf("r0-%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}
	if idx, err = bleve.Open(path); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	deleted := 0
	for _, ss := range snapshotOf(t, idx).Segments() {
		if _, ok := ss.Segment().(*zap.Segment); !ok {
			t.Fatalf("setup: a segment is a %T", ss.Segment())
		}
		if d := ss.Deleted(); d != nil {
			deleted += int(d.GetCardinality())
		}
	}
	if deleted == 0 {
		t.Fatal("setup: no deleted documents")
	}
	return idx
}

// rankDir must rank as roaring does, at every position of dense and sparse bitmaps, at their
// ends and past them.
func TestRankDirMatchesRoaring(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 13))
	for _, density := range []int{1, 3, 16, 200} {
		bm := roaring.New()
		for d := range uint32(140_000) {
			if rng.IntN(density) == 0 {
				bm.Add(d)
			}
		}
		dir := newRankDir(bm)
		for d := range uint32(140_100) {
			if got, want := dir.rank(d), bm.Rank(d); got != want {
				t.Fatalf("1 in %d: rank(%d) = %d, roaring's %d", density, d, got, want)
			}
		}
	}
}

// positionsOf reads the positions of zap's location records and declines what a reader of
// positions alone can't use: array positions, positions out of order. Cut short, a record is
// an error.
func TestPositionsOf(t *testing.T) {
	loc := func(pos, start uint64, ap ...uint64) []byte {
		b := binary.AppendUvarint(nil, 3) // field
		for _, v := range []uint64{pos, start, start + 300, uint64(len(ap))} {
			b = binary.AppendUvarint(b, v)
		}
		for _, v := range ap {
			b = binary.AppendUvarint(b, v)
		}
		return b
	}
	join := func(locs ...[]byte) []byte { return slices.Concat(locs...) }
	for _, c := range []struct {
		name string
		locs []byte
		want []uint64
		ok   bool
		err  bool
	}{
		{"none", nil, nil, true, false},
		{"in order", join(loc(1, 2), loc(1, 9), loc(200, 70000), loc(1<<20, 1<<30)), []uint64{1, 1, 200, 1 << 20}, true, false},
		{"out of order", join(loc(5, 2), loc(4, 9)), nil, false, false},
		{"array positions", join(loc(1, 2), loc(2, 9, 1)), nil, false, false},
		{"cut in a varint", loc(200, 70000)[:4], nil, false, true},
		{"cut before the array positions", loc(2, 3)[:5], nil, false, true},
	} {
		got, ok, err := positionsOf(nil, c.locs)
		if ok != c.ok || (err != nil) != c.err || (ok && !slices.Equal(got, c.want)) {
			t.Errorf("%s: %v %v %v, want %v %v (error %v)", c.name, got, ok, err, c.want, c.ok, c.err)
		}
	}
}
