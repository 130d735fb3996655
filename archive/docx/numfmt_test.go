package docx

import (
	"errors"
	"io"
	"strings"
	"testing"
)

func TestFormatNumber(t *testing.T) {
	for _, tc := range []struct {
		n      int
		format string
		want   string
	}{
		{1, "decimal", "1"},
		{12, "", "12"},
		{3, "decimalZero", "03"},
		{12, "decimalZero", "12"},
		{10, "decimalFullWidth", "１０"},
		{7, "decimalFullWidth2", "７"},
		{1, "lowerLetter", "a"},
		{26, "lowerLetter", "z"},
		{27, "lowerLetter", "aa"},
		{54, "upperLetter", "BBB"},
		{0, "lowerLetter", "0"},
		{100000, "upperLetter", "100000"},
		{4, "lowerRoman", "iv"},
		{1994, "upperRoman", "MCMXCIV"},
		{4000, "upperRoman", "4000"},
		{0, "upperRoman", "0"},
		{1, "decimalEnclosedCircle", "①"},
		{20, "decimalEnclosedCircle", "⑳"},
		{21, "decimalEnclosedCircle", "㉑"},
		{36, "decimalEnclosedCircleChinese", "㊱"},
		{50, "decimalEnclosedCircle", "㊿"},
		{51, "decimalEnclosedCircle", "51"},
		{3, "decimalEnclosedParen", "⑶"},
		{3, "decimalEnclosedFullstop", "⒊"},
		{1, "aiueoFullWidth", "ア"},
		{46, "aiueoFullWidth", "ン"},
		{47, "aiueoFullWidth", "ア"},
		{2, "aiueo", "ｲ"},
		{1, "irohaFullWidth", "イ"},
		{3, "iroha", "ﾊ"},
		{11, "japaneseCounting", "十一"},
		{20, "japaneseCounting", "二十"},
		{105, "japaneseCounting", "百五"},
		{2026, "japaneseCounting", "二千二十六"},
		{2026, "ideographDigital", "二〇二六"},
		{5, "none", ""},
		{5, "cardinalText", "5"},
	} {
		if got := formatNumber(tc.n, tc.format); got != tc.want {
			t.Errorf("formatNumber(%d, %q) = %q, want %q", tc.n, tc.format, got, tc.want)
		}
	}
}

func TestSymbols(t *testing.T) {
	for _, tc := range []struct{ font, char, want string }{
		{"Symbol", "F0B7", "•"},
		{"Symbol", "B7", "•"},
		{"Wingdings", "F06C", "●"},
		{"Wingdings", "6C", "●"},
		{"Wingdings", "F0D8", "•"},
		{"Wingdings", "F0FC", "•"},
		{"Symbol", "F061", "\uF061"}, // α in the Symbol font: not a bullet, kept
		{"Arial", "41", "A"},
		{"Arial", "2022", "•"},
		{"Arial", "0007", ""},
		{"Arial", "D800", ""},
		{"Arial", "nothex", ""},
	} {
		if got := symbolText(tc.font, tc.char); got != tc.want {
			t.Errorf("symbolText(%q, %q) = %q, want %q", tc.font, tc.char, got, tc.want)
		}
	}
	if got, want := mapSymbols("\uF0B7\uF06C\uF0A7o●"), "•●•o●"; got != want {
		t.Errorf("mapSymbols = %q, want %q", got, want)
	}
}

func TestExpandLevelText(t *testing.T) {
	value := func(level int) string { return strings.Repeat("#", level+1) }
	for text, want := range map[string]string{
		"%1.":     "#.",
		"%1.%2.":  "#.##.",
		"第%1章":    "第#章",
		"%9":      "#########",
		"100%":    "100%",
		"%0 %a %": "%0 %a %",
	} {
		if got := expandLevelText(text, value); got != want {
			t.Errorf("expandLevelText(%q) = %q, want %q", text, got, want)
		}
	}
}

func TestCappedReader(t *testing.T) {
	for _, tc := range []struct {
		size    int
		wantErr bool
	}{{9, false}, {10, false}, {11, true}, {1 << 20, true}} {
		c := &cappedReader{rc: io.NopCloser(strings.NewReader(strings.Repeat("x", tc.size))), left: 10, err: &tooLargeError{part: "p", limit: 10}}
		n, err := io.Copy(io.Discard, c)
		var big *tooLargeError
		if got := errors.As(err, &big); got != tc.wantErr || n > 10 {
			t.Errorf("%d bytes: read %d, error %v; want an error: %v", tc.size, n, err, tc.wantErr)
		}
	}
}
