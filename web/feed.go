package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"briefsearch/archive"
	"briefsearch/cite"
	"briefsearch/search"
)

// Atom 1.0 feeds (RFC 4287): /feeds/search.atom?<the search page's parameters> gives the
// newest FeedSize items a search matches, /feeds/latest.atom the newest issue's items. Each
// entry's id is the item's permalink (its content hash: an edited item is a new entry), its
// link the item's page. Feeds change only when the index does, so they answer conditional
// GETs by the generation (ETag, Last-Modified).

// FeedSize is how many entries a feed holds.
const FeedSize = 50

// feedParams are the search parameters a feed takes: the search page's, but the order
// (newest first) and paging are the feed's own.
var feedRefused = []string{paramSort, paramPage, paramSize, paramAfter, paramFacets, paramHighlight, paramTotal}

type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID        string      `xml:"id"`
	Title     string      `xml:"title"`
	Subtitle  string      `xml:"subtitle,omitempty"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel      string `xml:"rel,attr"`
	Type     string `xml:"type,attr,omitempty"`
	Href     string `xml:"href,attr"`
	HrefLang string `xml:"hreflang,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published"`
	Authors    []atomPerson   `xml:"author"`
	Links      []atomLink     `xml:"link"`
	Categories []atomCategory `xml:"category"`
	Summary    string         `xml:"summary"`
}

// feedItem is an item with what its entry needs of its briefing.
type feedItem struct {
	item   archive.Item
	issuer string
}

func (s *Server) handleSearchFeed(c echo.Context) error {
	v, err := queryValues(c.Request())
	if err != nil {
		return err
	}
	for _, p := range feedRefused {
		if _, ok := v[p]; ok {
			return errBadRequest(fmt.Sprintf("%s does not apply to a feed: it holds the newest %d matches, newest first", p, FeedSize))
		}
	}
	req, err := parseRequest(v)
	if err != nil {
		return err
	}
	if s.notModified(c) {
		return nil
	}
	req.Sort, req.Size, req.Facets = "-date", FeedSize, []search.FacetRequest{}
	req.NoHighlights = true // an entry is the item, not its highlights
	ctx, cancel := s.indexCtx(c)
	defer cancel()
	res, err := s.index.Search(ctx, req)
	if err != nil {
		return err
	}
	items := make([]feedItem, 0, len(res.Hits))
	for _, h := range res.Hits {
		p, err := s.index.Item(ctx, h.ID)
		if err != nil {
			return err
		}
		items = append(items, feedItem{p.Item, p.Issuer})
	}
	st := newState(v)
	title := "briefsearch: everything"
	if q := strings.TrimSpace(st.v.Encode()); q != "" {
		title = "briefsearch: " + feedTitle(st.v)
	}
	links := s.links(c)
	return s.sendFeed(c, links, atomFeed{
		Title:    title,
		Subtitle: fmt.Sprintf("The newest %d items matching, newest first", FeedSize),
	}, links.Base+"/feeds/search.atom"+query(st.v), links.Base+href(st.v), items)
}

func (s *Server) handleLatestFeed(c echo.Context) error {
	if err := noParams(c.Request(), "the latest feed"); err != nil {
		return err
	}
	if s.notModified(c) {
		return nil
	}
	ctx, cancel := s.indexCtx(c)
	defer cancel()
	b, err := s.latestBriefing(ctx, FeedSize)
	if err != nil {
		return err
	}
	links := s.links(c)
	feed := atomFeed{Title: "briefsearch: the latest issue"}
	var items []feedItem
	alt := links.Base + "/briefings"
	if b != nil {
		feed.Title += " · " + b.Title + " " + week(b.WeekStart, b.WeekEnd)
		feed.Subtitle = strings.TrimSpace(b.Issuer + " " + b.Subtitle)
		alt = links.Briefing(b.ID)
		for _, it := range b.Items {
			items = append(items, feedItem{it, b.Issuer})
		}
	}
	return s.sendFeed(c, links, feed, links.Base+"/feeds/latest.atom", alt, items)
}

// latestBriefing is the first page (up to size items) of the newest issue; nil when the
// index holds none.
func (s *Server) latestBriefing(ctx context.Context, size int) (*search.BriefingPage, error) {
	list, err := s.index.Briefings(ctx)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	return s.index.BriefingPage(ctx, list[0].ID, 1, min(size, search.MaxBriefingItems))
}

func (s *Server) sendFeed(c echo.Context, links cite.Links, feed atomFeed, self, alternate string, items []feedItem) error {
	corpus := s.index.Corpus()
	feed.ID = self
	feed.Updated = atomTime(corpus.BuiltAt)
	feed.Generator = "briefsearch"
	feed.Links = []atomLink{{Rel: "self", Type: "application/atom+xml", Href: self},
		{Rel: "alternate", Type: "text/html", Href: alternate}}
	for _, fi := range items {
		it := fi.item
		date := atomTime(it.Date.Time)
		e := atomEntry{
			ID:        links.Permalink(it),
			Title:     strings.Join(nonBlank(it.HeadlineEN, it.HeadlineJA), " · "),
			Updated:   date,
			Published: date,
			Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: links.Item(it.ID)},
				{Rel: "related", Type: "text/html", Href: links.Permalink(it)}},
			Categories: []atomCategory{{Term: it.Section, Label: it.SectionTitle}},
			Summary:    feedSummary(it),
		}
		if fi.issuer != "" {
			e.Authors = []atomPerson{{Name: fi.issuer}}
		} else {
			e.Authors = []atomPerson{{Name: "briefsearch"}} // Atom requires an author
		}
		feed.Entries = append(feed.Entries, e)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(feed); err != nil {
		return fmt.Errorf("web: encoding a feed: %w", err)
	}
	buf.WriteString("\n")
	return c.Blob(http.StatusOK, "application/atom+xml; charset=utf-8", buf.Bytes())
}

// notModified sets the feed's validators, the generation served and the request (absolute
// URLs inside depend on the host), and answers 304 when the client has this version.
func (s *Server) notModified(c echo.Context) bool {
	corpus := s.index.Corpus()
	r := c.Request()
	sum := sha256.Sum256([]byte(corpus.Generation + "\x00" + s.links(c).Base + "\x00" + r.URL.Path + "?" + r.URL.RawQuery))
	etag := `"` + hex.EncodeToString(sum[:12]) + `"`
	h := c.Response().Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", "public, max-age=300")
	if !corpus.BuiltAt.IsZero() {
		h.Set("Last-Modified", corpus.BuiltAt.UTC().Format(http.TimeFormat))
	}
	match := false
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			if t = strings.TrimSpace(t); t == etag || t == "*" || strings.TrimPrefix(t, "W/") == etag {
				match = true
			}
		}
	} else if ims, err := http.ParseTime(r.Header.Get("If-Modified-Since")); err == nil && !corpus.BuiltAt.IsZero() {
		match = !corpus.BuiltAt.Truncate(time.Second).After(ims)
	}
	if match {
		c.Response().WriteHeader(http.StatusNotModified)
	}
	return match
}

// feedSummary is the item's headline in Japanese, its first paragraph, and its sources.
func feedSummary(it archive.Item) string {
	first, _, _ := strings.Cut(strings.TrimSpace(it.Body), "\n\n")
	if r := []rune(first); len(r) > 600 {
		first = string(r[:600]) + "…"
	}
	parts := nonBlank(it.HeadlineJA, first)
	var src []string
	for _, s := range it.Sources {
		src = append(src, strings.TrimSpace(s.Name+" "+s.Date.String()))
	}
	if len(src) > 0 {
		parts = append(parts, "("+strings.Join(src, "; ")+")")
	}
	return strings.Join(parts, "\n\n")
}

func atomTime(t time.Time) string {
	if t.IsZero() {
		t = time.Unix(0, 0)
	}
	return t.UTC().Format(time.RFC3339)
}

func nonBlank(s ...string) []string {
	var out []string
	for _, x := range s {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

func query(v url.Values) string {
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

// feedTitle names a search feed by its query and filters: "Bayramov · section: foreign".
func feedTitle(v url.Values) string {
	var parts []string
	if q := v.Get(paramQ); q != "" {
		parts = append(parts, q)
	}
	for _, fp := range filterParams {
		for _, x := range v[fp.param] {
			parts = append(parts, fp.param+": "+x)
		}
	}
	for _, p := range []string{paramFrom, paramTo} {
		if x := v.Get(p); x != "" {
			parts = append(parts, p+" "+x)
		}
	}
	return strings.Join(parts, " · ")
}

// feedURL is the search as an Atom feed: its query and filters, not its order or page.
func (s state) feedURL() string {
	v := s.clone()
	for _, p := range feedRefused {
		v.Del(p)
	}
	return "/feeds/search.atom" + query(v)
}

// thisWeekView is the home page's "this week": the newest issue's headlines.
type thisWeekView struct {
	Title, Week, URL, FeedURL string
	Items                     []weekItem
	More                      int // items of the issue not listed
}

type weekItem struct {
	URL, HeadlineJA, HeadlineEN, Section string
}

// thisWeekItems are the headlines the home page lists of the newest issue.
const thisWeekItems = 10

// thisWeek is the newest issue's first headlines; nil when there is none or it cannot be read
// now (the browse below still shows).
func (s *Server) thisWeek(ctx context.Context) *thisWeekView {
	b, err := s.latestBriefing(ctx, thisWeekItems)
	if err != nil || b == nil {
		return nil
	}
	v := &thisWeekView{Title: firstNonEmpty(b.Title, b.ID), Week: week(b.WeekStart, b.WeekEnd),
		URL: "/briefings/" + url.PathEscape(b.ID), FeedURL: "/feeds/latest.atom", More: b.TotalItems - len(b.Items)}
	for _, it := range b.Items {
		v.Items = append(v.Items, weekItem{URL: "/items/" + url.PathEscape(it.ID), HeadlineJA: it.HeadlineJA,
			HeadlineEN: it.HeadlineEN, Section: firstNonEmpty(it.SectionTitle, it.Section)})
	}
	return v
}
