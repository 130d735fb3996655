package archive

import (
	"os"
	"path/filepath"
	"testing"
	"unsafe"
)

// TestParsedBriefingHoldsOnlyItsTexts checks that a parsed briefing's strings lie in one
// block exactly as long as they are: none of them is a piece of the file's text, which would
// keep the whole file alive with the briefing.
func TestParsedBriefingHoldsOnlyItsTexts(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, sampleFile)
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Parse(file, data)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		strs := []string{b.ID, b.Title, b.Subtitle, b.Issuer, b.SourceFile, b.Hash}
		for _, s := range b.Sections {
			strs = append(strs, s.Title, s.Key)
		}
		for _, it := range b.Items {
			strs = append(strs, it.ID, it.Section, it.SectionTitle, it.HeadlineJA, it.HeadlineEN, it.Body, it.Note)
			for _, s := range it.Sources {
				strs = append(strs, s.Name)
			}
		}
		strs = append(strs, b.Warnings...)
		lo, hi, size := ^uintptr(0), uintptr(0), uintptr(0)
		for _, s := range strs {
			if s == "" {
				continue
			}
			p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
			lo, hi, size = min(lo, p), max(hi, p+uintptr(len(s))), size+uintptr(len(s))
		}
		if size == 0 || len(b.Items) == 0 {
			t.Fatalf("%s: parsed to nothing", file)
		}
		if hi-lo != size {
			t.Errorf("%s: the briefing's %d bytes of text span %d bytes: some of its strings point into other memory (the file's text)", file, size, hi-lo)
		}
	}
}
