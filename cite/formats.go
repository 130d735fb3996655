package cite

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"briefsearch/archive"
)

// Format is a citation format.
type Format string

// The formats, by the names the API's ?format= and the command's --format take.
const (
	Text    Format = "text"     // Chicago, notes and bibliography: a bibliography entry
	BibTeX  Format = "bibtex"   // @misc, LaTeX-escaped, UTF-8
	RIS     Format = "ris"      // TY  - RPRT … ER  -
	CSLJSON Format = "csl-json" // an array of one CSL item of type "report"
)

// Formats are every format, in the order pages list them.
var Formats = []Format{Text, BibTeX, RIS, CSLJSON}

// ParseFormat reads a format name; "" is Text.
func ParseFormat(s string) (Format, error) {
	if s == "" {
		return Text, nil
	}
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	return "", fmt.Errorf("format %q is not one of text, bibtex, ris, csl-json", s)
}

// Label names the format for a person.
func (f Format) Label() string {
	switch f {
	case BibTeX:
		return "BibTeX"
	case RIS:
		return "RIS"
	case CSLJSON:
		return "CSL-JSON"
	}
	return "Text"
}

// Ext is the file name extension of the format.
func (f Format) Ext() string {
	switch f {
	case BibTeX:
		return ".bib"
	case RIS:
		return ".ris"
	case CSLJSON:
		return ".json"
	}
	return ".txt"
}

// ContentType is the media type the format is served with.
func (f Format) ContentType() string {
	switch f {
	case BibTeX:
		return "application/x-bibtex; charset=utf-8"
	case RIS:
		return "application/x-research-info-systems; charset=utf-8"
	case CSLJSON:
		return "application/vnd.citationstyles.csl+json; charset=utf-8"
	}
	return "text/plain; charset=utf-8"
}

// Render writes w in format f.
func Render(w Work, f Format) ([]byte, error) {
	switch f {
	case Text:
		return []byte(w.Text() + "\n"), nil
	case BibTeX:
		return w.bibTeX(), nil
	case RIS:
		return w.ris(), nil
	case CSLJSON:
		return w.cslJSON()
	}
	return nil, fmt.Errorf("unknown citation format %q", f)
}

// Text is the citation as a Chicago bibliography entry (notes and bibliography, a report or
// web document by an institution), one line:
//
//	在アゼルバイジャン日本国大使館. “見出し [Headline].” In アゼルバイジャン政治・治安情報, May 16–22, 2026,
//	item 2026-05-16-04. Original source: AZERTAG, 15.05.2026. https://…/p/… (permalink).
//	Accessed December 7, 2026. Content hash sha256:….
func (w Work) Text() string {
	var b strings.Builder
	if w.Issuer != "" {
		b.WriteString(oneLine(w.Issuer) + ". ")
	}
	if w.Item != nil {
		fmt.Fprintf(&b, "“%s.” In %s", w.Title(), oneLine(w.BriefingTitle))
	} else {
		b.WriteString(w.Title())
		if sub := oneLine(w.Subtitle); sub != "" {
			b.WriteString(" " + sub)
		}
	}
	if wk := w.week(); wk != "" {
		b.WriteString(", " + wk)
	}
	if w.Item != nil {
		b.WriteString(", item " + w.Item.ID)
	}
	b.WriteString(".")
	if src := w.sourcesText(); src != "" {
		b.WriteString(" Original source: " + src + ".")
	}
	if w.URL != "" {
		b.WriteString(" " + w.URL)
		if w.Item != nil {
			b.WriteString(" (permalink)")
		}
		b.WriteString(".")
	}
	if !w.Accessed.IsZero() {
		b.WriteString(" Accessed " + longDate(w.Accessed) + ".")
	}
	if w.ContentHash != "" {
		b.WriteString(" Content hash " + w.ContentHash + ".")
	}
	return b.String()
}

// note is what no field of BibTeX, RIS or CSL holds: the original sources and the hash.
func (w Work) note() string {
	var parts []string
	if src := w.sourcesText(); src != "" {
		parts = append(parts, "Original source: "+src+".")
	}
	if w.Item != nil {
		parts = append(parts, "Item "+w.Item.ID+" of the issue of "+w.BriefingID+".")
	}
	if w.ContentHash != "" {
		parts = append(parts, "Content hash: "+w.ContentHash+".")
	}
	return strings.Join(parts, " ")
}

// container is the issue a work appeared in: "アゼルバイジャン政治・治安情報, 2026-05-16 – 2026-05-22".
func (w Work) container() string {
	c := oneLine(w.BriefingTitle)
	if w.Item == nil {
		c = oneLine(strings.TrimSpace(w.Subtitle))
		if c == "" {
			c = "Weekly briefing"
		}
	}
	if !w.WeekStart.IsZero() {
		c += ", " + w.WeekStart.String()
		if !w.WeekEnd.IsZero() && !w.WeekEnd.Equal(w.WeekStart.Time) {
			c += " – " + w.WeekEnd.String()
		}
	}
	return c
}

// bibTeX is an @misc entry (every BibTeX style knows it; biblatex reads url, urldate and an
// ISO date range too). The issuer is one brace group, so no style splits it into names.
func (w Work) bibTeX() []byte {
	type field struct{ name, value string }
	fields := []field{
		{"author", "{" + texEscape(w.Issuer) + "}"},
		{"title", "{" + texEscape(w.Title()) + "}"},
		{"howpublished", texEscape(w.container())},
		{"organization", texEscape(w.Issuer)},
	}
	if !w.WeekStart.IsZero() {
		date := w.WeekStart.String()
		if !w.WeekEnd.IsZero() && !w.WeekEnd.Equal(w.WeekStart.Time) {
			date += "/" + w.WeekEnd.String()
		}
		fields = append(fields, field{"year", fmt.Sprint(w.WeekStart.Year())},
			field{"month", fmt.Sprint(int(w.WeekStart.Month()))}, field{"date", date})
	}
	fields = append(fields, field{"url", w.URL})
	if !w.Accessed.IsZero() {
		fields = append(fields, field{"urldate", w.Accessed.String()})
	}
	if n := w.note(); n != "" {
		fields = append(fields, field{"note", texEscape(n)})
	}
	fields = append(fields, field{"language", "japanese and english"})
	var b bytes.Buffer
	fmt.Fprintf(&b, "@misc{%s,\n", w.Key())
	for i, f := range fields {
		fmt.Fprintf(&b, "  %-12s = {%s}", f.name, f.value)
		if i < len(fields)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("}\n")
	return b.Bytes()
}

// texEscaper turns LaTeX's special characters into the commands that print them; UTF-8 text
// (Japanese) passes as it is, for biber, pandoc and XeLaTeX to read.
var texEscaper = strings.NewReplacer(
	`\`, `\textbackslash{}`, `{`, `\{`, `}`, `\}`, `$`, `\$`, `&`, `\&`, `#`, `\#`,
	`^`, `\textasciicircum{}`, `_`, `\_`, `%`, `\%`, `~`, `\textasciitilde{}`,
)

func texEscape(s string) string { return texEscaper.Replace(oneLine(s)) }

// ris is one RIS record of type RPRT (report): a RIS value is the rest of its line, so every
// value is made one line; TT holds the English headline as the translated title.
func (w Work) ris() []byte {
	var b bytes.Buffer
	tag := func(t, v string) {
		if v = oneLine(v); v != "" {
			fmt.Fprintf(&b, "%s  - %s\r\n", t, v)
		}
	}
	tag("TY", "RPRT")
	tag("ID", w.Key())
	tag("AU", w.Issuer)
	if w.Item != nil {
		tag("TI", w.Item.HeadlineJA)
		tag("TT", w.Item.HeadlineEN)
		tag("T2", w.BriefingTitle)
		tag("M1", w.Item.ID)
	} else {
		tag("TI", w.BriefingTitle)
		tag("T2", w.Subtitle)
	}
	if !w.WeekStart.IsZero() {
		tag("PY", fmt.Sprint(w.WeekStart.Year()))
		tag("DA", w.WeekStart.Format("2006/01/02/")+w.week())
	}
	tag("PB", w.Issuer)
	tag("UR", w.URL)
	if !w.Accessed.IsZero() {
		tag("Y2", w.Accessed.Format("2006/01/02/"))
	}
	tag("N1", w.note())
	tag("LA", "ja; en")
	tag("DB", "briefsearch")
	b.WriteString("ER  - \r\n")
	return b.Bytes()
}

// cslJSON is an array of one CSL item of type "report": an item is a piece of a weekly report
// an institution issues on its own (grey literature, no journal, no publisher of news), so
// neither article-newspaper (the news agencies it quotes are its sources, given as
// original-publisher and original-date) nor article-journal fits; CSL has no "part of a
// report", and styles print a report's title, genre, number, publisher and URL.
func (w Work) cslJSON() ([]byte, error) {
	type dates struct {
		Parts [][]int `json:"date-parts"`
	}
	parts := func(d archive.Date) []int { return []int{d.Year(), int(d.Month()), d.Day()} }
	item := map[string]any{
		"id":        w.Key(),
		"type":      "report",
		"title":     w.Title(),
		"author":    []map[string]string{{"literal": oneLine(w.Issuer)}},
		"publisher": oneLine(w.Issuer),
		"URL":       w.URL,
		"source":    "briefsearch",
		// The title leads with Japanese: styles then leave its case alone (an English one
		// would be title-cased, "EU当局" made "Eu当局").
		"language": "ja",
	}
	if w.Item != nil {
		item["genre"] = "Weekly briefing"
		item["number"] = w.Item.ID
		item["container-title"] = w.container()
		if len(w.Item.Sources) > 0 {
			var names []string
			for _, s := range w.Item.Sources {
				names = append(names, oneLine(s.Name))
			}
			item["original-publisher"] = strings.Join(names, "; ")
			if d := w.Item.Sources[0].Date; !d.IsZero() {
				item["original-date"] = dates{[][]int{parts(d)}}
			}
		}
	} else {
		item["genre"] = strings.TrimSpace("Weekly briefing " + oneLine(w.Subtitle))
		item["number"] = w.BriefingID
	}
	if !w.WeekStart.IsZero() {
		d := dates{[][]int{parts(w.WeekStart)}}
		if !w.WeekEnd.IsZero() && !w.WeekEnd.Equal(w.WeekStart.Time) {
			d.Parts = append(d.Parts, parts(w.WeekEnd))
		}
		item["issued"] = d
	}
	if !w.Accessed.IsZero() {
		item["accessed"] = dates{[][]int{parts(w.Accessed)}}
	}
	if n := w.note(); n != "" {
		item["note"] = n
	}
	out, err := json.MarshalIndent([]any{item}, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}
