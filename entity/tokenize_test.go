package entity

import (
	"strings"
	"testing"
)

func TestTokenize(t *testing.T) {
	abbrev := wordSet(abbreviations)
	for _, tc := range []struct {
		in   string
		want string // words, "+" before a joined word, "'" after a possessive, "^" before a sentence start, "|" for a non-word
	}{
		{"President Kassym-Jomart Tokayev", "^President Kassym +Jomart Tokayev"},
		{"Azerbaijan's ambassador to Turkey, Rashad Mammadov, said", "^Azerbaijan' ambassador to Turkey | Rashad Mammadov | said"},
		{"Mammadov’s statements", "^Mammadov' statements"},
		{"the Ministers' meeting", "^the Ministers' meeting"},
		{"O'Brien met Genç.", "^O'Brien met Genç |"},
		{"Defense – Chief", "^Defense | Chief"},
		{"the D-8 Organization", "^the D +8 Organization"},
		{"Armenia–Azerbaijan peace. The end", "^Armenia +Azerbaijan peace | ^The end"},
		{"H. Aliyev and Mr. Smith", "^H | Aliyev and Mr | Smith"},
		{"バイラモフ外相、OTS 外相非公式会合に出席", "| ^OTS |"},
		{"“Azret Sultan” State", "| ^Azret Sultan | State"},
		{"first para\n\nSecond para", "^first para ^Second para"},
	} {
		var parts []string
		for _, tok := range tokenize(tc.in, abbrev, nil) {
			if !tok.word {
				parts = append(parts, "|")
				continue
			}
			w := tok.text
			if tok.joined {
				w = "+" + w
			}
			if tok.sentStart {
				w = "^" + w
			}
			if tok.poss {
				w += "'"
			}
			parts = append(parts, w)
		}
		if got := strings.Join(parts, " "); got != tc.want {
			t.Errorf("tokenize(%q)\n got %s\nwant %s", tc.in, got, tc.want)
		}
	}
}

func TestTokenOffsets(t *testing.T) {
	s := "Yaşar Güler’s visit"
	toks := tokenize(s, nil, nil)
	if got := s[toks[1].start:toks[1].end]; got != "Güler’s" {
		t.Errorf("span of possessive token = %q, want %q", got, "Güler’s")
	}
	if toks[1].text != "Güler" || toks[1].fold != "guler" || !toks[1].cap || toks[1].upper {
		t.Errorf("token = %+v", toks[1])
	}
	if !toks[0].cap || tokenize("EU", nil, nil)[0].upper != true {
		t.Error("capital flags wrong")
	}
}

func TestDottedInitials(t *testing.T) {
	toks := tokenize("The U.S. State Department said. Next", nil, nil)
	var words []string
	for _, tok := range toks {
		words = append(words, tok.text)
	}
	if got := strings.Join(words, "|"); got != "The|U.S.|State|Department|said|.|Next" {
		t.Errorf("tokens = %s", got)
	}
	if !toks[1].upper || toks[2].sentStart {
		t.Errorf("U.S. = %+v; State = %+v (a period ending initials does not end the sentence)", toks[1], toks[2])
	}
}
