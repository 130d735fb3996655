package web

import (
	"net/url"
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
