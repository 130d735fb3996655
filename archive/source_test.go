package archive

import (
	"strings"
	"testing"
)

func TestFindAttribution(t *testing.T) {
	tests := []struct {
		text     string
		sources  string // "NAME DATE; …"
		rest     string
		found    bool
		warnings int
	}{
		{"Text. (TREND / 22.05.2026)", "TREND 2026-05-22", "Text.", true, 0},
		{"Text. (TREND/22.05.2026)", "TREND 2026-05-22", "Text.", true, 0},
		{"Text.(MOD.GOV.AZ / 20.05.2026)  ", "MOD.GOV.AZ 2026-05-20", "Text.", true, 0},
		{"Text. (TREND / 29.12.2025; APA / 30.12.2025)", "TREND 2025-12-29; APA 2025-12-30", "Text.", true, 0},
		{"Text. (TREND / 29.12.2025；APA / 30.12.2025)", "TREND 2025-12-29; APA 2025-12-30", "Text.", true, 0},
		{"Text. (TREND / 29.12.2025, APA / 30.12.2025)", "TREND 2025-12-29; APA 2025-12-30", "Text.", true, 0},
		{"Text. (RFE/RL / 1.6.2026)", "RFE/RL 2026-06-01", "Text.", true, 0},
		{"Text. (Voice of America / 01/06/2026)", "Voice of America 2026-06-01", "Text.", true, 0},
		{"Text. （ＡＰＡ / ０１．０６．２０２６）", "APA 2026-06-01", "Text.", true, 0},
		{"Text. (TREND 22.05.2026)", "TREND 2026-05-22", "Text.", true, 1},
		{"Text. (TREND / 22.05.2026; APA / 32.05.2026)", "TREND 2026-05-22", "Text.", true, 1},
		{"Text. (APA / 30.02.2026)", "", "Text. (APA / 30.02.2026)", true, 1},
		{"Text. (see 22.05.26)", "", "Text. (see 22.05.26)", true, 1},
		{"Text (ANAMA)", "", "Text (ANAMA)", false, 0},
		{"Text (TREND / 22.05.2026) and more.", "", "Text (TREND / 22.05.2026) and more.", false, 0},
		{"Text 22.05.2026)", "", "Text 22.05.2026)", false, 0},
		{")", "", ")", false, 0},
	}
	for _, tt := range tests {
		a := findAttribution(tt.text)
		var got []string
		for _, s := range a.sources {
			got = append(got, s.Name+" "+s.Date.String())
		}
		if strings.Join(got, "; ") != tt.sources || a.text != tt.rest || a.found != tt.found || len(a.warnings) != tt.warnings {
			t.Errorf("findAttribution(%q) = %q rest %q found %v warnings %q;\n want %q rest %q found %v %d warnings",
				tt.text, got, a.text, a.found, a.warnings, tt.sources, tt.rest, tt.found, tt.warnings)
		}
	}
}

func TestJoinWrapped(t *testing.T) {
	tests := []struct{ a, b, want string }{
		{"cooperation in the fields of", "energy", "cooperation in the fields of energy"},
		{"military-", "technical", "military-technical"},
		{"Defense –", "Chief", "Defense – Chief"},
		{"2026-", "2028", "2026- 2028"},
		{"the Caspian–", "Black Sea", "the Caspian–Black Sea"}, // a dash between words: no space
		{"its 2026–", "2028 plan", "its 2026–2028 plan"},
		{"関する", "協議", "関する協議"},
		{"EU", "当局", "EU当局"},
		{"発表した。", "(APA / 03.06.2026)", "発表した。(APA / 03.06.2026)"},
		{"", "x", "x"},
		{"x", "", "x"},
	}
	for _, tt := range tests {
		if got := joinWrapped(tt.a, tt.b); got != tt.want {
			t.Errorf("joinWrapped(%q, %q) = %q, want %q", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestSentenceEdges(t *testing.T) {
	ends := map[string]bool{
		"He said so.": true, "move “in parallel.”": true, "発表した。": true, "Why?": true,
		"The points are:": true, "brotherly relations": false, "the U.S": false, "(OTS)": false,
	}
	for s, want := range ends {
		if got := endsSentence(s); got != want {
			t.Errorf("endsSentence(%q) = %v, want %v", s, got, want)
		}
	}
	lower := map[string]bool{"between Azerbaijan": true, "“in parallel”": true, "The": false, "2026 was": false, "本件": false}
	for s, want := range lower {
		if got := startsLower(s); got != want {
			t.Errorf("startsLower(%q) = %v, want %v", s, got, want)
		}
	}
}
