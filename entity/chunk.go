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

// chunks cuts a field into chunks. Their elements and flags share the scratch buffers (a
// field has at most one element per token), valid until the next field is cut.
func (sc *fieldScan) chunks(r *rules, scr *scratch) []*chunk {
	var out []*chunk
	if cap(scr.elems) < len(sc.toks) {
		scr.elems = make([]elem, 0, len(sc.toks)+len(sc.toks)/2)
		scr.flags = make([]bool, len(sc.toks)+len(sc.toks)/2)
	}
	elems := scr.elems[:0]
	flags := scr.flags[:len(sc.toks)]
	clear(flags)
	for i := 0; i < len(sc.toks); {
		if !sc.capAt(i) {
			i++
			continue
		}
		c := &chunk{from: i, els: elems[len(elems):]} // appends fill elems' spare capacity
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
			if next := sc.bridge(j, r); next > j {
				for ; j < next; j++ {
					e := elem{from: j, to: j + 1, kind: eQuote}
					if sc.toks[j].word || sc.toks[j].text == "," {
						e.kind, e.fold = eConn, sc.toks[j].fold
						if e.fold == "" {
							e.fold = ","
						}
					}
					c.els = append(c.els, e)
				}
				continue
			}
			break
		}
		c.to = j
		c.els = c.els[:len(c.els):len(c.els)]
		elems = elems[:len(elems)+len(c.els)]
		c.typed, flags = flags[:len(c.els):len(c.els)], flags[len(c.els):]
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
func (sc *fieldScan) bridge(i int, r *rules) int {
	last := "" // the previous connector of this bridge
	for j := i; j < len(sc.toks) && j < i+3; j++ {
		t := sc.toks[j]
		switch {
		case t.text == "," && last == "" && sc.enumeration(j, r):
			last = ","
		case t.quote && j > 0 && sc.toks[j-1].word:
		case t.word && !t.cap && sc.atom[j] < 0 && (r.connectors[t.fold] || r.particles[t.fold]) && connectorFits(last, t.fold):
			last = t.fold
		default:
			if j > i && sc.capAt(j) && !sc.toks[j].sentStart {
				return j
			}
			return i
		}
	}
	return i
}

// connectorFits allows "of the", "for the", "to the", "on the", particle sequences ("von der"),
// but not "and the" or "the" alone: a name does not continue that way.
func connectorFits(last, f string) bool {
	switch f {
	case "the":
		return last == "of" || last == "for" || last == "to" || last == "on"
	case "of", "for", "to", "on", "and":
		return last == ""
	}
	return true // particles
}

// enumeration reports whether the comma at token i lists plain capitalized words inside one name:
// "Commission on Economic, Trade and Humanitarian Cooperation". Lists of names ("Azerbaijan,
// Georgia and Türkiye") are not joined.
func (sc *fieldScan) enumeration(i int, r *rules) bool {
	plain := func(k int) bool {
		return k >= 0 && k < len(sc.toks) && sc.toks[k].word && sc.toks[k].cap && sc.atom[k] < 0 && !sc.nameLike(k, r) && !r.titles[sc.toks[k].fold]
	}
	if !plain(i-1) || !plain(i+1) {
		return false
	}
	for k := i + 2; k < len(sc.toks) && k < i+8; k++ {
		t := sc.toks[k]
		if t.word && t.fold == "and" {
			return plain(k + 1)
		}
		if !plain(k) {
			return false
		}
	}
	return false
}

// text is the canonical spelling of tokens [from, to): words separated by one space, hyphenated
// words kept hyphenated, quotation marks and possessive 's dropped.
func (sc *fieldScan) textOf(from, to int) string {
	var b strings.Builder
	for k := from; k < to; k++ {
		t := sc.toks[k]
		if t.text == "," {
			b.WriteByte(',')
			continue
		}
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
