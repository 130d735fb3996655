package docx

// The .docx container: a zip whose relationships name the main document part and the styles
// and numbering parts it uses. Every part is decompressed as a stream through a cap, because
// the sizes a zip declares are written by whoever made the file.

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// The caps on what is decompressed from one part. A 100-page briefing has a document part of
// a few MB; the caps only stop a zip bomb or a runaway file from exhausting memory.
const (
	MaxDocumentSize = 64 << 20 // the main document part
	MaxStylesSize   = 8 << 20  // styles and numbering parts
	maxRelsSize     = 1 << 20  // relationship parts
)

const (
	mainDocument = "word/document.xml"
	packageRels  = "_rels/.rels"
)

// ole2Magic opens a Compound File: a Word 97-2003 .doc, or a .docx encrypted with a password
// (Office wraps those in one).
var ole2Magic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// Text returns the document body as briefing text: one line per paragraph, a blank line
// between paragraphs, bold as **…** and list labels as Word prints them. The error says what is
// wrong with the file; the caller adds the file's name.
func Text(data []byte) (string, error) {
	if bytes.HasPrefix(data, ole2Magic) {
		return "", errors.New("not a .docx (an OLE2 file: a Word 97-2003 .doc or a password-protected document)")
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) { // part names are looked up, never written to disk
		hint := ""
		if bytes.HasPrefix(data, []byte(`{\rtf`)) {
			hint = " (it is an RTF file: save it as .docx)"
		}
		return "", fmt.Errorf("not a Word document (.docx): %v%s", err, hint)
	}
	p := newPackage(zr)
	main, err := p.mainPart()
	if err != nil {
		return "", err
	}
	rels := p.relationships(main)
	st, err := readStyles(p, rels.target("styles", path.Join(path.Dir(main), "styles.xml")))
	if err != nil {
		return "", err
	}
	nb, err := readNumbering(p, rels.target("numbering", path.Join(path.Dir(main), "numbering.xml")), st)
	if err != nil {
		return "", err
	}
	return readDocument(p, main, st, nb)
}

// pkg is the opened zip with its parts by name. OPC part names compare case-insensitively.
type pkg struct {
	files map[string]*zip.File
}

func newPackage(zr *zip.Reader) *pkg {
	p := &pkg{files: make(map[string]*zip.File, len(zr.File))}
	for _, f := range zr.File {
		// Some Windows tools write part names with backslashes.
		name := strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(f.Name, `\`, "/"), "/"))
		if _, dup := p.files[name]; !dup {
			p.files[name] = f
		}
	}
	return p
}

func (p *pkg) has(name string) bool { return p.files[strings.ToLower(name)] != nil }

// open returns a part's decompressed bytes as a stream that fails once more than limit bytes
// come out. ok is false when there is no such part.
func (p *pkg) open(name string, limit int64) (r io.ReadCloser, ok bool, err error) {
	f := p.files[strings.ToLower(name)]
	if f == nil {
		return nil, false, nil
	}
	rc, err := f.Open()
	if err != nil {
		return nil, true, fmt.Errorf("%s cannot be read: %v", name, err)
	}
	return &cappedReader{rc: rc, left: limit, err: &tooLargeError{part: name, limit: limit}}, true, nil
}

type cappedReader struct {
	rc   io.ReadCloser
	left int64
	err  *tooLargeError
}

func (c *cappedReader) Read(b []byte) (int, error) {
	if c.left < 0 {
		return 0, c.err
	}
	// Read one byte past the cap: a part of exactly the cap is fine, one byte more is not.
	if int64(len(b)) > c.left+1 {
		b = b[:c.left+1]
	}
	n, err := c.rc.Read(b)
	c.left -= int64(n)
	if c.left < 0 {
		return 0, c.err
	}
	return n, err
}

func (c *cappedReader) Close() error { return c.rc.Close() }

type tooLargeError struct {
	part  string
	limit int64
}

func (e *tooLargeError) Error() string {
	return fmt.Sprintf("%s is larger than %d MiB uncompressed", e.part, e.limit>>20)
}

// mainPart finds the main document part: the package's officeDocument relationship, or
// word/document.xml when the relationships are missing or name no part that exists.
func (p *pkg) mainPart() (string, error) {
	if t := p.readRels(packageRels, "").target("officeDocument", ""); t != "" && p.has(t) {
		return t, nil
	}
	if p.has(mainDocument) {
		return mainDocument, nil
	}
	return "", fmt.Errorf("not a Word document (.docx): no %s%s", mainDocument, p.otherKind())
}

// otherKind names what a zip without a Word document looks like, so the person who picked the
// wrong file knows which one they picked.
func (p *pkg) otherKind() string {
	switch {
	case p.has("xl/workbook.xml"):
		return " (it is an Excel workbook, .xlsx)"
	case p.has("ppt/presentation.xml"):
		return " (it is a PowerPoint presentation, .pptx)"
	case p.has("content.xml") && p.has("mimetype"):
		return " (it is an OpenDocument file such as .odt: save it as .docx)"
	}
	return ""
}

// rels are a part's relationships: the type's last path element to the target part's name.
type rels map[string]string

func (r rels) target(kind, fallback string) string {
	if t, ok := r[kind]; ok {
		return t
	}
	return fallback
}

// relationships reads the relationships of part.
func (p *pkg) relationships(part string) rels {
	name := path.Join(path.Dir(part), "_rels", path.Base(part)+".rels")
	return p.readRels(name, path.Dir(part))
}

// readRels reads a relationships part; relative targets are resolved against dir. Relationships
// only say where the parts are, and the standard names serve when they do not: so a missing,
// oversized or damaged relationships part is read as far as it goes, never an error.
func (p *pkg) readRels(name, dir string) rels {
	out := rels{}
	r, _, err := p.open(name, maxRelsSize)
	if r == nil || err != nil {
		return out
	}
	defer r.Close()
	x := newXMLReader(name, r)
	for {
		tok, err := x.token()
		if err != nil {
			return out
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "Relationship" {
			continue
		}
		typ, target := plainAttr(se, "Type"), plainAttr(se, "Target")
		kind := typ[strings.LastIndex(typ, "/")+1:]
		if _, seen := out[kind]; seen || target == "" || plainAttr(se, "TargetMode") == "External" {
			continue
		}
		if strings.HasPrefix(target, "/") {
			out[kind] = path.Clean(target[1:])
		} else {
			out[kind] = path.Join(dir, target)
		}
	}
}

func plainAttr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}
