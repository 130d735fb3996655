package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"briefsearch/cite"
	"briefsearch/search"
)

// handleSearchPage is "/": browse (no query) or search, with the facet sidebar. A bad query
// re-renders the form with the message and status 400, so the user can fix it in place.
func (s *Server) handleSearchPage(c echo.Context) error {
	st := newState(c.QueryParams())
	p := searchPage{Layout: s.layout("search", "Search · 検索"), Hidden: st.hidden()}
	p.Q = st.v.Get(paramQ)
	p.Searched = len(st.v) > 0
	if p.Q != "" {
		p.Title = p.Q
	}
	p.APIURL = st.apiURL("/api/v1/search", false)
	p.CSVURL = st.apiURL("/api/v1/search.csv", true)
	p.JSONLURL = st.apiURL("/api/v1/search.jsonl", true)
	p.FeedURL = st.feedURL()
	p.FacetsCSVURL = st.aggregateURL("/api/v1/search/facets.csv")
	p.TimelineCSVURL = st.aggregateURL("/api/v1/search/timeline.csv")

	// The page refuses what the API refuses (searchRequest, on the whole query string), then
	// runs with its own page size and facets.
	req, err := searchRequest(c.Request())
	if err == nil {
		req.Size, req.Facets = uiPageSize, uiFacets()
		ctx, cancel := s.indexCtx(c)
		defer cancel()
		var res *search.Result
		if res, err = s.index.Search(ctx, req); err == nil {
			p.fill(st, res, s.index.EntitySlug)
			if !p.Searched {
				p.ThisWeek = s.thisWeek(ctx)
			}
			return s.render(c, http.StatusOK, "search", p)
		}
	}
	if h, _ := classify(err); h.Status == http.StatusBadRequest {
		p.Error = h.Msg
		p.Chips = chips(st, nil)
		p.ClearAll = st.clearFilters()
		return s.render(c, http.StatusBadRequest, "search", p)
	}
	return err
}

func (s *Server) handleItemPage(c echo.Context) error {
	ctx, cancel := s.indexCtx(c)
	defer cancel()
	page, err := s.index.Item(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	v := newItemPage(s.layout("", ""), page, s.index.EntitySlug)
	w := cite.ForItem(page, s.links(c), s.now())
	v.Cite, v.Meta = newCiteBlock(w, "/api/v1/items/"+url.PathEscape(page.Item.ID)+"/cite"), highwireTags(w)
	if l := s.sectionLabels(ctx)[page.Item.Section]; l != "" {
		v.SectionTitle = l
	}
	return s.render(c, http.StatusOK, "item", v)
}

// handleBriefingPage is one page of an issue (?page=), search.DefaultBriefingItems items.
func (s *Server) handleBriefingPage(c echo.Context) error {
	page, _, err := briefingParams(c.Request(), false)
	if err != nil {
		return err
	}
	ctx, cancel := s.indexCtx(c)
	defer cancel()
	b, err := s.index.BriefingPage(ctx, c.Param("id"), page, 0)
	if err != nil {
		return err
	}
	v := newBriefingPage(s.layout("briefings", ""), b)
	v.Cite = newCiteBlock(cite.ForBriefing(&b.Briefing, s.links(c), s.now()), "/api/v1/briefings/"+url.PathEscape(b.ID)+"/cite")
	labels := s.sectionLabels(ctx)
	for i, sec := range v.Sections {
		if l := labels[sec.Key]; l != "" {
			v.Sections[i].Label = l
		}
	}
	return s.render(c, http.StatusOK, "briefing", v)
}

func (s *Server) handleBriefingsPage(c echo.Context) error {
	ctx, cancel := s.indexCtx(c)
	defer cancel()
	list, err := s.index.Briefings(ctx)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "briefings", newBriefingsPage(s.layout("briefings", ""), list))
}

// sectionLabels are the bilingual section names the search's section facet carries. A
// browse without a query is cached by the search, so pages can ask for them freely; without
// them a page shows the Japanese title as printed.
func (s *Server) sectionLabels(ctx context.Context) map[string]string {
	res, err := s.index.Search(ctx, search.Request{Size: 1,
		Facets: []search.FacetRequest{{Name: search.FacetSection, Size: search.MaxFacetSize}}})
	if err != nil {
		return nil
	}
	return sectionLabels(res.Facets)
}

type errorPage struct {
	Layout
	Status  int
	Message string
}

// renderError is the HTML face of handleError. If even that fails, plain text will do.
func (s *Server) renderError(c echo.Context, h httpError) error {
	p := errorPage{Layout: s.layout("", http.StatusText(h.Status)), Status: h.Status, Message: h.Msg}
	err := s.render(c, h.Status, "error", p)
	if err != nil {
		return errors.Join(err, c.String(h.Status, h.Msg))
	}
	return nil
}
