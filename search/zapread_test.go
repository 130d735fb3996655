package search

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zap "github.com/blevesearch/zapx/v17"

	"briefsearch/archive"
	"briefsearch/index"
)

// zapTerm reads zap's bytes itself; it must give zap's own frequency and norm at every posting
// of every term of every text field, read all at once and at random subsets (which skip), on an
// index of several postings chunks (3,000 items), one of three segments, and a merged one with
// terms of one posting without locations, which zap's merge keeps in the dictionary itself.
func TestZapTermMatchesZap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 13))
	var multiChunk, oneHit int
	for _, root := range []string{scaleRoot(t), extendedRoot(t), oneHitRoot(t)} {
		s := open(t, root, Options{})
		adv, err := s.cur.Load().gen.Index.Advanced()
		if err != nil {
			t.Fatal(err)
		}
		r, err := adv.Reader()
		if err != nil {
			t.Fatal(err)
		}
		snap, ok := r.(*scorch.IndexSnapshot)
		if !ok {
			t.Fatalf("setup: the reader is a %T", r)
		}
		var terms int
		for _, ss := range snap.Segments() {
			seg, ok := ss.Segment().(*zap.Segment)
			if !ok {
				t.Fatalf("setup: a segment is a %T", ss.Segment())
			}
			for _, field := range impactFields() {
				dict, err := seg.Dictionary(field)
				if err != nil {
					t.Fatal(err)
				}
				it := dict.AutomatonIterator(nil, nil, nil)
				for e, err := it.Next(); e != nil || err != nil; e, err = it.Next() {
					if err != nil {
						t.Fatal(err)
					}
					docs, freqs, norms := zapPostings(t, dict, e.Term)
					zt, found, err := openZapTerm(seg, field, e.Term)
					if err != nil || !found {
						t.Fatalf("%s %q: found %v, %v", field, e.Term, found, err)
					}
					terms++
					if zt.oneHit {
						oneHit++
					} else if len(zt.ends) > 1 {
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
						seen := 0
						err := zt.each(at, func(j int, freq uint64, norm float64) {
							i := pick[j]
							if freq != freqs[i] || norm != norms[i] {
								t.Errorf("%s %q doc %d: freq %d norm %v, zap says %d %v", field, e.Term, docs[i], freq, norm, freqs[i], norms[i])
							}
							seen++
						})
						if err != nil || seen != len(pick) {
							t.Fatalf("%s %q: %d of %d read, %v", field, e.Term, seen, len(pick), err)
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
		r.Close()
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
	s := open(t, scaleRoot(t), Options{})
	adv, err := s.cur.Load().gen.Index.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	seg := r.(*scorch.IndexSnapshot).Segments()[0].Segment().(*zap.Segment)
	zt, found, err := openZapTerm(seg, "body", "baku")
	if err != nil || !found || zt.oneHit {
		t.Fatalf("setup: baku found %v, one hit %v, %v", found, zt != nil && zt.oneHit, err)
	}
	var absent uint64
	for zt.postings.Contains(uint32(absent)) {
		absent++
	}
	if err := zt.each([]uint64{absent}, func(int, uint64, float64) {}); err == nil {
		t.Errorf("document %d, not in the postings: no error", absent)
	}
}
