package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"briefsearch/cite"
	"briefsearch/search"
)

// TestBrowserCite opens an item page in headless Chromium at 1280 and 390 pixels, opens its
// Cite box, reads the citation, follows the permalink and a format link, and looks at the
// home page's This week block; it saves screenshots for a person to look at.
func TestBrowserCite(t *testing.T) {
	chromium := needChromium(t)
	env := newTestEnv(t)
	ts := httptest.NewServer(env.server(t, Options{}))
	defer ts.Close()
	ctx := newBrowser(t, chromium)
	shots := screenshotDir(t)

	b := env.briefings[0]
	it := b.Items[3]
	links := cite.Links{Base: ts.URL}
	w := cite.ForItem(&search.ItemPage{Item: it, BriefingID: b.ID, BriefingTitle: b.Title, Issuer: b.Issuer,
		WeekStart: b.WeekStart, WeekEnd: b.WeekEnd}, links, fixedNow())
	wantText := strings.Split(w.Text(), " Accessed ")[0] // the day is the browser's today

	for _, width := range []int64{1280, 390} {
		if width == 390 {
			run(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
		}
		run(t, ctx, chromedp.Navigate(ts.URL+"/items/"+it.ID))
		run(t, ctx, chromedp.WaitVisible(chromedp.CSS(`details.cite summary`)))
		if open := get(t, ctx, chromedp.Evaluate[bool](`document.querySelector("details.cite").open`)); open {
			t.Error("the Cite box is open before it is clicked")
		}
		run(t, ctx, chromedp.Click(chromedp.CSS(`details.cite summary`)))
		run(t, ctx, chromedp.WaitVisible(chromedp.ID(`citation-text`)))
		text := get(t, ctx, chromedp.Text(chromedp.ID(`citation-text`)))
		if !strings.HasPrefix(text, wantText) || !strings.Contains(text, it.HeadlineJA) || !strings.Contains(text, b.Issuer) {
			t.Errorf("%dpx: the citation reads %q, want it to start %q", width, text, wantText)
		}
		formats := get(t, ctx, chromedp.Nodes(chromedp.CSSAll(`a.cite-format`)))
		if len(formats) != len(cite.Formats) {
			t.Errorf("%dpx: %d format links", width, len(formats))
		}
		// Nothing sticks out sideways on a phone: the long permalink and hash wrap.
		// (Against the width asked for: a mobile viewport widens itself to fit what overflows.)
		if w := get(t, ctx, chromedp.Evaluate[int64](`document.documentElement.scrollWidth`)); w > width {
			t.Errorf("%dpx: the page is %d px wide with the Cite box open: it scrolls sideways", width, w)
		}
		saveShot(t, ctx, shots, map[int64]string{1280: "item-cite.png", 390: "item-cite-phone.png"}[width])
	}

	// The permalink leads back to the item; the BibTeX link gives the entry.
	loadAfter(t, ctx, chromedp.Click(chromedp.CSS(`a.permalink-url`)))
	if loc := get(t, ctx, chromedp.Location()); !strings.HasSuffix(loc, "/items/"+it.ID) {
		t.Errorf("the permalink led to %s", loc)
	}
	// A .bib is a download for a browser (and the page's CSP lets no script fetch): the page's
	// own link is fetched over HTTP.
	href := get(t, ctx, chromedp.Evaluate[string](`document.querySelector("a.cite-format[href$='format=bibtex']").href`))
	resp, err := http.Get(href)
	if err != nil {
		t.Fatal(err)
	}
	bib, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.HasPrefix(string(bib), "@misc{"+w.Key()+",") || !strings.Contains(resp.Header.Get("Content-Disposition"), w.Key()+".bib") {
		t.Errorf("the BibTeX link gives %q", bib[:min(len(bib), 80)])
	}

	// The home page: this week's headlines, and the feeds announced.
	run(t, ctx, chromedp.EmulateViewport(1280, 900))
	run(t, ctx, chromedp.Navigate(ts.URL+"/"))
	run(t, ctx, chromedp.WaitVisible(chromedp.CSS(`section.this-week`)))
	if n := len(get(t, ctx, chromedp.Nodes(chromedp.CSSAll(`section.this-week li`)))); n == 0 {
		t.Error("This week lists no item")
	}
	if feeds := get(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('link[rel=alternate][type="application/atom+xml"]').length`)); feeds != 2 {
		t.Errorf("the home page announces %d feeds, want 2 (this view, the latest issue)", feeds)
	}
	saveShot(t, ctx, shots, "home-this-week.png")
}
