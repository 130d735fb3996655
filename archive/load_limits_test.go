package archive_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"briefsearch/archive"
	"briefsearch/archive/forms"
)

// A briefing with an item past the size cap is refused with the item named, and the rest of
// the archive is read: the audit's 5 MB item costs its own week, never the others.
func TestLoadSkipsAnItemTooLarge(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile("briefings/2026-05-16.txt")
	if err != nil {
		t.Fatal(err)
	}
	huge := "タイトル\n2026年5月23日～5月29日\n在アゼルバイジャン大使館\n1. 外政関連\n● 見出し\nHeadline\n" +
		strings.Repeat("word Bayramov ", 374_000) + "\n"
	for name, data := range map[string][]byte{"2026-05-16.txt": good, "2026-05-23.txt": []byte(huge)} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := forms.LoadDir(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Briefings) != 1 || res.Briefings[0].ID != "2026-05-16" || len(res.Briefings[0].Items) != 18 {
		t.Errorf("loaded %d briefings, want the sample alone", len(res.Briefings))
	}
	var pe *archive.ParseError
	if len(res.Rejected) != 1 || !errors.As(res.Rejected[0], &pe) || pe.Line != 5 ||
		!strings.Contains(pe.Reason, "item 2026-05-23-01 has 5.0 MiB of text") {
		t.Errorf("rejected %v, want the 5 MB week with its item named at line 5", res.Rejected)
	}
}
