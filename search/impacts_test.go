package search

import "testing"

// A block's stored frequency must be at least every frequency of the term in the block (or the
// cap, which stands for the term's highest), and where a term's repeated documents are stored
// they must be exactly those where it occurs more than once (elsewhere a bound takes its
// frequency as 1), at every posting of every term that has blocks, on one segment and on three
// (document numbers offset).
func TestBlockFreqBoundsEveryPosting(t *testing.T) {
	for _, root := range []string{scaleRoot(t), extendedRoot(t)} {
		v := open(t, root, Options{}).cur.Load()
		snap := snapshotOf(t, v.gen.Index)
		var terms, below, withRepeated, once int
		for field, f := range v.impacts.Fields {
			for i, term := range f.Terms {
				blocks, repeated := f.BlockFreq[i], f.repeated[i]
				if blocks == nil {
					continue
				}
				if repeated != nil {
					withRepeated++
				}
				terms++
				r, ok, err := newZapTermReader(snap, field, term, false)
				if err != nil || !ok {
					t.Fatalf("%s %q: %v %v", field, term, ok, err)
				}
				for p, err := r.Next(nil); p != nil || err != nil; p, err = r.Next(nil) {
					if err != nil {
						t.Fatal(err)
					}
					d := p.ID.Value()
					b := d >> blockShift
					if b >= uint64(len(blocks)) || (blocks[b] < blockFreqCap && uint64(blocks[b]) < p.Freq) {
						t.Fatalf("%s %q: document %d has frequency %d, its block says %v", field, term, d, p.Freq, blocks[min(b, uint64(len(blocks)-1))])
					}
					if uint32(blocks[b]) < f.MaxFreq[i] {
						below++
					}
					if repeated == nil {
						continue
					}
					if rep := repeated.Contains(uint32(d)); rep != (p.Freq > 1) {
						t.Fatalf("%s %q: document %d has frequency %d, but repeated says %v", field, term, d, p.Freq, rep)
					}
					if p.Freq == 1 && blocks[b] > 1 {
						once++
					}
				}
			}
		}
		t.Logf("%s: %d terms with blocks (%d with repeated documents), %d postings in blocks below the term's highest, %d once in a block with more", root, terms, withRepeated, below, once)
		if terms == 0 || below == 0 || withRepeated == 0 || withRepeated == terms || once == 0 {
			t.Fatalf("setup: %d terms with blocks, %d with repeated documents, %d postings where a block is tighter, %d where repeated is: the test proves little", terms, withRepeated, below, once)
		}
	}
}
