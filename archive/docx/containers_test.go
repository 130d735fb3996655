package docx_test

import (
	"testing"

	"briefsearch/archive/docx"
)

// field is a complex field: its code, then its result.
func field(code, result string) string {
	return `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">` + code + `</w:instrText></w:r>` +
		`<w:r><w:fldChar w:fldCharType="separate"/></w:r>` + result + `<w:r><w:fldChar w:fldCharType="end"/></w:r>`
}

// textBox is a run holding a text box twice, as Word writes it: a DrawingML shape, and a VML
// copy for older readers.
func textBox(paragraphs string) string {
	return `<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>` +
		`<wps:wsp><wps:txbx><w:txbxContent>` + paragraphs + `</w:txbxContent></wps:txbx></wps:wsp>` +
		`</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>` +
		`<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>` + paragraphs + `</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>` +
		`</mc:AlternateContent></w:r>`
}

func TestContainers(t *testing.T) { checkText(t, containerCases) }

var containerCases = []textCase{
	{name: "table cells in document order",
		body: p(r("before")) + `<w:tbl><w:tblPr><w:tblW w:w="0"/></w:tblPr><w:tblGrid><w:gridCol/></w:tblGrid>` +
			`<w:tr><w:trPr/><w:tc><w:tcPr/>` + p(r("a1")) + p(r("a1 second")) + `</w:tc><w:tc>` + p(r("b1")) + `</w:tc></w:tr>` +
			`<w:tr><w:tc><w:tbl><w:tr><w:tc>` + p(r("nested")) + `</w:tc></w:tr></w:tbl>` + p() + `</w:tc></w:tr></w:tbl>` + p(r("after")),
		want: "before\n\na1\n\na1 second\n\nb1\n\nnested\n\nafter"},
	{name: "content controls, block and inline",
		body: `<w:sdt><w:sdtPr><w:alias w:val="Title"/><w:placeholder><w:docPart w:val="x"/></w:placeholder></w:sdtPr><w:sdtEndPr/><w:sdtContent>` + p(r("block")) + `</w:sdtContent></w:sdt>` +
			p(r("in "), `<w:sdt><w:sdtPr><w:text/></w:sdtPr><w:sdtContent>`+r("line")+`</w:sdtContent></w:sdt>`),
		want: "block\n\nin line"},
	{name: "hyperlinks, smart tags, custom XML, simple fields, insertions and moves are read",
		body: p(`<w:hyperlink w:anchor="x">`+r("a")+`</w:hyperlink>`, `<w:smartTag w:element="place"><w:smartTagPr/>`+r("b")+`</w:smartTag>`,
			`<w:customXml w:element="c"><w:customXmlPr/>`+r("c")+`</w:customXml>`, `<w:fldSimple w:instr=" PAGE ">`+r("d")+`</w:fldSimple>`,
			`<w:ins w:id="1" w:author="x">`+r("e")+`</w:ins>`, `<w:moveTo w:id="2">`+r("f")+`</w:moveTo>`),
		want: "abcdef"},
	{name: "deleted and moved-away text is not",
		body: p(r("keep"), `<w:del w:id="1" w:author="x"><w:r><w:delText>gone</w:delText></w:r></w:del>`,
			`<w:moveFrom w:id="2"><w:r><w:t>moved</w:t></w:r></w:moveFrom>`, `<w:ins w:id="3">`+r(" new")+`</w:ins>`,
			`<w:r><w:delText>stray</w:delText></w:r>`),
		want: "keep new"},
	{name: "a field shows its result, not its code",
		body: p(r("page "), field(" PAGE ", r("7"))) + p(field(` HYPERLINK "https://example.org" `, b("link"))),
		want: "page 7\n\n**link**"},
	{name: "nested fields: a field inside another's code is code",
		body: p(`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> IF </w:instrText></w:r>`, field(" PAGE ", r("1")),
			`<w:r><w:instrText> = 1 "yes" "no" </w:instrText><w:fldChar w:fldCharType="separate"/></w:r>`, r("yes"), `<w:r><w:fldChar w:fldCharType="end"/></w:r>`, r(" after")),
		want: "yes after"},
	{name: "a field without a result hides nothing after it",
		body: p(`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> XE "entry" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`, r("text")),
		want: "text"},
	{name: "references to notes and comments are dropped",
		body: p(`<w:commentRangeStart w:id="0"/>`, r("text"), `<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r>`,
			`<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>`, `<w:r><w:endnoteReference w:id="2"/></w:r>`),
		want: "text"},
	{name: "ruby: the base text, not the reading",
		body: p(`<w:r><w:ruby><w:rubyPr><w:rubyAlign w:val="center"/></w:rubyPr><w:rt><w:r><w:t>かんじ</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>漢字</w:t></w:r></w:rubyBase></w:ruby></w:r>`),
		want: "漢字"},
	{name: "alternate content: the first choice only",
		body: `<mc:AlternateContent><mc:Choice Requires="w14">` + p(r("choice")) + `</mc:Choice><mc:Choice Requires="w15">` + p(r("second")) +
			`</mc:Choice><mc:Fallback>` + p(r("fallback")) + `</mc:Fallback></mc:AlternateContent>` +
			p(r("in "), `<mc:AlternateContent><mc:Choice Requires="w14">`+r("run")+`</mc:Choice><mc:Fallback>`+r("copy")+`</mc:Fallback></mc:AlternateContent>`),
		want: "choice\n\nin run"},
	{name: "a text box's paragraphs follow the paragraph that holds it",
		body: p(r("before "), textBox(p(r("box one"))+p(b("box two"))), r("after")) + p(r("next")),
		want: "before after\n\nbox one\n\n**box two**\n\nnext"},
	{name: "a text box in a text box, and a holder without text of its own",
		body: p(textBox(p(r("outer"), textBox(p(r("inner"))))+p(r("outer 2")))) + p(r("next")),
		want: "outer\n\ninner\n\nouter 2\n\nnext"},
	{name: "numbering in a text box counts in document order",
		numbering: outline,
		body:      numbered(1, 0, r("first"), textBox(numbered(1, 0, r("boxed")))) + numbered(1, 0, r("third")),
		want:      "1. first\n\n2. boxed\n\n3. third"},
}

func TestHeadersAndFootersAreNotRead(t *testing.T) {
	docRels := `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>`
	part := func(root, text string) string {
		return `<w:` + root + ` xmlns:w="` + nsW + `">` + p(r(text)) + `</w:` + root + `>`
	}
	data := zipOf(t, map[string]string{
		"_rels/.rels":                  packageRels,
		"word/_rels/document.xml.rels": docRels,
		"word/document.xml": document(p(r("body")) + `<w:sectPr><w:headerReference w:type="default" r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/>` +
			`<w:footerReference w:type="default" r:id="rId2" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></w:sectPr>`),
		"word/header1.xml":   part("hdr", "RUNNING HEADER"),
		"word/footer1.xml":   part("ftr", "- 1 -"),
		"word/footnotes.xml": part("footnotes", "a footnote"),
	})
	got, err := docx.Text(data)
	if err != nil {
		t.Fatal(err)
	}
	if got != "body\n" {
		t.Errorf("got %q, want only the body", got)
	}
}

func TestNamespaces(t *testing.T) {
	for _, tc := range []struct{ name, xml string }{
		{"another prefix", `<x:document xmlns:x="` + nsW + `"><x:body><x:p><x:r><x:rPr><x:b/></x:rPr><x:t>hi</x:t></x:r></x:p></x:body></x:document>`},
		{"the default namespace", `<document xmlns="` + nsW + `"><body><p><r><rPr><b val="true"/></rPr><t>hi</t></r></p></body></document>`},
		{"ISO 29500 Strict", `<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>hi</w:t></w:r></w:p></w:body></w:document>`},
		{"a foreign element around the text", `<w:document xmlns:w="` + nsW + `" xmlns:o="urn:other"><w:body><o:wrapper><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>hi</w:t><o:t>not text</o:t></w:r></w:p></o:wrapper></w:body></w:document>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := docx.Text(zipOf(t, map[string]string{"word/document.xml": tc.xml}))
			if err != nil {
				t.Fatal(err)
			}
			if got != "**hi**\n" {
				t.Errorf("got %q, want %q", got, "**hi**\n")
			}
		})
	}
}

func TestPartNames(t *testing.T) {
	rels := `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>`
	docRels := `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles2.xml"/></Relationships>`
	for _, tc := range []struct {
		name  string
		parts map[string]string
		want  string
	}{
		{"the main part named by the relationships", map[string]string{
			"_rels/.rels": rels, "word/document2.xml": document(p(r("two"))), "word/document.xml": document(p(r("one")))}, "two\n"},
		{"styles named by the document's relationships", map[string]string{
			"word/_rels/document.xml.rels": docRels, "word/document.xml": document(styled("H", r("x"))),
			"word/styles2.xml": stylesPart(`<w:style w:type="paragraph" w:styleId="H"><w:rPr><w:b/></w:rPr></w:style>`)}, "**x**\n"},
		{"damaged relationships fall back to the standard names", map[string]string{
			"_rels/.rels": "<Relationships", "word/document.xml": document(p(r("one")))}, "one\n"},
		{"part names compare without case", map[string]string{"Word/Document.xml": document(p(r("one")))}, "one\n"},
		{"part names with backslashes", map[string]string{`word\document.xml`: document(p(r("one")))}, "one\n"},
		{"a document without text", map[string]string{"word/document.xml": document(p())}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := docx.Text(zipOf(t, tc.parts))
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
