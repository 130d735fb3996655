package index

// Free space, checked before a build starts: a build that runs out of disk half-way has wasted
// its time, and the error a full disk gives deep in a merge is less clear than one up front.

import (
	"fmt"

	"briefsearch/archive"
)

// needFor is the disk a build of text bytes of items takes at its peak: the batches' segments
// and the merged one are on disk together before the merge's inputs are deleted. Measured:
// 6.5× the text at 20,000 items (100 MB at the peak, 51 MB once done) and between 6.4× and
// 7.6× at 2,000 (a 10 MB disk failed, 12 MB passed); plus room for the generation's other
// files.
func needFor(text uint64) uint64 { return text*13/2 + 2<<20 }

// textBytes is the size of the text an index of briefings holds.
func textBytes(briefings []*archive.Briefing) uint64 {
	var n uint64
	for _, b := range briefings {
		for i := range b.Items {
			it := &b.Items[i]
			n += uint64(len(it.HeadlineJA) + len(it.HeadlineEN) + len(it.Body) + len(it.Note))
		}
	}
	return n
}

// checkSpace refuses to start a build that needs more disk than the file system of root has
// free. Where free space cannot be read, it lets the build try.
func checkSpace(root string, need uint64, items int) error {
	free, ok := freeSpace(root)
	if !ok || free >= need {
		return nil
	}
	return fmt.Errorf("no space left on device for this build: %s has %s free; indexing %d items needs about %s",
		root, megabytes(free), items, megabytes(need))
}

func megabytes(n uint64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }
