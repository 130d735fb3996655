package index

import (
	"context"
	"os"
	"strings"
	"testing"

	"briefsearch/archive"
)

// correctedSample is the sample issue and a corrected reissue of it: the item at line 63 (FM
// Bayramov) dropped, so every later item of the week has another id, and the next one edited.
func correctedSample(t *testing.T) (orig, corrected *archive.Briefing, removed, edited archive.Item) {
	t.Helper()
	const file = "../archive/briefings/2026-05-16.txt"
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if orig, err = archive.Parse(file, data); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	if !strings.HasPrefix(lines[62], "● バイラモフ外相") || !strings.HasPrefix(lines[74], "● ママドフ外務次官") {
		t.Fatal("the sample changed: the items at lines 63 and 75 are not the ones this test removes and edits")
	}
	text := strings.Join(append(append([]string{}, lines[:62]...), lines[74:]...), "\n")
	if !strings.Contains(text, "past nine months") {
		t.Fatal("the sample changed: no 'past nine months' to correct")
	}
	text = strings.Replace(text, "past nine months", "past ten months", 1)
	if corrected, err = archive.Parse(file, []byte(text)); err != nil {
		t.Fatal(err)
	}
	for _, it := range orig.Items {
		if strings.HasPrefix(it.HeadlineJA, "バイラモフ外相") {
			removed = it
		}
		if strings.HasPrefix(it.HeadlineJA, "ママドフ外務次官") {
			edited = it
		}
	}
	if len(corrected.Items) != len(orig.Items)-1 || removed.ID == "" || edited.ID == "" {
		t.Fatalf("corrected issue: %d items of %d", len(corrected.Items), len(orig.Items))
	}
	return orig, corrected, removed, edited
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
