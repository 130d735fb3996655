package forms

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"briefsearch/archive"
)

func testdata(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// Good briefings come back one per week, sorted by id whatever their file names; each bad
// file is one *archive.ParseError naming it; a second file of a week is a duplicate, and
// Markdown and text of one week are chosen by path.
func TestLoadDir(t *testing.T) {
	dir := t.TempDir()
	tree(t, dir, map[string]string{
		"a-newest.txt":    testdata(t, "sections.txt"),
		"2025/b-old.txt":  testdata(t, "new-year.txt"),
		"c-middle.TXT":    testdata(t, "fullwidth-headings.txt"),
		"d-empty.txt":     "",
		"e-latin1.txt":    testdata(t, "bad/not-utf8.txt"),
		"f-again.md":      "# " + testdata(t, "fullwidth-headings.txt"),
		"g-no-week.txt":   testdata(t, "bad/no-week.txt"),
		"2026/sample.txt": testdata(t, "../briefings/2026-05-16.txt"),
		"notes.xlsx":      "not a briefing",
	})
	res, err := LoadDir(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, b := range res.Briefings {
		ids = append(ids, b.ID+" "+b.SourceFile)
	}
	want := []string{"2025-12-27 2025/b-old.txt", "2026-05-16 2026/sample.txt", "2026-06-06 c-middle.TXT", "2026-07-04 a-newest.txt"}
	if !slices.Equal(ids, want) {
		t.Errorf("briefings\n got  %q\n want %q", ids, want)
	}
	var got []string
	for _, err := range res.Rejected {
		var pe *archive.ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%v (%T) is not a *archive.ParseError", err, err)
		}
		got = append(got, strings.TrimPrefix(err.Error(), dir+"/"))
	}
	wantErrs := []string{
		"d-empty.txt: empty file",
		"e-latin1.txt:3: not UTF-8 text (byte 0xe9 at offset 55)",
		"g-no-week.txt:5: no week range such as 2026年5月16日～5月22日 before the first section or item",
	}
	if !slices.Equal(got, wantErrs) {
		t.Errorf("rejected\n got  %q\n want %q", got, wantErrs)
	}
	if len(res.Duplicates) != 1 || res.Duplicates[0].ID != "2026-06-06" ||
		res.Duplicates[0].Kept != filepath.Join(dir, "c-middle.TXT") || res.Duplicates[0].Skipped != filepath.Join(dir, "f-again.md") {
		t.Errorf("duplicates %+v", res.Duplicates)
	}
	if res.Forms[FormText] != 4 || res.Scan.IgnoredCount() != 1 {
		t.Errorf("forms %v, ignored %v", res.Forms, res.Scan.Ignored)
	}
}

func TestReadRegularBounds(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "big.txt")
	if err := os.WriteFile(p, make([]byte, 2048), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadRegular(p, 1024); err == nil || !strings.Contains(err.Error(), "more than the 1024 a briefing may have") {
		t.Errorf("an oversized file: %v", err)
	}
	if _, err := ReadRegular(dir, 1024); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("a folder: %v", err)
	}
}
