package entity

import (
	"strings"
	"testing"
	"time"

	"briefsearch/archive"
)

// Adversarial text must cost time in proportion to its length: every rule looks a bounded
// distance from where it starts.
func TestLongInputStaysLinear(t *testing.T) {
	lx := shippedLexicon(t)
	for _, unit := range []string{
		"President of the Council of ",
		"Union for the Freedom of Political Prisoners of ",
		"Agency for Mine Action (AMA) ",
		"Leyla Yunus and ",
		"Economic, Trade and ",
	} {
		small := archive.Item{Body: strings.Repeat(unit, 200), HeadlineJA: strings.Repeat("アリエフ・トカエフ大統領", 200)}
		large := archive.Item{Body: strings.Repeat(unit, 4000), HeadlineJA: strings.Repeat("アリエフ・トカエフ大統領", 4000)}
		lx.Extract(&small)
		t0 := time.Now()
		lx.Extract(&small)
		ts := time.Since(t0)
		t0 = time.Now()
		lx.Extract(&large)
		tl := time.Since(t0)
		// 20 times the text: allow 60 times the time (noisy shared machines), not 400.
		if tl > 60*ts+50*time.Millisecond {
			t.Errorf("%q: 200 repeats %v, 4000 repeats %v: not linear", unit, ts, tl)
		}
	}
}
