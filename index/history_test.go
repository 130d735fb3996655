package index

import (
	"context"
	"strings"
	"testing"

	"briefsearch/archive"
	"briefsearch/index/indextest"
)

// correctedSample is the sample issue and a corrected reissue of it (indextest.CorrectedSample).
func correctedSample(t *testing.T) (orig, corrected *archive.Briefing, removed, edited archive.Item) {
	t.Helper()
	c, err := indextest.CorrectedSample("../archive/briefings/2026-05-16.txt")
	if err != nil {
		t.Fatal(err)
	}
	return c.Original, c.Reissue, c.Removed, c.Edited
}

// hashesOf maps every item's short hash to its id, from a generation's records.
func hashesOf(t *testing.T, dir string) map[string]string {
	t.Helper()
	records, err := ReadRecords(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range records {
		if len(r.ItemHashes) != len(r.ItemIDs) {
			t.Fatalf("briefing %s: %d hashes for %d items", r.ID, len(r.ItemHashes), len(r.ItemIDs))
		}
		for i, h := range r.ItemHashes {
			out[h] = r.ItemIDs[i]
		}
	}
	return out
}

func TestHistoryRemembersRemovedAndEditedItems(t *testing.T) {
	orig, corrected, removed, edited := correctedSample(t)
	root := t.TempDir()
	first, err := Build(context.Background(), root, []*archive.Briefing{orig}, BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if h, err := ReadHistory(first.Dir); err != nil || len(h) != 0 {
		t.Fatalf("first generation: history %v, %v; want none", h, err)
	}
	for _, it := range orig.Items {
		if got := hashesOf(t, first.Dir)[it.ShortHash()]; got != it.ID {
			t.Errorf("first generation: hash of %s names %q", it.ID, got)
		}
	}

	second, err := Build(context.Background(), root, []*archive.Briefing{corrected}, BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	now := hashesOf(t, second.Dir)
	var editedNow archive.Item
	moved := 0
	for _, it := range corrected.Items {
		if now[it.ShortHash()] != it.ID {
			t.Errorf("second generation: hash of %s names %q", it.ID, now[it.ShortHash()])
		}
		if strings.HasPrefix(it.HeadlineJA, "ママドフ外務次官") {
			editedNow = it
		}
	}
	for _, it := range orig.Items {
		if id, ok := now[it.ShortHash()]; ok && id != it.ID {
			moved++ // the same text at another position: its permalink still finds it
		}
	}
	if moved == 0 {
		t.Error("no item moved: the test does not test renumbering")
	}
	if editedNow.ShortHash() == edited.ShortHash() {
		t.Fatal("the edit did not change the hash")
	}
	history, err := ReadHistory(second.Dir)
	if err != nil {
		t.Fatal(err)
	}
	byHash := map[string]PastItem{}
	for _, p := range history {
		byHash[p.Hash] = p
	}
	if len(history) != 2 {
		t.Fatalf("history holds %d items, want the removed and the edited one: %+v", len(history), history)
	}
	r, e := byHash[removed.ShortHash()], byHash[edited.ShortHash()]
	if r.Status != PastRemoved || r.Successor != "" || r.Item.ID != removed.ID || r.Item.Body != removed.Body ||
		r.Item.HeadlineEN != removed.HeadlineEN || r.BriefingID != orig.ID || r.Generation != second.Generation {
		t.Errorf("removed item's history: %+v", r)
	}
	if e.Status != PastChanged || e.Successor != editedNow.ShortHash() || e.Item.Body != edited.Body || e.Item.ID != edited.ID {
		t.Errorf("edited item's history: status %s successor %s, want changed -> %s", e.Status, e.Successor, editedNow.ShortHash())
	}
	if e.Item.ContentHash() != edited.ContentHash() {
		t.Error("the stored past version does not hash as the item it was")
	}

	// An unchanged rebuild carries the history on; restoring the original makes its items
	// current again (out of the history) and the edited version the past one.
	third, err := Build(context.Background(), root, []*archive.Briefing{corrected}, BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if h, _ := ReadHistory(third.Dir); len(h) != 2 {
		t.Errorf("an unchanged rebuild kept %d past items, want 2", len(h))
	}
	fourth, err := Build(context.Background(), root, []*archive.Briefing{orig}, BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	h, _ := ReadHistory(fourth.Dir)
	if len(h) != 1 || h[0].Hash != editedNow.ShortHash() || h[0].Status != PastChanged || h[0].Successor != edited.ShortHash() {
		t.Errorf("after restoring the original, history = %+v; want the corrected version only, changed back", h)
	}
}
