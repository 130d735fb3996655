package entity

import (
	"fmt"
	"strings"
	"testing"

	"briefsearch/archive"
)

// Adversarial text: every rule must look a bounded distance from where it starts, so cost grows
// in proportion to the text. Time is measured by BenchmarkExtractLong (compare the two sizes);
// the test checks what is deterministic, the allocations, so it cannot flake on a busy machine.
var longUnits = []string{
	"President of the Council of ",
	"Union for the Freedom of Political Prisoners of ",
	"Agency for Mine Action (AMA) ",
	"Leyla Yunus and ",
	"Economic, Trade and ",
}

func longItem(unit string, repeats int) archive.Item {
	return archive.Item{Body: strings.Repeat(unit, repeats), HeadlineJA: strings.Repeat("アリエフ・トカエフ大統領", repeats)}
}

func TestLongInputAllocationsStayLinear(t *testing.T) {
	lx := shippedLexicon(t)
	for _, unit := range longUnits {
		small, large := longItem(unit, 200), longItem(unit, 4000)
		as := testing.AllocsPerRun(2, func() { lx.Extract(&small) })
		al := testing.AllocsPerRun(2, func() { lx.Extract(&large) })
		// 20 times the text; linear growth plus fixed costs stays well under 40 times.
		if al > 40*as+100 {
			t.Errorf("%q: 200 repeats %.0f allocations, 4000 repeats %.0f: not linear", unit, as, al)
		}
	}
}

func BenchmarkExtractLong(b *testing.B) {
	lx := shippedLexicon(b)
	for _, repeats := range []int{200, 4000} {
		it := longItem(longUnits[1], repeats)
		b.Run(fmt.Sprintf("repeats=%d", repeats), func(b *testing.B) {
			b.SetBytes(int64(len(it.Body) + len(it.HeadlineJA)))
			for b.Loop() {
				lx.Extract(&it)
			}
		})
	}
}
