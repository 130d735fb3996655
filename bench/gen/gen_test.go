package gen

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"strings"
	"testing"
	"time"
)

func digest(t *testing.T, o Options) string {
	t.Helper()
	files, err := Files(o)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	for _, f := range files {
		fmt.Fprintf(h, "%s\x00%s\x00", f.Name, f.Data)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func TestDeterministic(t *testing.T) {
	a := digest(t, Options{Items: 500, Seed: 7})
	if b := digest(t, Options{Items: 500, Seed: 7}); a != b {
		t.Fatalf("same seed, different archives: %s vs %s", a, b)
	}
	if c := digest(t, Options{Items: 500, Seed: 8}); a == c {
		t.Fatal("different seeds, same archive")
	}
}

// The digest pins the bytes: a change to the vocabulary or layout changes every benchmark's
// corpus, so it must be deliberate (update the constant and say so in the commit).
func TestGolden(t *testing.T) {
	const want = "929a4d427c0d14c863258b6d8e0f821a0592cc3bb46fba926abb68cab85cd4b0"
	got := digest(t, Options{Items: 200, Seed: 1})
	if got != want {
		t.Errorf("archive for seed 1, 200 items changed: digest %s, want %s", got, want)
	}
}

func TestPlan(t *testing.T) {
	for _, n := range []int{1, 19, 20, 1000, 20_000, 200_000} {
		plan, err := Plan(Options{Items: n})
		if err != nil {
			t.Fatalf("%d items: %v", n, err)
		}
		total := 0
		seen := map[string]bool{}
		var prev time.Time
		for _, is := range plan {
			if is.Items < 1 || is.Items > MaxPerIssue {
				t.Fatalf("%d items: issue %s has %d items", n, is.ID(), is.Items)
			}
			if seen[is.ID()] || !is.Start.After(prev) {
				t.Fatalf("%d items: issue %s is not after the previous one", n, is.ID())
			}
			seen[is.ID()] = true
			prev = is.Start
			total += is.Items
		}
		if total != n {
			t.Errorf("%d items: plan has %d", n, total)
		}
		first, last := plan[0].Start, plan[len(plan)-1].Start
		if last.Year() != 2026 || (len(plan) > 20 && first.Year() > 2011) {
			t.Errorf("%d items: span %s..%s, want 2010..2026", n, plan[0].ID(), plan[len(plan)-1].ID())
		}
	}
	if _, err := Plan(Options{Items: 0}); err == nil {
		t.Error("0 items: no error")
	}
}

func TestFormat(t *testing.T) {
	files, err := Files(Options{Items: 300, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	items := 0
	for _, f := range files {
		text := string(f.Data)
		if !strings.Contains(text, Marker) {
			t.Errorf("%s: no %q marker", f.Name, Marker)
		}
		n := strings.Count(text, "\n● ")
		if n != f.Items {
			t.Errorf("%s: %d items, planned %d", f.Name, n, f.Items)
		}
		items += n
		if got := strings.Count(text, " / "); got < n {
			t.Errorf("%s: %d attributions for %d items", f.Name, got, n)
		}
		if !bytes.HasSuffix(f.Data, []byte("END\n")) {
			t.Errorf("%s: does not end with END", f.Name)
		}
	}
	if items != 300 {
		t.Errorf("%d items in all, want 300", items)
	}
}
