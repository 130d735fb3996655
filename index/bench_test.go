package index

import (
	"context"
	"fmt"
	"testing"

	"briefsearch/index/indextest"
)

// BenchmarkBuild measures a whole build (batches, force merge, reopen, switch) per iteration.
// The dictionary is loaded before the timer starts: a server pays for it once per process.
func BenchmarkBuild(b *testing.B) {
	if err := LoadDictionary(); err != nil {
		b.Fatal(err)
	}
	for _, weeks := range []int{1, 50} {
		briefings := indextest.Synthetic(weeks, 20)
		items := weeks * 20
		b.Run(fmt.Sprintf("items=%d", items), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Build(context.Background(), b.TempDir(), briefings, BuildOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(items*b.N)/b.Elapsed().Seconds(), "items/s")
		})
	}
}

// BenchmarkAnalyzeHeadline measures the Japanese analysis of one headline, the costliest
// analyzer per byte.
func BenchmarkAnalyzeHeadline(b *testing.B) {
	im, err := NewMapping()
	if err != nil {
		b.Fatal(err)
	}
	a := im.AnalyzerNamed(AnalyzerJapanese)
	text := []byte("アゼルバイジャン、EU とグリーンエネルギー・地域安全保障に関するハイレベル協議を実施")
	a.Analyze(text) // loads the dictionary
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		a.Analyze(text)
	}
}
