package entity

import "strings"

// fieldScan is one field of an item during extraction: its tokens and the spans already known
// (gazetteer aliases and acronyms defined in the item), which the rules treat as single words.
type fieldScan struct {
	name      string // archive JSON name of the field: headline_ja, headline_en, body, note
	text      string
	toks      []token
	atoms     []span
	atom      []int // token -> index in atoms, or -1
	titleCase bool  // a Headline In Title Case, where capitals prove nothing
}

func (sc *fieldScan) setAtoms(atoms []span) {
	sc.atoms = atoms
	sc.atom = make([]int, len(sc.toks))
	for i := range sc.atom {
		sc.atom[i] = -1
	}
	for a, s := range atoms {
		for i := s.from; i < s.to; i++ {
			sc.atom[i] = a
		}
	}
}

// elem is one member of a chunk: a word (with the words hyphenated to it), an atomic span, a
// connector or a quotation mark.
type elem struct {
	from, to int // tokens
	kind     elemKind
	name     bool // every word is name-like: not English, not a title
	title    bool
	head     headKind
	fold     string // of the first token, for connectors and word lists
}

type elemKind uint8

const (
	eWord elemKind = iota
	eAtom
	eConn
	eQuote
)

type headKind uint8

const (
	noHead headKind = iota
	orgHead
	eventHead
	facilityHead
	placeHead
)

// chunk is a maximal run of capitalized words and atomic spans, joined by connectors ("Council
// of Europe", "Leyla Yunus and Elshan Hasanov"). Segmentation decides what it holds.
type chunk struct {
	els         []elem
	from, to    int // tokens
	typed       []bool
	complements []complement
}

// complement is a name-like word right after a title's "of"/"to" ("President of France").
type complement struct {
	at  int // element
	typ Type
}

// chunks cuts a field into chunks.
func (sc *fieldScan) chunks(r *rules) []*chunk {
	var out []*chunk
	for i := 0; i < len(sc.toks); {
		if !sc.capAt(i) {
			i++
			continue
		}
		c := &chunk{from: i}
		j := i
		for {
			e := sc.elemAt(j, r)
			c.els = append(c.els, e)
			j = e.to
			if sc.toks[j-1].poss {
				break // "Azerbaijan's Aghdam": a possessive ends a name
			}
			if sc.capAt(j) && !sc.toks[j].sentStart {
				continue
			}
			if next, conns := sc.bridge(j, r); next > j {
				c.els = append(c.els, conns...)
				j = next
				continue
			}
			break
		}
		c.to = j
		c.typed = make([]bool, len(c.els))
		out = append(out, c)
		i = j
	}
	return out
}

// capAt reports whether a chunk element can start at token i.
func (sc *fieldScan) capAt(i int) bool {
	if i >= len(sc.toks) {
		return false
	}
	if sc.atom[i] >= 0 {
		return sc.atoms[sc.atom[i]].from == i
	}
	t := sc.toks[i]
	return t.word && (t.cap || t.upper) && !t.digit
}

// elemAt reads the element starting at token i.
func (sc *fieldScan) elemAt(i int, r *rules) elem {
	if a := sc.atom[i]; a >= 0 {
		return elem{from: i, to: sc.atoms[a].to, kind: eAtom}
	}
	e := elem{from: i, to: i + 1, kind: eWord, name: true, fold: sc.toks[i].fold}
	for e.to < len(sc.toks) && !sc.toks[e.to-1].poss && sc.toks[e.to].joined && sc.atom[e.to] < 0 && (sc.toks[e.to].cap || sc.toks[e.to].digit || sc.toks[e.to].upper) {
		e.to++
	}
	for k := e.from; k < e.to; k++ {
		t := sc.toks[k]
		f := t.fold
		if !sc.nameLike(k, r) {
			e.name = false
		}
		if (t.cap || t.upper) && r.titles[f] {
			e.title = true
		}
		if e.head == noHead {
			switch {
			case r.orgHeads[f]:
				e.head = orgHead
			case r.facilityHeads[f]:
				e.head = facilityHead
			case r.eventHeads[f]:
				e.head = eventHead
			case r.placeHeads[f]:
				e.head = placeHead
			}
		}
	}
	if e.title {
		e.name = false
	}
	return e
}

// nameLike reports whether token k may be part of a person's or place's name: capitalized, not
// an acronym, not a number, not a word of ordinary English.
func (sc *fieldScan) nameLike(k int, r *rules) bool {
	t := sc.toks[k]
	if !t.word || !t.cap || t.digit || t.upper && len([]rune(t.text)) > 1 {
		return false
	}
	return len([]rune(t.text)) > 1 && !r.common(t.fold)
}

// bridge returns how far connectors and quotation marks at i lead to the next capitalized
// element ("of the", "for", "and", "von der", a closing quote between two words), or i.
func (sc *fieldScan) bridge(i int, r *rules) (int, []elem) {
	var els []elem
	j := i
	for step := 0; j < len(sc.toks) && step < 3; step++ {
		t := sc.toks[j]
		switch {
		case t.quote && j > 0 && sc.toks[j-1].word:
			els = append(els, elem{from: j, to: j + 1, kind: eQuote})
		case t.word && !t.cap && sc.atom[j] < 0 && (r.connectors[t.fold] || r.particles[t.fold]) && connectorFits(els, t.fold):
			els = append(els, elem{from: j, to: j + 1, kind: eConn, fold: t.fold})
		default:
			if len(els) > 0 && sc.capAt(j) && !sc.toks[j].sentStart {
				return j, els
			}
			return i, nil
		}
		j++
	}
	return i, nil
}

// connectorFits allows "of the", "for the", "to the", "on the", particle sequences ("von der"),
// but not "and the" or "the" alone: a name does not continue that way.
func connectorFits(prev []elem, f string) bool {
	var last string
	for k := len(prev) - 1; k >= 0; k-- {
		if prev[k].kind == eConn {
			last = prev[k].fold
			break
		}
	}
	switch f {
	case "the":
		return last == "of" || last == "for" || last == "to" || last == "on"
	case "of", "for", "to", "on", "and":
		return last == ""
	}
	return true // particles
}

// text is the canonical spelling of tokens [from, to): words separated by one space, hyphenated
// words kept hyphenated, quotation marks and possessive 's dropped.
func (sc *fieldScan) textOf(from, to int) string {
	var b strings.Builder
	for k := from; k < to; k++ {
		t := sc.toks[k]
		if !t.word {
			continue
		}
		if b.Len() > 0 {
			if t.joined {
				b.WriteString(sepBefore(sc.text, sc.toks[k-1].end, t.start))
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(t.text)
	}
	return b.String()
}

func sepBefore(text string, prevEnd, start int) string {
	if prevEnd < start {
		return text[prevEnd:start]
	}
	return "-"
}
