package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"github.com/labstack/echo/v4"

	"briefsearch/search"
)

// The entity pages: /entities (the list, by type) and /entities/:slug. Typed view data as
// everywhere else; names stay strings, so html/template escapes them.

// entityTypeTitles label entity types in both languages, plural for lists and singular for
// one entity.
var entityTypeTitles = map[string][3]string{
	search.EntityPerson:       {"People · 人物", "Person · 人物", "people"},
	search.EntityOrganization: {"Organizations · 組織", "Organization · 組織", "organizations"},
	search.EntityPlace:        {"Places · 地名", "Place · 地名", "places"},
}

// uiEntityList is how many entities a type shows on /entities; a chosen type pages by uiEntityPage.
const (
	uiEntityList = 30
	uiEntityPage = 100
)

type entitiesPage struct {
	Layout
	EntityQ string // the list's own filter box (the header keeps the search box)
	Type    string
	Types   []typeTab
	Groups  []entityListGroup
	Pager   pager
	Error   string
	JSONURL string
}

type typeTab struct {
	Label   string
	URL     string
	Count   int
	Current bool
}

type entityListGroup struct {
	Title, Type string
	Noun        string // "people", for the link to the whole list
	Total       int
	Entities    []entityRow
	More        string // the whole list of this type, when only the top is shown
}

type entityRow struct {
	Label, Japanese, URL string
	Count                int
	Rules                bool // found by the extraction rules, not listed in the gazetteer
}

func (s *Server) handleEntitiesPage(c echo.Context) error {
	p := entitiesPage{Layout: s.layout("entities", "Entities · 固有名詞")}
	q, err := entityQuery(c.Request())
	p.EntityQ, p.Type = q.Q, q.Type
	if err == nil && q.Type != "" && entityTypeTitles[q.Type][0] == "" {
		err = errBadRequest("type " + strconv.Quote(q.Type) + " is not one of person, organization, place")
	}
	if err != nil {
		if h, _ := classify(err); h.Status == http.StatusBadRequest {
			p.Error = h.Msg
			return s.render(c, http.StatusBadRequest, "entities", p)
		}
		return err
	}
	ctx, cancel := s.indexCtx(c)
	defer cancel()
	p.JSONURL = "/api/v1/entities" + listQuery(q.Type, q.Q, 0)
	all := 0
	for _, typ := range search.EntityTypes() {
		size := 1 // only the count, for the tab
		if q.Type == "" {
			size = uiEntityList
		} else if q.Type == typ {
			size = uiEntityPage
		}
		page := 0
		if q.Type == typ {
			page = q.Page
		}
		list, err := s.index.Entities(ctx, search.EntityQuery{Type: typ, Q: q.Q, Page: page, Size: size})
		if err != nil {
			return err
		}
		all += list.Total
		p.Types = append(p.Types, typeTab{Label: entityTypeTitles[typ][0], URL: "/entities" + listQuery(typ, q.Q, 0),
			Count: list.Total, Current: q.Type == typ})
		if q.Type != "" && q.Type != typ || list.Total == 0 {
			continue
		}
		g := entityListGroup{Title: entityTypeTitles[typ][0], Type: typ, Noun: entityTypeTitles[typ][2], Total: list.Total}
		for _, e := range list.Entities {
			g.Entities = append(g.Entities, entityRow{Label: e.Name, Japanese: firstJapanese(e.Aliases),
				URL: entityURL(e.Slug), Count: e.ItemCount, Rules: !e.Gazetteer})
		}
		if q.Type == "" && list.Total > len(list.Entities) {
			g.More = "/entities" + listQuery(typ, q.Q, 0)
		} else if q.Type != "" {
			p.Pager = listPager(typ, q.Q, list)
		}
		p.Groups = append(p.Groups, g)
	}
	p.Types = append([]typeTab{{Label: "All · すべて", URL: "/entities" + listQuery("", q.Q, 0), Count: all,
		Current: q.Type == ""}}, p.Types...)
	return s.render(c, http.StatusOK, "entities", p)
}

// listQuery is the query string of an entity list view ("" when it has none).
func listQuery(typ, q string, page int) string {
	v := url.Values{}
	if typ != "" {
		v.Set(paramType, typ)
	}
	if q != "" {
		v.Set(paramQ, q)
	}
	if page > 1 {
		v.Set(paramPage, strconv.Itoa(page))
	}
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

// listPager links the pages of one type's list around the current one.
func listPager(typ, q string, list *search.EntityList) pager {
	last := (list.Total + list.Size - 1) / max(list.Size, 1)
	last = min(last, search.MaxWindow/max(list.Size, 1))
	return pagesAround(max(list.Page, 1), last, func(n int) string { return "/entities" + listQuery(typ, q, n) })
}

type entityPage struct {
	Layout
	Name          string
	Type          string
	TypeTitle     string // singular
	TypesTitle    string // plural, for the breadcrumb
	Japanese      string // the first Japanese name, beside the canonical one
	OtherJapanese []string
	OtherLatin    []string
	Roles         []string
	Gazetteer     bool
	Count         int
	FirstSeen     string
	LastSeen      string
	Timeline      timeline
	Items         []entityItemView
	More          string // the search listing every item
	CoMentions    []coMentionGroup
	JSONURL       string
}

type entityItemView struct {
	URL, ID, Date, SectionLabel, HeadlineJA, HeadlineEN string
}

type coMentionGroup struct {
	Title    string
	Entities []coMentionLink
}

type coMentionLink struct {
	Label  string
	Page   string
	Shared int
	Search string // the items the two share
}

func (s *Server) handleEntityPage(c echo.Context) error {
	e, err := s.entity(c)
	if err != nil {
		return err
	}
	ctx, cancel := s.indexCtx(c)
	defer cancel()
	p := newEntityPage(s.layout("entities", e.Name), e, s.sectionLabels(ctx))
	return s.render(c, http.StatusOK, "entity", p)
}

func newEntityPage(l Layout, e *search.EntityPage, sections map[string]string) entityPage {
	titles := entityTypeTitles[e.Type]
	p := entityPage{Layout: l, Name: e.Name, Type: e.Type, TypeTitle: titles[1], TypesTitle: titles[0],
		Roles: e.Roles, Gazetteer: e.Gazetteer, Count: e.ItemCount, FirstSeen: e.FirstSeen.String(),
		LastSeen: e.LastSeen.String(), JSONURL: "/api/v1/entities/" + url.PathEscape(e.Slug)}
	if len(e.NamesJapanese) > 0 {
		p.Japanese, p.OtherJapanese = e.NamesJapanese[0], e.NamesJapanese[1:]
	}
	if len(e.NamesLatin) > 1 {
		p.OtherLatin = e.NamesLatin[1:]
	}
	param := entityParam(e.Type)
	st := state{url.Values{param: {e.Name}}}
	p.Timeline = newTimeline(st, search.NewTimeline(e.Months, ""))
	p.Timeline.Compare = "/compare?" + url.Values{paramQ: {qualifierName(e.Type) + ":" + quoteValue(e.Name)}}.Encode()
	if e.ItemCount > 0 {
		p.More = requestURL("/", e.ItemsRequest, "")
	}
	for _, it := range e.Items {
		p.Items = append(p.Items, entityItemView{URL: "/items/" + url.PathEscape(it.ID), ID: it.ID, Date: it.Date.String(),
			SectionLabel: sectionLabel(sections, it.Section, it.SectionTitle), HeadlineJA: it.HeadlineJA, HeadlineEN: it.HeadlineEN})
	}
	for _, g := range e.CoMentions {
		if len(g.Entities) == 0 {
			continue
		}
		cg := coMentionGroup{Title: entityTypeTitles[g.Type][0]}
		for _, cm := range g.Entities {
			cg.Entities = append(cg.Entities, coMentionLink{Label: cm.Name, Page: entityURL(cm.Slug), Shared: cm.SharedItems,
				Search: sharedSearch(e.Type, e.Name, cm.Type, cm.Name)})
		}
		p.CoMentions = append(p.CoMentions, cg)
	}
	return p
}

// sharedSearch is the search for the items two entities share: their qualifiers ANDed (two
// values of one filter would be ORed). A name with a double quote cannot be quoted: no link.
func sharedSearch(typA, nameA, typB, nameB string) string {
	if strings.Contains(nameA+nameB, `"`) {
		return ""
	}
	q := qualifierName(typA) + `:"` + nameA + `" ` + qualifierName(typB) + `:"` + nameB + `"`
	return href(url.Values{paramQ: {q}, paramSort: {search.SortDateDesc}})
}

// firstSlug is the slug of the entity named name, trying the types in order (a query
// expansion names the entity but not its type's facet).
func firstSlug(slugOf slugFunc, name string) string {
	for _, typ := range search.EntityTypes() {
		if slug := slugOf(typ, name); slug != "" {
			return slug
		}
	}
	return ""
}

// qualifierName is the query language's qualifier of an entity type (the filter's name).
func qualifierName(typ string) string { return entityParam(typ) }

func firstJapanese(names []string) string {
	for _, n := range names {
		if strings.ContainsFunc(n, func(r rune) bool { return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) }) {
			return n
		}
	}
	return ""
}
