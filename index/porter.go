package index

import (
	"bytes"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	porterstemmer "github.com/blevesearch/go-porterstemmer"
)

// PorterFilterName is the bleve registry name of bleve's porter stemmer with a memo: a word
// seen before gets the stem computed for it then, instead of being decoded into runes,
// stemmed and built again. English text repeats its words, so most lookups hit. The stems are
// bleve's: the same function of the same word (porter.PorterStemmer.Filter).
const PorterFilterName = "briefsearch_porter"

// stemMemoMax bounds each memo (~32k words, a few MB); past it, new words are stemmed
// without being kept.
const stemMemoMax = 1 << 15

// stemMemos hold word → stem. A pool rather than one shared map: analysis runs on every core,
// and a map per goroutine at a time needs no lock. The garbage collector may empty the pool.
var stemMemos = sync.Pool{New: func() any { return make(map[string]string, 1024) }}

type porterFilter struct{}

func (porterFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	memo := stemMemos.Get().(map[string]string)
	stemWith(memo, input)
	stemMemos.Put(memo)
	return input
}

// stemWith stems every token that is not a keyword, looking each word up in memo first. The
// stems are copied into one buffer, each capped so no append runs into the next: a token's
// new term is its own bytes, as bleve's filter makes it.
func stemWith(memo map[string]string, input analysis.TokenStream) {
	size := 0
	for _, tok := range input {
		size += len(tok.Term)
	}
	buf := make([]byte, 0, size)
	for _, tok := range input {
		if tok.KeyWord {
			continue
		}
		stem, ok := memo[string(tok.Term)]
		if !ok {
			stem = string(porterstemmer.StemWithoutLowerCasing(bytes.Runes(tok.Term)))
			if len(memo) < stemMemoMax {
				memo[string(tok.Term)] = stem
			}
		}
		start := len(buf)
		buf = append(buf, stem...)
		tok.Term = buf[start:len(buf):len(buf)]
	}
}
