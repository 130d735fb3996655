package web

import (
	"html/template"
	"testing"
)

func TestFragmentHTML(t *testing.T) {
	tests := []struct {
		in   string
		want template.HTML
	}{
		{"FM <mark>Bayramov</mark> said", "FM <mark>Bayramov</mark> said"},
		{"&lt;script&gt; <mark>x</mark>", "&lt;script&gt; <mark>x</mark>"},
		// Anything but <mark> means the fragment was not escaped: show it as text.
		{"<script>alert(1)</script><mark>x</mark>", "&lt;script&gt;alert(1)&lt;/script&gt;&lt;mark&gt;x&lt;/mark&gt;"},
		{"<mark onclick=x>y</mark>", "&lt;mark onclick=x&gt;y&lt;/mark&gt;"},
		{"<mark>unbalanced", "&lt;mark&gt;unbalanced"},
		{"a > b", "a &gt; b"},
	}
	for _, tt := range tests {
		if got := fragmentHTML(tt.in); got != tt.want {
			t.Errorf("fragmentHTML(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHighlightedFallsBackToEscapedText(t *testing.T) {
	hl := map[string][]string{"headline_en_bigram": {"FM <mark>Jeyhun</mark>"}, "body": {"x"}}
	if got := highlighted(hl, "headline_en", "FM Jeyhun"); got != "FM <mark>Jeyhun</mark>" {
		t.Errorf("with highlight: %q", got)
	}
	if got := highlighted(hl, "headline_ja", "<b>見出し</b>"); got != "&lt;b&gt;見出し&lt;/b&gt;" {
		t.Errorf("without highlight: %q", got)
	}
}
