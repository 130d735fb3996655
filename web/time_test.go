package web

import (
	"bytes"
	"encoding/csv"
	"html"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"briefsearch/bench/gen"
	"briefsearch/search"
)

// timeCalls are TestOpenAPIPathsAnswer's calls of the routes this file tests: the happy one
// first, then ones that must fail.
var timeCalls = map[string][]string{
	"/api/v1/search/facets":       {"?q=Bayramov", "?facets=year,person:3&from=2026", "?month=2026", "?page=2", "?highlight=false"},
	"/api/v1/search/facets.csv":   {"?q=Bayramov", "?q=%22unclosed"},
	"/api/v1/search/timeline":     {"?q=Bayramov&by=year", "?from=2026-05&to=2026", "?by=week", "?sort=date"},
	"/api/v1/search/timeline.csv": {"?q=Bayramov", "?by=decade"},
	"/api/v1/compare":             {"?q=Bayramov&q=person:%22Ilham+Aliyev%22", "?q=a&q=b&q=c&q=d&q=e", "?by=month"},
	"/api/v1/compare.csv":         {"?q=Bayramov&q=%E5%9C%B0%E9%9B%B7%E9%99%A4%E5%8E%BB&by=year", "?q=%22open"},
}

// A multi-year index, 2009–2026, from the benchmark's generator: what the timeline, the year
// facet and the comparisons are for. Built once per test binary.
var (
	yearsOnce sync.Once
	yearsEnv  *testEnv
	yearsErr  error
)

func newYearsEnv(t testing.TB) *testEnv {
	t.Helper()
	newTestEnv(t) // makes sharedDir, which TestMain removes
	yearsOnce.Do(func() {
		dir, err := os.MkdirTemp(sharedDir, "years-")
		if err != nil {
			yearsErr = err
			return
		}
		opts := gen.Options{Items: 1800, Seed: 7, First: time.Date(2009, 1, 3, 0, 0, 0, 0, time.UTC),
			Last: time.Date(2026, 5, 16, 0, 0, 0, 0, time.UTC)}
		archiveDir := filepath.Join(dir, "archive")
		if _, yearsErr = gen.WriteDir(opts, archiveDir); yearsErr != nil {
			return
		}
		yearsEnv, yearsErr = buildTestIndex(filepath.Join(dir, "index"), archiveDir)
	})
	if yearsErr != nil {
		t.Fatalf("building the multi-year index: %v", yearsErr)
	}
	return yearsEnv
}

// itemsIn counts the environment's items dated in year y (the expected values come from the
// generated briefings, not from the index).
func (e *testEnv) itemsIn(y int) int {
	n := 0
	for _, b := range e.briefings {
		for _, it := range b.Items {
			if it.Date.Year() == y {
				n++
			}
		}
	}
	return n
}

func TestYearPrecisionEverywhere(t *testing.T) {
	env := newYearsEnv(t)
	srv := env.server(t, Options{})
	want := env.itemsIn(2018)
	if want == 0 {
		t.Fatal("the generated archive has no item in 2018")
	}
	var res struct {
		Total uint64 `json:"total"`
	}
	for _, target := range []string{
		"/api/v1/search?from=2018&to=2018&facets=",
		"/api/v1/search?from=2018-01&to=2018-12&facets=",
		"/api/v1/search?q=from:2018+to:2018&facets=",
		"/api/v1/search?from=2018-01-01&to=2018-12-31&facets=",
	} {
		getJSON(t, srv, target, 200, &res)
		if int(res.Total) != want {
			t.Errorf("%s: %d items, the archive has %d in 2018", target, res.Total, want)
		}
	}
	var tl search.Timeline
	getJSON(t, srv, "/api/v1/search/timeline", 200, &tl)
	if tl.By != search.ByYear || tl.Periods[0].Period > "2009" || tl.Periods[len(tl.Periods)-1].Period != "2026" {
		t.Fatalf("the whole archive's timeline: by %s, %d periods", tl.By, len(tl.Periods))
	}
	sum := 0
	for _, p := range tl.Periods {
		sum += p.Count
		if p.Period == "2018" && p.Count != want {
			t.Errorf("timeline 2018: %d, the archive has %d", p.Count, want)
		}
	}
	if uint64(sum) != tl.Total || int(tl.Total) != env.items {
		t.Errorf("timeline periods sum to %d, total %d, archive %d", sum, tl.Total, env.items)
	}
	var facets facetsResponse
	getJSON(t, srv, "/api/v1/search/facets?facets=year", 200, &facets)
	if len(facets.Facets) != 1 || len(facets.Facets[0].Values) != len(tl.Periods) {
		t.Fatalf("year facet %+v", facets.Facets)
	}
	for i, v := range facets.Facets[0].Values {
		if v.Value != tl.Periods[i].Period || v.Count != tl.Periods[i].Count {
			t.Errorf("year facet %+v, timeline %+v", v, tl.Periods[i])
		}
	}
	rec := do(t, srv, "GET", "/api/v1/search?month=2018", nil)
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), "from=2018\\u0026to=2018") {
		t.Errorf("month=2018: %d %s", rec.Code, rec.Body)
	}
}

// The search page's timeline: by year over the archive, each year bar narrowing to that
// year, whose page shows that year's months and as many items as the bar said.
func TestTimelineOnSearchPage(t *testing.T) {
	env := newYearsEnv(t)
	srv := env.server(t, Options{})
	page := do(t, srv, "GET", "/", nil).Body.String()
	if !strings.Contains(page, `class="timeline by-year"`) {
		t.Fatal("the archive's front page has no year timeline")
	}
	bar := regexp.MustCompile(`<a href="([^"]+)" class="bar-link" aria-label="2018: (\d+) items">`).FindStringSubmatch(page)
	if bar == nil {
		t.Fatal("no link on the 2018 bar")
	}
	year := html.UnescapeString(bar[1])
	if year != "/?from=2018&to=2018" {
		t.Errorf("the 2018 bar leads to %s", year)
	}
	if n, _ := strconv.Atoi(bar[2]); n != env.itemsIn(2018) || resultTotal(t, srv, year) != n {
		t.Errorf("the 2018 bar says %s; the archive has %d", bar[2], env.itemsIn(2018))
	}
	yp := do(t, srv, "GET", year, nil).Body.String()
	months := regexp.MustCompile(`<title>([A-Za-z]+ 2018): \d+</title>`).FindAllStringSubmatch(yp, -1)
	if !strings.Contains(yp, `class="timeline by-month"`) || len(months) != 2*12 { // two frames
		t.Errorf("the 2018 page: %d month bars", len(months))
	}
	// The year is a chip; its × goes back to every date.
	chip := regexp.MustCompile(`<span class="kind">year</span> 2018 <a href="([^"]+)" class="remove"`).FindStringSubmatch(yp)
	if chip == nil || html.UnescapeString(chip[1]) != "/" {
		t.Errorf("the year chip: %v", chip)
	}
}

// from: typed in the query is a chip too, and its × takes it out of the query.
func TestDateChipFromQuery(t *testing.T) {
	env := newYearsEnv(t)
	srv := env.server(t, Options{})
	page := do(t, srv, "GET", "/?q=Baku+from:2020+to:2021-06", nil).Body.String()
	chips := regexp.MustCompile(`<span class="kind">(from|to)</span> ([0-9-]+) <a href="([^"]+)" class="remove"`).FindAllStringSubmatch(page, -1)
	if len(chips) != 2 || chips[0][2] != "2020" || chips[1][2] != "2021-06" {
		t.Fatalf("date chips %v", chips)
	}
	if got := html.UnescapeString(chips[0][3]); got != "/?q=Baku+to%3A2021-06" {
		t.Errorf("removing from: leads to %s", got)
	}
	all := resultTotal(t, srv, "/?q=Baku")
	if without := resultTotal(t, srv, html.UnescapeString(chips[1][3])); without <= resultTotal(t, srv, "/?q=Baku+from:2020+to:2021-06") || without > all {
		t.Errorf("removing to: gives %d of %d", without, all)
	}
}

func TestTimelineAndFacetsCSV(t *testing.T) {
	env := newYearsEnv(t)
	srv := env.server(t, Options{})
	var tl search.Timeline
	getJSON(t, srv, "/api/v1/search/timeline?q=Baku&by=month", 200, &tl)
	rec := do(t, srv, "GET", "/api/v1/search/timeline.csv?q=Baku&by=month", nil)
	body := rec.Body.Bytes()
	if rec.Code != 200 || !bytes.HasPrefix(body, []byte("\ufeffperiod,start,end,count\r\n")) && !bytes.HasPrefix(body, []byte("\ufeffperiod,start,end,count\n")) {
		t.Fatalf("%d %q", rec.Code, body[:min(len(body), 60)])
	}
	if cd := rec.Header().Get("Content-Disposition"); !strings.Contains(cd, `filename="briefsearch-timeline-month-Baku.csv"`) {
		t.Errorf("Content-Disposition %q", cd)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(tl.Periods)+1 {
		t.Fatalf("%d rows for %d periods", len(rows), len(tl.Periods))
	}
	for i, p := range tl.Periods {
		if r := rows[i+1]; r[0] != p.Period || r[1] != p.Start.String() || r[2] != p.End.String() || r[3] != strconv.Itoa(p.Count) {
			t.Errorf("row %v, period %+v", r, p)
		}
	}
	// Japanese in the file name: an ASCII fallback and the name itself, percent-encoded.
	rec = do(t, srv, "GET", "/api/v1/search/facets.csv?q="+url.QueryEscape("地雷除去")+"&facets=section", nil)
	if cd := rec.Header().Get("Content-Disposition"); !strings.Contains(cd, "filename*=UTF-8''briefsearch-facets-"+url.PathEscape("地雷除去")+".csv") {
		t.Errorf("Content-Disposition %q", cd)
	}
	var facets facetsResponse
	getJSON(t, srv, "/api/v1/search/facets?q="+url.QueryEscape("地雷除去")+"&facets=section", 200, &facets)
	rows, err = csv.NewReader(strings.NewReader(strings.TrimPrefix(rec.Body.String(), "\ufeff"))).ReadAll()
	if err != nil || len(rows) != len(facets.Facets[0].Values)+1 {
		t.Fatalf("facets CSV: %v, %d rows", err, len(rows))
	}
	for i, v := range facets.Facets[0].Values {
		if r := rows[i+1]; r[0] != "section" || r[1] != v.Value || r[2] != v.Label || r[3] != strconv.Itoa(v.Count) {
			t.Errorf("row %v, value %+v", r, v)
		}
	}
}

func TestCompareRoutes(t *testing.T) {
	env := newYearsEnv(t)
	srv := env.server(t, Options{})
	queries := []string{"Baku", `person:"Jeyhun Bayramov"`, "地雷除去"}
	v := url.Values{"q": queries}
	var cmp search.CompareResponse
	getJSON(t, srv, "/api/v1/compare?"+v.Encode(), 200, &cmp)
	if cmp.By != search.ByYear || len(cmp.Series) != len(queries) {
		t.Fatalf("compare: by %s, %d series", cmp.By, len(cmp.Series))
	}
	for i, ser := range cmp.Series {
		var res struct {
			Total uint64 `json:"total"`
		}
		getJSON(t, srv, "/api/v1/search?facets=&q="+url.QueryEscape(queries[i]), 200, &res)
		sum := 0
		for _, n := range ser.Counts {
			sum += n
		}
		if ser.Total != res.Total || uint64(sum) != res.Total || res.Total == 0 {
			t.Errorf("%s: compare says %d (periods %d), search %d", queries[i], ser.Total, sum, res.Total)
		}
	}
	rec := do(t, srv, "GET", "/api/v1/compare.csv?"+v.Encode(), nil)
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(rec.Body.String(), "\ufeff"))).ReadAll()
	if err != nil || len(rows) != len(cmp.Periods)+1 || strings.Join(rows[0][3:], "|") != strings.Join(queries, "|") {
		t.Errorf("compare CSV: %v, %d rows, head %v", err, len(rows), rows[0])
	}
	five := url.Values{"q": {"a", "b", "c", "d", "e"}}.Encode()
	for _, target := range []string{"/api/v1/compare?" + five, "/compare?" + five} {
		rec := do(t, srv, "GET", target, nil)
		if rec.Code != 400 || !strings.Contains(rec.Body.String(), "at most 4 queries") {
			t.Errorf("%s: %d", target, rec.Code)
		}
	}
	// The page: one legend entry and one line per search in each frame, and points that
	// lead to their period's items.
	page := do(t, srv, "GET", "/compare?"+v.Encode(), nil).Body.String()
	if n := strings.Count(page, `<polyline class="line s`); n != 2*len(queries) {
		t.Errorf("%d lines, want %d", n, 2*len(queries))
	}
	point := regexp.MustCompile(`<a href="([^"]+)" aria-label="Baku, 2019: (\d+)">`).FindStringSubmatch(page)
	if point == nil {
		t.Fatal("no point for Baku in 2019")
	}
	if n, _ := strconv.Atoi(point[2]); resultTotal(t, srv, html.UnescapeString(point[1])) != n {
		t.Errorf("the point %s promises %s", point[1], point[2])
	}
	// The search page and the entity page lead here.
	if sp := do(t, srv, "GET", "/?q=Baku&section=foreign", nil).Body.String(); !strings.Contains(sp, `href="/compare?q=Baku&#43;section%3Aforeign"`) {
		t.Error("the search page has no compare link with its query and filter")
	}
}

// Past the window, Next follows the cursor, and the page it leads to says where it is.
func TestPagingPastTheWindowByCursor(t *testing.T) {
	env := newTestEnv(t)
	srv := env.server(t, Options{})
	var first struct {
		Next string `json:"next"`
		Hits []any  `json:"hits"`
	}
	getJSON(t, srv, "/api/v1/search?size=5&facets=", 200, &first)
	page := do(t, srv, "GET", "/?after="+url.QueryEscape(first.Next), nil).Body.String()
	if !strings.Contains(page, `<span class="range">· 6–`) || !strings.Contains(page, "« First page") {
		t.Errorf("a page reached by cursor does not say it starts at 6 or lacks the way back")
	}
	rec := do(t, srv, "GET", "/?page=501", nil)
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), "read on with Next") {
		t.Errorf("page 501: %d", rec.Code)
	}
}
