package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"briefsearch/archive"
)

// listTree lists the files under dir, hidden ones included, as slash paths.
func listTree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestAdd(t *testing.T) {
	archiveDir := t.TempDir()
	paths := weeks(t, archiveDir, 3)
	third, err := os.ReadFile(paths[2])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(paths[2]); err != nil {
		t.Fatal(err)
	}
	lib := newLibrary(t, archiveDir, t.TempDir())
	build(t, lib, Update)
	ctx := context.Background()

	res, err := lib.Add(ctx, "upload.txt", third, false)
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.ToSlash(strings.TrimPrefix(paths[2], archiveDir+string(filepath.Separator)))
	if res.Path != want || res.Items == 0 || res.BuildErr != nil || res.Report.How != Extended || res.Report.Briefings != 3 {
		t.Errorf("add: %+v (report %+v), want %s written and the index extended to 3 briefings", res, res.Report, want)
	}
	if got, err := os.ReadFile(paths[2]); err != nil || string(got) != string(third) {
		t.Errorf("the archive's copy differs from what was sent (%v)", err)
	}
	before := listTree(t, archiveDir)

	// The week again: refused, nothing written.
	if _, err := lib.Add(ctx, "again.txt", third, false); !errors.Is(err, ErrWeekExists) || !strings.Contains(err.Error(), want) {
		t.Errorf("the same week again: %v, want ErrWeekExists naming %s", err, want)
	}
	// Not a briefing: the parser's reason, nothing written.
	_, err = lib.Add(ctx, "notes.pdf", []byte("%PDF-1.4 nothing"), false)
	var pe *archive.ParseError
	if !errors.As(err, &pe) || !IsNotBriefing(err) || !strings.Contains(err.Error(), "not a readable PDF") {
		t.Errorf("a broken PDF: %v, want a parse error", err)
	}
	if after := listTree(t, archiveDir); !slices.Equal(after, before) {
		t.Errorf("a refused upload changed the archive:\n%q\n%q", before, after)
	}

	// With replace, as Markdown: the text file is kept aside, the Markdown one is the week now.
	md := strings.Replace(string(third), "●", "● 訂正版", 1)
	res, err = lib.Add(ctx, "corrected.md", []byte(md), true)
	if err != nil {
		t.Fatal(err)
	}
	wantMD := strings.TrimSuffix(want, ".txt") + ".md"
	if res.Path != wantMD || !slices.Equal(res.Replaced, []string{want}) || res.Report.How != FullRebuild {
		t.Errorf("replace: %+v (report %+v)", res, res.Report)
	}
	files := listTree(t, archiveDir)
	if slices.Contains(files, want) || !slices.Contains(files, wantMD) ||
		!slices.ContainsFunc(files, func(f string) bool { return strings.HasPrefix(f, ".replaced/") && strings.HasSuffix(f, want) }) {
		t.Errorf("after replace the archive holds %q", files)
	}

	// A file that has the name the week would take, but another week in it, keeps its name.
	if err := os.WriteFile(filepath.Join(archiveDir, "2024", "2024-12-28.txt"), []byte("not this week"), 0o644); err != nil {
		t.Fatal(err)
	}
	next := strings.Replace(string(third), "2024年11月16日～11月22日", "2024年12月28日～1月3日", 1)
	if next == string(third) {
		t.Fatal("setup: the week line was not found")
	}
	res, err = lib.Add(ctx, "next.txt", []byte(next), false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Path != "2024/2024-12-28-2.txt" {
		t.Errorf("path %s, want 2024/2024-12-28-2.txt beside the other file", res.Path)
	}
	for _, f := range listTree(t, archiveDir) {
		if strings.Contains(f, ".upload-") {
			t.Errorf("temporary file left: %s", f)
		}
	}
}

func TestRemoveStaleUploads(t *testing.T) {
	dir := t.TempDir()
	tree := map[string]time.Duration{"2024/.upload-abc.tmp": 2 * time.Hour, "2024/.upload-new.tmp": 0, "2024/2024-01-06.txt": 2 * time.Hour}
	for name, age := range tree {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		when := time.Now().Add(-age)
		if err := os.Chtimes(p, when, when); err != nil {
			t.Fatal(err)
		}
	}
	lib := newLibrary(t, dir, t.TempDir())
	if err := lib.RemoveStaleUploads(); err != nil {
		t.Fatal(err)
	}
	if got := listTree(t, dir); !slices.Equal(got, []string{"2024/.upload-new.tmp", "2024/2024-01-06.txt"}) {
		t.Errorf("left %q", got)
	}
}
