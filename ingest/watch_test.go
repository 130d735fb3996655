package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"briefsearch/archive/forms"
)

// Watching, a week copied in (slowly, in two writes, into a year folder made after the watch
// began) is read once it has settled, never as a broken file; a removed week is dropped.
func TestWatch(t *testing.T) {
	archiveDir := t.TempDir()
	paths := weeks(t, archiveDir, 3)
	late, err := os.ReadFile(paths[2])
	if err != nil {
		t.Fatal(err)
	}
	// The first two weeks in another folder; the year folder the third will land in, gone.
	if err := os.MkdirAll(filepath.Join(archiveDir, "2023"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range paths[:2] {
		if err := os.Rename(p, filepath.Join(archiveDir, "2023", filepath.Base(p))); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.RemoveAll(filepath.Dir(paths[2])); err != nil {
		t.Fatal(err)
	}
	r := forms.NewReader(forms.Options{})
	defer r.Close()
	lib, err := New(Options{Archive: archiveDir, Index: t.TempDir(), Lexicon: shipped(), Reader: r})
	if err != nil {
		t.Fatal(err)
	}
	type outcome struct {
		rep *Report
		err error
	}
	builds := make(chan outcome, 100)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- lib.Watch(ctx, WatchOptions{Rescan: time.Hour, Quiet: 50 * time.Millisecond, Settle: 400 * time.Millisecond,
			OnBuild: func(rep *Report, err error) { builds <- outcome{rep, err} }})
	}()
	defer func() {
		cancel()
		if err := <-done; err != context.Canceled {
			t.Errorf("Watch returned %v, want context.Canceled", err)
		}
	}()
	// await reads builds until one satisfies ok; any build that rejects a file fails the test.
	await := func(what string, ok func(*Report) bool) {
		t.Helper()
		deadline := time.After(time.Minute)
		for {
			select {
			case o := <-builds:
				if o.err != nil {
					t.Fatalf("%s: build failed: %v", what, o.err)
				}
				if len(o.rep.Rejected) > 0 {
					t.Fatalf("%s: a build rejected %v", what, o.rep.Rejected)
				}
				if ok(o.rep) {
					return
				}
			case <-deadline:
				t.Fatalf("%s: no such build within a minute", what)
			}
		}
	}
	await("the first build", func(r *Report) bool { return r.How == FullRebuild && r.Briefings == 2 })

	dst := filepath.Join(archiveDir, "2024", "incoming.txt")
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // the new folder is watched
	f, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	half := len(late) / 2
	if _, err := f.Write(late[:half]); err != nil {
		t.Fatal(err)
	}
	time.Sleep(150 * time.Millisecond) // a copy in progress: longer than Quiet, shorter than Settle
	if _, err := f.Write(late[half:]); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	await("the copied week", func(r *Report) bool { return r.How == Extended && r.Briefings == 3 })

	if err := os.Remove(filepath.Join(archiveDir, "2023", filepath.Base(paths[0]))); err != nil {
		t.Fatal(err)
	}
	await("the removed week", func(r *Report) bool { return r.Removed == 1 && r.Briefings == 2 })
	st := lib.Status()
	if st.Report == nil || !strings.Contains(st.Report.Generation, "Z-") || st.Err != "" || st.Builds[Extended] != 1 || st.Builds[FullRebuild] < 2 || st.At.IsZero() {
		t.Errorf("status %+v", st)
	}
}
