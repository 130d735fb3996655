package web

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestBrowserSearchAndFacet drives Debian's headless Chromium through the UI the way a
// reader would: search, read the count, narrow by a facet, read the new count, open a
// person's entity page from the facet and go back to the search of their items. It saves
// full-page screenshots outside the repository for a person to look at.
func TestBrowserSearchAndFacet(t *testing.T) {
	chromium := needChromium(t)
	env := newTestEnv(t)
	ts := httptest.NewServer(env.server(t, Options{}))
	defer ts.Close()

	ctx := newBrowser(t, chromium)
	shots := screenshotDir(t)

	// Search from the home page's box, as a person would.
	run(t, ctx, chromedp.Navigate(ts.URL+"/"))
	run(t, ctx, chromedp.WaitVisible(chromedp.CSS(`input[name=q]`)))
	run(t, ctx, chromedp.SendKeys(chromedp.CSS(`input[name=q]`), "Bayramov"))
	loadAfter(t, ctx, chromedp.Click(chromedp.CSS(`header.site button[type=submit]`)))
	if loc := get(t, ctx, chromedp.Location()); !strings.Contains(loc, "q=Bayramov") {
		t.Fatalf("after submitting, the URL is %s", loc)
	}
	total := resultCount(t, ctx)
	if total != 4 {
		t.Fatalf("Bayramov: the page says %d results, want 4", total)
	}
	if hits := len(get(t, ctx, chromedp.Nodes(chromedp.CSSAll(`li.hit`)))); hits != 4 {
		t.Errorf("Bayramov: %d result entries shown, want 4", hits)
	}
	saveShot(t, ctx, shots, "search.png")

	// Click the first facet value that narrows the result, and check the count it promised.
	var target *chromedp.Node
	want := 0
	for _, n := range get(t, ctx, chromedp.Nodes(chromedp.CSSAll(`a.facet-link`))) {
		c, err := strconv.Atoi(n.AttributeValue("data-count"))
		if err == nil && c > 0 && c < total {
			target, want = n, c
			break
		}
	}
	if target == nil {
		t.Fatal("no facet value narrows the Bayramov results")
	}
	loadAfter(t, ctx, chromedp.MouseClickNode(target))
	if got := resultCount(t, ctx); got != want {
		t.Errorf("after the facet click the page says %d results, the facet promised %d", got, want)
	}
	if hits := len(get(t, ctx, chromedp.Nodes(chromedp.CSSAll(`li.hit`)))); hits != want {
		t.Errorf("after the facet click %d entries are shown, want %d", hits, want)
	}
	if chips := get(t, ctx, chromedp.Nodes(chromedp.CSSAll(`li.chip`))); len(chips) != 1 {
		t.Errorf("%d filter chips, want 1", len(chips))
	}
	saveShot(t, ctx, shots, "narrowed.png")

	// The chip's × brings the four back.
	loadAfter(t, ctx, chromedp.Click(chromedp.CSS(`li.chip a.remove`)))
	if got := resultCount(t, ctx); got != 4 {
		t.Errorf("after removing the chip: %d results, want 4", got)
	}

	// The person facet's name opens the entity page; its count is the facet's, its "all items"
	// link leads back to a search with that many results.
	loadAfter(t, ctx, chromedp.Click(chromedp.CSS(`.facet-person a.entity-link`)))
	if loc := get(t, ctx, chromedp.Location()); !strings.Contains(loc, "/entities/") {
		t.Fatalf("the person facet's name led to %s", loc)
	}
	count := get(t, ctx, chromedp.AttributeValue(chromedp.ID(`entity-count`), "data-count"))
	entityItems := len(get(t, ctx, chromedp.Nodes(chromedp.CSSAll(`.entity-items li.hit`))))
	if n, err := strconv.Atoi(count.Value); err != nil || n != entityItems || n == 0 {
		t.Errorf("entity page: count %q, %d items listed", count.Value, entityItems)
	}
	if bars := len(get(t, ctx, chromedp.Nodes(chromedp.CSSAll(`.entity-page svg.chart.wide rect.bar`)))); bars == 0 {
		t.Error("entity page: no month chart")
	}
	loadAfter(t, ctx, chromedp.Click(chromedp.ID(`entity-search`)))
	if got := resultCount(t, ctx); strconv.Itoa(got) != count.Value {
		t.Errorf("the entity's all-items link: %d results, the entity page said %s", got, count.Value)
	}
	run(t, ctx, chromedp.Navigate(ts.URL+"/entities/jeyhun-bayramov"))
	run(t, ctx, chromedp.WaitVisible(chromedp.CSS(`.entity-page`)))
	saveShot(t, ctx, shots, "entity.png")
	run(t, ctx, chromedp.Navigate(ts.URL+"/entities"))
	run(t, ctx, chromedp.WaitVisible(chromedp.CSS(`.entities-page`)))
	saveShot(t, ctx, shots, "entities.png")

	// An item page, and the search on a phone-sized screen.
	run(t, ctx, chromedp.Navigate(ts.URL+"/items/"+env.briefings[0].Items[4].ID))
	run(t, ctx, chromedp.WaitVisible(chromedp.CSS(`article.item`)))
	saveShot(t, ctx, shots, "item.png")
	run(t, ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	run(t, ctx, chromedp.Navigate(ts.URL+"/?q=Bayramov"))
	run(t, ctx, chromedp.WaitVisible(chromedp.ID(`result-count`)))
	saveShot(t, ctx, shots, "phone.png")
	run(t, ctx, chromedp.Navigate(ts.URL+"/entities/jeyhun-bayramov"))
	run(t, ctx, chromedp.WaitVisible(chromedp.CSS(`.entity-page`)))
	saveShot(t, ctx, shots, "entity-phone.png")
}

// needChromium skips a browser test under -short and otherwise fails it, saying what to
// install, when Debian's chromium is missing; it returns chromium's path.
func needChromium(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: skipping the browser test")
	}
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatal("the browser test needs Debian's chromium (apt-get install chromium fonts-noto-cjk; scripts/test installs both); run with -short to skip it")
	}
	return chromium
}

func newBrowser(t *testing.T, chromium string) context.Context {
	t.Helper()
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	return ctx
}

func run(t *testing.T, ctx context.Context, a chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, a); err != nil {
		t.Fatalf("browser: %v", err)
	}
}

func get[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	return v
}

// loadAfter runs a click and waits for the page it leads to.
func loadAfter(t *testing.T, ctx context.Context, a chromedp.Action[chromedp.Void]) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, a)); err != nil {
		t.Fatalf("browser: %v", err)
	}
}

func resultCount(t *testing.T, ctx context.Context) int {
	t.Helper()
	attr := get(t, ctx, chromedp.AttributeValue(chromedp.ID(`result-count`), "data-total"))
	n, err := strconv.Atoi(attr.Value)
	if err != nil {
		t.Fatalf("result count %q: %v", attr.Value, err)
	}
	return n
}

// screenshotDir is outside the repository: $BRIEFSEARCH_SCREENSHOT_DIR or the temp folder.
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("BRIEFSEARCH_SCREENSHOT_DIR")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "briefsearch-screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func saveShot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	png := get(t, ctx, chromedp.FullScreenshot(100)) // quality 100 = PNG
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}
