package docx_test

// Building small .docx files in memory, so that every rule is tested on a document made for it.

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"briefsearch/archive/docx"
)

const (
	nsW  = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsMC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
	// namespaces are the declarations Word puts on a document's root, enough for the tests'
	// drawings and text boxes.
	namespaces = ` xmlns:w="` + nsW + `" xmlns:mc="` + nsMC + `"` +
		` xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"` +
		` xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"` +
		` xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"` +
		` xmlns:v="urn:schemas-microsoft-com:vml"`
)

const contentTypes = `<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>`

const packageRels = `<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`

// document wraps body content in a w:document.
func document(body string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:document` + namespaces + `><w:body>` + body + `</w:body></w:document>`
}

func stylesPart(styles string) string {
	if styles == "" {
		return ""
	}
	return `<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="` + nsW + `">` + styles + `</w:styles>`
}

func numberingPart(defs string) string {
	if defs == "" {
		return ""
	}
	return `<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="` + nsW + `" xmlns:mc="` + nsMC + `">` + defs + `</w:numbering>`
}

// docxOf builds a .docx from a body and optional styles and numbering definitions, each given
// as the content inside its part's root element.
func docxOf(t testing.TB, body, styles, numbering string) []byte {
	t.Helper()
	return zipOf(t, map[string]string{
		"[Content_Types].xml": contentTypes,
		"_rels/.rels":         packageRels,
		"word/document.xml":   document(body),
		"word/styles.xml":     stylesPart(styles),
		"word/numbering.xml":  numberingPart(numbering),
	})
}

// zipOf builds a zip of the parts given, leaving out those whose content is "".
func zipOf(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range parts {
		if content == "" {
			continue
		}
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(content)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// p is a paragraph of the runs given.
func p(runs ...string) string { return "<w:p>" + strings.Join(runs, "") + "</w:p>" }

// r is a plain run, b a bold one.
func r(text string) string { return `<w:r><w:t xml:space="preserve">` + text + `</w:t></w:r>` }

func b(text string) string {
	return `<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">` + text + `</w:t></w:r>`
}

// textCase is one document and the text it must give.
type textCase struct {
	name                    string
	body, styles, numbering string
	want                    string // without the final newline; "" for no text at all
}

func checkText(t *testing.T, cases []textCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := docx.Text(docxOf(t, tc.body, tc.styles, tc.numbering))
			if err != nil {
				t.Fatal(err)
			}
			want := tc.want
			if want != "" {
				want += "\n"
			}
			if got != want {
				t.Errorf("got\n%q\nwant\n%q", got, want)
			}
		})
	}
}

func join(parts []string) string { return strings.Join(parts, "") }
