package web

import (
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
		strict  bool
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
		{name: "unknown parameter strict", query: "sectoin=foreign", strict: true, wantErr: `unknown parameter "sectoin"`},
		{name: "unknown parameter lenient", query: "utm_source=x", want: search.Request{}},
		{name: "q twice", query: "q=a&q=b", wantErr: `"q" is given 2 times`},
		{name: "bad date", query: "from=20.05.2026", wantErr: `from: "20.05.2026" is not a date`},
		{name: "bad sort", query: "sort=score", wantErr: `sort "score" is not one of`},
		{name: "bad page", query: "page=0", wantErr: `page: "0" is not a positive whole number`},
		{name: "bad size", query: "size=ten", wantErr: `size: "ten" is not a positive whole number`},
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
			got, err := parseRequest(v, tt.strict)
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
	for _, p := range []string{"page=2", "size=5", "after=x", "facets=section"} {
		v, _ := url.ParseQuery("q=x&" + p)
		if _, err := exportRequest(v); err == nil || !strings.Contains(err.Error(), "does not apply to exports") {
			t.Errorf("%s: err = %v, want a refusal", p, err)
		}
	}
	v, _ := url.ParseQuery("q=x&section=foreign&sort=date")
	if _, err := exportRequest(v); err != nil {
		t.Errorf("plain export refused: %v", err)
	}
}
