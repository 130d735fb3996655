package web

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

func TestStateLinks(t *testing.T) {
	in, _ := url.ParseQuery("q=Bayramov&section=foreign&source=TREND&page=3&size=99&facets=section&utm=x")
	st := newState(in)
	tests := []struct {
		name, got, want string
	}{
		{"state drops size, facets and unknown params", href(st.v), "/?page=3&q=Bayramov&section=foreign&source=TREND"},
		{"adding a value resets paging", st.toggle(paramSource, "AZERTAG"), "/?q=Bayramov&section=foreign&source=TREND&source=AZERTAG"},
		{"toggling an active value removes it", st.toggle(paramSection, "foreign"), "/?q=Bayramov&source=TREND"},
		{"chip removal", st.without(paramSource, "TREND"), "/?q=Bayramov&section=foreign"},
		{"sort resets paging", st.withSort("-date"), "/?q=Bayramov&section=foreign&sort=-date&source=TREND"},
		{"page one has no page param", st.withPage(1), "/?q=Bayramov&section=foreign&source=TREND"},
		{"page n", st.withPage(4), "/?page=4&q=Bayramov&section=foreign&source=TREND"},
		{"clear keeps query", st.clearFilters(), "/?q=Bayramov"},
		{"export link drops paging", st.apiURL("/api/v1/search.csv", true), "/api/v1/search.csv?q=Bayramov&section=foreign&source=TREND"},
		{"empty state is the root", newState(url.Values{}).withPage(1), "/"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	// The original state must not change through any of the above.
	if got := href(st.v); got != "/?page=3&q=Bayramov&section=foreign&source=TREND" {
		t.Errorf("state mutated: %s", got)
	}
	hidden := st.hidden()
	want := []hiddenField{{"section", "foreign"}, {"source", "TREND"}}
	if len(hidden) != len(want) || hidden[0] != want[0] || hidden[1] != want[1] {
		t.Errorf("hidden = %v, want %v", hidden, want)
	}
}

// Every link and form of a search page leads somewhere that answers, whatever the page was
// asked with: its exports, aggregates and feed drop what they refuse (a highlight=false page
// once linked to exports that answered 400), and the JSON API and the form keep it.
func TestSearchPageLinksAnswer(t *testing.T) {
	env := newTestEnv(t)
	srv := env.server(t, Options{})
	page := do(t, srv, "GET", "/?q=Bayramov&highlight=false&sort=-date&source=TREND", nil)
	if page.Code != 200 {
		t.Fatalf("%d %s", page.Code, page.Body)
	}
	body := page.Body.String()
	links := regexp.MustCompile(`href="(/[^"#]*)"`).FindAllStringSubmatch(body, -1)
	if len(links) < 20 {
		t.Fatalf("setup: %d links on the page", len(links))
	}
	seen := map[string]bool{}
	var exports int
	for _, m := range links {
		u := html.UnescapeString(m[1])
		if seen[u] || strings.HasPrefix(u, "/static/") {
			continue
		}
		seen[u] = true
		if strings.HasPrefix(u, "/api/v1/search.") || strings.HasPrefix(u, "/api/v1/search/") || strings.HasPrefix(u, "/feeds/") {
			exports++
		}
		if rec := do(t, srv, "GET", u, nil); rec.Code >= 400 {
			t.Errorf("the page links to %s, which answers %d: %.200s", u, rec.Code, rec.Body)
		}
	}
	if exports < 4 {
		t.Errorf("setup: %d export, aggregate and feed links checked", exports)
	}
	for _, want := range []string{`href="/api/v1/search?highlight=false&amp;`, `<input type="hidden" name="highlight" value="false">`} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
}
