package search

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// dropRune mistypes w by leaving out its i-th character.
func dropRune(w string, i int) string {
	r := []rune(w)
	return string(r[:i]) + string(r[i+1:])
}

// checkSuggestions holds every suggestion of res to its promise: searched as it is, it finds
// the items it says it finds, more than res did.
func checkSuggestions(t *testing.T, s *Searcher, req Request, res *Result) {
	t.Helper()
	for _, sg := range res.Query.Suggestions {
		again := req
		again.Query = sg.Query
		if got := mustSearch(t, s, again).Total; got != sg.Total || got <= res.Total {
			t.Errorf("%q suggests %q with %d items; searched, it finds %d (the query found %d)", req.Query, sg.Query, sg.Total, got, res.Total)
		}
	}
}

// A name mistyped, a word of the text mistyped, a mistyped word in a phrase and a mistyped
// person: value are each offered the query they were meant as, with its hits. The names and
// words come from the shipped gazetteer and the sample; the expected totals from searching
// them.
func TestDidYouMean(t *testing.T) {
	f := newEntityFixture(t)
	s := f.open(t)
	typ, canonical, ok := f.lex.Entity("Bayramov")
	if !ok || typ != EntityPerson {
		t.Fatal("setup: the gazetteer has no person Bayramov")
	}
	name := "Bayramov"
	nameTotal := mustSearch(t, s, Request{Query: name}).Total
	demining := mustSearch(t, s, Request{Query: "demining"}).Total
	corridor := mustSearch(t, s, Request{Query: `"Middle Corridor"`}).Total
	person := mustSearch(t, s, Request{Query: "person:" + quote(canonical)}).Total
	if nameTotal == 0 || demining == 0 || corridor == 0 || person == 0 {
		t.Fatalf("setup: %d, %d, %d, %d items", nameTotal, demining, corridor, person)
	}
	tests := []struct {
		query, want string
		total       uint64
		kind        string
	}{
		{dropRune(name, utf8.RuneCountInString(name)-2), name, nameTotal, "entity"}, // Bayramv
		{strings.Replace(name, "y", "i", 1), name, nameTotal, "entity"},             // Bairamov
		{dropRune("demining", 3), "demining", demining, "word"},                     // demning
		{`"Midle Corridor"`, `"Middle Corridor"`, corridor, ""},
		{"person:" + strings.Replace(name, "y", "i", 1), "person:" + quote(canonical), person, "entity"},
	}
	for _, tt := range tests {
		req := Request{Query: tt.query}
		res := mustSearch(t, s, req)
		if res.Total >= SuggestBelow {
			t.Fatalf("setup: %q finds %d items", tt.query, res.Total)
		}
		checkSuggestions(t, s, req, res)
		i := slices.IndexFunc(res.Query.Suggestions, func(sg Suggestion) bool { return sg.Query == tt.want })
		if i < 0 {
			t.Errorf("%q: suggestions %+v, want %q", tt.query, res.Query.Suggestions, tt.want)
			continue
		}
		sg := res.Query.Suggestions[i]
		if sg.Total != tt.total {
			t.Errorf("%q -> %q: %d items, want %d", tt.query, sg.Query, sg.Total, tt.total)
		}
		if c := sg.Corrections[0]; tt.kind != "" && (c.Kind != tt.kind || tt.kind == "entity" && c.Entity != canonical) {
			t.Errorf("%q -> %q: correction %+v, want kind %s (%s)", tt.query, sg.Query, c, tt.kind, canonical)
		}
	}
	// A search with hits enough gets none; nor does a word the index has.
	for _, q := range []string{name, "Azerbaijan"} {
		if res := mustSearch(t, s, Request{Query: q}); len(res.Query.Suggestions) != 0 {
			t.Errorf("%q (%d items): suggestions %+v", q, res.Total, res.Query.Suggestions)
		}
	}
}

// A word written like a qualifier with an unknown key is searched as text and warned about,
// with the qualifier it was probably meant as; a URL or a time is not.
func TestUnknownQualifierWarns(t *testing.T) {
	f := newEntityFixture(t)
	s := f.open(t)
	// The day of the latest item about Aliyev: from: that day finds it.
	var day string
	for _, it := range f.briefings[0].Items {
		if it.Entities != nil && slices.Contains(it.Entities.Persons, "Ilham Aliyev") && it.Date.String() > day {
			day = it.Date.String()
		}
	}
	want := mustSearch(t, s, Request{Query: "Aliyev from:" + day}).Total
	if want == 0 {
		t.Fatalf("setup: no Aliyev item from %s", day)
	}
	req := Request{Query: "after:" + day + " Aliyev"}
	res := mustSearch(t, s, req)
	if len(res.Query.Warnings) != 1 {
		t.Fatalf("%q: warnings %+v, want one", req.Query, res.Query.Warnings)
	}
	w := res.Query.Warnings[0]
	if w.Code != "unknown_qualifier" || w.Term != "after:"+day || w.Suggestion != "from:"+day ||
		!strings.Contains(w.Message, "searched as text") {
		t.Errorf("warning %+v", w)
	}
	checkSuggestions(t, s, req, res)
	if len(res.Query.Suggestions) == 0 || res.Query.Suggestions[0].Total != want ||
		!strings.Contains(res.Query.Suggestions[0].Query, "from:"+day) {
		t.Errorf("suggestions %+v, want from:%s with %d items", res.Query.Suggestions, day, want)
	}
	for q, suggestion := range map[string]string{"sectoin:foreign": "section:foreign", "foo:bar": "", "orgs:OTS": "org:OTS",
		"date:2026-05": "month:2026-05"} {
		res := mustSearch(t, s, Request{Query: q})
		if len(res.Query.Warnings) != 1 || res.Query.Warnings[0].Suggestion != suggestion {
			t.Errorf("%q: warnings %+v, want one suggesting %q", q, res.Query.Warnings, suggestion)
		}
	}
	for _, q := range []string{"http://example.com", "10:30", "注:テスト", "Baku"} {
		if res := mustSearch(t, s, Request{Query: q}); len(res.Query.Warnings) != 0 {
			t.Errorf("%q: warnings %+v, want none", q, res.Query.Warnings)
		}
	}
}

// The explanation shows Japanese as kagome cut it and as the bigram phrase matched, and
// date qualifiers as the days they mean.
func TestExplain(t *testing.T) {
	s := open(t, sampleRoot, Options{})
	bs, err := loadDir(sampleDir)
	if err != nil {
		t.Fatal(err)
	}
	month := bs[0].WeekStart.Format("2006-01")
	res := mustSearch(t, s, Request{Query: "地雷除去 -Armenia from:" + month, Filters: Filters{To: bs[0].WeekEnd}})
	cl := res.Query.Explain.Clauses
	if len(cl) != 2 || cl[0].Negated || !cl[1].Negated {
		t.Fatalf("clauses %+v", cl)
	}
	ja := cl[0].Terms[0]
	if strings.Join(ja.Morphemes, "") != "地雷除去" || len(ja.Morphemes) < 2 {
		t.Errorf("morphemes %q: want the word cut into two or more", ja.Morphemes)
	}
	r := []rune("地雷除去")
	var bigrams []string
	for i := 0; i+1 < len(r); i++ {
		bigrams = append(bigrams, string(r[i:i+2]))
	}
	if !slices.Equal(ja.Bigrams, bigrams) {
		t.Errorf("bigrams %q, want %q", ja.Bigrams, bigrams)
	}
	if en := cl[1].Terms[0]; !slices.Equal(en.Words, []string{"armenia"}) || en.Morphemes != nil {
		t.Errorf("Armenia explained as %+v", en)
	}
	var from, to *ExplainFilter
	for i, f := range res.Query.Explain.Filters {
		switch f.Name {
		case "from":
			from = &res.Query.Explain.Filters[i]
		case "to":
			to = &res.Query.Explain.Filters[i]
		}
	}
	if from == nil || from.Values[0] != month+"-01" || from.Origin != "query" || !slices.Equal(from.Given, []string{"from:" + month}) {
		t.Errorf("from explained as %+v", from)
	}
	if to == nil || to.Origin != "parameter" || to.Values[0] != bs[0].WeekEnd.String() {
		t.Errorf("to explained as %+v", to)
	}
}

// Size NoHits answers the total and the facets of the same search, without hits or a cursor.
func TestNoHits(t *testing.T) {
	s := open(t, sampleRoot, Options{})
	for _, q := range []string{"Azerbaijan", ""} {
		full := mustSearch(t, s, Request{Query: q, Size: 1})
		none := mustSearch(t, s, Request{Query: q, Size: NoHits})
		if len(none.Hits) != 0 || none.Next != "" || none.Size != 0 {
			t.Errorf("%q: %d hits, next %q, size %d; want none", q, len(none.Hits), none.Next, none.Size)
		}
		if none.Total != full.Total || full.Total < 2 || !slices.EqualFunc(none.Facets, full.Facets, func(a, b Facet) bool {
			return a.Name == b.Name && slices.Equal(a.Values, b.Values)
		}) {
			t.Errorf("%q: total %d and facets differ from the search with hits (%d)", q, none.Total, full.Total)
		}
	}
}

// A word offered in place of a misspelled one is a word the items write, never a stem the
// index made of one ("secur", "ministri"): every word correction for the sample's longer
// words, each with a letter dropped, is found as a whole word in the sample's text.
func TestDidYouMeanOffersWrittenWords(t *testing.T) {
	f := newEntityFixture(t)
	s := f.open(t)
	written, long := sampleWords(f, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' })
	var checked int
	for i, w := range long {
		if i%3 != 0 { // a third of them: the test stays quick
			continue
		}
		res := mustSearch(t, s, Request{Query: dropRune(w, len(w)/2)})
		for _, sg := range res.Query.Suggestions {
			for _, c := range sg.Corrections {
				if c.Kind != "word" {
					continue
				}
				checked++
				if !written[strings.ToLower(c.To)] {
					t.Errorf("%q: offered %q, which no item writes", dropRune(w, len(w)/2), c.To)
				}
			}
		}
	}
	if checked < 20 {
		t.Fatalf("setup: %d word corrections checked", checked)
	}
	t.Logf("%d word corrections checked, from %d misspellings", checked, (len(long)+2)/3)
}

// A misspelled word gets the word meant among its suggestions: every sample word of seven
// letters or more, its middle letter dropped, where that is no word of the sample itself.
// Where a typo meets the stemmer the typed word's stem is far from the meant one's
// ("presdent" is its own stem, president's is "presid"), and only the typed word's
// beginning reaches it (prefixTerms): without that, 84% were found, and "presdent" offered
// "presented". The words not found are mostly stop words, which no index holds.
func TestDidYouMeanFindsTheWordMeant(t *testing.T) {
	f := newEntityFixture(t)
	s := f.open(t)
	written, long := sampleWords(f, func(r rune) bool { return !unicode.IsLetter(r) })
	found, tried := 0, 0
	meant := func(typo, w string) bool {
		for _, sg := range mustSearch(t, s, Request{Query: typo}).Query.Suggestions {
			for _, c := range sg.Corrections {
				if strings.EqualFold(c.To, w) {
					return true
				}
			}
		}
		return false
	}
	for _, w := range long {
		typo := dropRune(w, utf8.RuneCountInString(w)/2)
		if written[typo] {
			continue
		}
		tried++
		if meant(typo, w) {
			found++
		}
	}
	t.Logf("%d of %d misspellings offered the word meant", found, tried)
	if tried < 300 || found*100 < tried*90 {
		t.Errorf("%d of %d misspellings offered the word meant, want 90%% or more", found, tried)
	}
	if !meant("presdent", "president") {
		t.Error(`"presdent" did not offer "president"`)
	}
	// A term a beginning reaches is offered only as a word near the typed one: "appoitment"
	// begins as "applies" does (appl), "antnio" as "anti".
	for _, typo := range []string{"appoitment", "agrement", "antnio"} {
		for _, sg := range mustSearch(t, s, Request{Query: typo}).Query.Suggestions {
			for _, c := range sg.Corrections {
				if d := editDistance([]rune(typo), []rune(strings.ToLower(c.To)), 10); d > fuzziness(utf8.RuneCountInString(typo)) {
					t.Errorf("%q offered %q, %d edits away", typo, c.To, d)
				}
			}
		}
	}
}

// sampleWords are the English words of the sample's items in lower case, split where split
// says: every one (a set), and those of seven letters or more, each once, sorted.
func sampleWords(f *entityFixture, split func(rune) bool) (written map[string]bool, long []string) {
	written = map[string]bool{}
	for _, b := range f.briefings {
		for _, it := range b.Items {
			for _, w := range strings.FieldsFunc(it.HeadlineEN+" "+it.Body+" "+it.Note, split) {
				lw := strings.ToLower(w)
				if !written[lw] && utf8.RuneCountInString(lw) >= 7 && !hasCJK(lw) {
					long = append(long, lw)
				}
				written[lw] = true
			}
		}
	}
	slices.Sort(long)
	return written, long
}
