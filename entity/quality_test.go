package entity

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"briefsearch/archive"
)

// The measured quality of extraction against testdata/labels.yaml (the sample's 18 items) and
// testdata/fresh.yaml (12 items written later). The gazetteer was written from items 1-12 and
// general knowledge of the region; items 13-18 are held out from it. "none" runs the rules with
// an empty gazetteer: how the extractor fares on names nobody listed. Floors sit a little under
// what the code reaches, so a regression fails; raise them with the quality.
func qualityFloors() []struct {
	set, gazetteer string
	f1             float64 // micro-averaged over the three types
} {
	return []struct {
		set, gazetteer string
		f1             float64
	}{
		{"all", "shipped", 0.97},
		{"held-out", "shipped", 0.95},
		{"fresh", "shipped", 0.95},
		{"held-out", "none", 0.80},
		{"fresh", "none", 0.80},
	}
}

// heldOut are the sample's items the gazetteer was not written from.
func heldOut(ordinal int) bool { return ordinal >= 13 }

type labelFile struct {
	Briefing string      `yaml:"briefing"`
	Items    []itemLabel `yaml:"items"`
}

type itemLabel struct {
	Ordinal       int      `yaml:"ordinal"`
	Persons       []string `yaml:"persons"`
	Organizations []string `yaml:"organizations"`
	Places        []string `yaml:"places"`
}

func (l itemLabel) of(t Type) []string {
	switch t {
	case Person:
		return l.Persons
	case Organization:
		return l.Organizations
	}
	return l.Places
}

func entitiesOfType(e *archive.Entities, t Type) []string {
	switch t {
	case Person:
		return e.Persons
	case Organization:
		return e.Organizations
	}
	return e.Places
}

// score counts true positives, false positives and false negatives by canonical name.
type score struct{ tp, fp, fn int }

func (s *score) add(got, want []string) (fps, fns []string) {
	w := map[string]bool{}
	for _, x := range want {
		w[fold(x)] = true
	}
	g := map[string]bool{}
	for _, x := range got {
		g[fold(x)] = true
		if w[fold(x)] {
			s.tp++
		} else {
			s.fp++
			fps = append(fps, x)
		}
	}
	for _, x := range want {
		if !g[fold(x)] {
			s.fn++
			fns = append(fns, x)
		}
	}
	return fps, fns
}

func (s score) prf() (p, r, f float64) {
	if s.tp+s.fp > 0 {
		p = float64(s.tp) / float64(s.tp+s.fp)
	}
	if s.tp+s.fn > 0 {
		r = float64(s.tp) / float64(s.tp+s.fn)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

func loadLabels(t testing.TB) (*archive.Briefing, map[int]itemLabel) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "labels.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var lf labelFile
	if err := yaml.Unmarshal(raw, &lf); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join("testdata", lf.Briefing+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := archive.Parse(lf.Briefing+".txt", data)
	if err != nil {
		t.Fatal(err)
	}
	labels := map[int]itemLabel{}
	for _, l := range lf.Items {
		labels[l.Ordinal] = l
	}
	if len(labels) != len(b.Items) {
		t.Fatalf("labels cover %d items, the briefing has %d", len(labels), len(b.Items))
	}
	return b, labels
}

type freshFile struct {
	Items []struct {
		ID         string `yaml:"id"`
		HeadlineJA string `yaml:"headline_ja"`
		HeadlineEN string `yaml:"headline_en"`
		Body       string `yaml:"body"`
		itemLabel  `yaml:",inline"`
	} `yaml:"items"`
}

// loadFresh reads testdata/fresh.yaml: items written after the extractor, labelled before it
// first ran on them. Their ordinals are 101, 102, … so they never meet the sample's.
func loadFresh(t testing.TB) ([]archive.Item, map[int]itemLabel) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "fresh.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var ff freshFile
	if err := yaml.Unmarshal(raw, &ff); err != nil {
		t.Fatal(err)
	}
	attribution := regexp.MustCompile(`\s*\([^()]+/ *\d\d\.\d\d\.\d{4}\)\s*$`)
	var items []archive.Item
	labels := map[int]itemLabel{}
	for i, f := range ff.Items {
		n := 101 + i
		body := attribution.ReplaceAllString(f.Body, "") // as the parser moves it to Sources
		items = append(items, archive.Item{ID: f.ID, Ordinal: n, HeadlineJA: f.HeadlineJA, HeadlineEN: f.HeadlineEN, Body: body})
		labels[n] = f.itemLabel
	}
	return items, labels
}

func shippedLexicon(t testing.TB) *Lexicon {
	t.Helper()
	lx, err := Load(filepath.Join("..", "archive", "lexicon", "gazetteer.yaml"), filepath.Join("..", "archive", "lexicon", "glossary.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return lx
}

// TestQuality prints precision, recall and F1 per type (run with -v to see the table and the
// misses) and fails when micro F1 drops under its floor.
func TestQuality(t *testing.T) {
	b, labels := loadLabels(t)
	freshItems, freshLabels := loadFresh(t)
	for n, l := range freshLabels {
		labels[n] = l
	}
	sets := map[string][]archive.Item{"fresh": freshItems}
	for _, it := range b.Items {
		sets["all"] = append(sets["all"], it)
		if heldOut(it.Ordinal) {
			sets["held-out"] = append(sets["held-out"], it)
		}
	}
	empty, err := Parse(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	lexicons := map[string]*Lexicon{"shipped": shippedLexicon(t), "none": empty}
	var table strings.Builder
	fmt.Fprintf(&table, "\n%-9s %-9s %-13s %5s %5s %5s %4s %4s %4s\n", "items", "gazetteer", "type", "P", "R", "F1", "TP", "FP", "FN")
	for _, run := range []struct{ set, gz string }{
		{"all", "shipped"}, {"held-out", "shipped"}, {"fresh", "shipped"},
		{"all", "none"}, {"held-out", "none"}, {"fresh", "none"},
	} {
		lx := lexicons[run.gz]
		byType := map[Type]*score{Person: {}, Organization: {}, Place: {}}
		var misses []string
		for _, it := range sets[run.set] {
			got := EntitiesOf(lx.Extract(&it))
			for _, typ := range []Type{Person, Organization, Place} {
				fps, fns := byType[typ].add(entitiesOfType(got, typ), labels[it.Ordinal].of(typ))
				for _, x := range fps {
					misses = append(misses, fmt.Sprintf("item %2d %-12s extra   %q", it.Ordinal, typ, x))
				}
				for _, x := range fns {
					misses = append(misses, fmt.Sprintf("item %2d %-12s missing %q", it.Ordinal, typ, x))
				}
			}
		}
		var total score
		for _, typ := range []Type{Person, Organization, Place} {
			s := *byType[typ]
			p, r, f := s.prf()
			fmt.Fprintf(&table, "%-9s %-9s %-13s %5.3f %5.3f %5.3f %4d %4d %4d\n", run.set, run.gz, typ, p, r, f, s.tp, s.fp, s.fn)
			total.tp, total.fp, total.fn = total.tp+s.tp, total.fp+s.fp, total.fn+s.fn
		}
		p, r, f := total.prf()
		fmt.Fprintf(&table, "%-9s %-9s %-13s %5.3f %5.3f %5.3f %4d %4d %4d\n", run.set, run.gz, "all (micro)", p, r, f, total.tp, total.fp, total.fn)
		if run.set != "held-out" || run.gz == "shipped" {
			sort.Strings(misses)
			for _, m := range misses {
				fmt.Fprintf(&table, "          %s\n", m)
			}
		}
		for _, fl := range qualityFloors() {
			if fl.set == run.set && fl.gazetteer == run.gz && f < fl.f1 {
				t.Errorf("%s items, %s gazetteer: micro F1 %.3f is under its floor %.2f", run.set, run.gz, f, fl.f1)
			}
		}
	}
	t.Log(table.String())
}
