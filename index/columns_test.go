package index

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"briefsearch/archive"
	"briefsearch/index/indextest"
)

func TestColumnsDescribeEveryDocument(t *testing.T) {
	briefings := indextest.Synthetic(4, 6)
	briefings[1].Items[2].Entities = &archive.Entities{Persons: []string{"B", "A", "B"}, Places: []string{" Baku "}}
	rep, err := Build(context.Background(), t.TempDir(), briefings, BuildOptions{BatchSize: 5})
	if err != nil {
		t.Fatal(err)
	}
	g, err := OpenDir(rep.Dir, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	c := g.Columns
	items := map[string]archive.Item{}
	for _, b := range briefings {
		for _, it := range b.Items {
			items[it.ID] = it
		}
	}
	if len(c.IDs) != len(items) {
		t.Fatalf("%d documents in the columns, %d items", len(c.IDs), len(items))
	}
	values := func(field string, d int) []string {
		var out []string
		col := c.Facets[field]
		for _, r := range col.DocRefs(uint64(d)) {
			out = append(out, col.Values[r])
		}
		return out
	}
	seen := map[string]bool{}
	for d, id := range c.IDs {
		it, ok := items[id]
		if !ok || seen[id] {
			t.Fatalf("document %d is %q: unknown or repeated", d, id)
		}
		seen[id] = true
		if c.Days[d] != Day(it.Date) || Day(it.Date) == NoDay {
			t.Errorf("%s: day %d, want %d", id, c.Days[d], Day(it.Date))
		}
		if got := values(FieldSection, d); !slices.Equal(got, []string{it.Section}) {
			t.Errorf("%s: section %v", id, got)
		}
		if got := values(FieldMonth, d); !slices.Equal(got, []string{Month(it.Date)}) {
			t.Errorf("%s: month %v", id, got)
		}
		if got := values(FieldSource, d); !slices.Equal(got, []string{it.Sources[0].Name}) {
			t.Errorf("%s: source %v", id, got)
		}
		if id == briefings[1].Items[2].ID {
			// sorted value indexes per document follow the item's order, duplicates dropped
			if got := values(FieldPerson, d); !slices.Equal(got, []string{"B", "A"}) {
				t.Errorf("%s: persons %v", id, got)
			}
			if got := values(FieldPlace, d); !slices.Equal(got, []string{"Baku"}) {
				t.Errorf("%s: places %v", id, got)
			}
		} else if got := values(FieldPerson, d); len(got) != 0 {
			t.Errorf("%s: persons %v, want none", id, got)
		}
	}
	// One value a document (every item here has one source), or not.
	for field, want := range map[string]bool{FieldSection: true, FieldMonth: true, FieldSource: true, FieldPerson: false, FieldPlace: false} {
		if got := c.Facets[field].SingleValued(); got != want {
			t.Errorf("%s: single-valued %v, want %v", field, got, want)
		}
	}
}

// A column is single-valued when every document has exactly one value, not when the values
// merely number the documents.
func TestSingleValuedColumns(t *testing.T) {
	for _, c := range []struct {
		offsets []uint32
		want    bool
	}{
		{[]uint32{0, 1, 2, 3}, true},
		{[]uint32{0, 2, 2, 3}, false}, // three values, three documents, one with none
		{[]uint32{0, 1, 1, 2}, false},
	} {
		cols := &Columns{IDs: []string{"a", "b", "c"}, Days: make([]int32, 3), Ranks: make([]uint32, 3), Facets: map[string]*Column{}}
		for _, f := range FacetFields() {
			cols.Facets[f] = &Column{Values: []string{"v"}, Offsets: []uint32{0, 1, 2, 3}, Refs: []uint32{0, 0, 0}}
		}
		n := c.offsets[3]
		cols.Facets[FieldPerson] = &Column{Values: []string{"v"}, Offsets: c.offsets, Refs: make([]uint32, n)}
		dir := t.TempDir()
		if err := writeColumns(cols, dir); err != nil {
			t.Fatal(err)
		}
		got, err := decodeColumns(dir)
		if err != nil {
			t.Fatal(err)
		}
		if s := got.Facets[FieldPerson].SingleValued(); s != c.want || !got.Facets[FieldSection].SingleValued() {
			t.Errorf("offsets %v: single-valued %v (section %v), want %v", c.offsets, s, got.Facets[FieldSection].SingleValued(), c.want)
		}
		// Read columns leave RefsPad zeros of room past their values, for counting without
		// a branch (search's countPadded).
		for f, col := range got.Facets {
			if r := col.Refs; len(r) != int(n) && f == FieldPerson || cap(r)-len(r) < RefsPad || slices.ContainsFunc(r[len(r):len(r)+RefsPad], func(v uint32) bool { return v != 0 }) {
				t.Errorf("offsets %v: %s's refs %d long, room for %d past them: %v", c.offsets, f, len(r), cap(r)-len(r), r[:cap(r)])
			}
		}
	}
}

func TestOpenRefusesDamagedColumns(t *testing.T) {
	rep, err := Build(context.Background(), t.TempDir(), indextest.Synthetic(1, 3), BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(rep.Dir, columnsName), []byte("not gob"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenDir(rep.Dir, OpenOptions{}); err == nil || !strings.Contains(err.Error(), "columns") {
		t.Errorf("open with damaged columns: %v", err)
	}
}
