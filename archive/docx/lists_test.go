package docx_test

import (
	"fmt"
	"testing"
)

// numbered is a paragraph in list numID at level ilvl.
func numbered(numID, ilvl int, runs ...string) string {
	return fmt.Sprintf(`<w:p><w:pPr><w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr></w:pPr>%s</w:p>`, ilvl, numID, join(runs))
}

// lvl is a level definition.
func lvl(ilvl, start int, format, text string) string {
	return fmt.Sprintf(`<w:lvl w:ilvl="%d"><w:start w:val="%d"/><w:numFmt w:val="%s"/><w:lvlText w:val="%s"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl>`, ilvl, start, format, text)
}

func abstract(id int, levels ...string) string {
	return fmt.Sprintf(`<w:abstractNum w:abstractNumId="%d"><w:multiLevelType w:val="multilevel"/>%s</w:abstractNum>`, id, join(levels))
}

func num(id, abstractID int, overrides ...string) string {
	return fmt.Sprintf(`<w:num w:numId="%d"><w:abstractNumId w:val="%d"/>%s</w:num>`, id, abstractID, join(overrides))
}

func startOverride(ilvl, start int) string {
	return fmt.Sprintf(`<w:lvlOverride w:ilvl="%d"><w:startOverride w:val="%d"/></w:lvlOverride>`, ilvl, start)
}

// outline is a three-level list: 1. / (a) / i)
var outline = abstract(1, lvl(0, 1, "decimal", "%1."), lvl(1, 1, "lowerLetter", "(%2)"), lvl(2, 1, "lowerRoman", "%3)")) + num(1, 1)

func TestLists(t *testing.T) { checkText(t, listCases) }

var listCases = []textCase{
	{name: "pandoc's section headings: one list per heading, started by an override",
		numbering: abstract(99411, lvl(0, 1, "decimal", "%1.")) + abstract(99412, lvl(0, 2, "decimal", "%1.")) +
			num(1001, 99411, startOverride(0, 1)) + num(1002, 99412, startOverride(0, 2)) + num(1003, 99412, startOverride(0, 3)),
		body: numbered(1001, 0, r("軍事・治安関係")) + p(r("● 見出し")) + numbered(1002, 0, r("内政関連")) + numbered(1003, 0, r("外政関連")),
		want: "1. 軍事・治安関係\n\n● 見出し\n\n2. 内政関連\n\n3. 外政関連"},
	{name: "a list counts on", numbering: outline,
		body: numbered(1, 0, r("a")) + numbered(1, 0, r("b")) + p(r("between")) + numbered(1, 0, r("c")),
		want: "1. a\n\n2. b\n\nbetween\n\n3. c"},
	{name: "a start value", numbering: abstract(1, lvl(0, 5, "decimal", "%1)")) + num(1, 1),
		body: numbered(1, 0, r("five")) + numbered(1, 0, r("six")),
		want: "5) five\n\n6) six"},
	{name: "a start override beats the start value",
		numbering: abstract(1, lvl(0, 5, "decimal", "%1.")) + num(1, 1, startOverride(0, 10)),
		body:      numbered(1, 0, r("ten")),
		want:      "10. ten"},
	{name: "deeper levels restart when a shallower one advances", numbering: outline,
		body: numbered(1, 0, r("one")) + numbered(1, 1, r("a")) + numbered(1, 1, r("b")) +
			numbered(1, 0, r("two")) + numbered(1, 1, r("a")) + numbered(1, 2, r("i")) + numbered(1, 2, r("ii")) + numbered(1, 1, r("b")) + numbered(1, 2, r("i")),
		want: "1. one\n\n(a) a\n\n(b) b\n\n2. two\n\n(a) a\n\ni) i\n\nii) ii\n\n(b) b\n\ni) i"},
	{name: "a level text shows the counters of the levels above",
		numbering: abstract(1, lvl(0, 1, "decimal", "%1."), lvl(1, 1, "decimal", "%1.%2.")) + num(1, 1),
		body:      numbered(1, 0, r("x")) + numbered(1, 1, r("y")) + numbered(1, 1, r("z")) + numbered(1, 0, r("w")) + numbered(1, 1, r("v")),
		want:      "1. x\n\n1.1. y\n\n1.2. z\n\n2. w\n\n2.1. v"},
	{name: "a level never printed shows its start",
		numbering: abstract(1, lvl(0, 3, "decimal", "%1."), lvl(1, 1, "decimal", "%1.%2")) + num(1, 1),
		body:      numbered(1, 1, r("x")),
		want:      "3.1 x"},
	{name: "w:lvlRestart 0: the level never restarts",
		numbering: abstract(1, lvl(0, 1, "decimal", "%1."), `<w:lvl w:ilvl="1"><w:start w:val="1"/><w:lvlRestart w:val="0"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2."/></w:lvl>`) + num(1, 1),
		body:      numbered(1, 0, r("x")) + numbered(1, 1, r("y")) + numbered(1, 0, r("z")) + numbered(1, 1, r("w")),
		want:      "1. x\n\na. y\n\n2. z\n\nb. w"},
	{name: "fullwidth digits", numbering: abstract(1, lvl(0, 1, "decimalFullWidth", "%1．")) + num(1, 1, startOverride(0, 9)),
		body: numbered(1, 0, r("軍事")) + numbered(1, 0, r("内政")),
		want: "９． 軍事\n\n１０． 内政"},
	{name: "formats", numbering: abstract(1, lvl(0, 1, "upperRoman", "%1."), lvl(1, 1, "decimalEnclosedCircle", "%2"), lvl(2, 1, "decimalZero", "%3"), lvl(3, 1, "upperLetter", "%4"), lvl(4, 1, "aiueoFullWidth", "(%5)")) + num(1, 1, startOverride(0, 4)),
		body: numbered(1, 0, r("a")) + numbered(1, 1, r("b")) + numbered(1, 2, r("c")) + numbered(1, 3, r("d")) + numbered(1, 4, r("e")) + numbered(1, 4, r("f")),
		want: "IV. a\n\n① b\n\n01 c\n\nA d\n\n(ア) e\n\n(イ) f"},
	{name: "bullets: symbol-font characters print as bullets",
		numbering: abstract(1, lvl(0, 1, "bullet", "\uF0B7"), lvl(1, 1, "bullet", "\uF0A7"), lvl(2, 1, "bullet", "o")) + num(1, 1),
		body:      numbered(1, 0, r("dot")) + numbered(1, 1, r("square")) + numbered(1, 2, r("circle")),
		want:      "• dot\n\n• square\n\no circle"},
	{name: "bullets: Wingdings' circle is the item marker ●",
		numbering: abstract(1, lvl(0, 1, "bullet", "\uF06C")) + abstract(2, lvl(0, 1, "bullet", "●")) + num(1, 1) + num(2, 2),
		body:      numbered(1, 0, r("国防省幹部がトルコを訪問")) + numbered(2, 0, r("見出し")),
		want:      "● 国防省幹部がトルコを訪問\n\n● 見出し"},
	{name: "bullets: a blank bullet (pandoc's) adds nothing",
		numbering: abstract(990, lvl(0, 1, "bullet", " ")) + num(1000, 990),
		body:      numbered(1000, 0, r("item")),
		want:      "item"},
	{name: "numFmt none keeps the level text's other characters",
		numbering: abstract(1, lvl(0, 1, "none", "(注)%1")) + num(1, 1),
		body:      numbered(1, 0, r("x")),
		want:      "(注) x"},
	{name: "numId 0 means no numbering, even when the style has a list",
		styles:    `<w:style w:type="paragraph" w:styleId="ListHead"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>`,
		numbering: outline,
		body:      `<w:p><w:pPr><w:pStyle w:val="ListHead"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>plain</w:t></w:r></w:p>`,
		want:      "plain"},
	{name: "a paragraph style puts its paragraphs in a list",
		styles: `<w:style w:type="paragraph" w:styleId="ListHead"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr><w:rPr><w:b/></w:rPr></w:style>` +
			`<w:style w:type="paragraph" w:styleId="ListHead2"><w:basedOn w:val="ListHead"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>`,
		numbering: outline,
		body:      styled("ListHead", r("軍事")) + styled("ListHead2", r("sub")) + `<w:p><w:pPr><w:pStyle w:val="ListHead"/><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr><w:r><w:t>own level</w:t></w:r></w:p>`,
		want:      "1. **軍事**\n\n(a) **sub**\n\n(b) **own level**"},
	{name: "a number typed as text stays",
		numbering: outline,
		body:      p(r("1. 軍事・治安関係")) + p(r("２．内政関連")),
		want:      "1. 軍事・治安関係\n\n２．内政関連"},
	{name: "an empty numbered paragraph is dropped but counts",
		numbering: outline,
		body:      numbered(1, 0) + numbered(1, 0, r("second")),
		want:      "2. second"},
	{name: "without a numbering part, numbered paragraphs have no labels",
		styles: `<w:style w:type="paragraph" w:styleId="ListHead"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>`,
		body:   numbered(1, 0, r("a")) + styled("ListHead", r("b")) + styled("NoSuchStyle", r("c")),
		want:   "a\n\nb\n\nc"},
	{name: "an unknown list, level or abstract numbering prints no label",
		numbering: outline + num(2, 77),
		body:      numbered(99, 0, r("a")) + numbered(1, 5, r("b")) + numbered(1, 12, r("c")) + numbered(2, 0, r("d")),
		want:      "a\n\nb\n\nc\n\nd"},
	{name: "counters are per list, even on one abstract numbering",
		numbering: abstract(1, lvl(0, 1, "decimal", "%1.")) + num(1, 1) + num(2, 1),
		body:      numbered(1, 0, r("a")) + numbered(2, 0, r("b")) + numbered(1, 0, r("c")),
		want:      "1. a\n\n1. b\n\n2. c"},
	{name: "a level override replaces the level",
		numbering: outline + num(2, 1, `<w:lvlOverride w:ilvl="0">`+lvl(0, 3, "upperLetter", "%1)")+`</w:lvlOverride>`),
		body:      numbered(2, 0, r("x")),
		want:      "C) x"},
	{name: "a custom format falls back to the standard one",
		numbering: abstract(1, `<w:lvl w:ilvl="0"><w:start w:val="1"/><mc:AlternateContent><mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="001, 002, 003, ..."/></mc:Choice><mc:Fallback><w:numFmt w:val="decimalZero"/></mc:Fallback></mc:AlternateContent><w:lvlText w:val="%1."/></w:lvl>`) + num(1, 1),
		body:      numbered(1, 0, r("x")),
		want:      "01. x"},
	{name: "a list defined through a numbering style",
		styles:    `<w:style w:type="numbering" w:styleId="Outline"><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>`,
		numbering: `<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="Outline"/></w:abstractNum>` + abstract(2, lvl(0, 1, "decimal", "第%1章")) + num(1, 1) + num(2, 2),
		body:      numbered(1, 0, r("x")),
		want:      "第1章 x"},
	{name: "the label is not bold, the text keeps its own",
		numbering: outline,
		body:      numbered(1, 0, b("見出し")),
		want:      "1. **見出し**"},
}
