package forms

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// tree writes files under dir: name -> content.
func tree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestScanDir(t *testing.T) {
	dir := t.TempDir()
	tree(t, dir, map[string]string{
		"2019/2019-01-05.txt":        "a",
		"2019/2019-01-12.PDF":        "b",
		"2020/2020-03-07.docx":       "c",
		"2020/notes.md":              "d",
		"2020/old.doc":               "e",
		"2020/budget.xlsx":           "f",
		"2020/photo.jpg":             "g",
		"README":                     "h",
		".git/config.txt":            "hidden folder",
		"2020/.~lock.2020-03-07.txt": "hidden file",
		"dir.txt/inside.txt":         "a folder named like a file",
	})
	outside := t.TempDir()
	tree(t, outside, map[string]string{"2021-01-02.txt": "kept elsewhere"})
	for link, target := range map[string]string{
		"2021":           outside,                                   // a folder kept elsewhere: followed
		"2020/loop":      dir,                                       // back to the top: a loop
		"2019/gone.pdf":  filepath.Join(dir, "missing"),             // to nothing
		"2019/again.txt": filepath.Join(dir, "2019/2019-01-05.txt"), // a file: read
	} {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(link))); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "2019", "pipe.txt"), 0o644); err != nil {
		t.Fatal(err)
	}

	done := make(chan struct{})
	var scan *Scan
	var err error
	go func() {
		defer close(done)
		scan, err = ScanDir(context.Background(), dir)
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("ScanDir hangs (a FIFO opened, or a symbolic link loop followed)")
	}
	if err != nil {
		t.Fatal(err)
	}
	var rels []string
	for _, f := range scan.Files {
		rels = append(rels, f.Rel)
	}
	want := []string{"2019/2019-01-05.txt", "2019/2019-01-12.PDF", "2019/again.txt", "2020/2020-03-07.docx",
		"2020/notes.md", "2020/old.doc", "2021/2021-01-02.txt", "dir.txt/inside.txt"}
	if !slices.Equal(rels, want) {
		t.Errorf("files\n got  %q\n want %q", rels, want)
	}
	var rejected []string
	for _, e := range scan.Rejected {
		rejected = append(rejected, strings.TrimPrefix(e.Error(), dir+"/"))
	}
	wantRejected := []string{
		"2019/gone.pdf: a symbolic link to nothing: no such file or directory",
		"2019/pipe.txt: not a regular file (a named pipe): never opened",
	}
	if !slices.Equal(rejected, wantRejected) {
		t.Errorf("rejected\n got  %q\n want %q", rejected, wantRejected)
	}
	if scan.Ignored[".xlsx"] != 1 || scan.Ignored[".jpg"] != 1 || scan.Ignored[""] != 1 || scan.IgnoredCount() != 3 {
		t.Errorf("ignored %v, want .xlsx 1, .jpg 1, no extension 1", scan.Ignored)
	}
	if scan.Hidden != 2 {
		t.Errorf("hidden %d, want 2", scan.Hidden)
	}
	notices := strings.Join(scan.Notices, "\n")
	for _, want := range []string{"dir.txt: a folder named like a briefing file; read as a folder", "2020/loop: a link to a folder already read; not read again"} {
		if !strings.Contains(notices, want) {
			t.Errorf("notices lack %q:\n%s", want, notices)
		}
	}

	if _, err := ScanDir(context.Background(), filepath.Join(dir, "missing")); err == nil || !strings.Contains(err.Error(), "no such file or directory") {
		t.Errorf("a missing archive folder: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ScanDir(ctx, dir); err != context.Canceled {
		t.Errorf("cancelled scan: %v", err)
	}
}
