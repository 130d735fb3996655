package index

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/ikawaha/kagome-dict/dict"
	"github.com/ikawaha/kagome-dict/dict/trie"
)

// KagomeTokenizerName is the bleve registry name of our Japanese morphological tokenizer.
// No kagome plugin for bleve is published as a Go module, so this package carries its own.
const KagomeTokenizerName = "briefsearch_kagome"

// The IPA dictionary is loaded once per process, on first use, and shared by every index
// opened (bleve builds a tokenizer per opened mapping). Its shrunk form leaves out the
// part-of-speech features, which segmentation does not need: ~30 MiB of heap instead of ~120,
// and a faster load. loadIPAShrink (dictload.go) builds the same *dict.Dict as
// ipa.DictShrink() in about a third of the time, which is most of a server's start.
var (
	kagomeOnce sync.Once
	kagomeDict *dict.Dict
	kagomeErr  error
)

func sharedKagome() (*dict.Dict, error) {
	kagomeOnce.Do(func() {
		d, err := loadIPAShrink()
		if err != nil {
			kagomeErr = err
			return
		}
		kagomeDict = d
		kagomeLetterWords = hasLetterWord(d.Index.Da, maxLetterWord)
	})
	return kagomeDict, kagomeErr
}

// kagomeLetterWords: the dictionary holds a word of ASCII letters alone (of up to
// maxLetterWord), so a word of letters may not come out of kagome whole.
var kagomeLetterWords = true

// maxLetterWord: longer runs of letters go through kagome.
const maxLetterWord = 64

// hasLetterWord reports whether the dictionary's trie holds a word of at most depth ASCII
// letters, walking every path of letter bytes from its root. A trie that looks malformed
// (more nodes than a dictionary's) counts as holding one.
func hasLetterWord(da trie.DoubleArray, depth int) bool {
	visited := 0
	var walk func(p, depth int) bool
	walk = func(p, depth int) bool {
		if depth == 0 {
			return false
		}
		for c := 'A'; c <= 'z'; c++ {
			if !isLetter(byte(c)) {
				continue
			}
			q := int(da[p].Base) + int(c)
			if q <= 0 || q >= len(da) || int(da[q].Check) != p {
				continue
			}
			if visited++; visited > len(da) {
				return true
			}
			end := int(da[q].Base) // the terminator's transition, '\x00'
			if end >= 0 && end < len(da) && int(da[end].Check) == q && da[end].Base <= 0 {
				return true
			}
			if walk(q, depth-1) {
				return true
			}
		}
		return false
	}
	return len(da) > 0 && walk(0, depth)
}

// letterWord reports whether input is a run of ASCII letters that kagome gives back whole.
// No dictionary entry is such a run (kagomeLetterWords is false), so kagome's lattice for it
// holds only unknown words of one class (ALPHA, grouped), whose costs and search-mode
// penalties depend on their lengths alone: every run of one length takes the same path.
// TestKagomeLetterWords sees it take the whole run at every length up to maxLetterWord.
func letterWord(input []byte) bool {
	if kagomeLetterWords || len(input) == 0 || len(input) > maxLetterWord {
		return false
	}
	for _, c := range input {
		if !isLetter(c) {
			return false
		}
	}
	return true
}

// LoadDictionary loads the Japanese dictionary now rather than on the first Japanese text, so
// a server pays for it at startup instead of in its first search.
func LoadDictionary() error {
	_, err := sharedKagome()
	return err
}

// registerOnce guards bleve's registry: a plain map that refuses duplicates and is not safe
// for concurrent writes. Register is called by NewMapping and by every open, so a program
// never depends on import order or init() for the index to be readable.
var registerOnce sync.Once

// Register adds our analysis components to bleve's registry. It is idempotent and safe to
// call from several goroutines.
func Register() {
	registerOnce.Do(func() {
		// The only possible error is a duplicate name, which registerOnce rules out.
		_ = registry.RegisterTokenizer(KagomeTokenizerName, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
			return kagomeTokenizer{}, nil
		})
		_ = registry.RegisterTokenFilter(WidthFilterName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
			return widthFilter{}, nil
		})
		_ = registry.RegisterTokenizer(WordTokenizerName, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
			return wordTokenizer{}, nil
		})
		_ = registry.RegisterTokenFilter(BigramFilterName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
			return bigramFilter{}, nil
		})
		_ = registry.RegisterTokenFilter(PorterFilterName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
			return porterFilter{}, nil
		})
		registerAsyncErrors()
		// Scorch's persister merges in-memory segments before writing them; when the disk
		// fills during that merge, zapx panics in the persister's own goroutine (a nil map in
		// its dictionary cache), which no caller can recover from. Segments are persisted one by
		// one instead, and the on-disk merger (bounded by the build's context) joins them.
		scorch.DefaultMinSegmentsForInMemoryMerge = math.MaxInt
		// zap v17 with our writer of new segments (segmentPlugin): the default for every index
		// created from now on; the segments it writes are zap's, read by zap.
		scorch.RegisterSegmentPlugin(&segmentPlugin{}, true)
	})
}

// WidthFilterName is the bleve registry name of bleve's cjk_width filter with a fast path: a
// term with no full- or half-width form to fold is copied as it is instead of being decoded
// into runes and built again. That was 4% of a build's CPU for ASCII terms, and a tenth of
// the allocations of a batch's analysis for Japanese ones. Every other term goes through
// bleve's filter, so the terms are the same.
const WidthFilterName = "briefsearch_cjk_width"

type widthFilter struct{}

var cjkWidth = cjk.NewCJKWidthFilter()

func (widthFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	// A tokenizer's terms point into the text analyzed, and the filters after this one (lower
	// case) write into their terms: bleve's filter gives each term bytes of its own, and so
	// must this one, or analysis would rewrite the field's stored text. One buffer holds them
	// all, each term capped so no append runs into the next.
	size := 0
	for _, tok := range input {
		size += len(tok.Term)
	}
	buf := make([]byte, 0, size)
	for i, tok := range input {
		if !nothingToFold(tok.Term) {
			cjkWidth.Filter(input[i : i+1])
			continue
		}
		start := len(buf)
		buf = append(buf, tok.Term...)
		tok.Term = buf[start:len(buf):len(buf)]
	}
	return input
}

// nothingToFold reports a term bleve's width filter gives back byte for byte: ASCII, or valid
// UTF-8 with no rune in U+FF01–U+FF9F (the full-width ASCII and half-width katakana it folds,
// all encoded with a lead byte 0xEF). Bytes that are not UTF-8 it would turn into U+FFFD.
func nothingToFold(b []byte) bool {
	return isASCII(b) || bytes.IndexByte(b, 0xEF) < 0 && utf8.Valid(b)
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// kagomeTokenizer segments Japanese in kagome's search mode (which splits compounds such as
// 地雷除去 into 地雷 / 除去), then cuts at the middle dot that joins names and titles
// (トカエフ・カザフスタン大統領) and drops tokens made only of punctuation, symbols or spaces.
type kagomeTokenizer struct{}

func (kagomeTokenizer) Tokenize(input []byte) analysis.TokenStream {
	if len(input) == 0 {
		return analysis.TokenStream{}
	}
	if _, err := sharedKagome(); err != nil {
		// Unreachable in practice: Build and Open call LoadDictionary first and fail with
		// its error, so no index is written or read without the dictionary.
		return analysis.TokenStream{}
	}
	if letterWord(input) { // an English word of a query: kagome's lattice costs ~5 µs
		return analysis.TokenStream{&analysis.Token{Term: slices.Clone(input), End: len(input),
			Position: 1, Type: analysis.AlphaNumeric}}
	}
	return kagomeTokens(input)
}

// kagomeTokens is Tokenize through kagome's lattice (segmenter). The terms are the input's
// own bytes, as other tokenizers' are; the tokens are made in one block.
func kagomeTokens(input []byte) analysis.TokenStream {
	d, err := sharedKagome()
	if err != nil {
		return analysis.TokenStream{}
	}
	text := string(input)
	seg := getSegmenter(d)
	words := seg.segment(text, make([]word, 0, len(text)/3+1))
	putSegmenter(seg)
	spans := make([]word, 0, len(words)+4) // the pieces kept, offsets in bytes as highlights need
	for _, w := range words {
		spans = appendPieces(spans, text, w.pos, w.end)
	}
	toks := make([]analysis.Token, len(spans))
	out := make(analysis.TokenStream, len(spans))
	for i, sp := range spans {
		toks[i] = analysis.Token{Term: input[sp.pos:sp.end:sp.end], Start: sp.pos, End: sp.end,
			Position: i + 1, Type: tokenType(text[sp.pos:sp.end])}
		out[i] = &toks[i]
	}
	return out
}

// isMiddleDot reports the dots that join words in Japanese: ・ (U+30FB), ･ (U+FF65), · (U+00B7).
func isMiddleDot(r rune) bool { return r == '・' || r == '･' || r == '·' }

// appendPieces appends the pieces of the word text[from:to] to spans: the word cut at its
// middle dots, each dot left out, and any piece of punctuation, symbols or spaces alone
// dropped.
func appendPieces(spans []word, text string, from, to int) []word {
	keep := func(a, b int) {
		if a < b && !punctuationOnly(text[a:b]) {
			spans = append(spans, word{pos: a, end: b})
		}
	}
	start := from
	for i, r := range text[from:to] {
		if isMiddleDot(r) {
			keep(start, from+i)
			start = from + i + utf8.RuneLen(r)
		}
	}
	keep(start, to)
	return spans
}

func punctuationOnly(s string) bool {
	for _, r := range s {
		if !unicode.IsPunct(r) && !unicode.IsSymbol(r) && !unicode.IsSpace(r) && !unicode.IsControl(r) {
			return false
		}
	}
	return true
}

func tokenType(s string) analysis.TokenType {
	for _, r := range s {
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) {
			return analysis.Ideographic
		}
	}
	if strings.ContainsFunc(s, unicode.IsDigit) && !strings.ContainsFunc(s, unicode.IsLetter) {
		return analysis.Numeric
	}
	return analysis.AlphaNumeric
}
