package search

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"briefsearch/archive"
	"briefsearch/archive/forms"
	"briefsearch/index"
)

var update = flag.Bool("update", false, "rewrite golden files")

// The shipped sample, indexed once for the whole package (building loads the Japanese
// dictionary and takes a second); each test opens its own read-only Searcher on it.
var (
	sampleRoot   string // the sample as the parser reads it
	entitiesRoot string // the sample with entities on the Bayramov items, as the entity package would add
	escapeRoot   string // testdata/escape: stored text with <script>
)

const sampleDir = "../archive/briefings"

func TestMain(m *testing.M) {
	flag.Parse()
	if os.Getenv(killChildEnv) != "" {
		os.Exit(runKillChild())
	}
	tmp, err := os.MkdirTemp("", "search-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := 1
	if err := buildFixtures(tmp); err != nil {
		fmt.Fprintln(os.Stderr, "building test indexes:", err)
	} else {
		code = m.Run()
	}
	os.RemoveAll(tmp)
	if scaleDir != "" {
		os.RemoveAll(filepath.Dir(scaleDir))
	}
	os.Exit(code)
}

func buildFixtures(tmp string) error {
	sampleRoot = filepath.Join(tmp, "sample")
	entitiesRoot = filepath.Join(tmp, "entities")
	escapeRoot = filepath.Join(tmp, "escape")
	sample, err := loadDir(sampleDir)
	if err != nil {
		return err
	}
	if _, err := index.Build(context.Background(), sampleRoot, sample, index.BuildOptions{}); err != nil {
		return err
	}
	withEntities, err := loadDir(sampleDir)
	if err != nil {
		return err
	}
	for i := range withEntities[0].Items {
		it := &withEntities[0].Items[i]
		it.Entities = &archive.Entities{}
		if strings.Contains(it.Body+it.HeadlineEN, "Bayramov") {
			it.Entities.Persons = []string{"Jeyhun Bayramov"}
		}
		if strings.Contains(it.Body+it.HeadlineEN, "Aliyev") {
			it.Entities.Persons = append(it.Entities.Persons, "Ilham Aliyev")
		}
		if strings.Contains(it.Body, "Baku") {
			it.Entities.Places = []string{"Baku"}
		}
	}
	if _, err := index.Build(context.Background(), entitiesRoot, withEntities, index.BuildOptions{}); err != nil {
		return err
	}
	escape, err := loadDir("testdata/escape")
	if err != nil {
		return err
	}
	_, err = index.Build(context.Background(), escapeRoot, escape, index.BuildOptions{})
	return err
}

func loadDir(dir string) ([]*archive.Briefing, error) {
	res, err := forms.LoadDir(context.Background(), dir)
	if err != nil {
		return nil, err
	}
	bs := res.Briefings
	if len(res.Rejected) > 0 {
		return nil, fmt.Errorf("loading %s: %v", dir, res.Rejected)
	}
	if len(bs) == 0 {
		return nil, fmt.Errorf("no briefings in %s", dir)
	}
	return bs, nil
}

func open(t testing.TB, root string, opts Options) *Searcher {
	t.Helper()
	opts.Root = root
	s, err := Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func mustSearch(t testing.TB, s *Searcher, req Request) *Result {
	t.Helper()
	res, err := s.Search(context.Background(), req)
	if err != nil {
		t.Fatalf("Search(%+v): %v", req, err)
	}
	return res
}

// ordinals are the item ordinals of the hits, sorted: what the acceptance lines name.
func ordinals(res *Result) []int {
	var out []int
	for _, h := range res.Hits {
		out = append(out, h.Ordinal)
	}
	slices.Sort(out)
	return out
}

func facet(res *Result, name string) map[string]int {
	for _, f := range res.Facets {
		if f.Name == name {
			m := map[string]int{}
			for _, v := range f.Values {
				m[v.Value] = v.Count
			}
			return m
		}
	}
	return nil
}

// fakeLexicon is a Lexicon of a few entries, case-insensitive, like the entity package's.
type fakeLexicon struct {
	entities map[string][2]string // alias -> type, canonical
	synonyms map[string][]string  // term -> equivalents
}

func (l fakeLexicon) Entity(term string) (string, string, bool) {
	e, ok := l.entities[strings.ToLower(term)]
	return e[0], e[1], ok
}

func (l fakeLexicon) Synonyms(term string) []string { return l.synonyms[strings.ToLower(term)] }

var testLexicon = fakeLexicon{
	entities: map[string][2]string{
		"バイラモフ":    {EntityPerson, "Jeyhun Bayramov"},
		"bayramov": {EntityPerson, "Jeyhun Bayramov"},
		"アリエフ":     {EntityPerson, "Ilham Aliyev"},
		"バクー":      {EntityPlace, "Baku"},
	},
	synonyms: map[string][]string{
		"demining": {"mine clearance", "mine action", "地雷除去"},
		"地雷除去":     {"demining", "mine clearance"},
	},
}
