package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"briefsearch/index/indextest"
)

// twoGenerations builds an older and a newer (current) generation under a fresh root.
func twoGenerations(t *testing.T) (root, older, newer string) {
	t.Helper()
	root = t.TempDir()
	a, err := Build(context.Background(), root, indextest.Synthetic(2, 5), BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Build(context.Background(), root, indextest.Synthetic(3, 5), BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return root, a.Generation, b.Generation
}

func truncate(t *testing.T, path string, size int64) {
	t.Helper()
	if err := os.Truncate(path, size); err != nil {
		t.Fatal(err)
	}
}

// A damaged current generation does not take search down: Open serves the newest intact one
// and says, naming the damage, why.
func TestOpenFallsBackFromADamagedGeneration(t *testing.T) {
	for _, tt := range []struct {
		name   string
		damage func(t *testing.T, root, dir string)
		reason string
		newer  bool // the newer generation is intact: it is the one served
	}{
		{"truncated segment", func(t *testing.T, root, dir string) {
			zaps, _ := filepath.Glob(filepath.Join(dir, bleveDir, "store", "*.zap"))
			info, _ := os.Stat(zaps[0])
			truncate(t, zaps[0], info.Size()/2)
		}, "segment 00000000000", false},
		{"missing meta.json", func(t *testing.T, root, dir string) {
			os.Remove(filepath.Join(dir, metaName))
		}, "is incomplete: it has no meta.json", false},
		{"garbage in columns.gob", func(t *testing.T, root, dir string) {
			p := filepath.Join(dir, columnsName)
			info, _ := os.Stat(p)
			os.WriteFile(p, []byte(strings.Repeat("x", int(info.Size()))), 0o644)
		}, "damaged: reading columns", false},
		{"columns.gob shortened", func(t *testing.T, root, dir string) {
			truncate(t, filepath.Join(dir, columnsName), 10)
		}, "columns.gob is truncated", false},
		{"current names a missing folder", func(t *testing.T, root, dir string) {
			os.RemoveAll(dir)
		}, "does not exist", false},
		{"current is a regular file", func(t *testing.T, root, dir string) {
			os.Remove(filepath.Join(root, currentLink))
			os.WriteFile(filepath.Join(root, currentLink), []byte("x"), 0o644)
		}, "is a regular file, not the link to the current generation", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			root, older, newer := twoGenerations(t)
			tt.damage(t, root, filepath.Join(root, generationsDir, newer))
			g, err := Open(root, OpenOptions{})
			if err != nil {
				t.Fatalf("Open with a damaged current generation: %v", err)
			}
			defer g.Close()
			want, items := older, uint64(10)
			if tt.newer {
				want, items = newer, 15
			}
			if g.ID != want || g.Fallback == nil || !strings.Contains(g.Fallback.Reason, tt.reason) {
				t.Errorf("serving %s with fallback %+v; want %s, the reason naming %q", g.ID, g.Fallback, want, tt.reason)
			}
			if n := countHits(t, g, FieldMonth, "2020-01"); n != items {
				t.Errorf("the fallback generation answers %d hits, want %d", n, items)
			}
		})
	}
}

func TestOpenWithNothingIntact(t *testing.T) {
	root, older, newer := twoGenerations(t)
	for _, id := range []string{older, newer} {
		os.Remove(filepath.Join(root, generationsDir, id, columnsName))
	}
	_, err := Open(root, OpenOptions{})
	if err == nil || !strings.Contains(err.Error(), "no other generation opens either") || !strings.Contains(err.Error(), "columns.gob is missing") {
		t.Errorf("every generation damaged: %v", err)
	}
	if _, err := Open(t.TempDir(), OpenOptions{}); !errors.Is(err, ErrNoIndex) {
		t.Errorf("nothing built: %v, want ErrNoIndex", err)
	}
}

// An index every generation of which an older version wrote is refused as such (serve then
// rebuilds it), and the message asks for the rebuild once.
func TestOpenOtherFormat(t *testing.T) {
	root, older, newer := twoGenerations(t)
	for _, id := range []string{older, newer} {
		path := filepath.Join(root, generationsDir, id, metaName)
		var m Meta
		if err := readJSON(path, &m); err != nil {
			t.Fatal(err)
		}
		m.Format = Format - 1
		if err := writeJSON(path, m); err != nil {
			t.Fatal(err)
		}
	}
	_, err := Open(root, OpenOptions{})
	if !errors.Is(err, ErrOtherFormat) || strings.Count(err.Error(), "rebuild the index") != 1 ||
		!strings.Contains(err.Error(), fmt.Sprintf("has format %d, this program reads %d", Format-1, Format)) {
		t.Errorf("every generation of another format: %v", err)
	}
}

// Verify reads every byte: a change that keeps a file's size is found too.
func TestVerify(t *testing.T) {
	root, older, newer := twoGenerations(t)
	dir := filepath.Join(root, generationsDir, newer)
	if err := Verify(dir); err != nil {
		t.Fatalf("an intact generation: %v", err)
	}
	zaps, _ := filepath.Glob(filepath.Join(dir, bleveDir, "store", "*.zap"))
	data, err := os.ReadFile(zaps[0])
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 0xFF
	if err := os.WriteFile(zaps[0], data, 0o644); err != nil {
		t.Fatal(err)
	}
	err = Verify(dir)
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "has changed since its build") || !strings.Contains(err.Error(), filepath.Base(zaps[0])) {
		t.Errorf("a flipped byte: %v", err)
	}
	if err := Verify(filepath.Join(root, generationsDir, older)); err != nil {
		t.Errorf("the older generation: %v", err)
	}
}

// A generation some process serves is not pruned, however many builds come after it; once
// released, the next build prunes it.
func TestPruneSparesAGenerationInUse(t *testing.T) {
	root, older, _ := twoGenerations(t)
	served, err := OpenDir(filepath.Join(root, generationsDir, older), OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := Build(context.Background(), root, indextest.Synthetic(1, 2), BuildOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(filepath.Join(root, generationsDir, older, metaName)); err != nil {
		t.Fatalf("a generation in use was pruned: %v", err)
	}
	if n := countHits(t, served, FieldMonth, "2020-01"); n != 10 {
		t.Errorf("the generation in use answers %d hits, want 10", n)
	}
	served.Close()
	if _, err := Build(context.Background(), root, indextest.Synthetic(1, 2), BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, generationsDir, older)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a released generation was not pruned: %v", err)
	}
}
