package search

import (
	"context"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"briefsearch/archive"
	"briefsearch/entity"
	"briefsearch/index"
)

// topicRoots indexes the sample and testdata/topics (glossary terms in many forms) twice with
// the shipped lexicon: with the stored glossary-group matches (DeriveTopics) and without.
func topicRoots(t *testing.T) (withTopics, without string, groups []entity.Group) {
	t.Helper()
	gz, gl, lx := shippedLexicon(t)
	extra := map[string][]byte{GazetteerSnapshot: gz, GlossarySnapshot: gl}
	dir := t.TempDir()
	for _, c := range []struct {
		root   *string
		derive bool
	}{{&withTopics, true}, {&without, false}} {
		var bs []*archive.Briefing
		for _, d := range []string{sampleDir, "testdata/topics"} {
			loaded, err := loadDir(d)
			if err != nil {
				t.Fatal(err)
			}
			bs = append(bs, loaded...)
		}
		if err := lx.AnnotateAll(context.Background(), bs); err != nil {
			t.Fatal(err)
		}
		opts := index.BuildOptions{Extra: extra}
		if c.derive {
			opts.Derive = DeriveTopics
		}
		*c.root = filepath.Join(dir, map[bool]string{true: "topics", false: "phrases"}[c.derive])
		if _, err := index.Build(context.Background(), *c.root, bs, opts); err != nil {
			t.Fatal(err)
		}
	}
	return withTopics, without, lx.Groups()
}

// Matching a glossary group through its stored matches must answer exactly as expanding the
// term into its synonyms' phrases: the same items, totals, facets, expansions and highlights
// (only scores, and so the order, may differ).
func TestTopicsAnswerAsPhraseExpansion(t *testing.T) {
	withTopics, without, groups := topicRoots(t)
	fast := open(t, withTopics, Options{LoadLexicon: LoadLexicon})
	slow := open(t, without, Options{LoadLexicon: LoadLexicon})

	if got := fast.cur.Load().topics; len(got) != len(groups) {
		t.Fatalf("the generation built with DeriveTopics has %d groups stored, want %d", len(got), len(groups))
	}
	if got := slow.cur.Load().topics; got != nil {
		t.Fatalf("the generation built without Derive has %d groups stored, want none", len(got))
	}

	var queries []string
	for _, g := range groups {
		for _, term := range g.Terms {
			q := term
			if strings.Contains(term, " ") {
				q = `"` + term + `"`
			}
			queries = append(queries, q)
		}
	}
	queries = append(queries,
		"demining section:military-security", "demining -Aghdam", "demining OR Bayramov",
		"地雷 from:2025-03-01 to:2025-03-31", `"political prisoners" Azerbaijan`, "Baku -demining",
		"election* OR 選挙", "UXO landmines", "peace treaty", "地雷除去 ANAMA")

	usedTopics, matched := 0, 0
	for _, q := range queries {
		req := Request{Query: q, Size: 100}
		a, b := mustSearch(t, fast, req), mustSearch(t, slow, req)
		if a.Total != b.Total {
			t.Errorf("%q: %d items with stored topics, %d with phrases", q, a.Total, b.Total)
			continue
		}
		if a.Total > 0 {
			matched++
		}
		if !slices.EqualFunc(a.Query.Expansions, b.Query.Expansions, func(x, y Expansion) bool {
			return x.Term == y.Term && x.Kind == y.Kind && slices.Equal(x.Into, y.Into)
		}) {
			t.Errorf("%q: expansions %v with stored topics, %v with phrases", q, a.Query.Expansions, b.Query.Expansions)
		}
		if !slices.EqualFunc(a.Facets, b.Facets, func(x, y Facet) bool {
			return x.Name == y.Name && slices.Equal(x.Values, y.Values)
		}) {
			t.Errorf("%q: facets differ:\n%v\n%v", q, a.Facets, b.Facets)
		}
		ha, hb := hitsByID(a), hitsByID(b)
		if !slices.Equal(slices.Sorted(maps.Keys(ha)), slices.Sorted(maps.Keys(hb))) {
			t.Errorf("%q: items %v with stored topics, %v with phrases", q, slices.Sorted(maps.Keys(ha)), slices.Sorted(maps.Keys(hb)))
			continue
		}
		for id, h := range ha {
			if !maps.EqualFunc(h.Highlights, hb[id].Highlights, slices.Equal) {
				t.Errorf("%q, %s: highlights %v with stored topics, %v with phrases", q, id, h.Highlights, hb[id].Highlights)
			}
		}
		c := &compiler{idx: fast.cur.Load().gen.Index, lex: fast.cur.Load().lex, topics: fast.cur.Load().topics}
		p, err := newPlan(req)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.compile(p); err != nil {
			t.Fatal(err)
		}
		if c.noLocations {
			usedTopics++
		}
	}
	// The comparison means something only if the stored matches were used, and found items.
	if usedTopics < len(queries)/2 || matched < len(queries)/2 {
		t.Fatalf("of %d queries, %d used the stored topics and %d matched anything", len(queries), usedTopics, matched)
	}
}

func hitsByID(r *Result) map[string]Hit {
	m := make(map[string]Hit, len(r.Hits))
	for _, h := range r.Hits {
		m[h.ID] = h
	}
	return m
}
