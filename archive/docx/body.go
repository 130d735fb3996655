package docx

// The walk over the main document part, one token at a time. Elements are handled by what they
// are wherever they occur: a paragraph inside a text box inside a run is still a paragraph, and
// a wrapper this walk does not know (a content control, a hyperlink, a drawing) is read
// through, so that text inside it is found. Only the elements listed in skipped are not read.

import (
	"encoding/xml"
	"strings"
)

// skipped are the WordprocessingML elements whose content is not the document's text: deleted
// and moved-away text (tracked changes), field codes, ruby readings (the furigana over 漢字),
// properties, and references to notes and comments, which live in other parts.
var skipped = map[string]bool{
	"del": true, "moveFrom": true, "delText": true, "delInstrText": true, "instrText": true,
	"fldData": true, "ffData": true, "rt": true, "rubyPr": true,
	"pPr": true, "rPr": true, "sectPr": true, "tblPr": true, "tblPrEx": true, "tblGrid": true,
	"trPr": true, "tcPr": true, "customXmlPr": true, "smartTagPr": true,
	"footnoteReference": true, "endnoteReference": true, "commentReference": true, "annotationRef": true,
}

type walker struct {
	x   *xmlReader
	st  *styles
	nb  *numbering
	out strings.Builder
	// fields are the complex fields (w:fldChar) open at this point, innermost last: false while
	// their code is read, true once past the separator, in their result. Text counts only when
	// no open field is in its code.
	fields []bool
	inCode int
}

// scope is where an element is read: the paragraph that receives its text, and whether it is
// inside a run, and then whether that run is bold.
type scope struct {
	para *para
	run  bool
	bold bool
}

func readDocument(p *pkg, name string, st *styles, nb *numbering) (string, error) {
	r, _, err := p.open(name, MaxDocumentSize)
	if err != nil {
		return "", err
	}
	defer r.Close()
	w := &walker{x: newXMLReader(name, r), st: st, nb: nb}
	if err := w.x.root("document"); err != nil {
		return "", err
	}
	if err := w.children(scope{}); err != nil {
		return "", err
	}
	if w.out.Len() > 0 {
		w.out.WriteByte('\n')
	}
	return w.out.String(), nil
}

func (w *walker) children(sc scope) error {
	return w.x.children(func(se xml.StartElement) error { return w.element(se, sc) })
}

// element reads the element whose start se was just read, and everything inside it.
func (w *walker) element(se xml.StartElement, sc scope) error {
	if se.Name.Space == nsMC {
		if se.Name.Local == "AlternateContent" {
			return w.alternate(sc)
		}
		return w.x.skip()
	}
	if !isW(se.Name) {
		return w.children(sc) // drawings, VML shapes, math: a text box may be inside
	}
	switch local := se.Name.Local; {
	case local == "p":
		return w.paragraph(sc)
	case local == "r":
		return w.run(sc)
	case local == "t":
		return w.text(sc)
	case local == "tab", local == "ptab":
		w.write(sc, "\t")
	case local == "noBreakHyphen":
		w.write(sc, "-")
	case local == "sym":
		font, _ := attr(se, "font")
		char, _ := attr(se, "char")
		w.write(sc, symbolText(font, char))
	case local == "br", local == "cr": // every break ends a line, a page break too
		if w.inText(sc) {
			sc.para.lineBreak()
		}
	case local == "sdt":
		return w.contentControl(sc)
	case local == "fldChar":
		typ, _ := attr(se, "fldCharType")
		w.field(typ)
	case skipped[local], local == "softHyphen":
	default:
		return w.children(sc)
	}
	return w.x.skip()
}

func (w *walker) inText(sc scope) bool { return sc.para != nil && sc.run && w.inCode == 0 }

func (w *walker) write(sc scope, s string) {
	if w.inText(sc) {
		sc.para.add(s, sc.bold)
	}
}

// text reads a w:t. Its text is taken as it is, spaces included.
func (w *walker) text(sc scope) error {
	keep := w.inText(sc)
	for {
		tok, err := w.x.token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.CharData:
			if keep {
				sc.para.add(string(t), sc.bold)
			}
		case xml.StartElement:
			if err := w.x.skip(); err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}

// paragraph reads a w:p. Its list label is computed when its properties have been read, so
// that list counters advance in document order. It is emitted when it ends: at the top level
// into the text, inside another paragraph (a text box) after that paragraph.
func (w *walker) paragraph(outer scope) error {
	p := &para{style: w.st.paraStyle("")}
	var own numRef
	labelled := false
	label := func() {
		if !labelled {
			labelled = true
			p.label = w.nb.label(w.nb.paragraph(own, p.style))
		}
	}
	err := w.x.children(func(se xml.StartElement) error {
		if !labelled && isWElem(se, "pPr") {
			pp, err := readParaProps(w.x)
			p.style, own = w.st.paraStyle(pp.style), pp.num
			return err
		}
		label()
		return w.element(se, scope{para: p})
	})
	if err != nil {
		return err
	}
	label()
	text := p.render()
	if holder := outer.para; holder != nil {
		if text != "" {
			holder.after = append(holder.after, text)
		}
		holder.after = append(holder.after, p.after...)
		return nil
	}
	w.emit(text)
	for _, t := range p.after {
		w.emit(t)
	}
	return nil
}

// emit adds a paragraph to the text, a blank line after the one before.
func (w *walker) emit(text string) {
	if text == "" {
		return
	}
	if w.out.Len() > 0 {
		w.out.WriteString("\n\n")
	}
	w.out.WriteString(text)
}

// run reads a w:r: its properties decide whether its text is bold.
func (w *walker) run(outer scope) error {
	sc := scope{para: outer.para, run: true}
	style := w.st.defaultPara
	if sc.para != nil {
		style = sc.para.style
	}
	styled := false
	return w.x.children(func(se xml.StartElement) error {
		if !styled && isWElem(se, "rPr") {
			rp, err := readRunProps(w.x)
			sc.bold, styled = w.st.runBold(rp, style), true
			return err
		}
		if !styled {
			sc.bold, styled = w.st.runBold(runProps{}, style), true
		}
		return w.element(se, sc)
	})
}

// contentControl reads a w:sdt: its content, unless that is the placeholder a control shows
// while nothing has been entered ("Click or tap here to enter text."), which is not the
// document's text.
func (w *walker) contentControl(sc scope) error {
	placeholder := false
	return w.x.children(func(se xml.StartElement) error {
		switch {
		case isWElem(se, "sdtPr"):
			return w.x.children(func(se xml.StartElement) error {
				if isWElem(se, "showingPlcHdr") && onOff(se) == on {
					placeholder = true
				}
				return w.x.skip()
			})
		case isWElem(se, "sdtContent") && !placeholder:
			return w.children(sc)
		}
		return w.x.skip()
	})
}

// alternate reads an mc:AlternateContent: its first Choice only. The other choices and the
// Fallback are copies of the same content for older readers, and reading them would repeat it.
func (w *walker) alternate(sc scope) error {
	chosen := false
	return w.x.children(func(se xml.StartElement) error {
		if !chosen && se.Name.Space == nsMC && se.Name.Local == "Choice" {
			chosen = true
			return w.children(sc)
		}
		return w.x.skip()
	})
}

// field follows a complex field: begin, its code, separate, its result, end. Only the result
// is text; the code ("PAGE \* MERGEFORMAT", "HYPERLINK …") is not.
func (w *walker) field(typ string) {
	n := len(w.fields)
	switch typ {
	case "begin":
		w.fields = append(w.fields, false)
		w.inCode++
	case "separate":
		if n > 0 && !w.fields[n-1] {
			w.fields[n-1] = true
			w.inCode--
		}
	case "end":
		if n > 0 {
			if !w.fields[n-1] {
				w.inCode--
			}
			w.fields = w.fields[:n-1]
		}
	}
}
