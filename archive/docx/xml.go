package docx

// The streaming XML reader every part is read with. Elements are matched by namespace and
// local name, never by prefix: Word writes w:, but other producers may bind the same namespace
// to another prefix, or to the default namespace.

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
)

const (
	nsW       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsWStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main" // ISO 29500 Strict
	nsMC      = "http://schemas.openxmlformats.org/markup-compatibility/2006"
)

// maxDepth bounds element nesting. Real documents nest a few dozen levels (tables in tables in
// content controls); the decoder itself has no limit, and a file of a million "<a>" would
// otherwise grow its stack, and ours, without bound.
const maxDepth = 512

func isW(n xml.Name) bool { return n.Space == nsW || n.Space == nsWStrict }

func isWElem(se xml.StartElement, local string) bool { return se.Name.Local == local && isW(se.Name) }

// attr returns a WordprocessingML attribute by local name. Unqualified attributes are accepted
// too: some producers write val="…" where Word writes w:val="…".
func attr(se xml.StartElement, local string) (string, bool) {
	for _, a := range se.Attr {
		if a.Name.Local == local && (a.Name.Space == "" || isW(a.Name)) {
			return a.Value, true
		}
	}
	return "", false
}

// xmlReader reads one part token by token, keeping count of the depth.
type xmlReader struct {
	part  string
	dec   *xml.Decoder
	depth int
}

func newXMLReader(part string, r io.Reader) *xmlReader {
	dec := xml.NewDecoder(r)
	dec.CharsetReader = func(label string, _ io.Reader) (io.Reader, error) {
		return nil, &charsetError{label: label}
	}
	return &xmlReader{part: part, dec: dec}
}

type charsetError struct{ label string }

func (e *charsetError) Error() string { return "text encoding " + e.label }

// token returns the next token. Only start elements, end elements and character data matter
// to the callers; comments, processing instructions and directives come back too and are
// ignored by them.
func (x *xmlReader) token() (xml.Token, error) {
	tok, err := x.dec.Token()
	if err != nil {
		return nil, x.fail(err)
	}
	switch tok.(type) {
	case xml.StartElement:
		x.depth++
		if x.depth > maxDepth {
			return nil, fmt.Errorf("%s nests elements more than %d deep", x.part, maxDepth)
		}
	case xml.EndElement:
		x.depth--
	}
	return tok, nil
}

// skip reads past the end of the element whose start was the last token read.
func (x *xmlReader) skip() error {
	for target := x.depth - 1; x.depth > target; {
		if _, err := x.token(); err != nil {
			return err
		}
	}
	return nil
}

// children calls visit for each child element of the element whose start was the last token
// read, until that element's end. visit must consume the child entirely (read or skip it).
func (x *xmlReader) children(visit func(xml.StartElement) error) error {
	for {
		tok, err := x.token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := visit(t); err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}

// root reads up to the first element and checks that it is the expected WordprocessingML one.
func (x *xmlReader) root(local string) error {
	for {
		tok, err := x.dec.Token()
		if err == io.EOF {
			return fmt.Errorf("%s is empty", x.part)
		}
		if err != nil {
			return x.fail(err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			x.depth = 1
			if !isWElem(se, local) {
				return fmt.Errorf("%s is not WordprocessingML: its root element is <%s>, not <w:%s>", x.part, se.Name.Local, local)
			}
			return nil
		}
	}
}

// fail turns a decoder or reader error into one a person can act on.
func (x *xmlReader) fail(err error) error {
	var big *tooLargeError
	var syn *xml.SyntaxError
	var cs *charsetError
	switch {
	case errors.As(err, &big):
		return big
	case errors.As(err, &syn):
		return fmt.Errorf("%s is not valid XML at byte %d: %s", x.part, x.dec.InputOffset(), syn.Msg)
	case errors.As(err, &cs):
		return fmt.Errorf("%s is in the text encoding %q; only UTF-8 is read", x.part, cs.label)
	}
	return fmt.Errorf("%s cannot be read: the .docx is damaged (%v)", x.part, err)
}
