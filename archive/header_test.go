package archive

import (
	"strings"
	"testing"
)

// briefingWith is a minimal briefing around a header, for header-only rules.
func briefingWith(header string) []byte {
	return []byte(header + "\n\n1. 内政関連\n\n● 見出し\n\nHeadline\n\nBody text. (APA / 16.05.2026)\n")
}

// TestWeekRange: every way of writing the week range seen in the archives.
func TestWeekRange(t *testing.T) {
	tests := []struct {
		header     string
		start, end string
	}{
		{"2026年5月16日～5月22日", "2026-05-16", "2026-05-22"},
		{"2026年5月16日〜5月22日", "2026-05-16", "2026-05-22"},
		{"2026年5月16日~5月22日", "2026-05-16", "2026-05-22"},
		{"2026年5月16日 - 5月22日", "2026-05-16", "2026-05-22"},
		{"2026年5月16日–5月22日", "2026-05-16", "2026-05-22"},
		{"2026年5月16日から5月22日まで", "2026-05-16", "2026-05-22"},
		{"2026年5月16日～2026年5月22日", "2026-05-16", "2026-05-22"},
		{"２０２６年５月１６日～５月２２日", "2026-05-16", "2026-05-22"},
		{"2026 年 5 月 16 日 ～ 5 月 22 日", "2026-05-16", "2026-05-22"},
		{"2026年5月16日（土）～5月22日（金）", "2026-05-16", "2026-05-22"},
		{"2026年5月16日～22日", "2026-05-16", "2026-05-22"},
		{"2026年5月30日～6月5日", "2026-05-30", "2026-06-05"},
		{"2026年5月30日～5日", "2026-05-30", "2026-06-05"},
		{"2025年12月27日～1月2日", "2025-12-27", "2026-01-02"},
		{"2025年12月29日～4日", "2025-12-29", "2026-01-04"},
		{"2025年12月27日～2026年1月2日", "2025-12-27", "2026-01-02"},
		{"令和8年5月16日～5月22日", "2026-05-16", "2026-05-22"},
		{"(2026年5月16日～5月22日)", "2026-05-16", "2026-05-22"},
		{"**2026年5月16日～5月22日**", "2026-05-16", "2026-05-22"},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			b, err := Parse("x.txt", briefingWith("タイトル\n"+tt.header+"\n在アゼルバイジャン大使館"))
			if err != nil {
				t.Fatal(err)
			}
			if b.WeekStart.String() != tt.start || b.WeekEnd.String() != tt.end || b.ID != tt.start {
				t.Errorf("got %s %s..%s, want %s..%s", b.ID, b.WeekStart, b.WeekEnd, tt.start, tt.end)
			}
		})
	}
}

// TestHeaderLines: title, subtitle and issuer in any order, and what is missing is a warning.
func TestHeaderLines(t *testing.T) {
	tests := []struct {
		name, header            string
		title, subtitle, issuer string
		warnings                []string
	}{
		{"usual order", "政治・治安情報\n\n(公開情報とりまとめ)\n\n2026年5月16日～5月22日\n\n在アゼルバイジャン大使館",
			"政治・治安情報", "(公開情報とりまとめ)", "在アゼルバイジャン大使館", nil},
		{"issuer first", "在アゼルバイジャン大使館\n2026年5月16日～5月22日\n政治・治安情報",
			"政治・治安情報", "", "在アゼルバイジャン大使館", nil},
		{"title on the week line", "政治・治安情報（2026年5月16日～5月22日）\n在アゼルバイジャン大使館",
			"政治・治安情報", "", "在アゼルバイジャン大使館", nil},
		{"no issuer word: the last line is the issuer", "政治・治安情報\n2026年5月16日～5月22日\nEmbassy of Japan in Azerbaijan",
			"政治・治安情報", "", "Embassy of Japan in Azerbaijan", nil},
		{"week only", "2026年5月16日～5月22日", "", "", "",
			[]string{"x.txt:1: the header has no title line", "x.txt:1: the header does not name the issuer"}},
		{"an extra line", "政治・治安情報\n第12号\n2026年5月16日～5月22日\n在アゼルバイジャン大使館",
			"政治・治安情報", "", "在アゼルバイジャン大使館", []string{`x.txt:2: header line "第12号" not understood; ignored`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Parse("x.txt", briefingWith(tt.header))
			if err != nil {
				t.Fatal(err)
			}
			if b.Title != tt.title || b.Subtitle != tt.subtitle || b.Issuer != tt.issuer {
				t.Errorf("got %q %q %q, want %q %q %q", b.Title, b.Subtitle, b.Issuer, tt.title, tt.subtitle, tt.issuer)
			}
			if got, want := strings.Join(b.Warnings, "\n"), strings.Join(tt.warnings, "\n"); got != want {
				t.Errorf("warnings\n got  %q\n want %q", got, want)
			}
		})
	}
}
