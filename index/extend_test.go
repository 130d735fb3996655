package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"
	"testing"

	"briefsearch/index/indextest"
)

// docValues are a document's column values, by item id: what Extend must give as a full
// build of the same briefings does, whatever the document numbers.
func docValues(g *Generation) map[string][]string {
	out := map[string][]string{}
	c := g.Columns
	for d, id := range c.IDs {
		v := []string{strconv.Itoa(int(c.Days[d]))}
		for _, f := range FacetFields() {
			col := c.Facets[f]
			for _, r := range col.DocRefs(uint64(d)) {
				v = append(v, f+"="+col.Values[r])
			}
		}
		out[id] = v
	}
	return out
}

func TestExtendAnswersAsAFullBuild(t *testing.T) {
	all := indextest.Synthetic(6, 7)
	for i := range all {
		all[i].Items[0].Section = "economy" // sections appear in other orders across weeks
	}
	extendedRoot, fullRoot := t.TempDir(), t.TempDir()
	if _, err := Build(context.Background(), extendedRoot, all[:4], BuildOptions{BatchSize: 5}); err != nil {
		t.Fatal(err)
	}
	first, err := CurrentDir(extendedRoot)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Extend(context.Background(), extendedRoot, all[4:], BuildOptions{Extra: map[string][]byte{"note.txt": []byte("x")}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Briefings != 6 || rep.Items != 42 || rep.Previous != filepath.Base(first) {
		t.Errorf("extend report = %+v, want 6 briefings, 42 items, previous %s", rep, filepath.Base(first))
	}
	if _, err := Build(context.Background(), fullRoot, all, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	ext, err := Open(extendedRoot, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer ext.Close()
	full, err := Open(fullRoot, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer full.Close()

	if !slices.Equal(ext.Meta.Months, full.Meta.Months) || !slices.Equal(ext.Meta.Sections, full.Meta.Sections) ||
		ext.Meta.Items != full.Meta.Items || ext.Meta.Briefings != full.Meta.Briefings {
		t.Errorf("meta: extended %+v, full %+v", ext.Meta, full.Meta)
	}
	if len(ext.Briefings) != len(full.Briefings) {
		t.Fatalf("%d briefing records, full build %d", len(ext.Briefings), len(full.Briefings))
	}
	for i := range full.Briefings {
		if e, f := ext.Briefings[i], full.Briefings[i]; e.ID != f.ID || !slices.Equal(e.ItemIDs, f.ItemIDs) {
			t.Errorf("record %d: %s %v, full build %s %v", i, e.ID, e.ItemIDs, f.ID, f.ItemIDs)
		}
	}
	ev, fv := docValues(ext), docValues(full)
	for id, want := range fv {
		if got := ev[id]; !slices.Equal(got, want) {
			t.Errorf("columns of %s: %v, full build %v", id, got, want)
		}
	}
	if len(ev) != len(fv) {
		t.Errorf("%d documents in the columns, full build %d", len(ev), len(fv))
	}
	// Ranks order documents by item id in both.
	rankOrder := func(g *Generation) []string {
		ids := slices.Clone(g.Columns.IDs)
		slices.SortFunc(ids, func(a, b string) int {
			return int(g.Columns.Ranks[slices.Index(g.Columns.IDs, a)]) - int(g.Columns.Ranks[slices.Index(g.Columns.IDs, b)])
		})
		return ids
	}
	if !slices.Equal(rankOrder(ext), rankOrder(full)) {
		t.Error("ranks order the documents differently from a full build")
	}
	if n := countHits(t, ext, FieldMonth, "2020-02"); n != countHits(t, full, FieldMonth, "2020-02") {
		t.Errorf("month 2020-02: %d hits, full build %d", n, countHits(t, full, FieldMonth, "2020-02"))
	}
	if b, err := ext.ReadExtra("note.txt"); err != nil || string(b) != "x" {
		t.Errorf("extra file: %q, %v", b, err)
	}

	// The new generation shares the old one's segment file rather than copying it, and the old
	// generation is left as it was.
	shared := 0
	zaps, _ := filepath.Glob(filepath.Join(ext.Dir, bleveDir, "store", "*.zap"))
	for _, z := range zaps {
		old, err := os.Stat(filepath.Join(first, bleveDir, "store", filepath.Base(z)))
		if err != nil {
			continue
		}
		now, _ := os.Stat(z)
		if os.SameFile(old, now) && now.Sys().(*syscall.Stat_t).Nlink >= 2 {
			shared++
		}
	}
	if shared == 0 || len(zaps) < 2 {
		t.Errorf("%d segments, %d shared with the previous generation; want the old one shared and a new one", len(zaps), shared)
	}
	old, err := OpenDir(first, OpenOptions{})
	if err != nil {
		t.Fatalf("the previous generation no longer opens: %v", err)
	}
	defer old.Close()
	if old.Meta.Items != 28 {
		t.Errorf("previous generation: %d items, want 28", old.Meta.Items)
	}
}

func TestExtendRefusesWhatIsNotNew(t *testing.T) {
	root := t.TempDir()
	all := indextest.Synthetic(3, 2)
	if _, err := Extend(context.Background(), root, all, BuildOptions{}); !errors.Is(err, ErrNotExtendable) {
		t.Errorf("extend with no generation: %v, want ErrNotExtendable", err)
	}
	if _, err := Build(context.Background(), root, all[:2], BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	before, _ := CurrentDir(root)
	if _, err := Extend(context.Background(), root, all[1:], BuildOptions{}); !errors.Is(err, ErrNotExtendable) {
		t.Errorf("extend with a briefing already indexed: %v, want ErrNotExtendable", err)
	}
	if after, _ := CurrentDir(root); after != before {
		t.Error("a refused extension switched the current generation")
	}
	entries, _ := os.ReadDir(filepath.Join(root, generationsDir))
	if len(entries) != 1 {
		t.Errorf("%d generation folders after a refused extension, want 1", len(entries))
	}
}

// Each extension adds a segment; past maxSegments they are merged, and the index still
// answers as a full build does.
func TestExtendMergesPastTheSegmentBound(t *testing.T) {
	root := t.TempDir()
	all := indextest.Synthetic(maxSegments+3, 2)
	if _, err := Build(context.Background(), root, all[:1], BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(all); i++ {
		if _, err := Extend(context.Background(), root, all[i:i+1], BuildOptions{}); err != nil {
			t.Fatalf("extension %d: %v", i, err)
		}
	}
	g, err := Open(root, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	segments, _ := scorchStats(g.Index)
	if segments > maxSegments {
		t.Errorf("%d segments after %d extensions, want at most %d", segments, len(all)-1, maxSegments)
	}
	if g.Meta.Items != 2*len(all) || len(g.Columns.IDs) != 2*len(all) {
		t.Errorf("%d items, %d columns; want %d", g.Meta.Items, len(g.Columns.IDs), 2*len(all))
	}
}
