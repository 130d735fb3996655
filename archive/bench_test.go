package archive

import (
	"os"
	"testing"
)

// BenchmarkParse parses the sample briefing.
func BenchmarkParse(b *testing.B) {
	data, err := os.ReadFile(sampleFile)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse(sampleFile, data); err != nil {
			b.Fatal(err)
		}
	}
}
