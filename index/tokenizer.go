package index

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// WordTokenizerName is the bleve registry name of bleve's unicode word tokenizer with a fast
// path for ASCII: it gives the same tokens (terms, offsets, positions and types), but words
// of ASCII letters, digits and joiners are cut by a loop over bytes instead of the Unicode
// segmenter, which decodes and classifies every rune. The segmenter was 6% of a build's CPU;
// English text is mostly ASCII.
//
// Text is cut into pieces after ASCII whitespace: no word runs across a space in the
// segmenter's grammar (UAX #29 as blevesearch/segment implements it), and nothing before the
// space changes how the text after it is cut. A piece of ASCII bytes only is cut here; a
// piece with any other character goes to bleve's tokenizer whole, so a word like Türkiye,
// detainees’ or a Japanese run is cut exactly as before. Text that is not valid UTF-8 goes to
// bleve's tokenizer whole: what it does at a bad byte depends on the text around it.
const WordTokenizerName = "briefsearch_unicode"

type wordTokenizer struct{}

var unicodeTokenizer = unicode.NewUnicodeTokenizer()

func (wordTokenizer) Tokenize(input []byte) analysis.TokenStream {
	if !utf8.Valid(input) {
		return unicodeTokenizer.Tokenize(input)
	}
	c := tokenCutter{input: input, pos: 1}
	c.out = make(analysis.TokenStream, 0, len(input)/6+1)
	n := len(input)
	for i := 0; i < n; {
		k := i // the first byte that is not ASCII, or n
		for k < n && input[k] < utf8.RuneSelf {
			k++
		}
		if k == n {
			c.ascii(i, n)
			break
		}
		s := k // the last split at or before k
		for s > i && !splitsAt(input, s) {
			s--
		}
		e := k + 1 // the first split after k, or n
		for e < n && !splitsAt(input, e) {
			e++
		}
		c.ascii(i, s)
		c.segment(s, e)
		i = e
	}
	return c.out
}

// splitsAt reports whether text can be cut before input[s], after ASCII whitespace. (A
// combining mark after the space belongs to the space, and is no word either way.)
func splitsAt(input []byte, s int) bool {
	switch input[s-1] {
	case ' ', '\t', '\n', '\r', '\v', '\f':
		return true
	}
	return false
}

// tokenCutter appends the tokens of one text, numbering positions across its pieces. Tokens
// are allocated in blocks, as bleve's tokenizer does.
type tokenCutter struct {
	input []byte
	out   analysis.TokenStream
	block []analysis.Token
	pos   int
}

func (c *tokenCutter) add(term []byte, start, end int, typ analysis.TokenType) {
	if len(c.block) == 0 {
		c.block = make([]analysis.Token, min(1000, (len(c.input)-start)/5+2))
	}
	tk := &c.block[0]
	c.block = c.block[1:]
	*tk = analysis.Token{Term: term, Start: start, End: end, Position: c.pos, Type: typ}
	c.pos++
	c.out = append(c.out, tk)
}

// ascii cuts input[from:to], which is all ASCII, into words as the segmenter does: runs of
// letters, digits and underscores, where a mid-letter mark (: . ') joins two letters and a
// mid-number mark (, ; . ') joins two digits. A run with no letter and a digit is a number.
func (c *tokenCutter) ascii(from, to int) {
	in := c.input
	for p := from; p < to; {
		if !wordByte(in[p]) {
			p++
			continue
		}
		start := p
		letter := false
		for p < to {
			b := in[p]
			if wordByte(b) {
				letter = letter || isLetter(b)
				p++
				continue
			}
			if p+1 < to && joins(in[p-1], b, in[p+1]) {
				p += 2 // a join leaves letter as it was: it sits between two of one kind
				continue
			}
			break
		}
		typ := analysis.AlphaNumeric
		if !letter && hasDigit(in[start:p]) {
			typ = analysis.Numeric
		}
		c.add(in[start:p:p], start, p, typ)
	}
}

// segment cuts input[from:to] with bleve's tokenizer, moving its offsets and positions into
// the whole text's.
func (c *tokenCutter) segment(from, to int) {
	for _, tk := range unicodeTokenizer.Tokenize(c.input[from:to]) {
		tk.Start += from
		tk.End += from
		tk.Position = c.pos
		c.pos++
		c.out = append(c.out, tk)
	}
}

func isLetter(b byte) bool { return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' }
func isDigit(b byte) bool  { return '0' <= b && b <= '9' }
func wordByte(b byte) bool { return isLetter(b) || isDigit(b) || b == '_' }

// joins reports whether mark, between prev and next, is inside a word.
func joins(prev, mark, next byte) bool {
	switch {
	case isLetter(prev) && isLetter(next):
		return mark == ':' || mark == '.' || mark == '\''
	case isDigit(prev) && isDigit(next):
		return mark == ',' || mark == ';' || mark == '.' || mark == '\''
	}
	return false
}

func hasDigit(b []byte) bool {
	for _, c := range b {
		if isDigit(c) {
			return true
		}
	}
	return false
}

// BigramFilterName is the bleve registry name of bleve's cjk_bigram filter (no unigrams) with
// fast paths. A stream with no ideographic token comes out as it went in, numbered again from
// 1 (the stop words taken out leave no gaps), which is what bleve's filter returns for it,
// without the ring buffer and the new stream it builds; English text rarely holds kanji. A
// stream with ideographs is cut into bigrams as bleve's filter cuts it (bigrams), with the
// tokens and the bigrams' bytes in one block each, where bleve's makes a token per character
// and two allocations per bigram: that was a seventh of a batch's allocations.
const BigramFilterName = "briefsearch_cjk_bigram"

type bigramFilter struct{}

var cjkBigram = cjk.NewCJKBigramFilter(false)

func (bigramFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	chars, size := 0, 0
	for _, tok := range input {
		if tok.Type == analysis.Ideographic {
			if !utf8.Valid(tok.Term) {
				return cjkBigram.Filter(input) // bleve steps over a bad byte as over three
			}
			chars += utf8.RuneCount(tok.Term)
			size += len(tok.Term)
		}
	}
	if chars == 0 {
		for i, tok := range input {
			tok.Position = i + 1
		}
		return input
	}
	return bigrams(input, chars, size)
}

// ideograph is one character of an ideographic token.
type ideograph struct {
	term       []byte
	start, end int
}

// bigrams is bleve's cjk_bigram filter without unigrams, for a stream whose ideographic terms
// (chars characters, size bytes) are valid UTF-8. Each character of an ideographic token
// pairs with the one before it when the two touch (the first's end is the second's start):
// every pair is a bigram; a character that pairs with neither neighbour is a unigram. Other
// tokens pass through. Positions count the tokens put out.
func bigrams(input analysis.TokenStream, chars, size int) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, len(input)+chars)
	made := make([]analysis.Token, 0, chars) // a character puts out at most one bigram or unigram
	buf := make([]byte, 0, 2*size)
	pos := 1
	var prev, last ideograph
	held := 0 // characters held: 0, 1 or 2 (prev and last)
	put := func(tk analysis.Token) {
		tk.Position = pos
		pos++
		made = append(made, tk)
		out = append(out, &made[len(made)-1])
	}
	flush := func() {
		if held == 1 {
			put(analysis.Token{Term: last.term, Start: last.start, End: last.end, Type: analysis.Single})
		}
		held = 0
	}
	for _, tok := range input {
		if tok.Type != analysis.Ideographic {
			flush()
			tok.Position = pos
			pos++
			out = append(out, tok)
			continue
		}
		for off := 0; off < len(tok.Term); {
			_, n := utf8.DecodeRune(tok.Term[off:])
			c := ideograph{term: tok.Term[off : off+n], start: tok.Start + off, end: tok.Start + off + n}
			off += n
			if held > 0 && c.start != last.end {
				flush()
			}
			prev, last = last, c
			held = min(held+1, 2)
			if held == 2 {
				at := len(buf)
				buf = append(append(buf, prev.term...), last.term...)
				put(analysis.Token{Term: buf[at:len(buf):len(buf)], Start: prev.start, End: last.end, Type: analysis.Double})
			}
		}
	}
	flush()
	return out
}
