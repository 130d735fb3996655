package index

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/ikawaha/kagome-dict/dict"
	"github.com/ikawaha/kagome/v2/tokenizer"

	"briefsearch/index/indextest"
)

// kagomeReference is the shared dictionary and kagome's own tokenizer over it, the reference
// the segmenter and the Japanese tokenizer are held to.
func kagomeReference(t *testing.T) (*dict.Dict, *tokenizer.Tokenizer) {
	t.Helper()
	d, err := sharedKagome()
	if err != nil {
		t.Fatal(err)
	}
	tk, err := tokenizer.New(d, tokenizer.OmitBosEos())
	if err != nil {
		t.Fatal(err)
	}
	return d, tk
}

// kagomeWords is the path kagome's own tokenizer takes through text in search mode, as
// segmenter reports it.
func kagomeWords(t *testing.T, tk *tokenizer.Tokenizer, text string) []word {
	t.Helper()
	var out []word
	for _, tok := range tk.Analyze(text, tokenizer.Search) {
		var class uint8
		switch tok.Class {
		case tokenizer.DUMMY: // BOS, EOS
			continue
		case tokenizer.KNOWN:
			class = nodeKnown
		case tokenizer.UNKNOWN:
			class = nodeUnknown
		default:
			t.Fatalf("%q: kagome gives a token of class %v", text, tok.Class)
		}
		out = append(out, word{class: class, pos: tok.Position, end: tok.Position + len(tok.Surface)})
	}
	return out
}

// TestSegmenterAsKagome holds segmenter to kagome's tokenizer in search mode: the same words
// (class, offsets) on every line of the briefings here, every synthetic headline, and random
// texts of kana, kanji, Latin, digits, marks, full-width forms, U+FFFD and bytes that are not
// UTF-8. Long compounds and katakana runs are where search mode's penalties choose the path.
func TestSegmenterAsKagome(t *testing.T) {
	d, tk := kagomeReference(t)
	var texts []string
	for _, text := range repoBriefings(t) {
		for line := range strings.Lines(text) {
			texts = append(texts, line)
		}
	}
	for _, b := range indextest.Synthetic(30, 20) {
		for _, it := range b.Items {
			texts = append(texts, it.HeadlineJA)
		}
	}
	pieces := append(tokenizerPieces, "地雷除去", "アリエフ大統領", "外務大臣", "安全保障協力", "アゼルバイジャン共和国",
		"カスピ海", "の", "と", "を", "、", "。", "（", "）", "「", "」", "２０２６年", "ＥＵ", "NATO", "\ufffd", "\xff", "\xe3\x81",
		"ｱｾﾞﾙﾊﾞｲｼﾞｬﾝ", "ー", "々", "〇", "𠮷")
	rng := rand.New(rand.NewPCG(3, 17))
	for range 4000 {
		texts = append(texts, randomText(rng, pieces, 1+rng.IntN(25)))
	}
	texts = append(texts, "", strings.Repeat("ア", 1500), strings.Repeat("地雷", 300))
	seg := &segmenter{dic: d}
	words, penalised := 0, 0
	for _, text := range texts {
		got := seg.segment(text, nil)
		want := kagomeWords(t, tk, text)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("%q:\n got  %v\n want %v", text, got, want)
		}
		words += len(want)
		for _, w := range want {
			if additionalCost(text[w.pos:w.end], utf8.RuneCountInString(text[w.pos:w.end])) > 0 {
				penalised++
			}
		}
	}
	if words < 50000 || penalised < 1000 {
		t.Fatalf("%d words compared, %d with a search-mode penalty: the test proves little", words, penalised)
	}
}

// TestKagomeTokensAsKagome holds the Japanese tokenizer to a reference written from kagome's
// own tokenizer: its words in search mode, each cut at the middle dots, pieces of punctuation
// alone dropped, numbered from 1, with byte offsets and terms equal to the text's bytes.
func TestKagomeTokensAsKagome(t *testing.T) {
	_, tk := kagomeReference(t)
	reference := func(text string) analysis.TokenStream {
		var out analysis.TokenStream
		for _, tok := range tk.Analyze(text, tokenizer.Search) {
			if tok.Class == tokenizer.DUMMY {
				continue
			}
			start := 0
			for i, r := range tok.Surface + "・" { // a dot after the last piece ends it
				if r != '・' && r != '･' && r != '·' {
					continue
				}
				piece := tok.Surface[start:min(i, len(tok.Surface))]
				if piece != "" && strings.ContainsFunc(piece, func(r rune) bool {
					return !unicode.IsPunct(r) && !unicode.IsSymbol(r) && !unicode.IsSpace(r) && !unicode.IsControl(r)
				}) {
					out = append(out, &analysis.Token{Term: []byte(piece), Start: tok.Position + start,
						End: tok.Position + start + len(piece), Position: len(out) + 1, Type: tokenType(piece)})
				}
				start = i + utf8.RuneLen(r)
			}
		}
		return out
	}
	var texts []string
	for _, text := range repoBriefings(t) {
		for line := range strings.Lines(text) {
			texts = append(texts, line)
		}
	}
	pieces := append(tokenizerPieces, "イルハム・アリエフ", "トカエフ・カザフスタン大統領", "･", "·", "・・", "、", "。", "「", "」", "地雷除去")
	rng := rand.New(rand.NewPCG(21, 22))
	for range 3000 {
		texts = append(texts, randomText(rng, pieces, 1+rng.IntN(20)))
	}
	dotted := 0
	for _, text := range texts {
		got, want := kagomeTokens([]byte(text)), reference(text)
		if d := diffTokens(got, want); d != "" {
			t.Fatalf("%q: %s", text, d)
		}
		if strings.ContainsAny(text, "・･·") && len(want) > 1 {
			dotted++
		}
	}
	if dotted < 500 {
		t.Fatalf("%d texts with middle dots: the test proves little", dotted)
	}
}
