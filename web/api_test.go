package web

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"briefsearch/archive"
	"briefsearch/search"
)

type apiSearch struct {
	search.Result
	Request search.Request `json:"request"`
	Corpus  search.Corpus  `json:"corpus"`
}

func searchAPI(t *testing.T, srv *Server, query string) apiSearch {
	t.Helper()
	rec := do(t, srv, "GET", "/api/v1/search?"+query, nil)
	if rec.Code != 200 {
		t.Fatalf("%s: %d %s", query, rec.Code, rec.Body)
	}
	var r apiSearch
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	// The reply is written without encoding/json (search.Response.AppendJSON), in its bytes.
	var decoded search.Response
	if err := json.Unmarshal(rec.Body.Bytes(), &decoded); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	if want, err := json.Marshal(decoded); err != nil || rec.Body.String() != string(want)+"\n" {
		t.Errorf("%s: the reply is not encoding/json's encoding of what it holds (%v):\n%s\nwant\n%s", query, err, rec.Body, want)
	}
	return r
}

func TestSearchAPI(t *testing.T) {
	env := newTestEnv(t)
	srv := env.server(t, Options{})

	r := searchAPI(t, srv, "q=Bayramov")
	if r.Total != 4 || len(r.Hits) != 4 {
		t.Fatalf("Bayramov: total %d, %d hits; want 4", r.Total, len(r.Hits))
	}
	for _, h := range r.Hits {
		if !hasMark(h.Highlights, "Bayramov") {
			t.Errorf("hit %s has no <mark>Bayramov</mark> highlight: %v", h.ID, h.Highlights)
		}
		if env.item(h.ID).ID == "" {
			t.Errorf("hit %s is not an item of the testdata", h.ID)
		}
	}
	if len(r.Facets) == 0 || facetTotal(r.Facets, search.FacetSection) != 4 {
		t.Errorf("section facet counts do not add up to 4: %+v", r.Facets)
	}
	if r.Corpus.Items != env.items || r.Corpus.Generation == "" || r.Corpus.Generation != r.Generation {
		t.Errorf("corpus %+v, generation %q; want %d items", r.Corpus, r.Generation, env.items)
	}
	if r.Request.Query != "Bayramov" || r.Request.Page != 1 || r.Request.Size != search.DefaultSize || r.Query.Sort == "" {
		t.Errorf("request echo %+v, query %+v", r.Request, r.Query)
	}

	domestic := searchAPI(t, srv, "section=domestic")
	if want := env.count(func(it archive.Item) bool { return it.Section == "domestic" }); int(domestic.Total) != want || want != 1 {
		t.Errorf("section=domestic: %d items, want %d (1 in the sample)", domestic.Total, want)
	}
	for _, h := range domestic.Hits {
		if h.Section != "domestic" {
			t.Errorf("section=domestic returned %s from %s", h.ID, h.Section)
		}
	}

	// Repeated values of one filter are ORed.
	two := searchAPI(t, srv, "section=domestic&section=military-security")
	want := env.count(func(it archive.Item) bool { return it.Section == "domestic" || it.Section == "military-security" })
	if int(two.Total) != want {
		t.Errorf("two sections: %d, want %d", two.Total, want)
	}

	// facets= asks for none; a list asks for those.
	if r := searchAPI(t, srv, "q=Bayramov&facets="); len(r.Facets) != 0 || r.Total != 4 {
		t.Errorf("facets= gave %d facets, total %d", len(r.Facets), r.Total)
	}
	if r := searchAPI(t, srv, "q=Bayramov&facets=source:2"); len(r.Facets) != 1 || r.Facets[0].Name != "source" || len(r.Facets[0].Values) > 2 {
		t.Errorf("facets=source:2 gave %+v", r.Facets)
	}
	// highlight=false: the same hits, total and facets, none highlighted.
	plain := searchAPI(t, srv, "q=Bayramov&highlight=false")
	if !plain.Request.NoHighlights || plain.Total != r.Total || len(plain.Hits) != len(r.Hits) || !reflect.DeepEqual(plain.Facets, r.Facets) {
		t.Errorf("highlight=false: request %+v, total %d, %d hits, facets %+v; want %d, %d and %+v",
			plain.Request, plain.Total, len(plain.Hits), plain.Facets, r.Total, len(r.Hits), r.Facets)
	}
	for i, h := range plain.Hits {
		if h.ID != r.Hits[i].ID || h.Score != r.Hits[i].Score || h.Highlights == nil || len(h.Highlights) != 0 {
			t.Errorf("highlight=false, hit %d: %s (score %v) highlights %v; want %s (score %v) with none",
				i, h.ID, h.Score, h.Highlights, r.Hits[i].ID, r.Hits[i].Score)
		}
	}

	// total=estimate: without facets the total may be estimated (and says so), the hits are the
	// exact search's; with facets it is counted exactly.
	for _, q := range []string{"q=%22Bayramov+met%22", "q=%E3%83%90%E3%82%A4%E3%83%A9%E3%83%A2%E3%83%95", "q=Bayramov"} {
		exact := searchAPI(t, srv, q+"&facets=")
		est := searchAPI(t, srv, q+"&facets=&total=estimate")
		if !est.Request.EstimateTotal || exact.Request.EstimateTotal || exact.TotalEstimated {
			t.Errorf("%s: total=estimate echoed as %v (exact: %v, estimated %v)", q, est.Request.EstimateTotal, exact.Request.EstimateTotal, exact.TotalEstimated)
		}
		if !est.TotalEstimated && est.Total != exact.Total || est.Total < uint64(len(est.Hits)) || len(est.Hits) != len(exact.Hits) {
			t.Errorf("%s: estimated %d (%v) with %d hits, exact %d with %d", q, est.Total, est.TotalEstimated, len(est.Hits), exact.Total, len(exact.Hits))
		}
		for i := range min(len(est.Hits), len(exact.Hits)) {
			if est.Hits[i].ID != exact.Hits[i].ID || est.Hits[i].Score != exact.Hits[i].Score {
				t.Errorf("%s, hit %d: %s (%v) estimating, %s (%v) exact", q, i, est.Hits[i].ID, est.Hits[i].Score, exact.Hits[i].ID, exact.Hits[i].Score)
			}
		}
		if faceted := searchAPI(t, srv, q+"&total=estimate"); faceted.TotalEstimated || faceted.Total != exact.Total {
			t.Errorf("%s with facets, total=estimate: total %d (estimated %v), exact %d", q, faceted.Total, faceted.TotalEstimated, exact.Total)
		}
	}

	// Paging: size 1, page 2 is the second hit of the same order.
	all := searchAPI(t, srv, "q=Bayramov&sort=date")
	p2 := searchAPI(t, srv, "q=Bayramov&sort=date&size=1&page=2")
	if len(p2.Hits) != 1 || p2.Hits[0].ID != all.Hits[1].ID {
		t.Errorf("page 2 of size 1: %+v, want %s", p2.Hits, all.Hits[1].ID)
	}
}

func TestItemAndBriefingAPI(t *testing.T) {
	env := newTestEnv(t)
	srv := env.server(t, Options{})
	b := env.briefings[0]
	it := b.Items[1]

	rec := do(t, srv, "GET", "/api/v1/items/"+url.PathEscape(it.ID), nil)
	var page search.ItemPage
	if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &page) != nil {
		t.Fatalf("item: %d %s", rec.Code, rec.Body)
	}
	if page.Item.ID != it.ID || page.Item.Body != it.Body || page.BriefingID != b.ID ||
		page.WeekStart != b.WeekStart || page.Prev != b.Items[0].ID || page.Next != b.Items[2].ID {
		t.Errorf("item page %+v", page)
	}

	rec = do(t, srv, "GET", "/api/v1/briefings", nil)
	var list briefingsResponse
	if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &list) != nil || len(list.Briefings) != len(env.briefings) {
		t.Fatalf("briefings: %d %s", rec.Code, rec.Body)
	}
	for _, s := range list.Briefings {
		if s.Items != len(env.briefing(s.ID).Items) {
			t.Errorf("briefing %s: %d items, want %d", s.ID, s.Items, len(env.briefing(s.ID).Items))
		}
	}

	rec = do(t, srv, "GET", "/api/v1/briefings/"+b.ID, nil)
	var got archive.Briefing
	if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &got) != nil {
		t.Fatalf("briefing: %d %s", rec.Code, rec.Body)
	}
	if got.ID != b.ID || len(got.Items) != len(b.Items) || len(got.Sections) != len(b.Sections) || got.Items[4].Body != b.Items[4].Body {
		t.Errorf("briefing %s came back with %d items, %d sections", got.ID, len(got.Items), len(got.Sections))
	}
	if strings.Contains(rec.Body.String(), "source_file") {
		t.Error("the briefing JSON tells the server's file path")
	}
}

func TestExports(t *testing.T) {
	env := newTestEnv(t)
	srv := env.server(t, Options{})

	rec := do(t, srv, "GET", "/api/v1/search.csv?q=Bayramov", nil)
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d %v", rec.Code, rec.Header())
	}
	body, hasBOM := strings.CutPrefix(rec.Body.String(), "\ufeff") // for Excel: see export.go
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !hasBOM || len(rows) != 5 || strings.Join(rows[0], ",") != strings.Join(csvHeader, ",") {
		t.Fatalf("csv: BOM %v, %d rows (want header + 4), header %v", hasBOM, len(rows), rows[0])
	}
	col := func(name string) int { return slices.Index(csvHeader, name) }
	for _, row := range rows[1:] {
		it := env.item(row[0])
		if it.ID == "" || row[col("headline_en")] != it.HeadlineEN || row[col("body")] != it.Body {
			t.Errorf("csv row %v does not match its item", row[:6])
		}
	}
	if rec.Header().Get("X-Total-Count") != "4" || rec.Header().Get("X-Export-Truncated") != "false" {
		t.Errorf("export headers %v", rec.Header())
	}

	rec = do(t, srv, "GET", "/api/v1/search.jsonl?section=domestic&section=military-security&sort=date", nil)
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/x-ndjson") {
		t.Fatalf("jsonl: %d %v", rec.Code, rec.Header())
	}
	var prev archive.Date
	n := 0
	sc := bufio.NewScanner(strings.NewReader(rec.Body.String()))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var it archive.Item
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			t.Fatalf("line %d: %v", n+1, err)
		}
		if it.Section != "domestic" && it.Section != "military-security" {
			t.Errorf("jsonl item %s from section %s", it.ID, it.Section)
		}
		if it.Date.Before(prev.Time) {
			t.Errorf("jsonl not in date order at %s", it.ID)
		}
		prev = it.Date
		n++
	}
	want := env.count(func(it archive.Item) bool { return it.Section == "domestic" || it.Section == "military-security" })
	if n != want || rec.Header().Get("X-Total-Count") != strconv.Itoa(want) {
		t.Errorf("jsonl: %d lines, want %d", n, want)
	}

	// HEAD: a GET's status and headers, no rows.
	rec = do(t, srv, "HEAD", "/api/v1/search.csv?q=Bayramov", nil)
	if rec.Code != 200 || rec.Body.Len() != 0 || rec.Header().Get("X-Total-Count") != "4" ||
		!strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") {
		t.Errorf("HEAD csv: %d, %d bytes, %v", rec.Code, rec.Body.Len(), rec.Header())
	}

	// No match: the header row alone.
	rec = do(t, srv, "GET", "/api/v1/search.csv?q=zzzyzzx", nil)
	if rec.Code != 200 || strings.Count(rec.Body.String(), "\n") != 1 || !strings.HasPrefix(rec.Body.String(), "\ufeffid,") {
		t.Errorf("empty csv: %d %q", rec.Code, rec.Body)
	}
	// A bad query is a JSON error, not a broken file.
	decodeError(t, do(t, srv, "GET", "/api/v1/search.csv?q=%22unclosed", nil), http.StatusBadRequest)
	decodeError(t, do(t, srv, "GET", "/api/v1/search.jsonl?q=x&page=2", nil), http.StatusBadRequest)
}

// TestStoredMarkupStaysInert searches the testdata item whose stored text holds <script> and
// <img onerror>: every HTML page shows it as text and every JSON answer escapes it.
func TestStoredMarkupStaysInert(t *testing.T) {
	env := newTestEnv(t)
	srv := env.server(t, Options{})
	var target archive.Item
	var b *archive.Briefing
	for _, br := range env.briefings {
		for _, it := range br.Items {
			if strings.Contains(it.Body, "<script>") {
				target, b = it, br
			}
		}
	}
	if target.ID == "" {
		t.Fatal("testdata has no item with <script> in its body")
	}
	words := strings.Fields(target.HeadlineEN)
	probe := words[len(words)-1] // a plain word of the headline, so the hit has highlights
	pages := []string{"/?q=" + url.QueryEscape(probe), "/?q=script", "/items/" + target.ID, "/briefings/" + b.ID}
	for _, p := range pages {
		rec := do(t, srv, "GET", p, nil)
		body := rec.Body.String()
		if rec.Code != 200 {
			t.Fatalf("%s: %d", p, rec.Code)
		}
		if strings.Contains(body, "<script") || strings.Contains(body, "<img") {
			t.Errorf("%s: stored markup came out live", p)
		}
		// On result pages a highlight may split the tag ("&lt;<mark>script</mark>&gt;").
		if !strings.Contains(body, "&lt;script&gt;") && !strings.Contains(body, "&lt;<mark>script</mark>&gt;") {
			t.Errorf("%s: the stored <script> text is not shown escaped", p)
		}
	}
	hl := do(t, srv, "GET", "/?q="+url.QueryEscape(probe), nil).Body.String()
	if !strings.Contains(hl, "<mark>") {
		t.Error("the search page lost its highlights")
	}
	for _, p := range []string{"/api/v1/search?q=" + url.QueryEscape(probe), "/api/v1/items/" + target.ID,
		"/api/v1/briefings/" + b.ID, "/api/v1/search.jsonl?q=" + url.QueryEscape(probe)} {
		body := do(t, srv, "GET", p, nil).Body.String()
		if strings.Contains(body, "<script") || strings.Contains(body, "<img") {
			t.Errorf("%s: JSON carries raw markup", p)
		}
		if !strings.Contains(body, `\u003cscript\u003e`) && !strings.Contains(body, "&lt;script&gt;") {
			t.Errorf("%s: the stored text is missing", p)
		}
	}
}

func hasMark(hl map[string][]string, word string) bool {
	for _, frags := range hl {
		for _, f := range frags {
			if strings.Contains(f, "<mark>"+word+"</mark>") {
				return true
			}
		}
	}
	return false
}

func facetTotal(facets []search.Facet, name string) int {
	n := 0
	for _, f := range facets {
		if f.Name == name {
			for _, v := range f.Values {
				n += v.Count
			}
		}
	}
	return n
}

// The briefing API pages an issue: a page of items with the paging fields, every answer as
// openapi.json documents it, bad paging refused.
func TestBriefingAPIPaged(t *testing.T) {
	env := newTestEnv(t)
	srv := env.server(t, Options{})
	b := env.briefings[0] // 18 items
	checker := schemaChecker{doc: loadOpenAPI(t)}
	op := loadOpenAPI(t)["paths"].(map[string]any)["/api/v1/briefings/{id}"].(map[string]any)["get"].(map[string]any)

	target := "/api/v1/briefings/" + b.ID + "?page=2&size=5"
	rec := do(t, srv, "GET", target, nil)
	checkDocumented(t, checker, op, target, rec)
	var got search.BriefingPage
	if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &got) != nil {
		t.Fatalf("%s: %d %s", target, rec.Code, rec.Body)
	}
	if got.Page != 2 || got.Size != 5 || got.Pages != 4 || got.TotalItems != len(b.Items) || len(got.Items) != 5 ||
		got.Items[0].ID != b.Items[5].ID || got.Items[4].Body != b.Items[9].Body || len(got.Sections) != len(b.Sections) {
		t.Errorf("%s: page %d size %d pages %d total %d, %d items", target, got.Page, got.Size, got.Pages, got.TotalItems, len(got.Items))
	}
	whole := do(t, srv, "GET", "/api/v1/briefings/"+b.ID, nil)
	if err := json.Unmarshal(whole.Body.Bytes(), &got); err != nil || got.Pages != 1 || got.Size != search.DefaultBriefingItems || len(got.Items) != len(b.Items) {
		t.Errorf("default page: %d pages of %d, %d items", got.Pages, got.Size, len(got.Items))
	}
	for _, bad := range []struct{ query, want string }{
		{"?page=5&size=5", "page 5 is past the last page of briefing " + b.ID + ": it has 18 items, 5 a page, on 4 pages"},
		{"?size=51", "size 51 is out of range; it must be between 1 and 50"},
		{"?bogus=1", `unknown parameter "bogus"; a briefing takes page and size`},
		{"?page=;1", `the query string has a ";"`},
	} {
		target := "/api/v1/briefings/" + b.ID + bad.query
		rec := do(t, srv, "GET", target, nil)
		checkDocumented(t, checker, op, target, rec)
		var e apiError
		if rec.Code != 400 || json.Unmarshal(rec.Body.Bytes(), &e) != nil || !strings.Contains(e.Error.Message, bad.want) {
			t.Errorf("%s: %d %s, want 400 saying %s", target, rec.Code, rec.Body, bad.want)
		}
	}
}
