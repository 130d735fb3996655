package bench

// The right answers come first: every query of the set must keep the totals, facets and top 10
// recorded in testdata/answers-N.json before the engine was changed, and a plain word must find
// every item whose text holds it. CI runs both at 2,000 items; a larger stored file is checked
// with -items N (testdata holds 20,000 as well). After a change that is meant to alter answers,
// and explained in the README, rewrite a file with -update-answers.

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"briefsearch/archive"
	"briefsearch/search"
)

var updateAnswers = flag.Bool("update-answers", false, "rewrite testdata/answers-N.json from this engine's answers")

// answerItems is the archive size the answer tests use: -items, else 2,000.
func answerItems() int {
	if *itemsFlag > 0 {
		return *itemsFlag
	}
	return 2000
}

// answer is what must not change for one query: the total, every facet value's count, and the
// top 10 in order. Scores are kept to six significant digits, so that the order's reason shows
// in a difference without failing on the last bit of a float.
type answer struct {
	ID     string              `json:"id"`
	Query  string              `json:"q"`
	Total  uint64              `json:"total"`
	Top    []string            `json:"top"`
	Facets map[string][]string `json:"facets"`
}

func answerOf(q string, id string, r *search.Result) answer {
	a := answer{ID: id, Query: q, Total: r.Total, Facets: map[string][]string{}}
	for _, h := range r.Hits {
		a.Top = append(a.Top, fmt.Sprintf("%s %.6g", h.ID, h.Score))
	}
	for _, f := range r.Facets {
		vs := []string{}
		for _, v := range f.Values {
			if v.Count > 0 { // the month facet fills empty months; a zero says nothing
				vs = append(vs, fmt.Sprintf("%s=%d", v.Value, v.Count))
			}
		}
		a.Facets[f.Name] = vs
	}
	return a
}

func TestAnswersMatchTheStoredFile(t *testing.T) {
	n := answerItems()
	s, _ := openSearcherOf(t, n)
	path := fmt.Sprintf("testdata/answers-%d.json", n)
	var got, alone []answer
	for _, q := range loadQueries(t) {
		r, err := s.Search(context.Background(), request(q))
		if err != nil {
			t.Fatalf("%s %q: %v", q.ID, q.BS, err)
		}
		got = append(got, answerOf(q.BS, q.ID, r))
		// The top 10 alone, as compare.sh's top-10 rows ask for it: no facets, no highlights,
		// the total allowed to be estimated.
		r, err = s.Search(context.Background(), search.Request{Query: q.BS, Size: 10, Facets: []search.FacetRequest{},
			NoHighlights: true, EstimateTotal: true})
		if err != nil {
			t.Fatalf("%s %q, top 10 alone: %v", q.ID, q.BS, err)
		}
		a := answerOf(q.BS, q.ID, r)
		if r.TotalEstimated {
			a.Total = 0 // compared below as an estimate
			if r.Total < uint64(len(r.Hits)) {
				t.Errorf("%s %q, top 10 alone: an estimated total of %d below its %d hits", q.ID, q.BS, r.Total, len(r.Hits))
			}
		}
		alone = append(alone, a)
	}
	if *updateAnswers {
		data, err := json.MarshalIndent(got, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", path)
		return
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no stored answers for %d items (%v): make them with -update-answers on the engine before a change", n, err)
	}
	var want []answer
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(want) != len(got) {
		t.Fatalf("%s has %d queries, the set has %d", path, len(want), len(got))
	}
	for i := range want {
		w, g := want[i], got[i]
		if w.ID != g.ID || w.Query != g.Query {
			t.Fatalf("%s: query %d is %s %q, the set has %s %q", path, i, w.ID, w.Query, g.ID, g.Query)
		}
		if w.Total != g.Total {
			t.Errorf("%s %q: total %d, stored %d", g.ID, g.Query, g.Total, w.Total)
		}
		if !slices.Equal(w.Top, g.Top) {
			t.Errorf("%s %q: top 10\n got %q\nwant %q", g.ID, g.Query, g.Top, w.Top)
		}
		for name, wv := range w.Facets {
			if gv := g.Facets[name]; !slices.Equal(wv, gv) {
				t.Errorf("%s %q: facet %s\n got %q\nwant %q", g.ID, g.Query, name, gv, wv)
			}
		}
		if len(g.Facets) != len(w.Facets) {
			t.Errorf("%s %q: %d facets, stored %d", g.ID, g.Query, len(g.Facets), len(w.Facets))
		}
		if a := alone[i]; !slices.Equal(w.Top, a.Top) || a.Total != 0 && a.Total != w.Total {
			t.Errorf("%s %q, top 10 alone: total %d (0: estimated), top 10\n got %q\nwant %d, %q", a.ID, a.Query, a.Total, a.Top, w.Total, w.Top)
		}
	}
}

// TestPlainWordsFindEveryItem checks recall without trusting the index: for the set's plain
// words and words drawn from the archive's own text, every item whose text holds the word
// (a whole English word in any case, or a Japanese string anywhere in the headline) is among
// the matches, read page by page.
func TestPlainWordsFindEveryItem(t *testing.T) {
	n := answerItems()
	s, _ := openSearcherOf(t, n)
	c := loadCorpusOf(t, n)
	var items []*archive.Item
	for _, br := range c.briefings {
		for i := range br.Items {
			items = append(items, &br.Items[i])
		}
	}
	words := plainWords(t, items)
	t.Logf("%d plain words", len(words))
	if len(words) < 30 {
		t.Fatalf("only %d plain words to check", len(words))
	}
	for _, w := range words {
		holds := holder(w)
		var want []string
		for _, it := range items {
			if holds(it) {
				want = append(want, it.ID)
			}
		}
		if len(want) == 0 {
			t.Errorf("%q: no item holds it; the word list is wrong", w)
			continue
		}
		found := map[string]bool{}
		req := search.Request{Query: w, Size: search.MaxSize, Facets: []search.FacetRequest{}}
		for page := 0; ; page++ {
			if page > len(items)/search.MaxSize+1 {
				t.Fatalf("%q: more pages than items", w)
			}
			r, err := s.Search(context.Background(), req)
			if err != nil {
				t.Fatalf("%q: %v", w, err)
			}
			for _, h := range r.Hits {
				found[h.ID] = true
			}
			if r.Next == "" {
				break
			}
			req.After = r.Next
		}
		var missed []string
		for _, id := range want {
			if !found[id] {
				missed = append(missed, id)
			}
		}
		if len(missed) > 0 {
			t.Errorf("%q: %d of the %d items that hold it are not found, e.g. %v", w, len(missed), len(want), missed[:min(5, len(missed))])
		}
	}
}

// plainWords are the query set's one-word searches and, for breadth, every 15th distinct
// English word of five letters or more in the archive's bodies, but for the analyzer's stop
// words ("about", "which" …), which match nothing by design.
func plainWords(t *testing.T, items []*archive.Item) []string {
	var words []string
	for _, q := range loadQueries(t) {
		if q.BS != "" && !strings.ContainsAny(q.BS, ` "*:-`) {
			words = append(words, q.BS)
		}
	}
	seen := map[string]bool{}
	var vocab []string
	for _, it := range items {
		for _, w := range strings.FieldsFunc(it.Body, func(r rune) bool { return !unicode.IsLetter(r) }) {
			lw := strings.ToLower(w)
			if len(w) >= 5 && !seen[lw] && !stopLike[lw] && !strings.ContainsFunc(w, func(r rune) bool { return r > unicode.MaxASCII }) {
				seen[lw] = true
				vocab = append(vocab, lw)
			}
		}
	}
	slices.Sort(vocab)
	for i := 0; i < len(vocab); i += 15 {
		words = append(words, vocab[i])
	}
	return words
}

// stopLike are the English stop words of five letters or more, which match nothing.
var stopLike = map[string]bool{"about": true, "above": true, "after": true, "again": true, "against": true,
	"because": true, "before": true, "being": true, "below": true, "between": true, "during": true,
	"further": true, "having": true, "itself": true, "other": true, "ourselves": true, "should": true,
	"their": true, "theirs": true, "themselves": true, "there": true, "these": true, "those": true,
	"through": true, "under": true, "until": true, "where": true, "which": true, "while": true,
	"would": true, "yourself": true, "yourselves": true, "could": true, "herself": true, "himself": true,
	"myself": true, "yours": true, "ought": true, "doing": true, "cannot": true}

// holder reports whether an item's text holds w: a Japanese w anywhere in the Japanese
// headline, an English one as a whole word of any field, in any case.
func holder(w string) func(*archive.Item) bool {
	if strings.ContainsFunc(w, func(r rune) bool { return r > unicode.MaxASCII }) {
		return func(it *archive.Item) bool { return strings.Contains(it.HeadlineJA, w) }
	}
	re := regexp.MustCompile(`(?i)(^|[^\pL\pN])` + regexp.QuoteMeta(w) + `($|[^\pL\pN])`)
	return func(it *archive.Item) bool {
		return re.MatchString(it.HeadlineJA) || re.MatchString(it.HeadlineEN) || re.MatchString(it.Body) || re.MatchString(it.Note)
	}
}
