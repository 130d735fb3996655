package lexicon

import (
	"os"
	"testing"

	"briefsearch/entity"
)

// The embedded files are the files in this folder, and they parse.
func TestEmbeddedFilesAreTheShippedOnes(t *testing.T) {
	for name, got := range map[string][]byte{"gazetteer.yaml": Gazetteer(), "glossary.yaml": Glossary()} {
		want, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("embedded %s differs from the file", name)
		}
	}
	lx, err := entity.ParseFiles(GazetteerName, Gazetteer(), GlossaryName, Glossary())
	if err != nil {
		t.Fatal(err)
	}
	if len(lx.Groups()) == 0 {
		t.Error("the shipped glossary has no groups")
	}
	// Callers get copies: changing one does not change the next.
	g := Gazetteer()
	g[0] ^= 0xFF
	if Gazetteer()[0] == g[0] {
		t.Error("Gazetteer returns the embedded bytes themselves")
	}
}
