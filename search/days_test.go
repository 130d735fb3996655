package search

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"

	"briefsearch/index"
)

// daysBetween finds exactly the documents dated within the range, whatever the number of
// documents (one container or several, a partial last word) and the range (empty, open).
func TestDaysBetween(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{0, 1, 63, 64, 65, 1000, 65536, 70001, 140000} {
		cols := &index.Columns{Days: make([]int32, n)}
		for d := range cols.Days {
			cols.Days[d] = 14000 + rng.Int32N(6000)
			if rng.IntN(20) == 0 {
				cols.Days[d] = index.NoDay
			}
		}
		for _, r := range [][2]int32{{14000, 20000}, {15000, 15030}, {17000, 16000}, {index.NoDay + 1, math.MaxInt32},
			{math.MinInt32, math.MaxInt32}, {19999, 19999}, {14000 + rng.Int32N(6000), 14000 + rng.Int32N(6000)}} {
			want := roaring.New()
			for d, day := range cols.Days {
				if day >= r[0] && day <= r[1] {
					want.Add(uint32(d))
				}
			}
			if got := daysBetween(cols, r[0], r[1]); !got.Equals(want) {
				t.Errorf("%d documents, days %d..%d: %d documents found, want %d", n, r[0], r[1], got.GetCardinality(), want.GetCardinality())
			}
		}
	}
}
