package web

import (
	"context"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserTimelineAndCompare looks at the time views in Chromium on a multi-year index
// (2009–2026, bench/gen), wide and phone-sized: the timeline's year bars, a year's months, the
// compare chart, and that nothing is wider than a phone. Screenshots go where the other browser
// test puts them.
func TestBrowserTimelineAndCompare(t *testing.T) {
	chromium := needChromium(t)
	env := newYearsEnv(t)
	ts := httptest.NewServer(env.server(t, Options{}))
	defer ts.Close()
	ctx := newBrowser(t, chromium)
	shots := screenshotDir(t)
	first, last := env.yearSpan()

	// Wide: the whole archive by year, a bar and a tick per year, every bar a year's link.
	run(t, ctx, chromedp.Navigate(ts.URL+"/"))
	run(t, ctx, chromedp.WaitVisible(chromedp.CSS(`.timeline svg.chart.wide`)))
	bars := get(t, ctx, chromedp.Nodes(chromedp.CSSAll(`.timeline svg.chart.wide a.bar-link`)))
	ticks := get(t, ctx, chromedp.Nodes(chromedp.CSSAll(`.timeline svg.chart.wide line.year-tick`)))
	if len(ticks) != last-first+1 || len(bars) == 0 || len(bars) > len(ticks) {
		t.Errorf("the archive spans %d–%d: %d year ticks, %d year bars", first, last, len(ticks), len(bars))
	}
	yearLink := regexp.MustCompile(`^/\?from=(\d{4})&to=(\d{4})$`)
	for _, b := range bars {
		if m := yearLink.FindStringSubmatch(b.AttributeValue("href")); m == nil || m[1] != m[2] {
			t.Errorf("a year bar links to %s", b.AttributeValue("href"))
		}
	}
	if labels := visibleTexts(t, ctx, ".timeline svg.chart.wide text.year-label"); len(labels) < (last-first+1)/2 {
		t.Errorf("only %d year labels on the wide chart: %v", len(labels), labels)
	}
	if n := len(get(t, ctx, chromedp.Nodes(chromedp.CSSAll(`.timeline svg.chart.wide .grid text`)))); n < 3 {
		t.Errorf("the count scale has %d ticks", n)
	}
	saveShot(t, ctx, shots, "timeline.png")

	// A year: its months, as many items as its bar said.
	loadAfter(t, ctx, chromedp.Click(chromedp.CSS(`.timeline svg.chart.wide a.bar-link[href="/?from=2018&to=2018"]`)))
	if got, want := resultCount(t, ctx), env.itemsIn(2018); got != want {
		t.Errorf("2018: the page says %d items, the archive has %d", got, want)
	}
	if n := len(get(t, ctx, chromedp.Nodes(chromedp.CSSAll(`.timeline.by-month svg.chart.wide .bars rect`)))); n != 12 {
		t.Errorf("2018 by month: %d bars", n)
	}
	saveShot(t, ctx, shots, "timeline-2018.png")

	queries := []string{"Baku", `person:"Jeyhun Bayramov"`, "地雷除去"}
	compare := ts.URL + "/compare?" + url.Values{"q": queries}.Encode()
	run(t, ctx, chromedp.Navigate(compare))
	run(t, ctx, chromedp.WaitVisible(chromedp.ID(`compare-chart`)))
	if n := len(get(t, ctx, chromedp.Nodes(chromedp.CSSAll(`#compare-chart svg.chart.wide polyline`)))); n != len(queries) {
		t.Errorf("compare: %d lines for %d searches", n, len(queries))
	}
	if n := len(get(t, ctx, chromedp.Nodes(chromedp.CSSAll(`#compare-chart .series-legend li`)))); n != len(queries) {
		t.Errorf("compare: %d legend entries", n)
	}
	saveShot(t, ctx, shots, "compare.png")

	// A phone: the narrow drawings show, their labels do not overlap, nothing scrolls sideways.
	run(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	for _, page := range []struct{ url, chart, shot string }{
		{ts.URL + "/", ".timeline svg.chart.narrow", "timeline-phone.png"},
		{ts.URL + "/?from=2017&to=2019", ".timeline svg.chart.narrow", "timeline-months-phone.png"},
		{compare, "#compare-chart svg.chart.narrow", "compare-phone.png"},
	} {
		run(t, ctx, chromedp.Navigate(page.url))
		run(t, ctx, chromedp.WaitVisible(chromedp.CSS(page.chart)))
		if w := get(t, ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 390 {
			t.Errorf("%s at 390 px: the page is %d px wide", page.url, w)
		}
		if overlaps := get(t, ctx, chromedp.Evaluate[int](overlapJS(page.chart+" .xaxis text"))); overlaps > 0 {
			t.Errorf("%s at 390 px: %d axis labels overlap", page.url, overlaps)
		}
		if shown := len(visibleTexts(t, ctx, page.chart+" .xaxis text.year-label")); shown == 0 {
			t.Errorf("%s at 390 px: no year labels", page.url)
		}
		saveShot(t, ctx, shots, page.shot)
	}
}

// overlapJS counts pairs of the selected, rendered elements whose boxes overlap.
func overlapJS(sel string) string {
	return `(() => { const r = [...document.querySelectorAll(` + strconv.Quote(sel) + `)].map(e => e.getBoundingClientRect()).filter(b => b.width > 0);
	let n = 0; for (let i = 0; i < r.length; i++) for (let j = i + 1; j < r.length; j++) {
	  const a = r[i], b = r[j]; if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) n++; }
	return n; })()`
}

// visibleTexts are the texts of the selected elements that the page renders.
func visibleTexts(t *testing.T, ctx context.Context, sel string) []string {
	t.Helper()
	return get(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(`+strconv.Quote(sel)+
		`)].filter(e => e.getBoundingClientRect().width > 0).map(e => e.textContent)`))
}

// yearSpan is the first and last year of the environment's dated items.
func (e *testEnv) yearSpan() (first, last int) {
	for _, b := range e.briefings {
		for _, it := range b.Items {
			if y := it.Date.Year(); !it.Date.IsZero() {
				if first == 0 || y < first {
					first = y
				}
				last = max(last, y)
			}
		}
	}
	return first, last
}
