package entity

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"briefsearch/archive"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json from the current output")

// TestSampleGolden pins every mention of the sample with the shipped lexicon, so a change to
// the rules or the data shows up as a readable diff. Review it, then run with -update.
func TestSampleGolden(t *testing.T) {
	lx := shippedLexicon(t)
	b, _ := loadLabels(t)
	type itemOut struct {
		ID       string            `json:"id"`
		Entities *archive.Entities `json:"entities"`
		Mentions []Mention         `json:"mentions"`
	}
	var out []itemOut
	for _, it := range b.Items {
		ms := lx.Extract(&it)
		out = append(out, itemOut{ID: it.ID, Entities: EntitiesOf(ms), Mentions: ms})
	}
	got, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", "sample.golden.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestSampleGolden -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("mentions differ from %s; review with -update and git diff", path)
	}
}
