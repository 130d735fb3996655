package index

import (
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/ikawaha/kagome-dict/dict"
)

// segmenter is kagome's lattice (github.com/ikawaha/kagome/v2 v2.10.3, tokenizer/lattice;
// Copyright (c) 2020 ikawaha, MIT licence, in third_party/KAGOME-LICENSE) in search mode
// without a user dictionary, which is how Tokenize calls it: the same nodes in the same
// order, the same Viterbi costs and ties, so the same path.
// TestSegmenterAsKagome holds it to kagome's Analyze.
//
// What differs is the work: kagome adds search mode's penalty for a long word (a function
// of its surface) each time a node is the predecessor of another, decoding the surface's
// runes again every time; here it is computed once per node. Nodes live in one slice
// addressed by index, reused from call to call, instead of a pool of pointers. On headlines
// this is half of kagome's time, which was the Japanese headline's whole cost and a seventh
// of a build's CPU.
type segmenter struct {
	dic   *dict.Dict
	nodes []latticeNode
	ends  [][]int32 // ends[p]: the nodes that end at rune p-1 (BOS in ends[0]), in insertion order
	path  []int32
}

type latticeNode struct {
	start   int32 // rune position
	pos     int32 // byte position
	end     int32 // byte end: the surface is input[pos:end]
	class   uint8
	left    int32
	right   int32
	weight  int32
	penalty int32 // search mode's cost for a long word, added to every path through the node
	cost    int32
	prev    int32
}

// Node classes, as kagome numbers them.
const (
	nodeDummy uint8 = iota // BOS and EOS
	nodeKnown
	nodeUnknown
)

const (
	maximumCost              = 1<<31 - 1
	maximumUnknownWordLength = 1024
	searchModeKanjiLength    = 2
	searchModeKanjiPenalty   = 3000
	searchModeOtherLength    = 7
	searchModeOtherPenalty   = 1700
)

var segmenters sync.Pool

func getSegmenter(d *dict.Dict) *segmenter {
	if s, ok := segmenters.Get().(*segmenter); ok && s.dic == d {
		return s
	}
	return &segmenter{dic: d}
}

func putSegmenter(s *segmenter) {
	if cap(s.nodes) > 1<<16 {
		return // a one-off long text: let it go
	}
	segmenters.Put(s)
}

// word is one node of the best path: its class and its surface input[pos:end].
type word struct {
	class    uint8
	pos, end int
}

// segment appends the best path's words through input (without BOS and EOS) to out.
func (s *segmenter) segment(input string, out []word) []word {
	s.build(input)
	s.forward()
	s.path = s.path[:0]
	for p := s.ends[len(s.ends)-1][0]; p >= 0; p = s.nodes[p].prev {
		s.path = append(s.path, p)
	}
	for i := len(s.path) - 1; i >= 0; i-- {
		n := &s.nodes[s.path[i]]
		if n.class != nodeDummy {
			out = append(out, word{class: n.class, pos: int(n.pos), end: int(n.end)})
		}
	}
	return out
}

// add adds the node for input[pos:end], which starts at rune start and spans runes runes,
// to the nodes ending there.
func (s *segmenter) add(start, runes, pos, end int, class uint8, m dict.Morph, input string) {
	s.nodes = append(s.nodes, latticeNode{
		start: int32(start), pos: int32(pos), end: int32(end), class: class,
		left: int32(m.LeftID), right: int32(m.RightID), weight: int32(m.Weight),
		penalty: int32(additionalCost(input[pos:end], runes)), prev: -1,
	})
	s.ends[start+runes] = append(s.ends[start+runes], int32(len(s.nodes)-1))
}

// build is kagome's Lattice.Build without a user dictionary.
func (s *segmenter) build(input string) {
	rc := utf8.RuneCountInString(input)
	s.nodes = s.nodes[:0]
	if cap(s.ends) < rc+2 {
		s.ends = make([][]int32, rc+2)
	}
	s.ends = s.ends[:rc+2]
	for i := range s.ends {
		s.ends[i] = s.ends[i][:0]
	}
	d := s.dic
	s.add(0, 0, 0, 0, nodeDummy, dict.Morph{}, input)
	s.add(rc, 1, len(input), len(input), nodeDummy, dict.Morph{}, input) // EOS, after the last rune: ends[rc+1]

	runePos := -1
	for pos, ch := range input {
		runePos++
		anyMatches := false
		d.Index.CommonPrefixSearchCallback(input[pos:], func(id, l int) {
			s.add(runePos, utf8.RuneCountInString(input[pos:pos+l]), pos, pos+l, nodeKnown, d.Morphs[id], input)
			anyMatches = true
		})
		class := d.CharacterCategory(ch)
		if anyMatches && !d.InvokeList[int(class)] {
			continue
		}
		endPos := pos + 1 // kagome's step past a RuneError, even a real U+FFFD
		if ch != utf8.RuneError {
			endPos = pos + utf8.RuneLen(ch)
		}
		unkWordLen := 1
		if d.GroupList[int(class)] {
			for i, w := endPos, 0; i < len(input); i += w {
				var c rune
				c, w = utf8.DecodeRuneInString(input[i:])
				if d.CharacterCategory(c) != class {
					break
				}
				endPos += w
				unkWordLen++
				if unkWordLen >= maximumUnknownWordLength {
					break
				}
			}
		}
		prev := pos
		if c, size := utf8.DecodeLastRuneInString(input[pos:endPos]); c != utf8.RuneError {
			prev = endPos - size
		}
		id := int(d.UnkDict.Index[int32(class)])
		dup := int(d.UnkDict.IndexDup[int32(class)])
		full := utf8.RuneCountInString(input[pos:endPos])
		for x := range dup + 1 {
			m := d.UnkDict.Morphs[id+x]
			if pos < prev {
				s.add(runePos, full-1, pos, prev, nodeUnknown, m, input) // one rune short
			}
			s.add(runePos, full, pos, endPos, nodeUnknown, m, input)
		}
	}
}

// forward is kagome's Lattice.Forward in search mode: every node's least cost from BOS, the
// first predecessor winning ties.
func (s *segmenter) forward() {
	conn := &s.dic.Connection
	for i := 1; i < len(s.ends); i++ {
		for _, t := range s.ends[i] {
			target := &s.nodes[t]
			prevs := s.ends[target.start]
			if len(prevs) == 0 {
				target.cost = maximumCost
				continue
			}
			for j, p := range prevs {
				n := &s.nodes[p]
				total := int64(conn.At(int(n.right), int(target.left))) + int64(target.weight) + int64(n.cost) + int64(n.penalty)
				if total > maximumCost {
					total = maximumCost
				}
				if j == 0 || int32(total) < target.cost {
					target.cost = int32(total)
					target.prev = p
				}
			}
		}
	}
}

// additionalCost is kagome's search-mode penalty for a long word of l runes.
func additionalCost(surface string, l int) int {
	if l > searchModeKanjiLength && kanjiOnly(surface) {
		return (l - searchModeKanjiLength) * searchModeKanjiPenalty
	}
	if l > searchModeOtherLength {
		return (l - searchModeOtherLength) * searchModeOtherPenalty
	}
	return 0
}

func kanjiOnly(s string) bool {
	for _, r := range s {
		if !unicode.In(r, unicode.Ideographic) {
			return false
		}
	}
	return s != ""
}
