package archive

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// largeBriefing is a briefing of items ordinary in all but number and length: items of paras
// paragraphs of about 680 bytes, each with headlines and a source attribution.
func largeBriefing(items, paras int) []byte {
	var b strings.Builder
	b.WriteString("アゼルバイジャン政治・治安情報\n\n2026年5月16日～5月22日\n\n在アゼルバイジャン大使館\n\n1. 軍事・治安関係\n\n")
	para := strings.Repeat("Minister of Defense Zakir Hasanov met the Minister of National Defense of Türkiye in Ankara. ", 7)
	for i := 1; i <= items; i++ {
		fmt.Fprintf(&b, "● 国防省幹部がトルコを訪問（%d）\n\nLeadership of Ministry of Defense visits Türkiye (%d)\n\n", i, i)
		for range paras {
			b.WriteString(para + "\n\n")
		}
		b.WriteString(para + "(MOD.GOV.AZ / 20.05.2026)\n\n")
	}
	return []byte(b.String())
}

// A 12 MB briefing of ordinary items is read, not refused for its size, and reading it costs
// a bounded multiple of its size.
func TestParseLargeFile(t *testing.T) {
	data := largeBriefing(3600, 4)
	if len(data) < 12_000_000 || len(data) > MaxFileSize {
		t.Fatalf("the test briefing is %d bytes; want 12 MB to MaxFileSize", len(data))
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b, err := Parse("large.txt", data)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Items) != 3600 || b.Items[3599].ID != "2026-05-16-3600" || len(b.Items[0].Sources) != 1 || len(b.Warnings) != 0 {
		t.Errorf("%d items, last %s, warnings %v", len(b.Items), b.Items[len(b.Items)-1].ID, b.Warnings)
	}
	if n, limit := after.TotalAlloc-before.TotalAlloc, uint64(8*len(data)); n > limit {
		t.Errorf("parsing %d bytes allocated %d; the bound is %d (8 times the file)", len(data), n, limit)
	}
}
