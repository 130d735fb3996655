package archive

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// recipePy is the recipe of hash.go written again from its comment, in Python: another
// program reading the documented recipe must get the same hashes.
const recipePy = `
import hashlib, json, sys, unicodedata
def text(s):
    return " ".join(unicodedata.normalize("NFKC", s).split())
for it in json.load(sys.stdin):
    c = "briefsearch-item-v1"
    c += "\nja:" + text(it["headline_ja"]) + "\nen:" + text(it["headline_en"])
    c += "\nbody:" + text(it["body"]) + "\nnote:" + text(it["note"])
    for s in it["sources"]:
        c += "\nsource:" + text(s["name"]).lower() + "|" + (s["date"] or "")
    print("sha256:" + hashlib.sha256(c.encode("utf-8")).hexdigest())
`

func TestContentHashFollowsTheDocumentedRecipe(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Fatal("python3 is needed to check the hash recipe independently")
	}
	var items []Item
	for _, f := range goodFiles(t) {
		items = append(items, parseFile(t, f).Items...)
	}
	in, err := json.Marshal(items)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, "-c", recipePy)
	cmd.Stdin = strings.NewReader(string(in))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python: %v", err)
	}
	want := strings.Fields(string(out))
	if len(want) != len(items) {
		t.Fatalf("python hashed %d items, want %d", len(want), len(items))
	}
	seen := map[string]string{}
	for i, it := range items {
		if got := it.ContentHash(); got != want[i] {
			t.Errorf("%s: ContentHash %s, the recipe in Python gives %s", it.ID, got, want[i])
		}
		if got := it.ShortHash(); !strings.HasPrefix(want[i], "sha256:"+got) || len(got) != ShortHashLen || !IsShortHash(got) {
			t.Errorf("%s: ShortHash %q is not the first %d digits of %s", it.ID, got, ShortHashLen, want[i])
		}
		if other, dup := seen[it.ShortHash()]; dup && other != it.ID {
			t.Errorf("%s and %s share the short hash %s", it.ID, other, it.ShortHash())
		}
		seen[it.ShortHash()] = it.ID
	}
}

func TestContentHashIgnoresLayoutNotContent(t *testing.T) {
	it := parseFile(t, sampleFile).Items[1]
	base := it.ContentHash()
	same := []func(*Item){
		func(x *Item) { x.Body = strings.ReplaceAll(x.Body, " ", "\n ") },       // re-wrapped
		func(x *Item) { x.HeadlineEN = "  " + x.HeadlineEN + "\t" },             // stray spaces
		func(x *Item) { x.ID, x.Ordinal, x.Section = "1999-01-01-42", 42, "x" }, // moved
		func(x *Item) { x.Sources[0].Name = strings.ToLower(x.Sources[0].Name) },
		func(x *Item) { x.Entities = &Entities{Persons: []string{"Someone"}} },
	}
	for i, change := range same {
		x := it
		x.Sources = append([]Source(nil), it.Sources...)
		change(&x)
		if x.ContentHash() != base {
			t.Errorf("layout change %d changed the hash", i)
		}
	}
	different := []func(*Item){
		func(x *Item) { x.Body += " More." },
		func(x *Item) { x.HeadlineJA += "（訂正）" },
		func(x *Item) { x.Note = "NOTE: corrected" },
		func(x *Item) { x.Sources[0].Date = DateOf(2026, 5, 23) },
		func(x *Item) { x.Sources = append(x.Sources, Source{Name: "APA", Date: x.Sources[0].Date}) },
		// The same words in other fields are other content.
		func(x *Item) { x.HeadlineJA, x.HeadlineEN = x.HeadlineEN, x.HeadlineJA },
	}
	for i, change := range different {
		x := it
		x.Sources = append([]Source(nil), it.Sources...)
		change(&x)
		if x.ContentHash() == base {
			t.Errorf("content change %d kept the hash", i)
		}
	}
	for _, s := range []string{"", "abc", "0123456789abcdeF", "0123456789abcdeg", strings.Repeat("a", 65)} {
		if IsShortHash(s) {
			t.Errorf("IsShortHash(%q) = true", s)
		}
	}
}
