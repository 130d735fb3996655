package index

import (
	"bytes"
	"encoding/json"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/ikawaha/kagome-dict/dict/trie"
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

// TestWidthFilterAsBleves checks the fast width filter against bleve's on random terms made
// of ASCII, full-width ASCII, half-width katakana with their voicing marks, kana, kanji and
// bytes that are not UTF-8, one token at a time and as a stream.
func TestWidthFilterAsBleves(t *testing.T) {
	pieces := []string{"a", "Z", "9", "'", ".", "Ａ", "ｚ", "１", "！", "～", "ｶ", "ﾞ", "ﾟ", "ﾊ", "ｳ", "･", "ｰ",
		"カ", "ヴ", "は", "地", "ə", "\xff", "\xe3\x81", "\xef\xbd"}
	rng := rand.New(rand.NewPCG(1, 2))
	var mine, theirs analysis.TokenStream
	var terms []string
	for range 20000 {
		var b strings.Builder
		for range 1 + rng.IntN(8) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		term := b.String()
		terms = append(terms, term)
		mine = append(mine, &analysis.Token{Term: []byte(term)})
		theirs = append(theirs, &analysis.Token{Term: []byte(term)})
	}
	widthFilter{}.Filter(mine)
	cjk.NewCJKWidthFilter().Filter(theirs)
	changed := 0
	for i := range mine {
		if !bytes.Equal(mine[i].Term, theirs[i].Term) {
			t.Fatalf("term %d: %q, bleve's filter gives %q", i, mine[i].Term, theirs[i].Term)
		}
		if string(theirs[i].Term) != terms[i] {
			changed++
		}
	}
	if changed < 1000 {
		t.Fatalf("only %d terms had anything to fold: the test proves little", changed)
	}
	// Terms with nothing to fold (kana, kanji, accented Latin) are copied into one buffer, not
	// decoded into runes and built again term by term.
	plain := analysis.TokenStream{}
	for _, w := range []string{"地雷", "除去", "アゼルバイジャン", "は", "Türkiye", "ə"} {
		plain = append(plain, &analysis.Token{Term: []byte(w)})
	}
	if allocs := testing.AllocsPerRun(100, func() { widthFilter{}.Filter(plain) }); allocs > 1 {
		t.Errorf("filtering %d terms with nothing to fold: %.0f allocations, want the one buffer", len(plain), allocs)
	}
	if got := analyze(t, AnalyzerEnglish, "ＥＵ's Ｏｆｆｉｃｅ ｶﾞｽ"); !slices.Equal(got, []string{"eu", "offic", "ガス"}) {
		t.Errorf("English analysis of full- and half-width text = %q", got)
	}
	// Analysis must not write into the text it reads: it is the field's stored value.
	im, err := NewMapping()
	if err != nil {
		t.Fatal(err)
	}
	const text = "FM Bayramov met ＥＵ Officials in BAKU"
	for _, name := range []string{AnalyzerEnglish, AnalyzerBigram, AnalyzerJapanese, AnalyzerKey} {
		input := []byte(text)
		im.AnalyzerNamed(name).Analyze(input)
		if string(input) != text {
			t.Errorf("%s analysis rewrote its input to %q", name, input)
		}
	}
}

// TestKagomeLetterWords holds the shortcut for words of ASCII letters to kagome itself: the
// dictionary holds no such word (else there is no shortcut), and at every length up to
// maxLetterWord, and for every word of letters in the briefings here, kagome gives the word
// back whole, as the shortcut does.
func TestKagomeLetterWords(t *testing.T) {
	if err := LoadDictionary(); err != nil {
		t.Fatal(err)
	}
	if kagomeLetterWords {
		t.Fatal("the dictionary holds a word of ASCII letters: the shortcut is off, and this test proves nothing")
	}
	var words []string
	rng := rand.New(rand.NewPCG(11, 12))
	const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	for n := 1; n <= maxLetterWord; n++ {
		for range 20 {
			w := make([]byte, n)
			for i := range w {
				w[i] = letters[rng.IntN(len(letters))]
			}
			words = append(words, string(w))
		}
	}
	for _, text := range repoBriefings(t) {
		words = append(words, strings.FieldsFunc(text, func(r rune) bool { return r > 127 || !isLetter(byte(r)) })...)
	}
	if len(words) < 5000 {
		t.Fatalf("%d words: the test proves little", len(words))
	}
	for _, w := range words {
		if !letterWord([]byte(w)) {
			t.Fatalf("%q is not taken as a word of letters", w)
		}
		if d := diffTokens(kagomeTokenizer{}.Tokenize([]byte(w)), kagomeTokens([]byte(w))); d != "" {
			t.Fatalf("%q, the shortcut against kagome: %s", w, d)
		}
	}
	// The walk finds a word of letters in a trie that holds one, at any depth it is asked to.
	for _, c := range []struct {
		words []string
		depth int
		want  bool
	}{
		{[]string{"地雷", "abc", "外相"}, 8, true},
		{[]string{"地雷", "Zakir"}, 8, true},
		{[]string{"地雷", "1a", "a1", "a-b"}, 8, false},
		{[]string{"地雷", "abcdefghij"}, 8, false},
	} {
		da, err := trie.Build(c.words)
		if err != nil {
			t.Fatal(err)
		}
		if got := hasLetterWord(da, c.depth); got != c.want {
			t.Errorf("a trie of %q, to depth %d: holds a word of letters %v, want %v", c.words, c.depth, got, c.want)
		}
	}
	for _, w := range []string{"", "a1", "U.S", "Türkiye", "ab cd", strings.Repeat("a", maxLetterWord+1)} {
		if letterWord([]byte(w)) {
			t.Errorf("%q taken as a word of letters", w)
		}
	}
}
