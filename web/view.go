package web

import (
	"fmt"
	"html/template"
	"slices"
	"strings"

	"briefsearch/search"
)

// This file turns a search.Result into the search page's typed view data. Templates get
// strings (escaped by html/template) and, for highlights only, template.HTML built by
// fragmentHTML.

// Layout is what every page's frame shows.
type Layout struct {
	Title  string // the <title>, before " · briefsearch"
	CSS    string // hashed stylesheet path
	Icon   string
	Q      string // the header's search box
	Nav    string // which top-level page this is: "search" or "briefings"
	Corpus search.Corpus
}

type searchPage struct {
	Layout
	Hidden     []hiddenField
	Error      string // a bad query's message, shown above the (empty) results
	Searched   bool   // a query or filter is active
	Total      uint64
	From, To   int // 1-based positions of the first and last hit shown
	TookMS     float64
	Hits       []hitView
	Expansions []expansionView
	// Warnings, Suggestions and Explain: how the query was understood (understood.go).
	Warnings    []warningView
	Suggestions []suggestionView
	Explain     explainView
	Chips       []chip
	ClearAll    string
	Sorts       []link
	Pager       pager
	Timeline    timeline
	Facets      []facetView
	APIURL      string
	CSVURL      string
	JSONLURL    string
	// FacetsCSVURL and TimelineCSVURL are this search's counts as data (aggregates.go).
	FacetsCSVURL, TimelineCSVURL string
	FeedURL                      string        // this search as an Atom feed (and the head's autodiscovery link)
	ThisWeek                     *thisWeekView // the newest issue, on the home page without a query
}

type hitView struct {
	URL          string
	ID           string
	Date         string
	SectionLabel string
	SectionURL   string
	Sources      []string
	HeadlineJA   template.HTML
	HeadlineEN   template.HTML
	Snippets     []template.HTML
}

// expansionView is one "also searched" note; an entity's name links to its page.
type expansionView struct {
	Text         string
	Entity, Page string
}

type chip struct {
	Kind, Label, Remove string
}

type link struct {
	Label, URL string
	Current    bool
}

type pager struct {
	Prev, Next string
	Pages      []pageLink
	First      string // back to page 1, on a page reached by cursor
	Cursor     bool   // this page was reached by cursor, past the numbered pages
	PastWindow bool   // Next leaves the numbered pages and reads on by cursor
}

type pageLink struct {
	N       int
	URL     string
	Current bool
	Gap     bool // an ellipsis before this page
}

type facetView struct {
	Name, Title string
	Values      []facetLink
}

type facetLink struct {
	Label  string
	Count  int
	URL    string // the search with this value's filter toggled
	Active bool
	Page   string // an entity's page, for person, organization and place values
}

// slugFunc names the entity page of an entity type and canonical name ("" = none).
type slugFunc func(typ, name string) string

// facetTitles label the sidebar in both languages; the order is the sidebar's.
var facetTitles = []struct{ facet, param, title string }{
	{search.FacetSection, paramSection, "Section · 分野"},
	{search.FacetSource, paramSource, "Source · 出典"},
	{search.FacetPerson, paramPerson, "People · 人物"},
	{search.FacetOrganization, paramOrg, "Organizations · 組織"},
	{search.FacetPlace, paramPlace, "Places · 地名"},
}

// uiPageSize is the HTML page's hit count: small pages render fast on a phone.
const uiPageSize = 20

// uiFacets asks for every facet; the month facet (the timeline) lists every month anyway.
func uiFacets() []search.FacetRequest {
	return []search.FacetRequest{
		{Name: search.FacetSection, Size: 20}, {Name: search.FacetMonth, Size: search.MaxFacetSize},
		{Name: search.FacetSource, Size: 12}, {Name: search.FacetPerson, Size: 12},
		{Name: search.FacetOrganization, Size: 12}, {Name: search.FacetPlace, Size: 12},
	}
}

func (p *searchPage) fill(st state, res *search.Result, slugOf slugFunc) {
	p.Total, p.TookMS = res.Total, res.TookMS
	if len(res.Hits) > 0 {
		p.From = res.Offset + 1
		p.To = p.From + len(res.Hits) - 1
	}
	labels := sectionLabels(res.Facets)
	for _, h := range res.Hits {
		p.Hits = append(p.Hits, newHitView(st, h, labels))
	}
	for _, e := range res.Query.Expansions {
		ev := expansionView{Text: fmt.Sprintf("%s → %s", e.Term, strings.Join(e.Into, ", "))}
		if e.Kind == "entity" && e.Entity != "" && slugOf != nil {
			if page := entityURL(firstSlug(slugOf, e.Entity)); page != "" {
				ev.Text, ev.Entity, ev.Page = e.Term+" → ", e.Entity, page
			}
		}
		p.Expansions = append(p.Expansions, ev)
	}
	p.fillUnderstood(st, res)
	p.Chips = chips(st, labels)
	if len(p.Chips) > 0 {
		p.ClearAll = st.clearFilters()
	}
	p.Sorts = sortLinks(st, res.Query.Sort)
	p.Pager = newPager(st, res)
	p.Timeline = newTimeline(st, search.TimelineOf(res, ""))
	p.Timeline.Compare = compareFrom(st)
	for _, ft := range facetTitles {
		for _, f := range res.Facets {
			if f.Name == ft.facet && len(f.Values) > 0 {
				p.Facets = append(p.Facets, newFacetView(st, ft.param, ft.title, f, slugOf))
			}
		}
	}
}

func newHitView(st state, h search.Hit, labels map[string]string) hitView {
	v := hitView{
		URL:          "/items/" + h.ID,
		ID:           h.ID,
		Date:         h.Date.String(),
		SectionLabel: sectionLabel(labels, h.Section, h.SectionTitle),
		SectionURL:   st.toggle(paramSection, h.Section),
		Sources:      h.Sources,
		HeadlineJA:   highlighted(h.Highlights, "headline_ja", h.HeadlineJA),
		HeadlineEN:   highlighted(h.Highlights, "headline_en", h.HeadlineEN),
	}
	if st.has(paramSection, h.Section) {
		v.SectionURL = ""
	}
	fields := make([]string, 0, len(h.Highlights))
	for f := range h.Highlights {
		if !strings.HasPrefix(f, "headline_") {
			fields = append(fields, f)
		}
	}
	slices.Sort(fields) // body before note; stable across requests
	for _, f := range fields {
		for _, frag := range h.Highlights[f] {
			v.Snippets = append(v.Snippets, fragmentHTML(frag))
		}
	}
	return v
}

// highlighted picks the first highlight of any field named prefix* (a headline may be
// indexed under several analyzers), else the plain text, escaped.
func highlighted(hl map[string][]string, prefix, plain string) template.HTML {
	fields := make([]string, 0, 2)
	for f, frags := range hl {
		if strings.HasPrefix(f, prefix) && len(frags) > 0 {
			fields = append(fields, f)
		}
	}
	if len(fields) == 0 {
		return template.HTML(template.HTMLEscapeString(plain)) //nolint:gosec // escaped just now
	}
	slices.Sort(fields)
	return fragmentHTML(hl[fields[0]][0])
}

// fragmentHTML is the one place text becomes template.HTML. The search highlighter escapes
// stored text and adds only <mark> and </mark>; a fragment with any other markup is not
// trusted and is shown escaped instead.
func fragmentHTML(frag string) template.HTML {
	rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(frag)
	if strings.ContainsAny(rest, "<>") || strings.Count(frag, "<mark>") != strings.Count(frag, "</mark>") {
		return template.HTML(template.HTMLEscapeString(frag)) //nolint:gosec // escaped just now
	}
	return template.HTML(frag) //nolint:gosec // escaped by the highlighter, checked above
}

// sectionLabels maps section keys to the bilingual labels the section facet carries.
func sectionLabels(facets []search.Facet) map[string]string {
	m := map[string]string{}
	for _, f := range facets {
		if f.Name == search.FacetSection {
			for _, v := range f.Values {
				if v.Label != "" {
					m[v.Value] = v.Label
				}
			}
		}
	}
	return m
}

func sectionLabel(labels map[string]string, key, title string) string {
	if l := labels[key]; l != "" {
		return l
	}
	if title != "" {
		return title
	}
	return key
}

func chips(st state, labels map[string]string) []chip {
	var out []chip
	for _, fp := range filterParams {
		for _, val := range st.v[fp.param] {
			label := val
			if fp.param == paramSection {
				label = sectionLabel(labels, val, "")
			}
			out = append(out, chip{Kind: fp.param, Label: label, Remove: st.without(fp.param, val)})
		}
	}
	return append(out, dateChips(st)...)
}

// dateChips are the date range's chips, whether it came as from=/to= or as from:/to: in the
// query: a whole year given both ways (from=2018&to=2018) is one chip. Removing a qualifier
// typed in the query takes it out of the query.
func dateChips(st state) []chip {
	from, to := st.v.Get(paramFrom), st.v.Get(paramTo)
	var out []chip
	if from != "" && from == to && len(from) == 4 {
		v := st.clone()
		v.Del(paramFrom)
		v.Del(paramTo)
		resetPaging(v)
		out = append(out, chip{Kind: "year", Label: from, Remove: href(v)})
	} else {
		for _, p := range []string{paramFrom, paramTo} {
			if val := st.v.Get(p); val != "" {
				out = append(out, chip{Kind: p, Label: val, Remove: st.without(p, val)})
			}
		}
	}
	q := st.v.Get(paramQ)
	for _, b := range search.QueryBounds(q) {
		v := st.clone()
		if rest := search.WithoutBound(q, b); rest != "" {
			v.Set(paramQ, rest)
		} else {
			v.Del(paramQ)
		}
		resetPaging(v)
		out = append(out, chip{Kind: b.Key, Label: b.Value, Remove: href(v)})
	}
	slices.SortStableFunc(out, func(a, b chip) int { return strings.Compare(a.Kind, b.Kind) }) // from before to
	return out
}

func sortLinks(st state, current string) []link {
	var out []link
	if st.v.Get(paramQ) != "" {
		out = append(out, link{Label: "Relevance", URL: st.withSort(search.SortRelevance), Current: current == search.SortRelevance})
	}
	return append(out,
		link{Label: "Newest", URL: st.withSort(search.SortDateDesc), Current: current == search.SortDateDesc},
		link{Label: "Oldest", URL: st.withSort(search.SortDate), Current: current == search.SortDate})
}

func newFacetView(st state, param, title string, f search.Facet, slugOf slugFunc) facetView {
	v := facetView{Name: f.Name, Title: title}
	entityFacet := f.Name == search.FacetPerson || f.Name == search.FacetOrganization || f.Name == search.FacetPlace
	for _, fv := range f.Values {
		label := fv.Label
		if label == "" {
			label = fv.Value
		}
		fl := facetLink{Label: label, Count: fv.Count, URL: st.toggle(param, fv.Value), Active: st.has(param, fv.Value)}
		if entityFacet && slugOf != nil {
			fl.Page = entityURL(slugOf(f.Name, fv.Value))
		}
		v.Values = append(v.Values, fl)
	}
	return v
}
