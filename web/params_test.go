package web

import (
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"briefsearch/archive"
	"briefsearch/search"
)

func TestParseRequest(t *testing.T) {
	tests := []struct {
		name    string
		query   string
		want    search.Request
		wantErr string // substring of the client-facing message; "" = no error
	}{
		{name: "empty browses", query: "", want: search.Request{}},
		{name: "query and repeated filters", query: "q=+Bayramov+&section=foreign&section=domestic&source=TREND&month=2026-05",
			want: search.Request{Query: "Bayramov", Filters: search.Filters{Sections: []string{"foreign", "domestic"},
				Sources: []string{"TREND"}, Months: []string{"2026-05"}}}},
		{name: "entity filters", query: "person=Jeyhun+Bayramov&org=OTS&place=Baku",
			want: search.Request{Filters: search.Filters{Persons: []string{"Jeyhun Bayramov"}, Organizations: []string{"OTS"}, Places: []string{"Baku"}}}},
		{name: "blank and duplicate values dropped", query: "section=&section=foreign&section=foreign",
			want: search.Request{Filters: search.Filters{Sections: []string{"foreign"}}}},
		{name: "dates, sort, paging", query: "from=2026-05-20&to=2026-05-22&sort=-date&page=2&size=50&after=abc",
			want: search.Request{Filters: search.Filters{From: archive.DateOf(2026, 5, 20), To: archive.DateOf(2026, 5, 22)},
				Sort: "-date", Page: 2, Size: 50, After: "abc"}},
		{name: "facets with sizes", query: "facets=section,month:24",
			want: search.Request{Facets: []search.FacetRequest{{Name: "section"}, {Name: "month", Size: 24}}}},
		{name: "empty facets asks for none", query: "facets=", want: search.Request{Facets: []search.FacetRequest{}}},
		{name: "highlights off", query: "q=x&highlight=false", want: search.Request{Query: "x", NoHighlights: true}},
		{name: "highlights off as 0", query: "q=x&highlight=0", want: search.Request{Query: "x", NoHighlights: true}},
		{name: "highlights on", query: "q=x&highlight=true", want: search.Request{Query: "x"}},
		{name: "bad highlight", query: "q=x&highlight=no", wantErr: `highlight: "no" is not true or false`},
		{name: "highlight twice", query: "q=x&highlight=true&highlight=false", wantErr: `"highlight" is given 2 times`},
		{name: "total estimated", query: "q=x&facets=&total=estimate", want: search.Request{Query: "x", Facets: []search.FacetRequest{}, EstimateTotal: true}},
		{name: "total exact", query: "q=x&total=exact", want: search.Request{Query: "x"}},
		{name: "bad total", query: "q=x&total=about", wantErr: `total: "about" is not exact or estimate`},
		{name: "unknown parameter", query: "sectoin=foreign", wantErr: `unknown parameter "sectoin"`},
		{name: "q twice", query: "q=a&q=b", wantErr: `"q" is given 2 times`},
		{name: "bad date", query: "from=20.05.2026", wantErr: `from: "20.05.2026" is not a date`},
		{name: "bad sort", query: "sort=score", wantErr: `sort "score" is not one of`},
		{name: "bad page", query: "page=0", wantErr: `page: "0" is not a positive whole number`},
		{name: "bad size", query: "size=ten", wantErr: `size: "ten" is not a whole number from 0 to 100`},
		{name: "unknown facet", query: "facets=colour", wantErr: `facets: "colour" is not one of`},
		{name: "facet size too big", query: "facets=source:1000", wantErr: `size "1000" of source`},
		{name: "query too long", query: "q=" + strings.Repeat("あ", search.MaxQueryLen+1), wantErr: "q is 513 characters; the limit is 512"},
		{name: "query at the limit", query: "q=" + strings.Repeat("あ", search.MaxQueryLen),
			want: search.Request{Query: strings.Repeat("あ", search.MaxQueryLen)}},
		{name: "too many filter values", query: manyValues("source", search.MaxFilterValue+1),
			wantErr: "source is given 33 values"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			got, err := parseRequest(v)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("got %+v, want error containing %q", got, tt.wantErr)
				}
				h, internal := classify(err)
				if internal || h.Status != 400 || h.Code != "bad_query" || !strings.Contains(h.Msg, tt.wantErr) {
					t.Fatalf("error = %d %s %q (internal %v), want 400 bad_query containing %q", h.Status, h.Code, h.Msg, internal, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func manyValues(param string, n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(param + "=v" + strings.Repeat("x", i) + "&")
	}
	return b.String()
}

func TestExportRequestRefusesPaging(t *testing.T) {
	for _, p := range []string{"page=2", "size=5", "facets=section", "highlight=false"} { // after= continues a cut export
		if _, err := exportRequest(httptest.NewRequest("GET", "/api/v1/search.csv?q=x&"+p, nil)); err == nil || !strings.Contains(err.Error(), "does not apply to exports") {
			t.Errorf("%s: err = %v, want a refusal", p, err)
		}
	}
	if _, err := exportRequest(httptest.NewRequest("GET", "/api/v1/search.csv?q=x&section=foreign&sort=date", nil)); err != nil {
		t.Errorf("plain export refused: %v", err)
	}
}

// A query string the URL parser cannot read whole is refused, not read in part: Go drops the
// pairs that hold a ";" or a broken escape, so "sort=;drop" ran as if no sort were given.
func TestQueryValues(t *testing.T) {
	for _, c := range []struct {
		raw  string
		want string // "" = read as url.ParseQuery reads it
	}{
		{"sort=;drop", `the query string has a ";": separate parameters with "&"`},
		{"q=Bayramov;section=foreign", `the query string has a ";"`},
		{"q=%zz", `the query string is not valid: invalid URL escape "%zz"`},
		{"q=%93", `parameter "q" is not UTF-8 text`},
		{"%FF=1", "parameter \"\uFFFD\" is not UTF-8 text"},
		{"q=a%3Bb&sort=date", ""}, // an escaped ; is part of a value
		{"", ""},
	} {
		r := httptest.NewRequest("GET", "/api/v1/search?"+c.raw, nil)
		v, err := queryValues(r)
		if c.want == "" {
			want, _ := url.ParseQuery(c.raw)
			if err != nil || !reflect.DeepEqual(v, want) {
				t.Errorf("%q: %v, %v; want %v", c.raw, v, err, want)
			}
			continue
		}
		h, internal := classify(err)
		if err == nil || internal || h.Status != 400 || !strings.Contains(h.Msg, c.want) {
			t.Errorf("%q: %v, want a 400 saying %q", c.raw, err, c.want)
		}
	}
}

func TestBriefingParams(t *testing.T) {
	for _, c := range []struct {
		raw        string
		sized      bool
		page, size int
		want       string
	}{
		{"", true, 0, 0, ""},
		{"page=3&size=10", true, 3, 10, ""},
		{"page=2", false, 2, 0, ""},
		{"size=10", false, 0, 0, `unknown parameter "size"; a briefing takes page`},
		{"q=x", true, 0, 0, `unknown parameter "q"; a briefing takes page and size`},
		{"page=0", true, 0, 0, `page: "0" is not a positive whole number`},
		{"page=1&page=2", true, 0, 0, `parameter "page" is given 2 times`},
		{"page=;2", true, 0, 0, `has a ";"`},
	} {
		page, size, err := briefingParams(httptest.NewRequest("GET", "/briefings/x?"+c.raw, nil), c.sized)
		if c.want == "" {
			if err != nil || page != c.page || size != c.size {
				t.Errorf("%q: page %d size %d %v", c.raw, page, size, err)
			}
			continue
		}
		if h, _ := classify(err); err == nil || h.Status != 400 || !strings.Contains(h.Msg, c.want) {
			t.Errorf("%q: %v, want a 400 saying %q", c.raw, err, c.want)
		}
	}
}

// Every route that reads a query string reads it whole: a ";" or an unknown parameter is
// a 400 on the exports and the entity list too, in the API and on the page.
func TestEveryRouteReadsTheQueryWhole(t *testing.T) {
	srv := newTestServer(t, Options{})
	for _, target := range []string{"/api/v1/search.csv?q=x;section=foreign", "/api/v1/search.jsonl?q=x;y", "/api/v1/search.csv?q=x&sectoin=foreign",
		"/api/v1/entities?q=a;type=person", "/entities?q=a;type=person", "/entities?tpye=person", "/?q=a;b", "/briefings/2026-05-16?page=;2"} {
		rec := do(t, srv, "GET", target, nil)
		if rec.Code != 400 {
			t.Errorf("%s: %d, want 400", target, rec.Code)
		}
	}
}
