package web

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"briefsearch/archive"
	"briefsearch/search"
)

// View data of the item, briefing and briefing-list pages. Stored text stays string, so
// html/template escapes every byte of it.

type itemPage struct {
	Layout
	ID            string
	HeadlineJA    string
	HeadlineEN    string
	Date          string
	SectionTitle  string
	SectionURL    string
	Paragraphs    []string
	Note          string
	Sources       []sourceLink
	Entities      []entityGroup
	BriefingURL   string
	BriefingTitle string
	Week          string
	Prev, Next    string
	JSONURL       string
	Cite          citeBlock
	Meta          []metaTag // Highwire citation_* tags for reference managers
}

type sourceLink struct {
	Name, Date, URL string
}

type entityGroup struct {
	Title string
	Links []entityLink
}

// entityLink is an entity on an item page: its page, and the search for its items.
type entityLink struct {
	Label, Page, Filter string
}

type briefingPage struct {
	Layout
	ID       string
	Title    string
	Issuer   string
	Week     string
	Sections []sectionView // those of this page's items
	Showing  string        // "items 21–40 of 45" when the issue has more than one page
	Pager    pager
	JSONURL  string
	Cite     citeBlock
}

type sectionView struct {
	Anchor string
	Number int
	Key    string
	Title  string // Japanese, as printed
	Label  string // bilingual, when the search knows one
	URL    string
	Items  []briefingItem
}

type briefingItem struct {
	Anchor     string
	URL        string
	HeadlineJA string
	HeadlineEN string
	Paragraphs []string
	Note       string
	Sources    []sourceLink
}

type briefingsPage struct {
	Layout
	Briefings []briefingRow
}

type briefingRow struct {
	URL, Title, Week string
	Items            int
}

func newItemPage(l Layout, p *search.ItemPage, slugOf slugFunc) itemPage {
	it := p.Item
	l.Title = firstNonEmpty(it.HeadlineEN, it.HeadlineJA, it.ID)
	v := itemPage{
		Layout:        l,
		ID:            it.ID,
		HeadlineJA:    it.HeadlineJA,
		HeadlineEN:    it.HeadlineEN,
		Date:          it.Date.String(),
		SectionTitle:  firstNonEmpty(it.SectionTitle, it.Section),
		SectionURL:    filterURL(paramSection, it.Section),
		Paragraphs:    paragraphs(it.Body),
		Note:          it.Note,
		Sources:       sourceLinks(it.Sources),
		Entities:      entityGroups(it.Entities, slugOf),
		BriefingURL:   briefingURL(p.BriefingID, briefingPageOf(it.Ordinal)) + "#" + itemAnchor(it),
		BriefingTitle: firstNonEmpty(p.BriefingTitle, p.BriefingID),
		Week:          week(p.WeekStart, p.WeekEnd),
		JSONURL:       "/api/v1/items/" + url.PathEscape(it.ID),
	}
	if p.Prev != "" {
		v.Prev = "/items/" + url.PathEscape(p.Prev)
	}
	if p.Next != "" {
		v.Next = "/items/" + url.PathEscape(p.Next)
	}
	return v
}

// newBriefingPage shows one page of an issue. Its sections are those from the section of the
// page's first item to that of its last, so an empty section ("nothing to report") shows
// where it falls, and on the first and last pages the sections before and after the items.
func newBriefingPage(l Layout, b *search.BriefingPage) briefingPage {
	l.Title = firstNonEmpty(b.Title, b.ID) + " " + week(b.WeekStart, b.WeekEnd)
	jsonURL := "/api/v1/briefings/" + url.PathEscape(b.ID)
	if b.Page > 1 {
		l.Title += fmt.Sprintf(" · page %d", b.Page)
		jsonURL += fmt.Sprintf("?page=%d", b.Page) // the API's default size is the page's
	}
	v := briefingPage{Layout: l, ID: b.ID, Title: firstNonEmpty(b.Title, b.ID), Issuer: b.Issuer,
		Week: week(b.WeekStart, b.WeekEnd), JSONURL: jsonURL}
	first, last := 0, len(b.Sections)-1
	if len(b.Items) > 0 && b.Page > 1 {
		first = max(0, slices.IndexFunc(b.Sections, func(s archive.Section) bool { return s.Key == b.Items[0].Section }))
	}
	if len(b.Items) > 0 && b.Page < b.Pages {
		if i := slices.IndexFunc(b.Sections, func(s archive.Section) bool { return s.Key == b.Items[len(b.Items)-1].Section }); i >= 0 {
			last = i
		}
	}
	bySection := map[string]int{} // section key -> index in v.Sections
	for i, s := range b.Sections {
		if i < first || i > last {
			continue
		}
		bySection[s.Key] = len(v.Sections)
		v.Sections = append(v.Sections, sectionView{Anchor: "section-" + s.Key, Number: s.Number,
			Key: s.Key, Title: s.Title, URL: filterURL(paramSection, s.Key)})
	}
	for _, it := range b.Items {
		i, ok := bySection[it.Section]
		if !ok { // an item whose section heading is missing still shows
			i = len(v.Sections)
			bySection[it.Section] = i
			v.Sections = append(v.Sections, sectionView{Anchor: "section-" + it.Section, Key: it.Section,
				Title: firstNonEmpty(it.SectionTitle, it.Section), URL: filterURL(paramSection, it.Section)})
		}
		v.Sections[i].Items = append(v.Sections[i].Items, briefingItem{
			Anchor: itemAnchor(it), URL: "/items/" + url.PathEscape(it.ID),
			HeadlineJA: it.HeadlineJA, HeadlineEN: it.HeadlineEN,
			Paragraphs: paragraphs(it.Body), Note: it.Note, Sources: sourceLinks(it.Sources),
		})
	}
	if b.Pages > 1 {
		from := (b.Page-1)*b.Size + 1
		v.Showing = fmt.Sprintf("items %d–%d of %d", from, from+len(b.Items)-1, b.TotalItems)
		v.Pager = pagesAround(b.Page, b.Pages, func(n int) string { return briefingURL(b.ID, n) })
	}
	return v
}

// briefingURL is page n of a briefing's page.
func briefingURL(id string, n int) string {
	u := "/briefings/" + url.PathEscape(id)
	if n > 1 {
		u += "?page=" + strconv.Itoa(n)
	}
	return u
}

// briefingPageOf is the page of a briefing's page that shows the item with this ordinal:
// ordinals count the items from 1, in order.
func briefingPageOf(ordinal int) int {
	return max(ordinal-1, 0)/search.DefaultBriefingItems + 1
}

// pagesAround links pages 1 to last around cur: the first, the last, two on either side of
// cur, with gaps between.
func pagesAround(cur, last int, urlOf func(int) string) pager {
	if last <= 1 {
		return pager{}
	}
	var p pager
	if cur > 1 {
		p.Prev = urlOf(cur - 1)
	}
	if cur < last {
		p.Next = urlOf(cur + 1)
	}
	prev := 0
	for n := 1; n <= last; n++ {
		if n != 1 && n != last && (n < cur-2 || n > cur+2) {
			continue
		}
		p.Pages = append(p.Pages, pageLink{N: n, URL: urlOf(n), Current: n == cur, Gap: prev != 0 && n > prev+1})
		prev = n
	}
	return p
}

func newBriefingsPage(l Layout, list []search.BriefingSummary) briefingsPage {
	l.Title = "Briefings · 週報一覧"
	v := briefingsPage{Layout: l}
	for _, b := range list {
		v.Briefings = append(v.Briefings, briefingRow{URL: "/briefings/" + url.PathEscape(b.ID),
			Title: firstNonEmpty(b.Title, b.ID), Week: week(b.WeekStart, b.WeekEnd), Items: b.Items})
	}
	return v
}

// paragraphs splits a body at blank lines, the archive's paragraph separator.
func paragraphs(body string) []string {
	var out []string
	for p := range strings.SplitSeq(body, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func sourceLinks(src []archive.Source) []sourceLink {
	out := make([]sourceLink, 0, len(src))
	for _, s := range src {
		out = append(out, sourceLink{Name: s.Name, Date: s.Date.String(), URL: filterURL(paramSource, s.Name)})
	}
	return out
}

func entityGroups(e *archive.Entities, slugOf slugFunc) []entityGroup {
	if e == nil {
		return nil
	}
	var out []entityGroup
	for _, g := range []struct {
		title, typ string
		names      []string
	}{
		{"People · 人物", search.EntityPerson, e.Persons},
		{"Organizations · 組織", search.EntityOrganization, e.Organizations},
		{"Places · 地名", search.EntityPlace, e.Places},
	} {
		if len(g.names) == 0 {
			continue
		}
		grp := entityGroup{Title: g.title}
		for _, n := range g.names {
			l := entityLink{Label: n, Filter: filterURL(entityParam(g.typ), n)}
			if slugOf != nil {
				l.Page = entityURL(slugOf(g.typ, n))
			}
			grp.Links = append(grp.Links, l)
		}
		out = append(out, grp)
	}
	return out
}

// filterURL is the search page narrowed to one filter value.
func filterURL(param, value string) string {
	return href(url.Values{param: {value}})
}

// itemAnchor is the fragment id of an item on its briefing page: item-05.
func itemAnchor(it archive.Item) string { return fmt.Sprintf("item-%02d", it.Ordinal) }

func week(start, end archive.Date) string {
	switch {
	case start.IsZero():
		return ""
	case end.IsZero() || end.Equal(start.Time):
		return start.String()
	}
	return start.String() + " – " + end.String()
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			return x
		}
	}
	return ""
}
