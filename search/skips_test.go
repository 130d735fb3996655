package search

import (
	"bytes"
	"context"
	"math/rand/v2"
	"slices"
	"testing"

	zap "github.com/blevesearch/zapx/v17"
)

// A cursor with a term's stored skip points must read every posting as one without them: the
// same frequency, norm and location bytes, reached in order, at random, and forwards from
// postings far behind. On the 3,000 synthetic items (one segment, several chunks a frequent
// term), every term that has points.
func TestSkipsReadAsWithout(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 29))
	s := open(t, scaleRoot(t), Options{})
	v := s.cur.Load()
	snap := snapshotOf(t, v.gen.Index)
	if len(snap.Segments()) != 1 {
		t.Fatalf("setup: %d segments, want 1", len(snap.Segments()))
	}
	seg := snap.Segments()[0].Segment().(*zap.Segment)
	var terms, points, stepsWith, stepsWithout int
	for _, field := range impactFields() {
		fi := v.impacts.Fields[field]
		if fi == nil {
			continue
		}
		for _, term := range fi.Terms {
			sk := v.impacts.skipsOf(field, term)
			if sk == nil {
				continue
			}
			plain, found, err := openZapTerm(seg, field, term)
			if err != nil || !found {
				t.Fatalf("%s %q: found %v, %v", field, term, found, err)
			}
			with := *plain
			attachSkips(&with, sk)
			if with.skips == nil {
				t.Fatalf("%s %q: its own skip points were not attached", field, term)
			}
			terms++
			points += len(sk.freqAt)
			docs := plain.postings.ToArray()
			orders := [][]uint32{docs, slices.Clone(docs), nil}
			rng.Shuffle(len(orders[1]), func(a, b int) { orders[1][a], orders[1][b] = orders[1][b], orders[1][a] })
			for k, d := range docs { // every 37th, from far behind each time
				if k%37 == 0 {
					orders[2] = append(orders[2], docs[0], d)
				}
			}
			for _, order := range orders {
				a, b := zapCursor{t: plain, withLocs: true}, zapCursor{t: &with, withLocs: true}
				var pa, pb zapPosting
				for _, d := range order {
					if err := a.read(uint64(d), &pa); err != nil {
						t.Fatalf("%s %q doc %d without points: %v", field, term, d, err)
					}
					if err := b.read(uint64(d), &pb); err != nil {
						t.Fatalf("%s %q doc %d with points: %v", field, term, d, err)
					}
					if pa.freq != pb.freq || pa.normBits != pb.normBits || !bytes.Equal(pa.locs, pb.locs) {
						t.Fatalf("%s %q doc %d: with points %d %d %x, without %d %d %x", field, term, d, pb.freq, pb.normBits, pb.locs, pa.freq, pa.normBits, pa.locs)
					}
				}
				stepsWithout += a.stepped
				stepsWith += b.stepped
			}
		}
	}
	if terms == 0 || points == 0 {
		t.Fatalf("no term has skip points (%d terms, %d points)", terms, points)
	}
	// Every read steps over fewer than a stride of postings from where it starts: at random,
	// far fewer than from each chunk's start.
	if stepsWith*4 > stepsWithout {
		t.Errorf("with skip points the reads stepped over %d postings, without %d", stepsWith, stepsWithout)
	}
	t.Logf("%d terms, %d skip points; postings stepped over %d with them, %d without", terms, points, stepsWith, stepsWithout)
}

// Skip points are used only with the chunk tables they were read with: another term's are
// not attached, and points are decoded back exactly as encoded.
func TestSkipsBoundToTheirTerm(t *testing.T) {
	s := open(t, scaleRoot(t), Options{})
	v := s.cur.Load()
	seg := snapshotOf(t, v.gen.Index).Segments()[0].Segment().(*zap.Segment)
	var withSkips []string
	var field string
	for _, f := range impactFields() {
		fi := v.impacts.Fields[f]
		if fi == nil {
			continue
		}
		for i, term := range fi.Terms {
			if len(fi.Skips[i]) > 0 {
				withSkips = append(withSkips, term)
			}
		}
		if len(withSkips) >= 2 {
			field = f
			break
		}
		withSkips = nil
	}
	if len(withSkips) < 2 {
		t.Fatal("setup: no field has two terms with skip points")
	}
	a, b := withSkips[0], withSkips[len(withSkips)-1]
	ta, _, err := openZapTerm(seg, field, a)
	if err != nil {
		t.Fatal(err)
	}
	tb, _, err := openZapTerm(seg, field, b)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Equal(ta.freqs.ends, tb.freqs.ends) {
		t.Fatalf("setup: %q and %q have the same chunk table", a, b)
	}
	attachSkips(ta, v.impacts.skipsOf(field, b))
	if ta.skips != nil {
		t.Errorf("%q took %q's skip points", a, b)
	}
	// A search's lookups attach a term's own points.
	snap := snapshotOf(t, v.gen.Index)
	ts, ok, err := lookupZapTerms(withLookups(context.Background(), v.impacts), snap, field, a)
	if err != nil || !ok {
		t.Fatalf("looking %q up: %v %v", a, ok, err)
	}
	if ts.segs[0].t.skips != v.impacts.skipsOf(field, a) {
		t.Errorf("a search's lookup of %q did not attach its skip points", a)
	}
	raw, err := skipsFor(seg, field, a)
	if err != nil || raw == nil {
		t.Fatalf("skipsFor %q: %v", a, err)
	}
	again, err := decodeSkips(raw, true)
	if err != nil {
		t.Fatal(err)
	}
	stored := v.impacts.skipsOf(field, a)
	if !slices.Equal(again.freqAt, stored.freqAt) || !slices.Equal(again.locAt, stored.locAt) || !slices.Equal(again.first, stored.first) {
		t.Errorf("%q: skip points decoded differently from what was stored", a)
	}
	for _, keep := range []bool{true, false} {
		if _, err := decodeSkips(raw[:len(raw)-1], keep); err == nil {
			t.Errorf("a cut skip record decoded (keep %v) without an error", keep)
		}
	}
}
