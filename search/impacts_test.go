package search

import "testing"

// A block's stored frequency must be at least every frequency of the term in the block (or the
// cap, which stands for the term's highest), at every posting of every term that has blocks,
// on one segment and on three (document numbers offset).
func TestBlockFreqBoundsEveryPosting(t *testing.T) {
	for _, root := range []string{scaleRoot(t), extendedRoot(t)} {
		v := open(t, root, Options{}).cur.Load()
		snap := snapshotOf(t, v.gen.Index)
		var terms, below int
		for field, f := range v.impacts.Fields {
			for i, term := range f.Terms {
				blocks := f.BlockFreq[i]
				if blocks == nil {
					continue
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
				}
			}
		}
		t.Logf("%s: %d terms with blocks, %d postings in blocks below the term's highest", root, terms, below)
		if terms == 0 || below == 0 {
			t.Fatalf("setup: %d terms with blocks, %d postings where a block is tighter: the test proves little", terms, below)
		}
	}
}
