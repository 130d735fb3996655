package index

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"briefsearch/index/indextest"
)

// A finished generation holds only the merged segment: the files the force merge made
// obsolete are gone before the generation is switched to (at 200k items they once doubled its
// size). Small batches make many segments, so the merge takes more than one pass. (At this
// size scorch wins the race with Build's close without help; the 200k run of bench/compare.sh
// is where the leftovers showed.)
func TestBuildLeavesNoObsoleteSegments(t *testing.T) {
	root := t.TempDir()
	rep, err := Build(context.Background(), root, indextest.Synthetic(60, 5), BuildOptions{BatchSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	store := filepath.Join(rep.Dir, bleveDir, "store")
	if _, err := os.Stat(store); err != nil {
		t.Fatal(err)
	}
	if n := zapFiles(store); n != 1 {
		t.Errorf("the generation's store holds %d segment files, want the merged one alone", n)
	}
}
