package docx_test

import (
	"fmt"
	"strings"
	"testing"

	"briefsearch/archive"
	"briefsearch/archive/docx"
)

// wordLike writes a briefing the way Word stores one: every paragraph and run with revision
// ids and full run properties, text split into several runs, proofing marks and bookmarks, a
// table now and then. Two items make a page, each with a headline and three body paragraphs.
func wordLike(pages int) string {
	const rPr = `<w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="ＭＳ 明朝" w:hAnsi="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-US" w:eastAsia="ja-JP"/></w:rPr>`
	const bRPr = `<w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="ＭＳ 明朝" w:hAnsi="Times New Roman"/><w:b/><w:bCs/><w:sz w:val="22"/></w:rPr>`
	run := func(props, text string) string {
		return `<w:r w:rsidRPr="00A1B2C3">` + props + `<w:t xml:space="preserve">` + text + `</w:t></w:r>`
	}
	para := func(pPr string, runs ...string) string {
		return `<w:p w:rsidR="00D4E5F6" w:rsidRDefault="00D4E5F6" w:rsidP="00A1B2C3"><w:pPr>` + pPr + `<w:spacing w:after="120"/><w:jc w:val="both"/><w:rPr><w:sz w:val="22"/></w:rPr></w:pPr>` + join(runs) + `</w:p>`
	}
	sentence := "On May 20, FM Bayramov received a delegation led by Olof Skoog, Political Director of the European External Action Service, "
	var sb strings.Builder
	sb.WriteString(para("", run(rPr, "アゼルバイジャン政治・治安情報")) + para("", run(rPr, "2026年5月16日～5月22日")) + para("", run(rPr, "在アゼルバイジャン大使館")))
	item := 0
	for page := 0; page < pages; page++ {
		if page%(pages/3+1) == 0 {
			sb.WriteString(para(`<w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>`, run(bRPr, []string{"軍事・治安関係", "内政関連", "外政関連"}[page/(pages/3+1)])))
		}
		for range 2 {
			item++
			sb.WriteString(para("", run(rPr, "● "), run(bRPr, fmt.Sprintf("アゼルバイジャン、EU と協議 %d", item)), `<w:bookmarkStart w:id="1" w:name="_Toc1"/><w:bookmarkEnd w:id="1"/>`))
			sb.WriteString(para("", run(bRPr, fmt.Sprintf("Azerbaijan holds talks with EU, round %d", item))))
			for k := range 3 {
				runs := []string{run(rPr, sentence), `<w:proofErr w:type="spellStart"/>`, run(rPr, "Skoog"), `<w:proofErr w:type="spellEnd"/>`, run(rPr, " "+sentence), run(rPr, sentence+"and discussed regional security issues.")}
				if k == 2 {
					runs = append(runs, run(rPr, " (TREND / 20.05.2026)"))
				}
				sb.WriteString(para("", runs...))
			}
		}
		if page%5 == 4 {
			cell := `<w:tc><w:tcPr><w:tcW w:w="4513" w:type="dxa"/></w:tcPr>` + para("", run(rPr, "cell text")) + `</w:tc>`
			sb.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tr>` + cell + cell + `</w:tr></w:tbl>`)
		}
	}
	sb.WriteString(para("", run(rPr, "END")))
	return sb.String()
}

const wordLikeNumbering = `<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`

// TestHundredPages reads a Word-style document of 100 pages (revision ids, split runs,
// proofing marks, a numbered heading style, tables) into all of its items. How long it takes
// is BenchmarkText100Pages's business, not a test's.
func TestHundredPages(t *testing.T) {
	text, err := docx.Text(docxOf(t, wordLike(100), "", wordLikeNumbering))
	if err != nil {
		t.Fatal(err)
	}
	b, err := archive.Parse("x.docx", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Items) != 200 || len(b.Sections) != 3 || b.Items[199].HeadlineEN != "Azerbaijan holds talks with EU, round 200" {
		t.Errorf("%d items in %d sections, last %q", len(b.Items), len(b.Sections), b.Items[len(b.Items)-1].HeadlineEN)
	}
}

func BenchmarkText100Pages(b *testing.B) {
	data := docxOf(b, wordLike(100), "", wordLikeNumbering)
	b.SetBytes(int64(len(document(wordLike(100)))))
	for b.Loop() {
		if _, err := docx.Text(data); err != nil {
			b.Fatal(err)
		}
	}
}
