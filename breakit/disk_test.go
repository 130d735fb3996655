package breakit

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"briefsearch/bench/gen"
	"briefsearch/index"
	"briefsearch/index/indextest"
)

// A generation damaged in each way the audit found: the server still starts, answers from
// the newest intact generation, and says which one and why; verify names the damage. When the
// damage reaches every generation (a segment Extend linked into both), the server rebuilds
// the index from the archive before it listens, and says so.
func TestDamagedGenerations(t *testing.T) {
	start := time.Now()
	var peak int64
	type damage struct {
		name, says string
		rebuilt    bool // no generation survives: the server rebuilds rather than falls back
		linkOnly   bool // only the link is broken: the newest generation, intact, is served
		damage     func(t *testing.T, indexDir, gen string)
	}
	damages := []damage{
		{"a truncated segment", "is truncated", false, false, func(t *testing.T, indexDir, gen string) { truncateSegment(t, gen, false) }},
		{"a truncated segment every generation shares", "is truncated", true, false, func(t *testing.T, indexDir, gen string) { truncateSegment(t, gen, true) }},
		{"no meta.json", "has no meta.json", false, false, func(t *testing.T, indexDir, gen string) { os.Remove(filepath.Join(gen, "meta.json")) }},
		{"garbage in columns.gob", "columns", false, false, func(t *testing.T, indexDir, gen string) {
			os.WriteFile(filepath.Join(gen, "columns.gob"), []byte(strings.Repeat("garbage", 100)), 0o644)
		}},
		{"current names a missing folder", "does not exist", false, false, func(t *testing.T, indexDir, gen string) { os.RemoveAll(gen) }},
		{"current is a regular file", "is a regular file", false, true, func(t *testing.T, indexDir, gen string) {
			os.Remove(filepath.Join(indexDir, "current"))
			os.WriteFile(filepath.Join(indexDir, "current"), []byte("x"), 0o644)
		}},
		{"every generation written by an older version (another index format)", "written by another version", true, false,
			func(t *testing.T, indexDir, gen string) { olderFormat(t, indexDir) }},
	}
	var kinds []string
	for _, d := range damages {
		kinds = append(kinds, d.name)
	}
	record(t, "damaged generations: "+strings.Join(kinds, ", "), len(damages), "serve started on the newest intact generation every time and said which and why, or rebuilt from the archive when none was intact; verify named the damage", start, &peak)
	for _, d := range damages {
		t.Run(d.name, func(t *testing.T) {
			home, archiveDir, indexDir := indexed(t, 3)
			first, err := os.Readlink(filepath.Join(indexDir, "current"))
			if err != nil {
				t.Fatal(err)
			}
			weeks(t, archiveDir, firstWeek.AddDate(0, 0, 21), 1, 9)
			if out, code := run(t, home, 5*time.Minute, "index", "--archive", archiveDir, "--index", indexDir); code != 0 {
				t.Fatalf("second build: %d\n%s", code, out)
			}
			current, err := os.Readlink(filepath.Join(indexDir, "current"))
			if err != nil {
				t.Fatal(err)
			}
			want := first
			if d.linkOnly {
				want = current
			}
			d.damage(t, indexDir, filepath.Join(indexDir, current))
			if out, code := run(t, home, 5*time.Minute, "verify", "--index", indexDir); code != 1 || !strings.Contains(out, d.says) {
				t.Errorf("verify: exit %d, want 1 naming %q:\n%s", code, d.says, out)
			}
			s := serve(t, home, archiveDir, indexDir, nil, "--watch=false")
			if status, _, body := get(t, s.base+"/api/v1/search?q=Bayramov"); status != 200 {
				t.Errorf("search: %d %s", status, body)
			}
			status, _, body := get(t, s.base+"/readyz")
			switch {
			case status != 200:
				t.Errorf("readyz: %d %s", status, body)
			case d.rebuilt && (strings.Contains(body, `"fallback"`) || strings.Contains(body, filepath.Base(first)) || strings.Contains(body, filepath.Base(current))):
				t.Errorf("readyz: want a new generation, not a fallback to %s or %s: %s", filepath.Base(first), filepath.Base(current), body)
			case d.rebuilt && !strings.Contains(body, fmt.Sprintf(`"items":%d`, 4*gen.PerIssue)):
				t.Errorf("readyz: the rebuilt generation does not hold all 4 weeks: %s", body)
			case !d.rebuilt && (!strings.Contains(body, `"fallback"`) || !strings.Contains(body, d.says) || !strings.Contains(body, `"generation":"`+filepath.Base(want)+`"`)):
				t.Errorf("readyz does not say the server falls back to %s, and why: %s", filepath.Base(want), body)
			case strings.Contains(body, home):
				t.Errorf("readyz shows where the index lives: %s", body)
			}
			logs := s.logs.String()
			if !strings.Contains(logs, d.says) || d.rebuilt && !strings.Contains(logs, "rebuilding it from the archive") {
				t.Errorf("the log does not say what happened and why:\n%s", logs)
			}
			peak = max(peak, s.peakKiB())
			s.stop(t)
		})
	}
}

// olderFormat rewrites every generation's meta.json as a version with the format before this
// one wrote it (meta.json is the one file a generation's checksums leave out).
func olderFormat(t *testing.T, indexDir string) {
	t.Helper()
	metas, _ := filepath.Glob(filepath.Join(indexDir, "generations", "*", "meta.json"))
	if len(metas) < 2 {
		t.Fatalf("setup: %d generations, want 2", len(metas))
	}
	for _, p := range metas {
		if err := indextest.SetMetaFormat(p, index.Format-1); err != nil {
			t.Fatal(err)
		}
	}
}

// truncateSegment halves a segment of the generation in gen: one only it holds, or one
// linked into the generation before it as well (shared).
func truncateSegment(t *testing.T, gen string, shared bool) {
	t.Helper()
	zaps, _ := filepath.Glob(filepath.Join(gen, "index", "store", "*.zap"))
	for _, z := range zaps {
		info, err := os.Stat(z)
		if err != nil {
			t.Fatal(err)
		}
		if links := info.Sys().(*syscall.Stat_t).Nlink; links > 1 == shared {
			if err := os.Truncate(z, info.Size()/2); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatalf("no segment in %s that is shared=%v", gen, shared)
}

// A full disk: the build stops within seconds with the disk's error, removes what it wrote,
// and leaves the served generation whole; SIGINT stops a build at once.
func TestFullDisk(t *testing.T) {
	start := time.Now()
	record(t, "full disk (8 MB tmpfs) and SIGINT during a build", 2, "a clean 'no space left on device' within seconds, nothing left behind; SIGINT obeyed", start, nil)
	home := t.TempDir()
	disk := filepath.Join(home, "small")
	os.MkdirAll(disk, 0o755)
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", disk).CombinedOutput(); err != nil {
		t.Skipf("mounting a tmpfs is not allowed here, so a full disk cannot be made (%v: %s)", err, strings.TrimSpace(string(out)))
	}
	defer exec.Command("umount", "-l", disk).Run()
	archiveDir := filepath.Join(home, "briefings")
	weeks(t, archiveDir, firstWeek, 100, 3)
	began := time.Now()
	out, code := run(t, home, time.Minute, "index", "--archive", archiveDir, "--index", filepath.Join(disk, "idx"))
	if code != 1 || !strings.Contains(out, "no space left on device") {
		t.Errorf("index on a full disk: exit %d after %s:\n%s", code, time.Since(began), out)
	}
	if gens, _ := os.ReadDir(filepath.Join(disk, "idx", "generations")); len(gens) != 0 {
		t.Errorf("%d generation folders left on the full disk", len(gens))
	}

	// SIGINT during a build on a roomy disk.
	cmd := exec.Command(bin, "index", "--archive", archiveDir, "--index", filepath.Join(home, "idx"))
	cmd.Env, cmd.Dir = env(home), home
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for !partial(filepath.Join(home, "idx")) && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGINT)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Error("index did not stop within 10 s of SIGINT")
	}
	if gens, _ := os.ReadDir(filepath.Join(home, "idx", "generations")); len(gens) != 0 {
		t.Errorf("%d generation folders left after SIGINT", len(gens))
	}
}

// Files in the archive that are not regular files: a named pipe, a folder named like a
// briefing. The build never blocks on them and reports both.
func TestNonRegularFiles(t *testing.T) {
	start := time.Now()
	record(t, "a FIFO and a folder named *.txt in the archive", 1, "index finished, reported both, indexed the rest", start, nil)
	home := t.TempDir()
	archiveDir := filepath.Join(home, "briefings")
	weeks(t, archiveDir, firstWeek, 2, 4)
	if err := syscall.Mkfifo(filepath.Join(archiveDir, "2020", "pipe.txt"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(archiveDir, "dir.txt"), 0o755)
	out, code := run(t, home, time.Minute, "index", "--archive", archiveDir, "--index", filepath.Join(home, "idx"))
	if code != 1 || !strings.Contains(out, "pipe.txt: not a regular file (a named pipe)") ||
		!strings.Contains(out, "dir.txt: a folder named like a briefing file") || !strings.Contains(out, "indexed 2 briefings") {
		t.Errorf("index with a FIFO and a folder named dir.txt: exit %d\n%s", code, out)
	}
}
