package entity

import (
	"strings"
	"testing"
)

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, gazetteer, glossary string
		want                      []string // substrings of the error
	}{
		{
			name: "duplicate slug",
			gazetteer: `entities:
  - {name: Ali Karimli, type: person}
  - {name: Ali Kerimli, type: person, slug: ali-karimli}
`,
			want: []string{"gazetteer:3:", `"Ali Kerimli"`, `slug "ali-karimli"`, "line 2"},
		},
		{
			name: "alias claimed by two entities",
			gazetteer: `entities:
  - name: Elnur Mammadov
    type: person
    aliases: [Mammadov]
  - name: Rashad Mammadov
    type: person
    aliases: [Mammadov]
`,
			want: []string{"gazetteer:5:", `"Rashad Mammadov"`, `alias "Mammadov"`, `"Elnur Mammadov" (line 2)`},
		},
		{
			name:      "alias equal to another entity's name, other spelling",
			gazetteer: "entities:\n  - {name: Türkiye, type: place}\n  - {name: Turkiye Cup, type: organization, aliases: [turkiye]}\n",
			want:      []string{"gazetteer:3:", `alias "turkiye"`, `"Türkiye"`},
		},
		{
			name:      "unknown type",
			gazetteer: "entities:\n  - {name: Baku, type: city}\n",
			want:      []string{"gazetteer:2:", `"Baku"`, `unknown type "city"`, "person, organization or place"},
		},
		{
			name:      "misspelt key",
			gazetteer: "entities:\n  - {name: Baku, type: place, alias: [Bakı]}\n",
			want:      []string{"gazetteer:2:", `unknown key "alias"`},
		},
		{
			name:      "no name",
			gazetteer: "entities:\n  - {type: place}\n",
			want:      []string{"gazetteer:2:", "no name"},
		},
		{
			name:      "bad slug",
			gazetteer: "entities:\n  - {name: Baku, type: place, slug: Baku City}\n",
			want:      []string{"gazetteer:2:", `slug "Baku City"`},
		},
		{
			name:      "not a list",
			gazetteer: "entities: Baku\n",
			want:      []string{"gazetteer:1:", "must be a list"},
		},
		{
			name:      "unknown top-level key",
			gazetteer: "people:\n  - {name: Baku, type: place}\n",
			want:      []string{"gazetteer:1:", `unknown key "people"`},
		},
		{
			name:      "broken YAML",
			gazetteer: "entities:\n  - {name: Baku\n",
			want:      []string{"gazetteer:", "line"},
		},
		{
			name:     "term in two groups",
			glossary: "groups:\n  - terms: [demining, mine clearance]\n  - topic: mines\n    terms: [landmine, Mine Clearance]\n",
			want:     []string{"glossary:3:", `group "mines"`, `term "Mine Clearance"`, "line 2"},
		},
		{
			name:     "group of one",
			glossary: "groups:\n  - terms: [demining, Demining]\n",
			want:     []string{"glossary:2:", "two different terms"},
		},
		{
			name:     "empty term",
			glossary: "groups:\n  - terms: [demining, '']\n",
			want:     []string{"glossary:2:", "empty term"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.gazetteer), []byte(tc.glossary))
			if err == nil {
				t.Fatalf("Parse accepted it; want an error with %q", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestLoadNamesFile(t *testing.T) {
	_, err := Load("testdata/no-such-gazetteer.yaml", "")
	if err == nil || !strings.Contains(err.Error(), "no-such-gazetteer.yaml") {
		t.Errorf("Load of a missing file: %v", err)
	}
}

func TestParseEmpty(t *testing.T) {
	lx, err := Parse(nil, []byte("\n# nothing yet\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(lx.Entities()) != 0 || len(lx.Groups()) != 0 {
		t.Errorf("empty files gave %d entities, %d groups", len(lx.Entities()), len(lx.Groups()))
	}
	if _, _, ok := lx.Entity("Bayramov"); ok {
		t.Error("an empty lexicon knows Bayramov")
	}
}

// The shipped files must parse: a researcher's edit that breaks them fails here first.
func TestShippedFiles(t *testing.T) {
	lx := shippedLexicon(t)
	if n := len(lx.Entities()); n < 300 {
		t.Errorf("shipped gazetteer has %d entities; expected the seeded few hundred", n)
	}
	types := map[Type]int{}
	for _, e := range lx.Entities() {
		types[e.Type]++
		if got, ok := lx.BySlug(e.Slug); !ok || got.Name != e.Name {
			t.Errorf("BySlug(%q) = %v, %v", e.Slug, got.Name, ok)
		}
	}
	for _, typ := range []Type{Person, Organization, Place} {
		if types[typ] < 50 {
			t.Errorf("only %d %s entities", types[typ], typ)
		}
	}
	if len(lx.Groups()) < 10 {
		t.Errorf("shipped glossary has %d groups", len(lx.Groups()))
	}
}

func TestParseFilesNamesFiles(t *testing.T) {
	_, err := ParseFiles("archive/lexicon/gazetteer.yaml", []byte("entities:\n  - {name: Baku, type: city}\n"), "g.yaml", nil)
	if err == nil || !strings.Contains(err.Error(), "archive/lexicon/gazetteer.yaml:2:") {
		t.Errorf("error %v does not name the file and line", err)
	}
}
