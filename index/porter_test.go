package index

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
)

// TestPorterFilterAsBleves holds the memoized stemmer to bleve's on random words (English
// endings, capitals, non-ASCII letters, bytes that are not UTF-8), each seen several times so
// most are answered from the memo, with keywords left alone as bleve leaves them.
func TestPorterFilterAsBleves(t *testing.T) {
	stems := []string{"nation", "relat", "hop", "demin", "journal", "agree", "secur", "presid", "y", "sky", "Türki", "ß", "a", "\xff"}
	endings := []string{"", "s", "es", "ies", "ing", "ed", "ational", "izer", "ization", "fulness", "ness", "ly", "ity", "e", "ment", "'s", "\xe3"}
	rng := rand.New(rand.NewPCG(5, 6))
	var mine, theirs analysis.TokenStream
	for i := range 30000 {
		word := stems[rng.IntN(len(stems))] + endings[rng.IntN(len(endings))] + endings[rng.IntN(len(endings))]
		keyword := i%50 == 0
		mine = append(mine, &analysis.Token{Term: []byte(word), KeyWord: keyword})
		theirs = append(theirs, &analysis.Token{Term: []byte(word), KeyWord: keyword})
	}
	memo := map[string]string{}
	stemWith(memo, mine[:len(mine)/2])
	stemWith(memo, mine[len(mine)/2:])
	porter.NewPorterStemmer().Filter(theirs)
	changed := 0
	for i := range mine {
		if !bytes.Equal(mine[i].Term, theirs[i].Term) {
			t.Fatalf("token %d: %q, bleve's stemmer gives %q", i, mine[i].Term, theirs[i].Term)
		}
		if !mine[i].KeyWord && len(mine[i].Term) != cap(mine[i].Term) {
			t.Fatalf("token %d: %q has room to grow into the next term", i, mine[i].Term)
		}
		if !mine[i].KeyWord && len(theirs[i].Term) > 0 {
			changed++
		}
	}
	if changed < 20000 || len(memo) < 100 {
		t.Fatalf("%d tokens stemmed, %d words in the memo: the test proves little", changed, len(memo))
	}
	// The memo stops growing at its bound, and a word kept in it is answered from it.
	big := map[string]string{}
	var words analysis.TokenStream
	for i := range stemMemoMax + 100 {
		words = append(words, &analysis.Token{Term: []byte("word" + string(rune('a'+i%26)) + string(rune('a'+i/26%26)) + string(rune('a'+i/676%26)) + string(rune('a'+i/17576%26)))})
	}
	stemWith(big, words)
	if len(big) != stemMemoMax {
		t.Errorf("memo holds %d words, want its bound %d", len(big), stemMemoMax)
	}
	big["wordaaaa"] = "from-the-memo"
	tok := analysis.TokenStream{{Term: []byte("wordaaaa")}}
	stemWith(big, tok)
	if string(tok[0].Term) != "from-the-memo" {
		t.Errorf("a word in the memo was stemmed again: %q", tok[0].Term)
	}
}
