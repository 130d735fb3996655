package replica

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"briefsearch/index"
	"briefsearch/index/indextest"
)

// writer builds the first n of the synthetic weeks into a new index root, as a writer does.
func writer(t *testing.T, root string, n int) *index.BuildReport {
	t.Helper()
	rep, err := index.Build(context.Background(), root, indextest.Synthetic(40, 8)[:n], index.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func newReplica(t *testing.T, opts Options) *Replica {
	t.Helper()
	r, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func currentID(t *testing.T, root string) string {
	t.Helper()
	dir, err := index.CurrentDir(root)
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Base(dir)
}

// A replica takes the writer's generation whole and verified, then the next one, whose
// segments shared with the one before arrive as hard links; each install is announced.
func TestSyncInstallsEachGeneration(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	first := writer(t, src, 10)
	var announced []string
	r := newReplica(t, Options{Source: src, Root: dst, Installed: func(_ context.Context, id string) error {
		announced = append(announced, id)
		return nil
	}})
	if installed, err := r.Sync(context.Background()); err != nil || !installed {
		t.Fatalf("first sync: %v, %v", installed, err)
	}
	if got := currentID(t, dst); got != first.Generation {
		t.Fatalf("replica serves %s, the writer %s", got, first.Generation)
	}
	if err := index.Verify(filepath.Join(dst, "generations", first.Generation)); err != nil {
		t.Fatalf("the received generation: %v", err)
	}
	if installed, err := r.Sync(context.Background()); err != nil || installed {
		t.Errorf("a sync with nothing new: installed %v, %v", installed, err)
	}

	// The writer extends its index by two weeks (its segments are kept, one is added).
	second, err := index.Extend(context.Background(), src, indextest.Synthetic(40, 8)[10:12], index.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	st := r.Status()
	if got := currentID(t, dst); got != second.Generation || st.Generation != second.Generation || st.Behind != 0 || st.Lagging {
		t.Errorf("after the second: serving %s, status %+v; want %s, 0 behind", got, st, second.Generation)
	}
	if want := []string{first.Generation, second.Generation}; strings.Join(announced, ",") != strings.Join(want, ",") {
		t.Errorf("installs announced %v, want %v", announced, want)
	}
	// A segment both generations hold was linked, not copied.
	zaps, _ := filepath.Glob(filepath.Join(dst, "generations", second.Generation, "index", "store", "*.zap"))
	linked := 0
	for _, z := range zaps {
		if info, err := os.Stat(z); err == nil && info.Sys().(*syscall.Stat_t).Nlink > 1 {
			linked++
		}
	}
	if len(zaps) < 2 || linked == 0 {
		t.Errorf("%d segments, %d of them hard links to the generation before", len(zaps), linked)
	}
}

// A transfer that does not verify is refused: the replica keeps serving the generation it
// had, says why, and counts it.
func TestSyncRefusesACorruptTransfer(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	writer(t, src, 6)
	r := newReplica(t, Options{Source: src, Root: dst})
	if _, err := r.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	had := currentID(t, dst)
	writer(t, src, 9) // a new generation on the writer

	// An rsync that corrupts what it received: one byte of a segment.
	bad := wrapRsync(t, `"$RSYNC" "$@" || exit $?
for last; do :; done
case "$last" in */incoming/*) f=$(find "$last" -name '*.zap' | head -1); cp "$f" "$f.x" && mv "$f.x" "$f"; printf 'X' | dd of="$f" bs=1 seek=100 conv=notrunc 2>/dev/null ;; esac
`)
	r = newReplica(t, Options{Source: src, Root: dst, Rsync: bad})
	_, err := r.Sync(context.Background())
	if !errors.Is(err, index.ErrDamaged) || !strings.Contains(err.Error(), ".zap has changed since its build") {
		t.Fatalf("a corrupt transfer: %v, want a refusal naming the segment", err)
	}
	if got := currentID(t, dst); got != had {
		t.Errorf("after the refusal the replica serves %s, want %s still", got, had)
	}
	if st := r.Status(); st.Refused != 1 || st.LastError == "" || st.Behind != 1 {
		t.Errorf("status %+v: want 1 refused, the error, 1 behind", st)
	}
	if entries, _ := os.ReadDir(filepath.Join(dst, "incoming")); len(entries) != 0 {
		t.Errorf("the refused transfer was left in incoming/: %v", entries)
	}
	// The refused generation is not transferred again at the next sync, only after a wait
	// that doubles with each failure.
	if _, err := r.Sync(context.Background()); !errors.Is(err, errWaiting) || r.Status().Refused != 1 {
		t.Errorf("a sync right after the refusal: %v, %d refused; want a wait, no transfer", err, r.Status().Refused)
	}
	later := time.Now().Add(time.Hour)
	r.now = func() time.Time { return later }
	if _, err := r.Sync(context.Background()); !errors.Is(err, index.ErrDamaged) || r.Status().Refused != 2 {
		t.Errorf("a sync after the wait: %v, %d refused; want the transfer tried (and refused) again", err, r.Status().Refused)
	}
	if wait := r.retryAt.Sub(later); wait != r.opts.Interval<<2 {
		t.Errorf("after two failures the wait is %s, want %s", wait, r.opts.Interval<<2)
	}
	// The next sync with a sound transfer installs it.
	r = newReplica(t, Options{Source: src, Root: dst})
	if installed, err := r.Sync(context.Background()); err != nil || !installed {
		t.Errorf("a sound transfer after the refusal: %v, %v", installed, err)
	}
}

// Two generations published between syncs, and the transfers failing: the replica says it
// is more than one behind, keeps serving, waits before it tries again, then catches up with
// the newest in one step.
func TestBehindAndCatchingUp(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	writer(t, src, 4)
	r := newReplica(t, Options{Source: src, Root: dst})
	if _, err := r.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	had := currentID(t, dst)
	writer(t, src, 5)
	last := writer(t, src, 6)
	// An rsync that answers for meta.json but fails every generation's transfer.
	failing := wrapRsync(t, `case "$*" in *generations/*) echo "connection reset" >&2; exit 12 ;; esac
exec "$RSYNC" "$@"
`)
	r.opts.Rsync = failing
	if _, err := r.Sync(context.Background()); err == nil || !strings.Contains(err.Error(), "connection reset") {
		t.Fatalf("a failing transfer: %v", err)
	}
	if st := r.Status(); st.Behind != 2 || !st.Lagging || st.Generation != had || !strings.Contains(st.LastError, "connection reset") {
		t.Errorf("two generations behind: status %+v", st)
	}
	if got := currentID(t, dst); got != had {
		t.Errorf("serving %s after a failed transfer, want %s", got, had)
	}
	r.opts.Rsync = "rsync"
	if _, err := r.Sync(context.Background()); !errors.Is(err, errWaiting) {
		t.Fatalf("a sync right after the failure: %v, want a wait before the next try", err)
	}
	r.now = func() time.Time { return time.Now().Add(time.Hour) }
	if _, err := r.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	if st := r.Status(); st.Generation != last.Generation || st.Behind != 0 || st.Lagging || st.LastError != "" {
		t.Errorf("after catching up: %+v, want %s", st, last.Generation)
	}
}

// wrapRsync writes a shell script standing in for rsync; $RSYNC in it is the real one.
func wrapRsync(t *testing.T, body string) string {
	t.Helper()
	real, err := exec.LookPath("rsync")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "rsync")
	if err := os.WriteFile(p, []byte("#!/bin/sh\nRSYNC='"+real+"'\n"+body), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}
