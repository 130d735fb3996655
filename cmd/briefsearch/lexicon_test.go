package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"briefsearch/archive/forms"
	"briefsearch/entity"
	"briefsearch/index"
	"briefsearch/ingest"
	"briefsearch/search"
)

// cliSearch runs `briefsearch search --json ARGS...` through the cobra tree, as a user would.
func cliSearch(t *testing.T, cfg Config, args ...string) search.Result {
	t.Helper()
	out, err := execCLI(append([]string{"search", "--index", cfg.Index, "--json", "--size", "100"}, args...)...)
	if err != nil {
		t.Fatalf("search %q: %v", args, err)
	}
	var res search.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("search %q: %v\n%s", args, err, out)
	}
	return res
}

// execCLI runs `briefsearch ARGS...` through the cobra tree, as a user would, and returns
// what it printed.
func execCLI(args ...string) (string, error) {
	root := newRootCmd()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetArgs(args)
	err := root.ExecuteContext(context.Background())
	return out.String(), err
}

func ordinals(res search.Result) []int {
	var ords []int
	for _, h := range res.Hits {
		ords = append(ords, h.Ordinal)
	}
	slices.Sort(ords)
	return ords
}

// annotatedOrdinals are the ordinals of the sample's items the shipped lexicon annotates with
// the person name: what a search for one of that person's aliases must return.
func annotatedOrdinals(t *testing.T, person string) []int {
	t.Helper()
	lx, err := entity.Load(shippedGazetteer, shippedGlossary)
	if err != nil {
		t.Fatal(err)
	}
	res, err := forms.LoadDir(context.Background(), "../../archive/briefings")
	if err != nil || len(res.Rejected) > 0 || len(res.Briefings) != 1 {
		t.Fatalf("the shipped archive: %+v, %v", res, err)
	}
	briefings := res.Briefings
	lx.Annotate(briefings[0])
	var ords []int
	for _, it := range briefings[0].Items {
		if slices.Contains(it.Entities.Persons, person) {
			ords = append(ords, it.Ordinal)
		}
	}
	return ords
}

// The acceptance lines, through the search command over an index built with the
// shipped gazetteer and glossary.
func TestSearchAcrossScriptsAndWordings(t *testing.T) {
	cfg := indexedConfig(t)
	aliyev := annotatedOrdinals(t, "Ilham Aliyev")
	if len(aliyev) < 2 {
		t.Fatalf("the shipped lexicon annotates %v with Ilham Aliyev; the test needs a few", aliyev)
	}
	bayramov := []int{5, 10, 14, 15}
	demining := []int{2, 12, 17}
	tests := []struct {
		args          []string
		want          []int
		expansionKind string // "" = no expansion expected
		expandsInto   string // one of the expansion's targets
	}{
		{[]string{"Bayramov"}, bayramov, "entity", "Jeyhun Bayramov"},
		{[]string{"バイラモフ"}, bayramov, "entity", "Jeyhun Bayramov"},
		{[]string{"アリエフ"}, aliyev, "entity", "Ilham Aliyev"},
		{[]string{"demining"}, demining, "glossary", "地雷除去"},
		{[]string{"地雷除去"}, demining, "glossary", "demining"},
		{[]string{`person:"Jeyhun Bayramov"`}, bayramov, "", ""},
		{[]string{"person:バイラモフ"}, bayramov, "", ""},
		{[]string{"--person", "Jeyhun Bayramov"}, bayramov, "", ""},
		{[]string{"--person", "Ilham Aliyev"}, aliyev, "", ""},
	}
	for _, tt := range tests {
		res := cliSearch(t, cfg, tt.args...)
		if got := ordinals(res); !slices.Equal(got, tt.want) {
			t.Errorf("search %q: ordinals %v, want %v", tt.args, got, tt.want)
		}
		var kinds []string
		for _, e := range res.Query.Expansions {
			kinds = append(kinds, e.Kind)
			if e.Kind == tt.expansionKind && !slices.Contains(e.Into, tt.expandsInto) {
				t.Errorf("search %q: %s expansion into %v lacks %q", tt.args, e.Kind, e.Into, tt.expandsInto)
			}
		}
		if tt.expansionKind != "" && !slices.Contains(kinds, tt.expansionKind) {
			t.Errorf("search %q: expansions %+v, want a %s one", tt.args, res.Query.Expansions, tt.expansionKind)
		}
	}

	res := cliSearch(t, cfg, "Bayramov")
	if n := facetCount(res, search.FacetPerson, "Jeyhun Bayramov"); n != 4 {
		t.Errorf("person facet of Bayramov: Jeyhun Bayramov %d, want 4; facets %+v", n, res.Facets)
	}

	// The readable output says why an item matched.
	var out bytes.Buffer
	if err := runSearch(context.Background(), cfg, searchRequest("demining"), false, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "3 items match") || !strings.Contains(out.String(), "also searched: demining -> ") {
		t.Errorf("text output of demining:\n%s", out.String())
	}
}

func facetCount(res search.Result, facet, value string) int {
	for _, f := range res.Facets {
		if f.Name != facet {
			continue
		}
		for _, v := range f.Values {
			if v.Value == value {
				return v.Count
			}
		}
	}
	return 0
}

// Editing the gazetteer or the glossary and re-running index changes what search finds; the
// files the server reads are the generation's snapshots, not the edited originals.
func TestLexiconEditsChangeResults(t *testing.T) {
	cfg := testConfig(t, nil)
	dir := t.TempDir()
	cfg.Gazetteer, cfg.Glossary = filepath.Join(dir, "gazetteer.yaml"), filepath.Join(dir, "glossary.yaml")
	copyFile(t, shippedGazetteer, cfg.Gazetteer)
	copyFile(t, shippedGlossary, cfg.Glossary)
	reindex := func() {
		t.Helper()
		if err := runIndex(context.Background(), cfg, ingest.Update, quiet, &bytes.Buffer{}, nil); err != nil {
			t.Fatal(err)
		}
	}
	reindex()
	const alias, topic = "Zorbakov", "xyzzyplugh" // in no briefing
	if got := ordinals(cliSearch(t, cfg, alias)); len(got) != 0 {
		t.Fatalf("%s before the edit: %v", alias, got)
	}
	if got := ordinals(cliSearch(t, cfg, topic)); len(got) != 0 {
		t.Fatalf("%s before the edit: %v", topic, got)
	}
	if got := ordinals(cliSearch(t, cfg, "地雷除去")); !slices.Equal(got, []int{2, 12, 17}) {
		t.Fatalf("地雷除去 before the edit: %v", got)
	}
	// A server open across the rebuild: after its reload, the entity list follows the new lexicon.
	served, err := openSearcher(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer served.Close()
	entitiesNamed := func(q string) []string {
		t.Helper()
		l, err := served.Entities(context.Background(), search.EntityQuery{Q: q})
		if err != nil {
			t.Fatal(err)
		}
		var slugs []string
		for _, e := range l.Entities {
			slugs = append(slugs, e.Slug)
		}
		return slugs
	}
	if got := entitiesNamed(alias); len(got) != 0 {
		t.Fatalf("entities named %s before the edit: %v", alias, got)
	}

	// A new alias for Jeyhun Bayramov, a new glossary group, and the demining group gone.
	editYAML(t, cfg.Gazetteer, func(root *yaml.Node) {
		for _, e := range mappingValue(root, "entities").Content {
			if mappingValue(e, "name").Value == "Jeyhun Bayramov" {
				aliases := mappingValue(e, "aliases")
				aliases.Content = append(aliases.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: alias})
				return
			}
		}
		t.Fatal("the shipped gazetteer has no Jeyhun Bayramov")
	})
	editYAML(t, cfg.Glossary, func(root *yaml.Node) {
		groups := mappingValue(root, "groups")
		groups.Content = slices.DeleteFunc(groups.Content, func(g *yaml.Node) bool {
			return slices.ContainsFunc(mappingValue(g, "terms").Content, func(n *yaml.Node) bool { return n.Value == "地雷除去" })
		})
		var group yaml.Node
		if err := yaml.Unmarshal([]byte("{topic: test, terms: ["+topic+", Middle Corridor]}"), &group); err != nil {
			t.Fatal(err)
		}
		groups.Content = append(groups.Content, group.Content[0])
	})
	// Before re-indexing nothing changes: the served generation keeps its own snapshots.
	if got := ordinals(cliSearch(t, cfg, alias)); len(got) != 0 {
		t.Errorf("%s before re-indexing: %v (the edited file was read, not the snapshot)", alias, got)
	}
	reindex()
	if got := ordinals(cliSearch(t, cfg, alias)); !slices.Equal(got, []int{5, 10, 14, 15}) {
		t.Errorf("%s after adding it to Jeyhun Bayramov: %v, want his 4 items", alias, got)
	}
	want := ordinals(cliSearch(t, cfg, `"Middle Corridor"`))
	if got := ordinals(cliSearch(t, cfg, topic)); len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("%s after grouping it with Middle Corridor: %v, want %v", topic, got, want)
	}
	res := cliSearch(t, cfg, "地雷除去")
	if len(res.Query.Expansions) != 0 || slices.Equal(ordinals(res), []int{2, 12, 17}) {
		t.Errorf("地雷除去 after removing its group: %v, expansions %+v; want no expansion and fewer items", ordinals(res), res.Query.Expansions)
	}
	if got := entitiesNamed(alias); len(got) != 0 {
		t.Errorf("entities named %s before the reload: %v", alias, got)
	}
	if err := served.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := entitiesNamed(alias); !slices.Equal(got, []string{"jeyhun-bayramov"}) {
		t.Errorf("entities named %s after the reload: %v, want jeyhun-bayramov", alias, got)
	}
}

func TestIndexLexiconErrors(t *testing.T) {
	cfg := indexedConfig(t)
	before, err := index.CurrentDir(cfg.Index)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()

	missing := cfg
	missing.Gazetteer = filepath.Join(dir, "nowhere.yaml")
	err = runIndex(context.Background(), missing, ingest.Update, quiet, &bytes.Buffer{}, nil)
	if err == nil || !strings.Contains(err.Error(), missing.Gazetteer) {
		t.Errorf("missing gazetteer: %v, want an error naming %s", err, missing.Gazetteer)
	}

	// Two entities claim one alias, on lines 3 and 6 of the file.
	bad := cfg
	bad.Glossary = filepath.Join(dir, "glossary.yaml")
	writeFile(t, bad.Glossary, "groups:\n  - terms: [demining, 地雷除去]\n  - terms: [mine clearance]\n")
	bad.Gazetteer = filepath.Join(dir, "gazetteer.yaml")
	writeFile(t, bad.Gazetteer, "entities:\n  - name: A B\n    type: person\n    aliases: [Zed]\n  - name: C D\n    type: person\n    aliases: [Zed]\n")
	err = runIndex(context.Background(), bad, ingest.Update, quiet, &bytes.Buffer{}, nil)
	if err == nil || !strings.Contains(err.Error(), bad.Gazetteer+":5:") {
		t.Errorf("duplicate alias: %v, want an error at %s:5:", err, bad.Gazetteer)
	}
	writeFile(t, bad.Gazetteer, "entities: []\n")
	err = runIndex(context.Background(), bad, ingest.Update, quiet, &bytes.Buffer{}, nil)
	if err == nil || !strings.Contains(err.Error(), bad.Glossary+":3:") {
		t.Errorf("one-term glossary group: %v, want an error at %s:3:", err, bad.Glossary)
	}

	if after, err := index.CurrentDir(cfg.Index); err != nil || after != before {
		t.Errorf("a failed build changed the served generation: %s -> %s (%v)", before, after, err)
	}
	if got := ordinals(cliSearch(t, cfg, "バイラモフ")); !slices.Equal(got, []int{5, 10, 14, 15}) {
		t.Errorf("バイラモフ after the failed builds: %v", got)
	}
}

// The command line's --gazetteer and --glossary reach the build: a missing file stops it with
// its path, an empty value means none.
func TestIndexCommandLexiconFlags(t *testing.T) {
	cfg := testConfig(t, nil)
	missing := filepath.Join(t.TempDir(), "missing.yaml")
	for _, tt := range []struct {
		args    []string
		wantErr string
	}{
		{[]string{"--gazetteer", missing, "--glossary", shippedGlossary}, missing},
		{[]string{"--gazetteer", shippedGazetteer, "--glossary", missing}, missing},
		{[]string{"--gazetteer=", "--glossary="}, ""},
		{[]string{"--gazetteer", shippedGazetteer, "--glossary", shippedGlossary}, ""},
	} {
		root := newRootCmd()
		root.SetOut(&bytes.Buffer{})
		root.SetErr(&bytes.Buffer{})
		root.SetArgs(append([]string{"index", "--archive", cfg.Archive, "--index", cfg.Index}, tt.args...))
		err := root.ExecuteContext(context.Background())
		if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("index %v: %v, want an error naming %q", tt.args, err, tt.wantErr)
		}
	}
	// The last build had the shipped lexicon: its generation expands queries.
	if res := cliSearch(t, cfg, "バイラモフ"); !slices.Equal(ordinals(res), []int{5, 10, 14, 15}) {
		t.Errorf("バイラモフ after index --gazetteer: %v", ordinals(res))
	}
}

// With no lexicon files configured, index still runs (the extraction rules alone), stores no
// snapshot, and search expands nothing.
func TestIndexWithoutLexicon(t *testing.T) {
	cfg := testConfig(t, nil)
	cfg.Gazetteer, cfg.Glossary = "", ""
	if err := runIndex(context.Background(), cfg, ingest.Update, quiet, &bytes.Buffer{}, nil); err != nil {
		t.Fatal(err)
	}
	dir, err := index.CurrentDir(cfg.Index)
	if err != nil {
		t.Fatal(err)
	}
	lex, err := search.LoadLexicon(dir)
	if err != nil || lex != nil {
		t.Errorf("LoadLexicon without snapshots = %v, %v; want a nil interface", lex, err)
	}
	res := cliSearch(t, cfg, "demining")
	if len(res.Query.Expansions) != 0 {
		t.Errorf("expansions without a lexicon: %+v", res.Query.Expansions)
	}
	// The rules alone still find titled names.
	if n := facetCount(cliSearch(t, cfg, "Bayramov"), search.FacetPerson, "Jeyhun Bayramov"); n == 0 {
		t.Error("without a gazetteer the rules found no Jeyhun Bayramov")
	}
}

// A build cancelled before it starts (SIGINT) stops with the context's error and switches to
// nothing.
func TestIndexStopsOnCancel(t *testing.T) {
	cfg := testConfig(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := runIndex(ctx, cfg, ingest.Update, quiet, io.Discard, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("index with a cancelled context: %v", err)
	}
	if _, err := index.CurrentDir(cfg.Index); !errors.Is(err, index.ErrNoIndex) {
		t.Errorf("a cancelled build left a current generation: %v", err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, to, string(b))
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// editYAML rewrites a YAML file through its node tree, so comments and layout survive.
func editYAML(t *testing.T, path string, edit func(root *yaml.Node)) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	edit(doc.Content[0])
	out, err := yaml.Marshal(&doc)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, string(out))
}

// mappingValue is the value node of key in a mapping node, or an empty node.
func mappingValue(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return &yaml.Node{}
}
