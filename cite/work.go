package cite

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"briefsearch/archive"
	"briefsearch/search"
)

// Work is what a citation names: an item of a briefing, or a whole briefing (Item nil).
type Work struct {
	Issuer        string // 在アゼルバイジャン日本国大使館, as printed
	BriefingID    string
	BriefingTitle string // アゼルバイジャン政治・治安情報
	Subtitle      string // (公開情報とりまとめ)
	WeekStart     archive.Date
	WeekEnd       archive.Date
	Item          *archive.Item // nil: the briefing itself
	ContentHash   string        // "sha256:…" of the item; "" for a briefing
	URL           string        // the permalink (an item) or the briefing's page, absolute
	Accessed      archive.Date
}

// Links makes the absolute URLs a citation carries from the server's public base URL
// ("https://briefs.example.org", no trailing slash needed).
type Links struct {
	Base string
}

// Permalink is the item's permalink: /p/<short hash>.
func (l Links) Permalink(it archive.Item) string {
	return l.PermalinkOf(it.ContentHash())
}

// PermalinkOf is the permalink of the item whose content hash ("sha256:…") is given: for a
// caller that has the hash already (hashing an item normalizes all its text).
func (l Links) PermalinkOf(contentHash string) string {
	return strings.TrimRight(l.Base, "/") + "/p/" + strings.TrimPrefix(contentHash, "sha256:")[:archive.ShortHashLen]
}

// Briefing is the briefing's page.
func (l Links) Briefing(id string) string {
	return strings.TrimRight(l.Base, "/") + "/briefings/" + url.PathEscape(id)
}

// Item is the item's page by its position id (which a corrected issue may move).
func (l Links) Item(id string) string {
	return strings.TrimRight(l.Base, "/") + "/items/" + url.PathEscape(id)
}

// ForItem is the citation of an item page, accessed on the day of now (UTC).
func ForItem(p *search.ItemPage, l Links, now time.Time) Work {
	it := p.Item
	return Work{Issuer: p.Issuer, BriefingID: p.BriefingID, BriefingTitle: p.BriefingTitle,
		WeekStart: p.WeekStart, WeekEnd: p.WeekEnd, Item: &it, ContentHash: it.ContentHash(),
		URL: l.Permalink(it), Accessed: day(now)}
}

// ForBriefing is the citation of a whole issue.
func ForBriefing(b *archive.Briefing, l Links, now time.Time) Work {
	return Work{Issuer: b.Issuer, BriefingID: b.ID, BriefingTitle: b.Title, Subtitle: b.Subtitle,
		WeekStart: b.WeekStart, WeekEnd: b.WeekEnd, URL: l.Briefing(b.ID), Accessed: day(now)}
}

func day(t time.Time) archive.Date {
	t = t.UTC()
	return archive.DateOf(t.Year(), t.Month(), t.Day())
}

// Key is the citation key: briefsearch-<item id> or briefsearch-<briefing id>.
func (w Work) Key() string {
	if w.Item != nil {
		return "briefsearch-" + w.Item.ID
	}
	return "briefsearch-" + w.BriefingID
}

// Title is the work's title: the Japanese headline with the English one in brackets (the
// issue prints the Japanese first; Chicago gives a translated title so), or the briefing's.
func (w Work) Title() string {
	if w.Item == nil {
		return oneLine(w.BriefingTitle)
	}
	ja, en := oneLine(w.Item.HeadlineJA), oneLine(w.Item.HeadlineEN)
	switch {
	case ja == "":
		return en
	case en == "":
		return ja
	}
	return ja + " [" + en + "]"
}

// FileName is a name for the citation saved as a file: the key and the format's extension.
func (w Work) FileName(f Format) string {
	return w.Key() + f.Ext()
}

// sourcesText lists the item's original sources: "TREND, 22.05.2026; APA, 23.05.2026", the
// dates as the briefing prints them.
func (w Work) sourcesText() string {
	if w.Item == nil {
		return ""
	}
	parts := make([]string, 0, len(w.Item.Sources))
	for _, s := range w.Item.Sources {
		p := oneLine(s.Name)
		if !s.Date.IsZero() {
			p += ", " + s.Date.Format("02.01.2006")
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "; ")
}

// week is the week in Chicago's manner: "May 16–22, 2026".
func (w Work) week() string {
	s, e := w.WeekStart, w.WeekEnd
	switch {
	case s.IsZero():
		return ""
	case e.IsZero() || e.Equal(s.Time):
		return longDate(s)
	case s.Year() != e.Year():
		return longDate(s) + "–" + longDate(e)
	case s.Month() != e.Month():
		return fmt.Sprintf("%s %d–%s %d, %d", s.Month(), s.Day(), e.Month(), e.Day(), e.Year())
	}
	return fmt.Sprintf("%s %d–%d, %d", s.Month(), s.Day(), e.Day(), e.Year())
}

func longDate(d archive.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Format("January 2, 2006")
}

// oneLine is s with every run of white space (newlines too) one space, and control
// characters dropped: what every format's field holds.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
