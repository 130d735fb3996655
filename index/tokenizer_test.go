package index

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// tokenizerPieces are what the random texts are made of: ASCII words, every ASCII mark the
// segmenter treats specially, whitespace, and the non-ASCII characters that change how
// neighbouring ASCII is cut (a right quote joins letters, a combining mark or soft hyphen
// extends the character before it, a joiner, regional indicators), beside letters, kana,
// kanji, full-width forms and spaces that are not ASCII.
var tokenizerPieces = []string{
	"a", "Z", "q", "9", "0", "_", ":", ".", "'", ",", ";", "\"", "-", "(", "/", "&", "@",
	" ", " ", "\t", "\n", "\r", "\r\n", "\v", "\f",
	"’", "‘", "“", "–", "ü", "ş", "ß", "é", "e\u0301", "\u0301", "\u00ad", "\u200d", "\u200b",
	"地", "雷", "カ", "ー", "は", "ｶ", "ﾞ", "Ａ", "１", "·", "・", "\U0001F1EF", "\U0001F1F5", "😀",
	"\u3000", "\u00a0", "א", "״", "한", "٣",
}

func randomText(rng *rand.Rand, pieces []string, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return b.String()
}

// repoBriefings are the texts of the briefing files in the repository (the shipped archive
// and the parser's test files): real layouts and real non-ASCII text to compare analyses on.
func repoBriefings(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../archive/*/*.txt")
	if err != nil || len(files) < 5 {
		t.Fatalf("briefings to compare on: %v %v", files, err)
	}
	texts := make([]string, 0, len(files))
	for _, name := range files {
		text, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(text))
	}
	return texts
}

func tokensEqual(t *testing.T, text string) {
	t.Helper()
	got := wordTokenizer{}.Tokenize([]byte(text))
	want := unicodeTokenizer.Tokenize([]byte(text))
	if d := diffTokens(got, want); d != "" {
		t.Fatalf("%q: %s", text, d)
	}
}

// diffTokens says where got differs from want (term, offsets, position or type), "" if nowhere.
func diffTokens(got, want analysis.TokenStream) string {
	for i := range max(len(got), len(want)) {
		if i >= len(got) || i >= len(want) {
			return fmt.Sprintf("%d tokens, want %d", len(got), len(want))
		}
		g, w := got[i], want[i]
		if string(g.Term) != string(w.Term) || g.Start != w.Start || g.End != w.End || g.Position != w.Position || g.Type != w.Type || g.KeyWord != w.KeyWord {
			return fmt.Sprintf("token %d is %q %d-%d #%d type %d keyword %v, want %q %d-%d #%d type %d keyword %v",
				i, g.Term, g.Start, g.End, g.Position, g.Type, g.KeyWord, w.Term, w.Start, w.End, w.Position, w.Type, w.KeyWord)
		}
	}
	return ""
}

// TestWordTokenizerAsBleves holds the fast tokenizer to bleve's unicode tokenizer, token for
// token, on random texts (ASCII only, and mixed with the characters that change how ASCII
// next to them is cut), on text that is not UTF-8, and on the shipped and test briefings.
func TestWordTokenizerAsBleves(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var ascii []string
	for _, p := range tokenizerPieces {
		if !strings.ContainsFunc(p, func(r rune) bool { return r > 127 }) {
			ascii = append(ascii, p)
		}
	}
	words, split := 0, 0
	for i := range 30000 {
		pieces := tokenizerPieces
		if i%3 == 0 {
			pieces = ascii
		}
		text := randomText(rng, pieces, 1+rng.IntN(40))
		tokensEqual(t, text)
		words += len(unicodeTokenizer.Tokenize([]byte(text)))
		if strings.ContainsAny(text, " \t\n") && strings.ContainsFunc(text, func(r rune) bool { return r > 127 }) {
			split++
		}
	}
	// Non-vacuity: the random texts hold many words, and many mix both kinds of piece.
	if words < 100000 || split < 5000 {
		t.Fatalf("only %d words and %d mixed texts with spaces: the test proves little", words, split)
	}
	for _, text := range []string{"", " ", "a", "_", "__", "1", "_1_", "a.b", "a.1", "1.a", "1,000.5", "U.S. e.g.",
		"don't", "Azerbaijan’s", "a:b:c", "a_:b", "x\u0301 y", "x \u0301y", "ab\xffcd ef", "ef gh\xe3\x81", "ab \xff cd", "地\xff雷 ab", "2026–2028 plan"} {
		tokensEqual(t, text)
	}
	for _, text := range repoBriefings(t) {
		tokensEqual(t, text)
		for line := range strings.Lines(text) {
			tokensEqual(t, line)
		}
	}
}

// FuzzWordTokenizer explores beyond the random texts: go test ./index -fuzz WordTokenizer.
func FuzzWordTokenizer(f *testing.F) {
	for _, s := range []string{"FM Bayramov met EU officials", "1,000.5 U.S. don't", "Türkiye’s “Middle Corridor” – 2026", "地雷 除去 ｶﾞｽ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got := wordTokenizer{}.Tokenize([]byte(text))
		want := unicodeTokenizer.Tokenize([]byte(text))
		if d := diffTokens(got, want); d != "" {
			t.Fatalf("%q: %s", text, d)
		}
	})
}

// TestBigramFilterAsBleves holds the bigram filter to bleve's on random streams of numbered
// tokens (gaps where stop words were), with and without ideographic ones.
func TestBigramFilterAsBleves(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	types := []analysis.TokenType{analysis.AlphaNumeric, analysis.Numeric, analysis.Ideographic}
	fast, cut := 0, 0
	for i := range 5000 {
		var mine, theirs analysis.TokenStream
		pos, start := 0, 0
		for range rng.IntN(12) {
			typ := types[rng.IntN(2)]
			if i%2 == 0 && rng.IntN(4) == 0 {
				typ = analysis.Ideographic
			}
			term := []byte("ab")
			if typ == analysis.Ideographic {
				term = []byte("地雷除去"[:3*(1+rng.IntN(4))])
			}
			pos += 1 + rng.IntN(3)
			start = max(0, start+rng.IntN(3)-1) // adjacent or not (apart, overlapping): bleve joins adjacent ideographs
			tk := analysis.Token{Term: term, Start: start, End: start + len(term), Position: pos, Type: typ}
			start += len(term)
			mine = append(mine, &tk)
			tk2 := tk
			theirs = append(theirs, &tk2)
		}
		got := bigramFilter{}.Filter(mine)
		want := cjkBigram.Filter(theirs)
		if d := diffTokens(got, want); d != "" {
			t.Fatalf("stream %d: %s", i, d)
		}
		if !slices.ContainsFunc(mine, func(tk *analysis.Token) bool { return tk.Type == analysis.Ideographic }) {
			if len(mine) > 1 {
				fast++
			}
		} else {
			cut++
		}
	}
	if fast < 1000 || cut < 1000 {
		t.Fatalf("%d streams passed through and %d were cut into bigrams: the test proves little", fast, cut)
	}
}

// TestAnalyzersAsBleves holds the English and bigram analyzers, built from the fast
// components, to the same chains built from bleve's own (unicode tokenizer, porter stemmer,
// cjk_bigram) on every line of the briefings here and on random English-like text.
func TestAnalyzersAsBleves(t *testing.T) {
	im, err := NewMapping()
	if err != nil {
		t.Fatal(err)
	}
	ref := map[string]map[string]any{
		AnalyzerEnglish: {"type": custom.Name, "tokenizer": unicode.Name, "token_filters": []any{WidthFilterName,
			en.PossessiveName, lowercase.Name, en.StopName, porter.Name, cjk.BigramName}},
		AnalyzerBigram: {"type": custom.Name, "tokenizer": unicode.Name, "token_filters": []any{WidthFilterName,
			lowercase.Name, cjk.BigramName}},
	}
	var texts []string
	for _, text := range repoBriefings(t) {
		for line := range strings.Lines(text) {
			texts = append(texts, line)
		}
	}
	words := append(slices.Clone(tokenizerPieces), " the ", " President ", " Aliyev's ", " relations ", " demining ",
		" agreed ", " of ", " Ministry ", "地雷除去", "アリエフ大統領", " 2026 ")
	rng := rand.New(rand.NewPCG(9, 10))
	for range 10000 {
		texts = append(texts, randomText(rng, words, 1+rng.IntN(30)))
	}
	for name, def := range ref {
		if err := im.AddCustomAnalyzer("ref_"+name, def); err != nil {
			t.Fatal(err)
		}
		mine, theirs := im.AnalyzerNamed(name), im.AnalyzerNamed("ref_"+name)
		tokens := 0
		for _, text := range texts {
			got, want := mine.Analyze([]byte(text)), theirs.Analyze([]byte(text))
			if d := diffTokens(got, want); d != "" {
				t.Fatalf("%s, %q: %s", name, text, d)
			}
			tokens += len(want)
		}
		if tokens < 50000 {
			t.Fatalf("%s: %d tokens compared: the test proves little", name, tokens)
		}
	}
}
