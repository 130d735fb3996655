package docx

// Styles: what a run inherits when it does not say itself whether it is bold, and the list a
// paragraph style puts its paragraphs in. A heading style that is bold makes a headline bold
// without a single w:b in the document, so the styles part matters as much as the body.

import (
	"encoding/xml"
	"strconv"
)

// tri is an on/off property that may also be unset, so that inheritance can tell "not bold"
// (w:b w:val="0", which stops the look-up) from "not said" (which goes on to the next level).
type tri int8

const (
	unset tri = iota
	off
	on
)

// onOff reads an ST_OnOff element: absent w:val, "1", "true" and "on" are on.
func onOff(se xml.StartElement) tri {
	switch v, _ := attr(se, "val"); v {
	case "0", "false", "off":
		return off
	}
	return on
}

// maxBasedOn bounds a basedOn chain; a cycle (a style based on itself) must not loop.
const maxBasedOn = 32

type style struct {
	basedOn string
	bold    tri
	num     numRef
}

// numRef is a w:numPr: which list, which level. Each field may be given or not.
type numRef struct {
	numID, ilvl       int
	hasNumID, hasIlvl bool
}

type styles struct {
	byID         map[string]*style
	defaultPara  string // the style of a paragraph without w:pStyle ("Normal")
	defaultChar  string // the style of a run without w:rStyle
	defaultBold  tri    // w:docDefaults
	resolvedBold map[string]tri
}

func newStyles() *styles {
	return &styles{byID: map[string]*style{}, resolvedBold: map[string]tri{}}
}

// readStyles reads the styles part; a document without one has no styles.
func readStyles(p *pkg, name string) (*styles, error) {
	st := newStyles()
	r, ok, err := p.open(name, MaxStylesSize)
	if !ok || err != nil {
		return st, err
	}
	defer r.Close()
	x := newXMLReader(name, r)
	if err := x.root("styles"); err != nil {
		return nil, err
	}
	err = x.children(func(se xml.StartElement) error {
		switch {
		case isWElem(se, "docDefaults"):
			return x.children(func(se xml.StartElement) error {
				if !isWElem(se, "rPrDefault") {
					return x.skip()
				}
				return x.children(func(se xml.StartElement) error {
					if !isWElem(se, "rPr") {
						return x.skip()
					}
					rp, err := readRunProps(x)
					st.defaultBold = rp.bold
					return err
				})
			})
		case isWElem(se, "style"):
			return st.readStyle(x, se)
		}
		return x.skip()
	})
	return st, err
}

func (st *styles) readStyle(x *xmlReader, se xml.StartElement) error {
	s := &style{}
	id, _ := attr(se, "styleId")
	typ, _ := attr(se, "type")
	if def, _ := attr(se, "default"); def == "1" || def == "true" || def == "on" {
		switch {
		case typ == "paragraph" && st.defaultPara == "":
			st.defaultPara = id
		case typ == "character" && st.defaultChar == "":
			st.defaultChar = id
		}
	}
	err := x.children(func(se xml.StartElement) error {
		switch {
		case isWElem(se, "basedOn"):
			s.basedOn, _ = attr(se, "val")
		case isWElem(se, "rPr"):
			rp, err := readRunProps(x)
			s.bold = rp.bold
			return err
		case isWElem(se, "pPr"):
			pp, err := readParaProps(x)
			s.num = pp.num
			return err
		}
		return x.skip()
	})
	if _, dup := st.byID[id]; !dup {
		st.byID[id] = s
	}
	return err
}

// bold is what style id (and the styles it is based on) says about bold.
func (st *styles) bold(id string) tri {
	if b, ok := st.resolvedBold[id]; ok {
		return b
	}
	b := unset
	for i, cur := 0, id; i < maxBasedOn && cur != ""; i++ {
		s := st.byID[cur]
		if s == nil {
			break
		}
		if s.bold != unset {
			b = s.bold
			break
		}
		cur = s.basedOn
	}
	st.resolvedBold[id] = b
	return b
}

// paraStyle is the style a paragraph has: its w:pStyle if that exists, else the default.
func (st *styles) paraStyle(id string) string {
	if _, ok := st.byID[id]; ok && id != "" {
		return id
	}
	return st.defaultPara
}

// runBold decides whether a run is bold: its own w:b, else its character style, else its
// paragraph's style, else the document defaults.
func (st *styles) runBold(rp runProps, paraStyle string) bool {
	if rp.bold != unset {
		return rp.bold == on
	}
	charStyle := st.defaultChar
	if rp.style != "" {
		charStyle = rp.style
	}
	for _, b := range [...]tri{st.bold(charStyle), st.bold(paraStyle), st.defaultBold} {
		if b != unset {
			return b == on
		}
	}
	return false
}

// numbering is the list a paragraph style (or one it is based on) puts its paragraphs in.
func (st *styles) numbering(id string) numRef {
	var n numRef
	for i, cur := 0, id; i < maxBasedOn && cur != ""; i++ {
		s := st.byID[cur]
		if s == nil {
			break
		}
		if !n.hasIlvl && s.num.hasIlvl {
			n.ilvl, n.hasIlvl = s.num.ilvl, true
		}
		if s.num.hasNumID {
			n.numID, n.hasNumID = s.num.numID, true
			break
		}
		cur = s.basedOn
	}
	return n
}

// runProps is what a w:rPr says that matters here.
type runProps struct {
	bold  tri
	style string
}

// readRunProps reads a w:rPr whose start was just read. Only direct children count: the old
// properties inside a tracked change (w:rPrChange) are skipped with the rest.
func readRunProps(x *xmlReader) (runProps, error) {
	var rp runProps
	err := x.children(func(se xml.StartElement) error {
		switch {
		case isWElem(se, "b"):
			rp.bold = onOff(se)
		case isWElem(se, "rStyle"):
			rp.style, _ = attr(se, "val")
		}
		return x.skip()
	})
	return rp, err
}

// paraProps is what a w:pPr says that matters here.
type paraProps struct {
	style string
	num   numRef
}

// readParaProps reads a w:pPr whose start was just read (direct children only, as above).
func readParaProps(x *xmlReader) (paraProps, error) {
	var pp paraProps
	err := x.children(func(se xml.StartElement) error {
		switch {
		case isWElem(se, "pStyle"):
			pp.style, _ = attr(se, "val")
		case isWElem(se, "numPr"):
			return x.children(func(se xml.StartElement) error {
				switch {
				case isWElem(se, "numId"):
					pp.num.numID, pp.num.hasNumID = intAttr(se, "val")
				case isWElem(se, "ilvl"):
					pp.num.ilvl, pp.num.hasIlvl = intAttr(se, "val")
				}
				return x.skip()
			})
		}
		return x.skip()
	})
	return pp, err
}

// intAttr reads a decimal attribute; a missing or unreadable one is not given.
func intAttr(se xml.StartElement, local string) (int, bool) {
	v, ok := attr(se, local)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	return n, err == nil
}
