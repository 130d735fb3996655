package index

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

func analyze(t *testing.T, analyzer, text string) []string {
	t.Helper()
	im, err := NewMapping()
	if err != nil {
		t.Fatal(err)
	}
	a := im.AnalyzerNamed(analyzer)
	if a == nil {
		t.Fatalf("no analyzer %s", analyzer)
	}
	var terms []string
	for _, tk := range a.Analyze([]byte(text)) {
		terms = append(terms, string(tk.Term))
	}
	return terms
}

func TestAnalyzers(t *testing.T) {
	tests := []struct {
		analyzer, text string
		want           []string
	}{
		// kagome: search mode splits compounds; ・ separates names; punctuation is dropped.
		{AnalyzerJapanese, "地雷除去", []string{"地雷", "除去"}},
		{AnalyzerJapanese, "トカエフ・カザフスタン大統領", []string{"トカエフ", "カザフスタン", "大統領"}},
		{AnalyzerJapanese, "バイラモフ外相、「OTS」出席。", []string{"バイラモフ", "外相", "ots", "出席"}},
		{AnalyzerJapanese, "ＥＵ・Ｄ－８", []string{"eu", "d", "8"}},
		{AnalyzerJapanese, "・、。「」", nil},
		// bigrams: substrings of compounds are reachable; no bigram crosses the middle dot.
		{AnalyzerBigram, "カザフスタン", []string{"カザ", "ザフ", "フス", "スタ", "タン"}},
		{AnalyzerBigram, "グローバル・サウス", []string{"グロ", "ロー", "ーバ", "バル", "サウ", "ウス"}},
		{AnalyzerBigram, "地雷", []string{"地雷"}},
		// English: possessives (straight and curly), stop words, stems; Japanese as bigrams.
		{AnalyzerEnglish, "Azerbaijan’s demining of the Middle Corridor", []string{"azerbaijan", "demin", "middl", "corridor"}},
		{AnalyzerEnglish, "the 政治犯 list", []string{"政治", "治犯", "list"}},
		{AnalyzerKey, "  JAM-NEWS.NET ", []string{"  jam-news.net "}},
	}
	for _, tt := range tests {
		if got := analyze(t, tt.analyzer, tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("%s(%q) = %q, want %q", tt.analyzer, tt.text, got, tt.want)
		}
	}
}

// Highlighting cuts the stored text at token offsets: they must be byte offsets of the
// original text, also after a ・ split and in multi-byte text.
func TestKagomeOffsetsAreBytes(t *testing.T) {
	text := "アリエフ大統領、トカエフ・カザフスタン大統領と電話会談 EU"
	for _, tk := range (kagomeTokenizer{}).Tokenize([]byte(text)) {
		if got := text[tk.Start:tk.End]; got != string(tk.Term) {
			t.Errorf("token %q at [%d:%d] covers %q", tk.Term, tk.Start, tk.End, got)
		}
	}
	toks := (kagomeTokenizer{}).Tokenize([]byte(text))
	for i, tk := range toks {
		if tk.Position != i+1 {
			t.Errorf("token %q has position %d, want %d (no gaps where punctuation was dropped)", tk.Term, tk.Position, i+1)
		}
	}
}

func TestRegisterIsIdempotent(t *testing.T) {
	Register()
	Register()
	if _, err := NewMapping(); err != nil {
		t.Fatal(err)
	}
}

// The schema is reviewed as JSON: any change to fields or analyzers shows up in this diff.
func TestMappingGolden(t *testing.T) {
	im, err := NewMapping()
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.MarshalIndent(im, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", "mapping.golden.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("mapping differs from %s; if intended, run go test ./index -run MappingGolden -update and bump Format when old indexes can no longer be read", path)
	}
}
