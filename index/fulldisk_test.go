package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"briefsearch/index/indextest"
)

// smallDisk mounts a tmpfs of size bytes for the test, or skips the test where mounting is not
// allowed (it needs root and a kernel that lets the process mount).
func smallDisk(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("a full disk needs a small file system, and mounting a tmpfs is not allowed here (%v: %s)", err, strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() { _ = exec.Command("umount", "-l", dir).Run() })
	return dir
}

// buildOrHang runs Build and fails the test if it does not return: a full disk once made the
// merge retry for ever.
func buildOrHang(t *testing.T, ctx context.Context, root string, weeks int, opts BuildOptions) (*BuildReport, error) {
	t.Helper()
	type result struct {
		rep *BuildReport
		err error
	}
	done := make(chan result, 1)
	go func() {
		rep, err := Build(ctx, root, indextest.Synthetic(weeks, 20), opts)
		done <- result{rep, err}
	}()
	select {
	case r := <-done:
		return r.rep, r.err
	case <-time.After(3 * time.Minute):
		t.Fatal("Build did not return within 3 minutes")
	}
	return nil, nil
}

// fillChildEnv names the index root of a child build that fills its disk as it goes: this test
// binary, re-executed, runs it and prints the build's error (scorch has panicked on a full disk
// in a goroutine of its own, which no recover reaches: in a child, that ends only the child).
const fillChildEnv = "BRIEFSEARCH_FILL_CHILD_ROOT"

func TestMain(m *testing.M) {
	if root := os.Getenv(fillChildEnv); root != "" {
		os.Exit(runFillChild(root))
	}
	os.Exit(m.Run())
}

func runFillChild(root string) int {
	disk := filepath.Dir(root)
	filled := false
	_, err := Build(context.Background(), root, indextest.Synthetic(100, 20), BuildOptions{BatchSize: 200, Progress: func(done, total int) {
		if filled {
			return
		}
		filled = true
		// Someone else's file takes what is left, but for a few KB.
		if free, _ := freeSpace(disk); free > 64<<10 {
			_ = os.WriteFile(filepath.Join(disk, "filler"), make([]byte, free-32<<10), 0o644)
		}
	}})
	fmt.Println("error:", err)
	return 0
}

// The disk fills during the build (after the check of free space at its start): the build
// ends, saying the disk is full, and the served generation stays whole.
func TestBuildOnADiskThatFills(t *testing.T) {
	disk := smallDisk(t, "16m")
	root := filepath.Join(disk, "idx")
	first, err := Build(context.Background(), root, indextest.Synthetic(2, 5), BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), fillChildEnv+"="+root)
	done := make(chan []byte, 1)
	go func() {
		out, _ := cmd.CombinedOutput()
		done <- out
	}()
	var out []byte
	select {
	case out = <-done:
	case <-time.After(3 * time.Minute):
		cmd.Process.Kill()
		t.Fatal("a build on a disk that filled did not end within 3 minutes")
	}
	if !strings.Contains(string(out), "no space left on device") {
		t.Errorf("the build did not say the disk is full:\n%s", out)
	}
	if strings.Contains(string(out), "error: <nil>") {
		t.Error("the build succeeded on a full disk")
	}
	// What the failed build leaves, the next one removes; the served generation opens.
	os.Remove(filepath.Join(disk, "filler"))
	g, err := Open(root, OpenOptions{})
	if err != nil {
		t.Fatalf("the served generation does not open after the failed build: %v", err)
	}
	defer g.Close()
	if g.ID != first.Generation || g.Fallback != nil {
		t.Errorf("serving %s (fallback %+v), want %s", g.ID, g.Fallback, first.Generation)
	}
}

// A disk too small for the build is refused before anything is written.
func TestBuildRefusedOnASmallDisk(t *testing.T) {
	disk := smallDisk(t, "4m")
	root := filepath.Join(disk, "idx")
	_, err := buildOrHang(t, context.Background(), root, 100, BuildOptions{})
	if err == nil || !strings.Contains(err.Error(), "no space left on device for this build") || !strings.Contains(err.Error(), "needs about") {
		t.Fatalf("build on a small disk: %v", err)
	}
	if gens, _ := os.ReadDir(filepath.Join(root, generationsDir)); len(gens) != 0 {
		t.Errorf("%d generation folders after a refused build", len(gens))
	}
}

// Cancelled (SIGINT) just as the merge begins, a build stops there.
func TestBuildCancelledBeforeTheMerge(t *testing.T) {
	root := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := buildOrHang(t, ctx, root, 30, BuildOptions{BatchSize: 100, Progress: func(done, total int) {
		if done == total {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("build cancelled before its merge: %v, want context.Canceled", err)
	}
	if gens, _ := os.ReadDir(filepath.Join(root, generationsDir)); len(gens) != 0 {
		t.Errorf("%d generation folders after a cancelled build", len(gens))
	}
}
