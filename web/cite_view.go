package web

import (
	"net/url"
	"strings"

	"briefsearch/archive"
	"briefsearch/cite"
	"briefsearch/search"
)

// citeBlock is the Cite box of an item or briefing page: the plain-text citation to copy and
// the other formats to download.
type citeBlock struct {
	Text      string
	Permalink string // absolute (items only)
	Formats   []link
}

func newCiteBlock(w cite.Work, api string) citeBlock {
	b := citeBlock{Text: w.Text()}
	if w.Item != nil {
		b.Permalink = w.URL
	}
	for _, f := range cite.Formats {
		b.Formats = append(b.Formats, link{Label: f.Label(), URL: api + "?" + url.Values{paramFormat: {string(f)}}.Encode()})
	}
	return b
}

// metaTag is one <meta name content> of the page head: Highwire Press citation_* tags, which
// Zotero, Google Scholar and Mendeley read from an item page.
type metaTag struct {
	Name, Content string
}

// highwireTags describe an item page. citation_author is the institution (the issuer);
// citation_publication_date and citation_date the first day; citation_technical_report_institution
// and _number make it a report to readers that know the type.
func highwireTags(w cite.Work) []metaTag {
	tags := []metaTag{
		{"citation_title", w.Title()},
		{"citation_author", w.Issuer},
		{"citation_publisher", w.Issuer},
		{"citation_technical_report_institution", w.Issuer},
		{"citation_series_title", w.BriefingTitle},
	}
	if !w.WeekStart.IsZero() {
		d := w.WeekStart.Format("2006/01/02")
		tags = append(tags, metaTag{"citation_publication_date", d}, metaTag{"citation_date", d})
	}
	if w.Item != nil {
		tags = append(tags, metaTag{"citation_technical_report_number", w.Item.ID})
		if w.Item.HeadlineEN != "" {
			tags = append(tags, metaTag{"dc.title.alternative", w.Item.HeadlineEN})
		}
	}
	tags = append(tags,
		metaTag{"citation_public_url", w.URL},
		metaTag{"citation_abstract_html_url", w.URL},
		metaTag{"citation_language", "ja"},
		metaTag{"citation_language", "en"},
	)
	if w.ContentHash != "" {
		tags = append(tags, metaTag{"citation_id", w.ContentHash})
	}
	out := tags[:0]
	for _, t := range tags {
		if t.Content = strings.TrimSpace(t.Content); t.Content != "" {
			out = append(out, t)
		}
	}
	return out
}

// permalinkPage shows what became of an item a permalink named: the version it named and,
// when there is one, the version now in the issue.
type permalinkPage struct {
	Layout
	Hash     string
	Changed  bool
	Past     versionView   // the version the permalink named
	Between  []versionView // later versions that were replaced too
	Current  *versionView  // the version in the issue now (changed)
	Briefing string        // the page
}

type versionView struct {
	ID, HeadlineJA, HeadlineEN, Date, URL, Hash, Gone string
	Paragraphs                                        []string
	Note                                              string
	Sources                                           []sourceLink
}

func newVersionView(it archive.Item, hash string) versionView {
	return versionView{ID: it.ID, HeadlineJA: it.HeadlineJA, HeadlineEN: it.HeadlineEN, Date: it.Date.String(),
		Hash: hash, Paragraphs: paragraphs(it.Body), Note: it.Note, Sources: sourceLinks(it.Sources)}
}

func newPermalinkPage(l Layout, p *search.Permalink, current *search.ItemPage) permalinkPage {
	v := permalinkPage{Layout: l, Hash: p.Hash, Changed: p.Status == search.PermalinkChanged}
	if len(p.Past) > 0 {
		first := p.Past[0]
		v.Past = newVersionView(first.Item, first.Hash)
		v.Past.Gone = first.Recorded.UTC().Format("2006-01-02")
		v.Briefing = "/briefings/" + url.PathEscape(first.BriefingID)
		for _, b := range p.Past[1:] {
			bv := newVersionView(b.Item, b.Hash)
			bv.Gone = b.Recorded.UTC().Format("2006-01-02")
			v.Between = append(v.Between, bv)
		}
	}
	if v.Changed {
		l.Title = "Changed: " + firstNonEmpty(v.Past.HeadlineEN, v.Past.HeadlineJA)
	} else {
		l.Title = "Removed: " + firstNonEmpty(v.Past.HeadlineEN, v.Past.HeadlineJA)
	}
	v.Layout = l
	if current != nil {
		cv := newVersionView(current.Item, p.CurrentHash)
		cv.URL = "/items/" + url.PathEscape(current.Item.ID)
		v.Current = &cv
	}
	return v
}
