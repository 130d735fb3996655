package web

import (
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserDidYouMean: a mistyped name shows a "did you mean" link whose promised count is
// what the page it leads to finds; the explanation opens from its summary without script; an
// unknown qualifier's warning shows; on a phone-sized screen nothing overflows sideways.
func TestBrowserDidYouMean(t *testing.T) {
	chromium := needChromium(t)
	env := newTestEnv(t)
	ts := httptest.NewServer(env.server(t, Options{}))
	defer ts.Close()
	ctx := newBrowser(t, chromium)
	shots := screenshotDir(t)

	for _, screen := range []struct {
		name          string
		width, height int64
		mobile        bool
	}{{"wide", 1280, 900, false}, {"phone", 390, 844, true}} {
		if screen.mobile {
			run(t, ctx, chromedp.EmulateViewport(screen.width, screen.height, chromedp.EmulateMobile))
		} else {
			run(t, ctx, chromedp.EmulateViewport(screen.width, screen.height))
		}
		q := "Bairamov after:2026-05-20"
		run(t, ctx, chromedp.Navigate(ts.URL+"/?q="+url.QueryEscape(q)))
		run(t, ctx, chromedp.WaitVisible(chromedp.CSS(`.did-you-mean a.suggestion`)))
		if got := resultCount(t, ctx); got != 0 {
			t.Fatalf("%s: %q finds %d items; the test needs none", screen.name, q, got)
		}
		if n := len(get(t, ctx, chromedp.Nodes(chromedp.CSSAll(`.query-warning`)))); n != 1 {
			t.Errorf("%s: %d warnings shown, want 1 (after: is no qualifier)", screen.name, n)
		}
		// The explanation is collapsed until its summary is clicked.
		if open := get(t, ctx, chromedp.Evaluate[bool](`document.querySelector("details.explain").open`)); open {
			t.Errorf("%s: the explanation starts open", screen.name)
		}
		run(t, ctx, chromedp.Click(chromedp.CSS(`details.explain summary`)))
		run(t, ctx, chromedp.WaitVisible(chromedp.CSS(`details.explain dd`)))
		if w := get(t, ctx, chromedp.Evaluate[int64](`document.documentElement.scrollWidth`)); w > screen.width {
			t.Errorf("%s: the page is %d px wide, wider than the screen", screen.name, w)
		}
		saveShot(t, ctx, shots, "didyoumean-"+screen.name+".png")

		link := get(t, ctx, chromedp.Nodes(chromedp.CSS(`.did-you-mean a.suggestion`)))[0]
		promised, err := strconv.Atoi(link.AttributeValue("data-total"))
		if err != nil || promised == 0 {
			t.Fatalf("%s: the suggestion promises %q items", screen.name, link.AttributeValue("data-total"))
		}
		loadAfter(t, ctx, chromedp.MouseClickNode(link))
		if got := resultCount(t, ctx); got != promised {
			t.Errorf("%s: the suggestion promised %d items, its page finds %d", screen.name, promised, got)
		}
		if hits := len(get(t, ctx, chromedp.Nodes(chromedp.CSSAll(`li.hit`)))); hits != min(promised, uiPageSize) {
			t.Errorf("%s: %d hits shown, want %d", screen.name, hits, min(promised, uiPageSize))
		}
		if loc := get(t, ctx, chromedp.Location()); !strings.Contains(loc, "q=") || strings.Contains(loc, "Bairamov") {
			t.Errorf("%s: the suggestion led to %s", screen.name, loc)
		}

		// Japanese, and a section named by its title as printed: the explanation shows the
		// segmentation and the key the title was taken for.
		sec := env.briefings[0].Sections[0]
		q = "地雷除去 section:" + sec.Title
		run(t, ctx, chromedp.Navigate(ts.URL+"/?q="+url.QueryEscape(q)))
		run(t, ctx, chromedp.WaitVisible(chromedp.ID(`result-count`)))
		if got := resultCount(t, ctx); got == 0 {
			t.Errorf("%s: %q finds nothing", screen.name, q)
		}
		run(t, ctx, chromedp.Click(chromedp.CSS(`details.explain summary`)))
		run(t, ctx, chromedp.WaitVisible(chromedp.CSS(`details.explain dd`)))
		text := get(t, ctx, chromedp.Text(chromedp.CSS(`details.explain dl`)))
		for _, want := range []string{"kagome: ", "bigram phrase: ", "section:" + sec.Key, "typed as section:" + sec.Title} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the explanation of %q lacks %q: %s", screen.name, q, want, text)
			}
		}
		saveShot(t, ctx, shots, "explain-"+screen.name+".png")
	}
}
