package index

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"briefsearch/index/indextest"
)

// A large archive reaches the force merge with more segments than one merge task takes (ten):
// one ForceMerge pass then leaves several, and the build must merge again rather than fail.
// Background merging is held off here so that the index really has that many segments.
func TestForceMergeLeavesOneSegmentFromMany(t *testing.T) {
	im, err := NewMapping()
	if err != nil {
		t.Fatal(err)
	}
	config := map[string]any{"scorchMergePlanOptions": map[string]any{
		"MaxSegmentsPerTier": 1000, "SegmentsPerMergeTask": 10, "TierGrowth": 10.0,
		"MaxSegmentSize": 1 << 20, "FloorSegmentSize": 1,
	}}
	path := filepath.Join(t.TempDir(), "idx")
	created, err := bleve.NewUsing(path, im, scorch.Name, scorch.Name, config)
	if err != nil {
		t.Fatal(err)
	}
	created.Close()
	idx, err := openWriter(path, config)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	schema, err := schemaOf(im)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range indextest.Synthetic(25, 1) {
		batch := idx.NewBatch()
		doc, err := schema.document(b, &b.Items[0])
		if err != nil {
			t.Fatal(err)
		}
		if err := batch.IndexAdvanced(doc); err != nil {
			t.Fatal(err)
		}
		if err := idx.Batch(batch); err != nil {
			t.Fatal(err)
		}
	}
	if before, _ := scorchStats(idx); before <= 10 {
		t.Fatalf("setup: %d segments before merging, want more than one merge task's 10", before)
	}
	if err := forceMerge(context.Background(), idx); err != nil {
		t.Fatal(err)
	}
	if after, settled := scorchStats(idx); after != 1 || !settled {
		t.Errorf("after forceMerge: %d segments (persisted %v), want 1", after, settled)
	}
	if n, err := idx.DocCount(); err != nil || n != 25 {
		t.Errorf("doc count = %d, %v; want 25", n, err)
	}
}

// The final merge takes every segment left in one task (scorch's plan takes 10), up to its
// bound; the rest of scorch's single-segment plan stays as it is.
func TestOneMergeOf(t *testing.T) {
	for _, c := range []struct{ segments, want uint64 }{{3, 10}, {14, 14}, {100, 100}, {267, 267}, {400, 400}, {500, 400}} {
		o := oneMergeOf(c.segments)
		if uint64(o.SegmentsPerMergeTask) != c.want {
			t.Errorf("%d segments: %d a task, want %d", c.segments, o.SegmentsPerMergeTask, c.want)
		}
		if o.MaxSegmentsPerTier != 1 || o.FloorSegmentSize != mergeplan.SingleSegmentMergePlanOptions.FloorSegmentSize {
			t.Errorf("%d segments: the plan is not scorch's single-segment plan: %+v", c.segments, o)
		}
	}
	if mergeplan.SingleSegmentMergePlanOptions.SegmentsPerMergeTask != 10 {
		t.Error("oneMergeOf changed scorch's own plan")
	}
}
