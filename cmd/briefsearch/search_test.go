package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"

	"briefsearch/ingest"
	"briefsearch/search"
	"briefsearch/web"
)

func searchRequest(q string) search.Request { return search.Request{Query: q} }

func indexedConfig(t *testing.T) Config {
	t.Helper()
	cfg := testConfig(t, nil)
	if err := runIndex(context.Background(), cfg, ingest.Update, quiet, &bytes.Buffer{}, nil); err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestRunSearch(t *testing.T) {
	cfg := indexedConfig(t)

	var out bytes.Buffer
	if err := runSearch(context.Background(), cfg, searchRequest("Bayramov"), true, &out); err != nil {
		t.Fatal(err)
	}
	var res search.Result
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatalf("--json output is not a Result: %v\n%s", err, out.String())
	}
	var ords []int
	for _, h := range res.Hits {
		ords = append(ords, h.Ordinal)
	}
	slices.Sort(ords)
	if !slices.Equal(ords, []int{5, 10, 14, 15}) || res.Generation == "" {
		t.Errorf("json result: ordinals %v, generation %q", ords, res.Generation)
	}
	if !strings.Contains(out.String(), `"highlights"`) || !strings.Contains(out.String(), `"took_ms"`) {
		t.Error("json output lacks the API's snake_case fields")
	}

	out.Reset()
	if err := runSearch(context.Background(), cfg, searchRequest("Bayramov"), false, &out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{"4 items match; 1-4, sorted by relevance", "2026-05-16-05  2026-05-15  [foreign]  TREND",
		"FM *Jeyhun Bayramov* attended", "*バイラモフ*外相", "section: foreign 4", "source: REPORT 2 · TREND 2"} {
		if !strings.Contains(text, want) {
			t.Errorf("text output lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "<mark>") || strings.Contains(text, "&#39;") {
		t.Errorf("text output shows HTML:\n%s", text)
	}

	err := runSearch(context.Background(), cfg, searchRequest(`Bayramov "Middle`), false, &out)
	if !errors.Is(err, search.ErrBadRequest) || !strings.Contains(err.Error(), "unclosed quote at column 10") {
		t.Errorf("bad query: %v", err)
	}
}

func TestRunSearchWithoutIndex(t *testing.T) {
	cfg := testConfig(t, nil)
	err := runSearch(context.Background(), cfg, search.Request{}, false, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "run briefsearch index first") {
		t.Errorf("no index: %v", err)
	}
}

// The command line reaches runSearch intact: flags become filters, words become the query.
func TestSearchCommandFlags(t *testing.T) {
	cfg := indexedConfig(t)
	tests := []struct {
		args []string
		want []int
	}{
		{[]string{"--section", "domestic"}, []int{3}},
		{[]string{"Middle", "Corridor"}, []int{4, 5, 17}},
		{[]string{"--from", "2026-05-20", "--size", "100"}, []int{1, 2, 14, 15, 16, 17, 18}},
		{[]string{"--source", "trend", "--source", "REPORT", "Bayramov"}, []int{5, 10, 14, 15}},
		{[]string{"--to", "2026-05-15", "--sort", "date"}, []int{3, 4, 5, 6, 7}},
		{[]string{"Bayramov", "--facet="}, []int{5, 10, 14, 15}},
		// Year and month precision: a year or month from its first day to its last.
		{[]string{"--from", "2026", "--to", "2026-05", "--size", "100"}, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18}},
		{[]string{"--to", "2025", "--size", "100"}, nil},
	}
	for _, tt := range tests {
		out, err := execCLI(append([]string{"search", "--archive", cfg.Archive, "--index", cfg.Index, "--json"}, tt.args...)...)
		if err != nil {
			t.Errorf("%v: %v", tt.args, err)
			continue
		}
		var res search.Result
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatalf("%v: %v", tt.args, err)
		}
		var ords []int
		for _, h := range res.Hits {
			ords = append(ords, h.Ordinal)
		}
		slices.Sort(ords)
		if !slices.Equal(ords, tt.want) {
			t.Errorf("%v: ordinals %v, want %v", tt.args, ords, tt.want)
		}
		if slices.Contains(tt.args, "--facet=") && len(res.Facets) != 0 {
			t.Errorf("%v: facets %v, want none", tt.args, res.Facets)
		}
	}
	root := newRootCmd()
	root.SetOut(&bytes.Buffer{})
	root.SetArgs([]string{"search", "--index", cfg.Index, "--from", "20.05.2026"})
	if err := root.ExecuteContext(context.Background()); err == nil || !strings.Contains(err.Error(), "--from") {
		t.Errorf("bad --from: %v", err)
	}
}

// apiOverIndex indexes the sample and serves the API over it on loopback, as serve would, for
// comparing the CLI's output with the API's. Both close when the test ends.
func apiOverIndex(t *testing.T) (Config, *httptest.Server) {
	t.Helper()
	cfg := indexedConfig(t)
	s, err := openSearcher(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	srv, err := web.New(web.Options{Index: s})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return cfg, ts
}

// `search --json` prints what GET /api/v1/search serves for the same request on the same
// index: the same fields and values (took_ms aside), defaults included (page size, facets),
// with --facet NAME:N as facets=NAME:N and --size 0 as size=0.
func TestSearchJSONIsTheAPIs(t *testing.T) {
	cfg, ts := apiOverIndex(t)
	tests := []struct {
		args  []string
		query string
	}{
		{nil, ""},
		{[]string{"Bayramov"}, "q=Bayramov"},
		{[]string{"Bayramov", "--highlight=false"}, "q=Bayramov&highlight=false"},
		{[]string{"--section", "military", "--size", "0"}, "section=military&size=0"},
		{[]string{"Bairamov", "after:2026-05-20", "--facet", "section:2", "--facet", "month"}, "q=Bairamov+after%3A2026-05-20&facets=section:2&facets=month"},
		{[]string{"地雷除去", "--from", "2026-05-01", "--facet=", "--sort", "date"}, "q=%E5%9C%B0%E9%9B%B7%E9%99%A4%E5%8E%BB&from=2026-05-01&facets=&sort=date"},
	}
	for _, tt := range tests {
		out, err := execCLI(append([]string{"search", "--archive", cfg.Archive, "--index", cfg.Index, "--json"}, tt.args...)...)
		if err != nil {
			t.Fatalf("%v: %v", tt.args, err)
		}
		resp, err := http.Get(ts.URL + "/api/v1/search?" + tt.query)
		if err != nil {
			t.Fatal(err)
		}
		api, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %s", tt.query, resp.StatusCode, api)
		}
		var fromCLI, fromAPI map[string]any
		if err := json.Unmarshal([]byte(out), &fromCLI); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(api, &fromAPI); err != nil {
			t.Fatal(err)
		}
		for _, m := range []map[string]any{fromCLI, fromAPI} {
			if _, ok := m["took_ms"]; !ok {
				t.Fatalf("%v: no took_ms", tt.args)
			}
			delete(m, "took_ms")
		}
		if !reflect.DeepEqual(fromCLI, fromAPI) {
			t.Errorf("%v: the CLI's JSON differs from the API's for ?%s:\nCLI: %s\nAPI: %s", tt.args, tt.query, out, api)
		}
		for _, key := range []string{"corpus", "request", "hits", "query"} {
			if _, ok := fromCLI[key]; !ok {
				t.Errorf("%v: the CLI's JSON has no %s", tt.args, key)
			}
		}
	}
}

// briefsearch compare --json prints what GET /api/v1/compare serves for the same searches,
// and the table holds the same counts.
func TestCompareIsTheAPIs(t *testing.T) {
	cfg, ts := apiOverIndex(t)
	run := func(args ...string) string {
		out, err := execCLI(append([]string{"compare", "--archive", cfg.Archive, "--index", cfg.Index}, args...)...)
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		return out
	}
	fromCLI := run("--json", "Bayramov", "地雷除去", "--by", "month")
	resp, err := http.Get(ts.URL + "/api/v1/compare?q=Bayramov&q=%E5%9C%B0%E9%9B%B7%E9%99%A4%E5%8E%BB&by=month")
	if err != nil {
		t.Fatal(err)
	}
	api, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var a, b map[string]any
	if err := json.Unmarshal([]byte(fromCLI), &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(api, &b); err != nil || resp.StatusCode != 200 {
		t.Fatalf("API: %d %s", resp.StatusCode, api)
	}
	if !reflect.DeepEqual(a, b) {
		t.Errorf("the CLI's JSON differs from the API's:\nCLI: %s\nAPI: %s", fromCLI, api)
	}
	// The table: a row per period and a total row, with each search's count.
	var cmp search.CompareResponse
	if err := json.Unmarshal([]byte(fromCLI), &cmp); err != nil {
		t.Fatal(err)
	}
	table := strings.Split(strings.TrimRight(run("Bayramov", "地雷除去", "--by", "month"), "\n"), "\n")
	if len(table) != len(cmp.Periods)+2 {
		t.Fatalf("the table has %d lines for %d periods:\n%s", len(table), len(cmp.Periods), strings.Join(table, "\n"))
	}
	// Right-aligned columns end at the same place on a terminal, where 地 takes two cells.
	onTerminal := func(s string) int {
		n := 0
		for _, r := range s {
			n++
			if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) {
				n++
			}
		}
		return n
	}
	for _, line := range table[1:] {
		if onTerminal(line) != onTerminal(table[0]) || !strings.HasSuffix(table[0], "地雷除去") {
			t.Errorf("the table's lines are not one width on a terminal:\n%s", strings.Join(table, "\n"))
			break
		}
	}
	if last := strings.Fields(table[len(table)-1]); len(last) != 3 || last[1] != fmt.Sprint(cmp.Series[0].Total) || last[2] != fmt.Sprint(cmp.Series[1].Total) {
		t.Errorf("total row %q, want %d and %d", table[len(table)-1], cmp.Series[0].Total, cmp.Series[1].Total)
	}
	if cmp.Series[0].Total == 0 {
		t.Error("Bayramov is found nowhere: the comparison proves nothing")
	}
}

// `search` prints each "did you mean" with the count its JSON carries, "1 item" or "N items".
func TestSearchPrintsSuggestions(t *testing.T) {
	cfg := indexedConfig(t)
	run := func(args ...string) string {
		out, err := execCLI(append([]string{"search", "--archive", cfg.Archive, "--index", cfg.Index}, args...)...)
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		return out
	}
	var one, seen int
	for _, q := range []string{"demning", "ministr", "Bayramv"} {
		var res search.Result
		if err := json.Unmarshal([]byte(run("--json", q)), &res); err != nil {
			t.Fatal(err)
		}
		text := run(q)
		for _, sg := range res.Query.Suggestions {
			seen++
			count := fmt.Sprintf("%d items", sg.Total)
			if sg.Total == 1 {
				count, one = "1 item", one+1
			}
			if want := fmt.Sprintf("did you mean: %s  (%s)", sg.Query, count); !strings.Contains(text, want) {
				t.Errorf("%q: the output lacks %q:\n%s", q, want, text)
			}
		}
	}
	if seen == 0 || one == 0 {
		t.Fatalf("setup: %d suggestions, %d of one item", seen, one)
	}
	// The count's line agrees in number too.
	var totals []uint64
	for _, q := range []string{"ministry", "Bayramov"} {
		var res search.Result
		if err := json.Unmarshal([]byte(run("--json", q)), &res); err != nil {
			t.Fatal(err)
		}
		totals = append(totals, res.Total)
		want := fmt.Sprintf("%d items match;", res.Total)
		if res.Total == 1 {
			want = "1 item matches;"
		}
		if text := run(q); !strings.HasPrefix(text, want) {
			t.Errorf("%q: the output begins %.40q, want %q", q, text, want)
		}
	}
	if !slices.Contains(totals, 1) {
		t.Fatalf("setup: totals %v, none of one item", totals)
	}
}
