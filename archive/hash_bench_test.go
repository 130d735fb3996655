package archive

import "testing"

// BenchmarkContentHash measures hashing an item (what each CSV row and feed entry costs).
func BenchmarkContentHash(b *testing.B) {
	items := parseFile(b, sampleFile).Items
	n := 0
	for _, it := range items {
		n += len(it.Body) + len(it.HeadlineEN) + len(it.HeadlineJA)
	}
	b.SetBytes(int64(n / len(items)))
	for i := 0; b.Loop(); i++ {
		_ = items[i%len(items)].ContentHash()
	}
}
