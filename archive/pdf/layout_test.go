package pdf

import (
	"strings"
	"testing"

	"github.com/klippa-app/go-pdfium/responses"
)

// typeset lays out text as a producer would: one glyph per character, 12 pt, 6 pt wide
// (Japanese 12), on the baseline y, from x; "|" stands for a space PDFium generated, "_" for
// a gap with no space at all, and characters between '[' and ']' are bold.
func typeset(text string, x, y float64) []glyph {
	var gs []glyph
	bold := false
	for _, r := range text {
		switch r {
		case '[':
			bold = true
			continue
		case ']':
			bold = false
			continue
		case '_':
			x += 4
			continue
		}
		w := 6.0
		if isWide(r) {
			w = 12
		}
		g := glyph{r: r, x0: x, x1: x + w, y0: y, y1: y + 9, size: 12, bold: bold, weightKnown: true}
		switch r {
		case '|':
			g = glyph{r: ' ', x0: x, x1: x, y0: y, y1: y, size: 0, generated: true}
			x += 3
			gs = append(gs, g)
			continue
		case ' ':
			g.y1 = y
		}
		gs = append(gs, g)
		x += w
	}
	for i := range gs {
		gs[i].seq = i
	}
	return gs
}

func lineText(t *testing.T, gs []glyph, markBold bool) string {
	t.Helper()
	ls := lines(page{number: 1, glyphs: gs})
	var out []string
	for _, l := range ls {
		out = append(out, l.text(markBold))
	}
	return strings.Join(out, "\n")
}

func TestLineText(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"real spaces stay", "Baku and Ankara", "Baku and Ankara"},
		{"generated spaces between words stay", "Baku|and|Ankara", "Baku and Ankara"},
		{"a generated gap next to Japanese is layout", "2025|年|12|月", "2025年12月"},
		{"a typed space next to Japanese is text", "第 7 回", "第 7 回"},
		{"no space, no gap: no space", "Karsrailway", "Karsrailway"},
		{"bold runs are marked", "● 会談 [President Aliyev]", "● 会談 **President Aliyev**"},
		{"a bold run ending at a space closes before it", "[Baku] and", "**Baku** and"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := lineText(t, typeset(tt.in, 72, 700), true); got != tt.want {
				t.Errorf("%q laid out as %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	if got := lineText(t, typeset("[bold]", 72, 700), false); got != "bold" {
		t.Errorf("with bold marking off: %q", got)
	}
}

// Lines are read top to bottom and left to right whatever order the glyphs come in, and a
// glyph printed twice (a fake bold) is read once.
func TestLinesFollowThePageNotTheStream(t *testing.T) {
	bottom := typeset("footer", 72, 40)
	second := typeset("second line", 72, 686)
	first := typeset("first line", 72, 700)
	right := typeset("right", 300, 700)
	gs := append(append(append(append([]glyph{}, bottom...), right...), second...), first...)
	twice := first[0]
	twice.x0, twice.x1 = twice.x0+0.3, twice.x1+0.3
	gs = append(gs, twice)
	for i := range gs {
		gs[i].seq = i
	}
	// The two letters of a ligature share one box, one after the other.
	lig := typeset("Staff", 72, 600)
	lig[4].x0, lig[4].x1 = lig[3].x0, lig[3].x1
	if got := lineText(t, lig, false); got != "Staff" {
		t.Errorf("a ligature read as %q", got)
	}
	if got, want := lineText(t, gs, false), "first line right\nsecond line\nfooter"; got != want {
		t.Errorf("lines %q, want %q", got, want)
	}
}

// A glyph of a font without a name takes the weight of the text around it.
func TestInheritWeight(t *testing.T) {
	gs := typeset("● 第[7]回[EU]・対話 end", 72, 700)
	for i := range gs {
		if isWide(gs[i].r) {
			gs[i].weightKnown, gs[i].bold = false, false
		}
	}
	ls := [][]textLine{lines(page{number: 1, glyphs: gs})}
	inheritWeight(ls)
	if got, want := ls[0][0].text(true), "● 第**7回EU・対話** end"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
}

func TestJoinLines(t *testing.T) {
	for _, tt := range [][3]string{
		{"the fields of military-", "technical ties", "the fields of military-technical ties"},
		{"its 2026–", "2028 plan", "its 2026–2028 plan"},
		{"in Turkistan -", "“Azret Sultan”", "in Turkistan - “Azret Sultan”"},
		{"会議を主", "催**Azerbaijan**", "会議を主催**Azerbaijan**"},
		{"**President Aliyev**", "**made a call**", "**President Aliyev** **made a call**"},
		{"SYNTHETIC TEST DATA (not real", "news)", "SYNTHETIC TEST DATA (not real news)"},
	} {
		if got := tt[0] + joinSeparator(tt[0], tt[1]) + tt[1]; got != tt[2] {
			t.Errorf("%q joined to %q: %q, want %q", tt[0], tt[1], got, tt[2])
		}
	}
}

func TestGlyphsOf(t *testing.T) {
	font := &responses.FontInformation{Size: 12, Name: "DejaVuSerif", Weight: 400}
	if gs := glyphsOf("ﬀ", 0, 10, 22, 0, 9, font); len(gs) != 1 || gs[0].r != 'ﬀ' {
		t.Errorf("a ligature code point is kept as it is: %+v", gs)
	}
	if gs := glyphsOf("ffi", 0, 10, 28, 0, 9, font); len(gs) != 3 || gs[0].r != 'f' || gs[2].r != 'i' || gs[1].x0 <= gs[0].x0 {
		t.Errorf("a ligature box of three letters: %+v", gs)
	}
	if gs := glyphsOf("\x02", 0, 10, 14, 0, 9, font); len(gs) != 1 || gs[0].r != '-' {
		t.Errorf("PDFium's end-of-line hyphen: %+v", gs)
	}
	for _, drop := range []string{"\r", "\n", "\u00ad"} {
		if gs := glyphsOf(drop, 0, 10, 14, 0, 9, font); len(gs) != 0 {
			t.Errorf("%q kept: %+v", drop, gs)
		}
	}
	if gs := glyphsOf("W", 0.785, 10, 14, 0, 9, font); len(gs) != 0 {
		t.Errorf("a rotated glyph (a watermark) kept: %+v", gs)
	}
	gen := glyphsOf(" ", 0, 10, 10, 0, 0, &responses.FontInformation{Size: 1, Weight: -1})
	if len(gen) != 1 || !gen[0].generated {
		t.Errorf("a space without a font is generated: %+v", gen)
	}
	for name, bold := range map[string]bool{"AAAAAA+DejaVuSerif-Bold": true, "HiraKakuPro-W6": true, "Arial,Bold": true, "DejaVuSerif": false, "NotoSansCJKjp-Regular": false} {
		if got := isBoldFont(name, 400); got != bold {
			t.Errorf("isBoldFont(%q) = %v", name, got)
		}
	}
	if !isBoldFont("", 700) {
		t.Error("weight 700 is bold")
	}
}

// page0 builds a page from lines of text, one every 14 pt from the top.
func pageOf(number int, texts ...string) page {
	p := page{number: number}
	y := 750.0
	for _, s := range texts {
		if s != "" {
			p.glyphs = append(p.glyphs, typeset(s, 72, y)...)
		}
		y -= 14
	}
	return p
}

func TestFurniture(t *testing.T) {
	pages := []page{
		pageOf(1, "Weekly briefing", "", "first page text goes here", "", "", "- 1 -"),
		pageOf(2, "Briefing 2026/05 page 2", "", "second page text", "", "", "- 2 -"),
		pageOf(3, "Briefing 2026/05 page 3", "", "third page text", "", "", "- 3 -"),
		pageOf(4, "Briefing 2026/05 page 4", "", "fourth page text", "", "", "4/12"),
	}
	text, err := layoutText(pages)
	if err != nil {
		t.Fatal(err)
	}
	for _, gone := range []string{"- 1 -", "- 3 -", "4/12", "page 2", "page 4"} {
		if strings.Contains(text, gone) {
			t.Errorf("%q left in the text:\n%s", gone, text)
		}
	}
	for _, kept := range []string{"Weekly briefing", "first page text", "fourth page text"} {
		if !strings.Contains(text, kept) {
			t.Errorf("%q lost:\n%s", kept, text)
		}
	}
}

// A paragraph ends where the next line's first word would have fitted, or at a wider gap, or
// at a bullet; a line ending in a hyphen runs on.
func TestParagraphBreaks(t *testing.T) {
	full := "aaaa bbbb cccc dddd eeee ffff gggg hhhh" // 39 chars: the measure
	p := pageOf(1,
		full,
		"aaaa bbbb cccc dddd eeee ffff gggg hhhh", // runs on
		"short end.", // the paragraph's last line
		"next paragraph starts here and runs well",
		"on military-",
		"technical ties",
		"",
		"after a gap",
		"● 見出し",
	)
	text, err := layoutText([]page{p})
	if err != nil {
		t.Fatal(err)
	}
	want := full + " " + full + " short end.\n\nnext paragraph starts here and runs well on military-technical ties\n\nafter a gap\n\n● 見出し\n"
	if text != want {
		t.Errorf("text\n%s\nwant\n%s", text, want)
	}
}

func TestScans(t *testing.T) {
	scan := page{number: 2, images: 1}
	blank := page{number: 3}
	text := pageOf(1, "some text")
	if _, err := layoutText([]page{{number: 1, images: 1}}); err != ErrNoTextLayer {
		t.Errorf("a scanned document: %v", err)
	}
	_, err := layoutText([]page{text, scan, blank})
	if err == nil || err.Error() != "page 2 of 3 has no text layer: scanned image?" {
		t.Errorf("a scanned page in a text document: %v", err)
	}
	if _, err := layoutText([]page{text, blank}); err != nil {
		t.Errorf("a blank page: %v", err)
	}
}
