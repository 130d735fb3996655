package docx

// One paragraph's text as it is read run by run, and its rendering as briefing lines: bold
// spans marked with ** the way the briefing parser reads them.

import (
	"strings"
	"unicode"
)

// para collects a paragraph. Text goes into one buffer and spans record where bold starts and
// stops, so that a paragraph of many small runs (LibreOffice splits runs at every change of
// script) costs time linear in its length.
type para struct {
	style string // the paragraph style in force
	label string // the list label, "" if none
	buf   []byte
	spans []span
	after []string // paragraphs of text boxes anchored in this one, already rendered
}

// span is a stretch of buf with one boldness, or a line break.
type span struct {
	start, end int
	bold, brk  bool
}

func (p *para) add(s string, bold bool) {
	if s == "" {
		return
	}
	start := len(p.buf)
	p.buf = append(p.buf, s...)
	if n := len(p.spans); n > 0 && !p.spans[n-1].brk && p.spans[n-1].bold == bold {
		p.spans[n-1].end = len(p.buf) // adjacent runs of one boldness are one span
		return
	}
	p.spans = append(p.spans, span{start: start, end: len(p.buf), bold: bold})
}

func (p *para) lineBreak() { p.spans = append(p.spans, span{brk: true}) }

// render returns the paragraph's lines joined by "\n", with the label in front of the first,
// or "" when the paragraph has no text. Blank lines at its start and end (a page break before
// a heading) are dropped; the text itself is as the document has it.
func (p *para) render() string {
	var lines []string
	var b strings.Builder
	for _, s := range p.spans {
		if s.brk {
			lines = append(lines, b.String())
			b.Reset()
			continue
		}
		writeSpan(&b, string(p.buf[s.start:s.end]), s.bold)
	}
	lines = append(lines, b.String())
	first, last := 0, len(lines)
	for first < last && isBlank(lines[first]) {
		first++
	}
	for last > first && isBlank(lines[last-1]) {
		last--
	}
	if first == last {
		return ""
	}
	lines = lines[first:last]
	if p.label != "" {
		lines[0] = p.label + " " + lines[0]
	}
	return strings.Join(lines, "\n")
}

// writeSpan writes text, bold as **text** with the whitespace at its edges outside the
// markers: "**foo** bar", never "**foo **bar", which the parser would misread. Whitespace
// alone is never marked.
func writeSpan(b *strings.Builder, text string, bold bool) {
	core := strings.TrimFunc(text, unicode.IsSpace)
	if !bold || core == "" {
		b.WriteString(text)
		return
	}
	lead := len(text) - len(strings.TrimLeftFunc(text, unicode.IsSpace))
	b.WriteString(text[:lead])
	b.WriteString("**")
	b.WriteString(core)
	b.WriteString("**")
	b.WriteString(text[lead+len(core):])
}

func isBlank(s string) bool { return strings.TrimFunc(s, unicode.IsSpace) == "" }
