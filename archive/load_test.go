package archive

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestLoadFS: good briefings come back sorted by ID whatever their file names; each bad
// file, and each second file of an ID already loaded, is one *ParseError; other files and
// subfolders are not read.
func TestLoadFS(t *testing.T) {
	fsys := fstest.MapFS{
		"a-newest.txt":          {Data: readTestdata(t, "sections.txt")},
		"b-oldest.txt":          {Data: readTestdata(t, "new-year.txt")},
		"c-middle.TXT":          {Data: readTestdata(t, "fullwidth-headings.txt")},
		"d-empty.txt":           {Data: nil},
		"e-latin1.txt":          {Data: readTestdata(t, "bad/not-utf8.txt")},
		"f-again.txt":           {Data: readTestdata(t, "fullwidth-headings.txt")},
		"g-no-week.txt":         {Data: readTestdata(t, "bad/no-week.txt")},
		"notes.md":              {Data: []byte("not a briefing")},
		".hidden.txt":           {Data: []byte("not a briefing")},
		"sub/2026-05-16.txt":    {Data: readTestdata(t, "../briefings/2026-05-16.txt")},
		"folder.txt/inside.txt": {Data: []byte("x")},
	}
	briefings, errs := LoadFS(fsys)
	var ids []string
	for _, b := range briefings {
		ids = append(ids, b.ID+" "+b.SourceFile)
	}
	wantIDs := []string{"2025-12-27 b-oldest.txt", "2026-06-06 c-middle.TXT", "2026-07-04 a-newest.txt"}
	if !slices.Equal(ids, wantIDs) {
		t.Errorf("briefings\n got  %q\n want %q", ids, wantIDs)
	}
	var got []string
	for _, err := range errs {
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%v (%T) is not a *ParseError", err, err)
		}
		got = append(got, err.Error())
	}
	want := []string{
		"d-empty.txt: empty file",
		"e-latin1.txt:3: not UTF-8 text (byte 0xe9 at offset 55)",
		"f-again.txt: briefing 2026-06-06 was already loaded from c-middle.TXT",
		"g-no-week.txt:5: no week range such as 2026年5月16日～5月22日 before the first section or item",
	}
	if !slices.Equal(got, want) {
		t.Errorf("errors\n got  %q\n want %q", got, want)
	}
}

// TestLoadDir names files by their path under dir and reads only the top level.
func TestLoadDir(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("2026-05-16.txt", readTestdata(t, "../briefings/2026-05-16.txt"))
	write("broken.txt", readTestdata(t, "bad/no-items.txt"))
	write("older/2025-12-27.txt", readTestdata(t, "new-year.txt"))

	briefings, errs := LoadDir(dir)
	if len(briefings) != 1 || briefings[0].ID != "2026-05-16" || briefings[0].SourceFile != filepath.Join(dir, "2026-05-16.txt") {
		t.Errorf("briefings %v", briefings)
	}
	if len(errs) != 1 || errs[0].Error() != filepath.Join(dir, "broken.txt")+": no items: no line starts with ●" {
		t.Errorf("errors %v", errs)
	}

	_, errs = LoadDir(filepath.Join(dir, "missing"))
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "cannot list the folder") {
		t.Errorf("missing folder: %v", errs)
	}
}

// TestEmptyListsMarshalAsArrays: warnings and sources are [] in JSON, never null, so clients
// need no null checks.
func TestEmptyListsMarshalAsArrays(t *testing.T) {
	b := parseFile(t, "testdata/sources.txt")
	out, err := json.Marshal(struct {
		Warnings []string `json:"warnings"`
		Sources  []Source `json:"sources"`
	}{parseFile(t, "testdata/crlf-bom.txt").Warnings, b.Items[1].Sources})
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != `{"warnings":[],"sources":[]}` {
		t.Errorf("got %s", out)
	}
}
