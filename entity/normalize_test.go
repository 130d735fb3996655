package entity

import "testing"

func TestKey(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Bayramov", "bayramov"},
		{"  FM   Bayramov ", "fm bayramov"},
		{"ＥＵ", "eu"},              // fullwidth Latin
		{"ﾊﾞｲﾗﾓﾌ", "バイラモフ"},       // halfwidth katakana
		{"ナゴルノ・カラバフ", "ナゴルノカラバフ"}, // Japanese: separators vanish
		{"ナゴルノ カラバフ", "ナゴルノカラバフ"},
		{"Kassym-Jomart Tokayev", "kassym jomart tokayev"},
		{"Armenia–Azerbaijan", "armenia azerbaijan"},
		{"Mammadov’s", "mammadov's"},
		{"Genç", "genç"}, // diacritics survive in keys
		{"D-8", "d 8"},
		{"地雷除去", "地雷除去"},
	} {
		if got := Key(tc.in); got != tc.want {
			t.Errorf("Key(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Yaşar Güler", "yasar guler"},
		{"Chişinău", "chisinau"},
		{"Chișinău", "chisinau"},
		{"Bayraktaroğlu", "bayraktaroglu"},
		{"Əliyev", "aliyev"},
		{"Kırıkkale", "kirikkale"},
		{"António Costa", "antonio costa"},
		{"アリエフ", "アリエフ"},
		{"バクー", "バクー"}, // voicing marks are part of the letter: not ハクー
		{"ガファロヴァ", "ガファロヴァ"},
	} {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSlug(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Jeyhun Bayramov", "jeyhun-bayramov"},
		{"Yaşar Güler", "yasar-guler"},
		{"Kassym-Jomart Tokayev", "kassym-jomart-tokayev"},
		{"D-8 Organization for Economic Cooperation", "d-8-organization-for-economic-cooperation"},
		{"  Türkiye!! ", "turkiye"},
		{"アリエフ", "アリエフ"},
	} {
		if got := Slug(tc.in); got != tc.want {
			t.Errorf("Slug(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
