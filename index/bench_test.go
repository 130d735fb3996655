package index

import (
	"context"
	"fmt"
	"testing"

	bleveindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zap "github.com/blevesearch/zapx/v17"

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

// BenchmarkSegment measures what a build does for one batch on one core, without the
// persisting and merging around it: 500 items' documents built, analyzed (as scorch's
// workers do) and made into a zap segment in memory (as scorch's Batch does), by the build's
// writer (newSegment) and by zap's (the fallback, for which the text fields build bleve's term
// frequencies from their compact tokens). Steadier than a whole build on a VM whose speed drifts,
// and it isolates the per-token work.
func BenchmarkSegment(b *testing.B) {
	if err := LoadDictionary(); err != nil {
		b.Fatal(err)
	}
	schema := newTestSchema(b)
	var items []batchItem
	for _, br := range indextest.Synthetic(25, 20) {
		for _, it := range br.Items {
			items = append(items, batchItem{br, it})
		}
	}
	for _, w := range []struct {
		name   string
		plugin interface {
			New([]bleveindex.Document) (segment.Segment, uint64, error)
		}
	}{{"writer=ours", &segmentPlugin{}}, {"writer=zap", &zap.ZapPlugin{}}} {
		b.Run(w.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				docs := analyzedBatch(b, schema, items)
				seg, _, err := w.plugin.New(docs)
				if err != nil {
					b.Fatal(err)
				}
				if seg.Count() != uint64(len(docs)) {
					b.Fatalf("segment of %d documents from %d", seg.Count(), len(docs))
				}
				if err := seg.Close(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
