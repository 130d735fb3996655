package docx

// Lists. A numbered paragraph holds no number in its text: Word computes it from the
// numbering part (w:num → w:abstractNum → w:lvl) and counters kept in document order. pandoc
// writes the section heading "1. 軍事・治安関係" as such a list, so the label has to be
// computed here or the heading is lost.

import (
	"encoding/xml"
	"strings"
)

// Word has nine list levels, 0 to 8.
const levels = 9

// maxStart bounds start values, so that a hostile w:start cannot make a label of a million
// roman numerals; Word itself accepts no more than 32767.
const maxStart = 32767

// maxLevelText bounds a level's text (a label is "%1.%2." or "第%1章", a few characters).
const maxLevelText = 64

type level struct {
	start   int
	format  string // w:numFmt
	text    string // w:lvlText, "%1."
	restart int    // w:lvlRestart; -1 when not given
}

type abstractNum struct {
	levels   [levels]*level
	numStyle string // w:numStyleLink: the levels are those of the list this numbering style names
}

type num struct {
	abstractID    int
	startOverride [levels]int
	hasOverride   [levels]bool
	levelOverride [levels]*level
}

// counters are one list's current numbers; set says which levels have been printed since
// they were last restarted.
type counters struct {
	value [levels]int
	set   [levels]bool
}

type numbering struct {
	abstracts map[int]*abstractNum
	nums      map[int]*num
	st        *styles
	counters  map[int]*counters
}

// readNumbering reads the numbering part; a document without one has no lists.
func readNumbering(p *pkg, name string, st *styles) (*numbering, error) {
	nb := &numbering{abstracts: map[int]*abstractNum{}, nums: map[int]*num{}, st: st, counters: map[int]*counters{}}
	r, ok, err := p.open(name, MaxStylesSize)
	if !ok || err != nil {
		return nb, err
	}
	defer r.Close()
	x := newXMLReader(name, r)
	if err := x.root("numbering"); err != nil {
		return nil, err
	}
	err = x.children(func(se xml.StartElement) error {
		switch {
		case isWElem(se, "abstractNum"):
			id, _ := intAttr(se, "abstractNumId")
			a, err := readAbstractNum(x)
			if _, dup := nb.abstracts[id]; !dup {
				nb.abstracts[id] = a
			}
			return err
		case isWElem(se, "num"):
			id, _ := intAttr(se, "numId")
			n, err := readNum(x)
			if _, dup := nb.nums[id]; !dup {
				nb.nums[id] = n
			}
			return err
		}
		return x.skip()
	})
	return nb, err
}

func readAbstractNum(x *xmlReader) (*abstractNum, error) {
	a := &abstractNum{}
	err := x.children(func(se xml.StartElement) error {
		switch {
		case isWElem(se, "lvl"):
			i, ok := intAttr(se, "ilvl")
			l, err := readLevel(x)
			if ok && i >= 0 && i < levels && a.levels[i] == nil {
				a.levels[i] = l
			}
			return err
		case isWElem(se, "numStyleLink"):
			a.numStyle, _ = attr(se, "val")
		}
		return x.skip()
	})
	return a, err
}

func readNum(x *xmlReader) (*num, error) {
	n := &num{abstractID: -1}
	err := x.children(func(se xml.StartElement) error {
		switch {
		case isWElem(se, "abstractNumId"):
			n.abstractID, _ = intAttr(se, "val")
		case isWElem(se, "lvlOverride"):
			i, ok := intAttr(se, "ilvl")
			ok = ok && i >= 0 && i < levels
			return x.children(func(se xml.StartElement) error {
				switch {
				case ok && isWElem(se, "startOverride"):
					n.startOverride[i], n.hasOverride[i] = intAttr(se, "val")
				case ok && isWElem(se, "lvl"):
					l, err := readLevel(x)
					n.levelOverride[i] = l
					return err
				}
				return x.skip()
			})
		}
		return x.skip()
	})
	return n, err
}

// readLevel reads a w:lvl. Word 2010 writes a custom number format as an mc:AlternateContent
// whose Choice is numFmt "custom" and whose Fallback is a standard format; the first format
// other than "custom" is the one used.
func readLevel(x *xmlReader) (*level, error) {
	l := &level{restart: -1}
	var visit func(se xml.StartElement) error
	visit = func(se xml.StartElement) error {
		switch {
		case se.Name.Space == nsMC && (se.Name.Local == "AlternateContent" || se.Name.Local == "Choice" || se.Name.Local == "Fallback"):
			return x.children(visit)
		case isWElem(se, "start"):
			l.start, _ = intAttr(se, "val")
		case isWElem(se, "numFmt"):
			if f, _ := attr(se, "val"); l.format == "" || l.format == "custom" {
				l.format = f
			}
		case isWElem(se, "lvlText"):
			l.text, _ = attr(se, "val")
			if r := []rune(l.text); len(r) > maxLevelText {
				l.text = string(r[:maxLevelText])
			}
		case isWElem(se, "lvlRestart"):
			l.restart, _ = intAttr(se, "val")
		}
		return x.skip()
	}
	err := x.children(visit)
	l.start = min(max(l.start, 0), maxStart)
	return l, err
}

// paragraph resolves a paragraph's list reference: its own w:numPr, completed by its style's.
func (nb *numbering) paragraph(own numRef, style string) numRef {
	if own.hasNumID && own.hasIlvl {
		return own
	}
	st := nb.st.numbering(style)
	if !own.hasNumID {
		own.numID, own.hasNumID = st.numID, st.hasNumID
	}
	if !own.hasIlvl {
		own.ilvl = st.ilvl // 0 when the style says nothing either
	}
	return own
}

// levelsOf returns the level definitions of list n, following w:numStyleLink (a list that
// takes its levels from a numbering style) and applying the list's own level overrides.
func (nb *numbering) levelsOf(n *num) [levels]*level {
	var out [levels]*level
	a := nb.abstracts[n.abstractID]
	for hop := 0; a != nil && a.numStyle != "" && hop < 4; hop++ {
		linked := nb.nums[nb.st.numbering(a.numStyle).numID]
		if linked == nil || nb.abstracts[linked.abstractID] == a {
			break
		}
		a = nb.abstracts[linked.abstractID]
	}
	if a != nil {
		out = a.levels
	}
	for i, l := range n.levelOverride {
		if l != nil {
			out[i] = l
		}
	}
	return out
}

// label advances list ref's counter and returns the label Word prints before the paragraph,
// "" if it is not numbered. Counters are kept per w:num, and a level restarts when a shallower
// one is printed (unless its w:lvlRestart says otherwise).
func (nb *numbering) label(ref numRef) string {
	if !ref.hasNumID || ref.numID == 0 || ref.ilvl < 0 || ref.ilvl >= levels {
		return ""
	}
	n := nb.nums[ref.numID]
	if n == nil {
		return ""
	}
	defs := nb.levelsOf(n)
	lv := defs[ref.ilvl]
	if lv == nil {
		return ""
	}
	start := func(i int) int {
		if n.hasOverride[i] {
			return min(max(n.startOverride[i], 0), maxStart)
		}
		if defs[i] != nil {
			return defs[i].start
		}
		return 1
	}
	c := nb.counters[ref.numID]
	if c == nil {
		c = &counters{}
		nb.counters[ref.numID] = c
	}
	if c.set[ref.ilvl] {
		c.value[ref.ilvl]++
	} else {
		c.value[ref.ilvl], c.set[ref.ilvl] = start(ref.ilvl), true
	}
	for d := ref.ilvl + 1; d < levels; d++ {
		restartAt := d // by default any shallower level restarts level d
		if defs[d] != nil && defs[d].restart >= 0 {
			restartAt = defs[d].restart // 1-based: levels shallower than this one; 0: never
		}
		if ref.ilvl < restartAt {
			c.set[d] = false
		}
	}
	if lv.format == "bullet" {
		return strings.TrimSpace(mapSymbols(lv.text))
	}
	value := func(i int) string {
		v := start(i)
		if c.set[i] {
			v = c.value[i]
		}
		f := "decimal"
		if defs[i] != nil {
			f = defs[i].format
		}
		return formatNumber(v, f)
	}
	return strings.TrimSpace(mapSymbols(expandLevelText(lv.text, value)))
}

// expandLevelText replaces %1…%9 in a level text with the numbers of levels 0…8.
func expandLevelText(text string, value func(level int) string) string {
	if !strings.Contains(text, "%") {
		return text
	}
	var b strings.Builder
	for i := 0; i < len(text); i++ {
		if text[i] == '%' && i+1 < len(text) && text[i+1] >= '1' && text[i+1] <= '9' {
			b.WriteString(value(int(text[i+1] - '1')))
			i++
			continue
		}
		b.WriteByte(text[i])
	}
	return b.String()
}
