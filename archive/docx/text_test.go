package docx_test

import "testing"

func TestParagraphsAndLines(t *testing.T) { checkText(t, paragraphCases) }

var paragraphCases = []textCase{
	{name: "paragraphs are separated by a blank line, empty ones add nothing",
		body: p(r("one")) + p() + `<w:p><w:pPr><w:jc w:val="center"/></w:pPr></w:p>` + p(r("two")) + `<w:sectPr/>`,
		want: "one\n\ntwo"},
	{name: "runs of a paragraph join",
		body: p(r("Azer"), r("baijan")),
		want: "Azerbaijan"},
	{name: "text is taken as is, spaces included",
		body: p(r("  two  spaces "), `<w:r><w:t>a&amp;b &lt;c&gt;</w:t></w:r>`),
		want: "  two  spaces a&b <c>"},
	{name: "a paragraph of spaces only is empty",
		body: p(r("a")) + p(r("   ")) + p(r("b")),
		want: "a\n\nb"},
	{name: "breaks of every kind start a line",
		body: `<w:p><w:r><w:t>a</w:t><w:br/><w:t>b</w:t><w:cr/><w:t>c</w:t><w:br w:type="page"/><w:t>d</w:t><w:br w:type="column"/><w:t>e</w:t></w:r></w:p>`,
		want: "a\nb\nc\nd\ne"},
	{name: "a page break before a heading leaves no blank line",
		body: p(r("before")) + `<w:p><w:r><w:br w:type="page"/></w:r><w:r><w:t>Title</w:t></w:r><w:r><w:br/></w:r></w:p>`,
		want: "before\n\nTitle"},
	{name: "a rendered page break is not a break",
		body: `<w:p><w:r><w:t>a</w:t></w:r><w:r><w:lastRenderedPageBreak/><w:t>b</w:t></w:r></w:p>`,
		want: "ab"},
	{name: "tabs, hyphens",
		body: `<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:noBreakHyphen/><w:t>c</w:t><w:softHyphen/><w:t>d</w:t></w:r></w:p>`,
		want: "a\tb-cd"},
	{name: "tab stops in paragraph properties are not tabs",
		body: `<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>x</w:t></w:r></w:p>`,
		want: "x"},
	{name: "symbols: bullets, Wingdings circle, ordinary characters",
		body: `<w:p><w:r><w:sym w:font="Symbol" w:char="F0B7"/><w:t xml:space="preserve"> </w:t>` +
			`<w:sym w:font="Wingdings" w:char="F06C"/><w:sym w:font="Wingdings" w:char="A7"/>` +
			`<w:sym w:font="Times New Roman" w:char="00E9"/><w:sym w:font="Symbol" w:char="zz"/></w:r></w:p>`,
		want: "• ●•é"},
	{name: "text outside a run is not read",
		body: `<w:p><w:t>stray</w:t><w:r><w:t>run</w:t></w:r></w:p>`,
		want: "run"},
}

const boldStyles = `
<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="22"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/></w:style>
<w:style w:type="paragraph" w:styleId="Head"><w:basedOn w:val="Normal"/><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="SubHead"><w:basedOn w:val="Head"/><w:pPr><w:spacing w:before="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Loop1"><w:basedOn w:val="Loop2"/></w:style>
<w:style w:type="paragraph" w:styleId="Loop2"><w:basedOn w:val="Loop1"/></w:style>
<w:style w:type="character" w:styleId="Strong"><w:rPr><w:b w:val="1"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="StrongChild"><w:basedOn w:val="Strong"/></w:style>
<w:style w:type="character" w:styleId="NotBold"><w:rPr><w:b w:val="0"/></w:rPr></w:style>`

func styled(pStyle string, runs ...string) string {
	return `<w:p><w:pPr><w:pStyle w:val="` + pStyle + `"/></w:pPr>` + join(runs) + `</w:p>`
}

func charStyled(rStyle, text string) string {
	return `<w:r><w:rPr><w:rStyle w:val="` + rStyle + `"/></w:rPr><w:t>` + text + `</w:t></w:r>`
}

func boldVal(val, text string) string {
	return `<w:r><w:rPr><w:b w:val="` + val + `"/></w:rPr><w:t>` + text + `</w:t></w:r>`
}

func TestBold(t *testing.T) { checkText(t, boldCases) }

var boldCases = []textCase{
	{name: "a run's own w:b", styles: boldStyles,
		body: p(r("plain "), b("bold")),
		want: "plain **bold**"},
	{name: "w:val on and off", styles: boldStyles,
		body: p(boldVal("1", "A"), r(" "), boldVal("0", "B"), r(" "), boldVal("on", "C"), r(" "),
			boldVal("off", "D"), r(" "), boldVal("true", "E"), r(" "), boldVal("false", "F")),
		want: "**A** B **C** D **E** F"},
	{name: "character style", styles: boldStyles,
		body: p(r("a "), charStyled("Strong", "s")),
		want: "a **s**"},
	{name: "character style based on a bold one", styles: boldStyles,
		body: p(charStyled("StrongChild", "s")),
		want: "**s**"},
	{name: "paragraph style", styles: boldStyles,
		body: styled("Head", r("Heading")),
		want: "**Heading**"},
	{name: "paragraph style based on a bold one", styles: boldStyles,
		body: styled("SubHead", r("Sub")),
		want: "**Sub**"},
	{name: "a run's w:b=0 beats its paragraph style", styles: boldStyles,
		body: styled("Head", boldVal("0", "plain "), r("bold")),
		want: "plain **bold**"},
	{name: "a character style's w:b=0 beats the paragraph style", styles: boldStyles,
		body: styled("Head", charStyled("NotBold", "plain")),
		want: "plain"},
	{name: "a cycle of basedOn ends", styles: boldStyles,
		body: styled("Loop1", r("loop")),
		want: "loop"},
	{name: "an unknown style is the default style", styles: boldStyles,
		body: styled("Missing", r("x")) + p(charStyled("Missing", "y")),
		want: "x\n\ny"},
	{name: "document defaults",
		styles: `<w:docDefaults><w:rPrDefault><w:rPr><w:b/></w:rPr></w:rPrDefault></w:docDefaults>`,
		body:   p(r("all bold"), boldVal("0", " but this")),
		want:   "**all bold** but this"},
	{name: "the default paragraph style applies without w:pStyle",
		styles: `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:rPr><w:b/></w:rPr></w:style>`,
		body:   p(r("normal")),
		want:   "**normal**"},
	{name: "the paragraph mark's properties are not the text's", styles: boldStyles,
		body: `<w:p><w:pPr><w:rPr><w:b/></w:rPr></w:pPr><w:r><w:t>x</w:t></w:r></w:p>`,
		want: "x"},
	{name: "properties before a tracked change do not count", styles: boldStyles,
		body: `<w:p><w:r><w:rPr><w:rPrChange w:id="1" w:author="a"><w:rPr><w:b/></w:rPr></w:rPrChange></w:rPr><w:t>x</w:t></w:r></w:p>`,
		want: "x"},
	{name: "italic is ignored",
		body: `<w:p><w:r><w:rPr><w:i/></w:rPr><w:t>x</w:t></w:r></w:p>`,
		want: "x"},
	{name: "adjacent bold runs are one span",
		body: p(r("● "), b("アゼルバイジャンと "), b("D-8"), b("、協力の展望について協議"), r(" Azerbaijan, D-8")),
		want: "● **アゼルバイジャンと D-8、協力の展望について協議** Azerbaijan, D-8"},
	{name: "bold runs of different origins merge", styles: boldStyles,
		body: p(b("run "), charStyled("Strong", "style")),
		want: "**run style**"},
	{name: "whitespace at a span's edges goes outside the markers",
		body: p(r("x"), b(" foo "), r("bar"), b("\tbaz　")),
		want: "x **foo** bar\t**baz**　"},
	{name: "whitespace alone is not marked",
		body: p(r("a"), b(" "), r("b")),
		want: "a b"},
	{name: "a span closes before a break and reopens after",
		body: `<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>foo</w:t><w:br/><w:t xml:space="preserve">bar </w:t></w:r><w:r><w:t>baz</w:t></w:r></w:p>`,
		want: "**foo**\n**bar** baz"},
	{name: "a bold line break alone opens no span",
		body: `<w:p><w:r><w:t>a</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:br/></w:r><w:r><w:t>b</w:t></w:r></w:p>`,
		want: "a\nb"},
}
