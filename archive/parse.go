package archive

// Parse and the walk over a briefing's lines: header, then section headings and items up to
// an optional END. What an item's lines mean is item.go's business.

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Parse reads one briefing. file names it in errors and warnings and becomes SourceFile. The
// error, when there is one, is always a *ParseError; a briefing is never returned with it.
func Parse(file string, data []byte) (*Briefing, error) {
	lines, perr := splitLines(file, data)
	if perr != nil {
		return nil, perr
	}
	p := &parser{file: file, warnings: []string{}}
	b, perr := p.parse(lines)
	if perr != nil {
		return nil, perr
	}
	sum := sha256.Sum256(data)
	b.SourceFile = file
	b.Hash = "sha256:" + hex.EncodeToString(sum[:])
	b.Warnings = p.warnings
	b.compact()
	return b, nil
}

// compact copies the briefing's texts into one block of their own. The parser's strings are
// pieces of the file's text (a headline is a slice of its line), so each kept briefing would
// keep its whole file alive beside the texts it holds; a build keeps every briefing of the
// archive (200k items: about 180 MB of file text, twice that in peak memory).
func (b *Briefing) compact() {
	fields := []*string{&b.ID, &b.Title, &b.Subtitle, &b.Issuer, &b.SourceFile, &b.Hash}
	for i := range b.Sections {
		fields = append(fields, &b.Sections[i].Title, &b.Sections[i].Key)
	}
	for i := range b.Items {
		it := &b.Items[i]
		fields = append(fields, &it.ID, &it.Section, &it.SectionTitle, &it.HeadlineJA, &it.HeadlineEN, &it.Body, &it.Note)
		for j := range it.Sources {
			fields = append(fields, &it.Sources[j].Name)
		}
	}
	for i := range b.Warnings {
		fields = append(fields, &b.Warnings[i])
	}
	size := 0
	for _, f := range fields {
		size += len(*f)
	}
	var all strings.Builder
	all.Grow(size)
	for _, f := range fields {
		all.WriteString(*f)
	}
	block, at := all.String(), 0
	for _, f := range fields {
		n := len(*f)
		*f = block[at : at+n]
		at += n
	}
}

// parser carries what one Parse call accumulates.
type parser struct {
	file          string
	warnings      []string
	firstBodyLine int // line of the first heading or item: where the header ends
	ordinalWidth  int // digits of the ordinal in an item id (idWidth)
}

func (p *parser) warnf(no int, format string, args ...any) {
	w := (&ParseError{File: p.file, Line: no, Reason: fmt.Sprintf(format, args...)}).Error()
	p.warnings = append(p.warnings, w)
}

// kind is what a line is, seen on its own (and, for an English heading, with what follows).
type kind int

const (
	kindText kind = iota
	kindBlank
	kindItem
	kindHeading
	kindEnd
)

var (
	// endMarker is the optional last line: END, or 以上 / （了） as Japanese documents close.
	endMarker = regexp.MustCompile(`^[-–—=\s]*(?:END|以上|[(（]?了[)）]?)[-–—=\s.。]*$`)
	// rule is a separator line ("----", "＝＝＝"), read as a blank line.
	rule = regexp.MustCompile(`^[-–—―=_~*・\s]{3,}$`)
	// pageNumber is a page footer left by PDF extraction ("- 3 -", "3/12", "Page 3 of 12");
	// it reads as a blank line, so that a paragraph it cuts is rejoined like any page break.
	// A bare number is not one: it may be the rest of a wrapped line.
	pageNumber = regexp.MustCompile(`^(?:[-–—]\s*\d{1,3}\s*[-–—]|\d{1,3}\s*/\s*\d{1,3}|(?i:page)\s*\d{1,3}(?:\s*(?i:of)\s*\d{1,3})?)$`)
	// nothingToReport is what an empty section says instead of items.
	nothingToReport = regexp.MustCompile(`^[(（]?(?:特になし|特記事項なし|なし|None|N/A|Nil)[)）]?[。.]?$`)
)

// markerLen bounds the lines worth matching against the short markers (END, page numbers,
// rules): a long line is none of them, and skipping it keeps the scan linear.
const markerLen = 80

func classify(l line) kind {
	plain := foldWidth(l.plain)
	short := len(plain) <= markerLen
	switch {
	case plain == "" || short && (pageNumber.MatchString(plain) || rule.MatchString(plain)):
		return kindBlank
	case strings.HasPrefix(plain, "●"):
		return kindItem
	case short && endMarker.MatchString(plain):
		return kindEnd
	}
	if _, _, japanese, ok := headingCandidate(l.plain); ok && japanese {
		return kindHeading
	}
	return kindText
}

// kinds classifies every line. An English numbered line counts as a heading only when the
// next non-blank line starts an item or a Japanese section, or ends the briefing: a numbered
// list at the end of a body must not turn into a run of headings.
func kinds(lines []line) []kind {
	ks := make([]kind, len(lines))
	for i, l := range lines {
		ks[i] = classify(l)
	}
	next := kindEnd // what follows the current line, scanning backwards
	for i := len(lines) - 1; i >= 0; i-- {
		if ks[i] == kindBlank {
			continue
		}
		if ks[i] == kindText {
			if _, _, _, ok := headingCandidate(lines[i].plain); ok && next != kindText {
				ks[i] = kindHeading
			}
			next = kindText // an English heading does not vouch for the line before it
			continue
		}
		next = ks[i]
	}
	return ks
}

func (p *parser) parse(lines []line) (*Briefing, *ParseError) {
	ks := kinds(lines)
	first := -1
	hasItem := false
	for i, k := range ks {
		if k == kindItem || k == kindHeading {
			if first < 0 {
				first = i
			}
			hasItem = hasItem || k == kindItem
		}
		if k == kindEnd && first >= 0 {
			break
		}
	}
	if !hasItem {
		return nil, &ParseError{File: p.file, Reason: "no items: no line starts with ●"}
	}
	p.firstBodyLine = lines[first].no
	p.ordinalWidth = idWidth(ks[first:])
	h, perr := p.parseHeader(lines[:first])
	if perr != nil {
		return nil, perr
	}
	b := &Briefing{
		ID: h.start.String(), Title: h.title, Subtitle: h.subtitle, Issuer: h.issuer,
		WeekStart: h.start, WeekEnd: h.end, Sections: []Section{}, Items: []Item{},
	}
	if perr := p.walk(b, lines[first:], ks[first:]); perr != nil {
		return nil, perr
	}
	if len(b.Items) == 0 {
		return nil, &ParseError{File: p.file, Reason: "no items: every ● is empty"}
	}
	return b, nil
}

// idWidth is how many digits an item id's ordinal has: two ("2026-05-16-05"), or as many as the
// briefing's count of bullets needs, so that a briefing's ids sort in item order ("-100" sorted
// between "-10" and "-11", and the index breaks ties in date order by id).
func idWidth(ks []kind) int {
	bullets := 0
	for _, k := range ks {
		if k == kindEnd {
			break
		}
		if k == kindItem {
			bullets++
		}
	}
	return max(2, len(strconv.Itoa(bullets)))
}

// walk reads section headings and items until END, appending to b. Its error is an item past
// a limit (addItem).
func (p *parser) walk(b *Briefing, lines []line, ks []kind) *ParseError {
	section := -1 // index in b.Sections of the current section
	block := -1   // index in lines where the current item starts; -1 outside an item
	flush := func(end int) *ParseError {
		if block < 0 {
			return nil
		}
		start := block
		block = -1
		return p.addItem(b, section, lines[start:end], ks[start:end])
	}
	for i, l := range lines {
		switch ks[i] {
		case kindHeading:
			if perr := flush(i); perr != nil {
				return perr
			}
			number, title, _, _ := headingCandidate(l.plain)
			s := Section{Number: number, Title: title, Key: SectionKey(title)}
			// A heading repeated after a page break ("3. 外政関連（続き）") continues its section.
			section = slices.IndexFunc(b.Sections, func(o Section) bool { return o.Number == s.Number && o.Key == s.Key })
			if section < 0 {
				b.Sections = append(b.Sections, s)
				section = len(b.Sections) - 1
			}
		case kindItem:
			if perr := flush(i); perr != nil {
				return perr
			}
			block = i
		case kindEnd:
			if perr := flush(i); perr != nil {
				return perr
			}
			p.afterEnd(lines[i+1:])
			return nil
		case kindText:
			if plain := foldWidth(l.plain); block < 0 && (len(plain) > markerLen || !nothingToReport.MatchString(plain)) {
				p.warnf(l.no, "text outside any item ignored: %q", clip(l.plain))
			}
		}
	}
	return flush(len(lines))
}

func (p *parser) afterEnd(rest []line) {
	for _, l := range rest {
		if classify(l) != kindBlank {
			p.warnf(l.no, "text after END ignored")
			return
		}
	}
}

// addItem parses one item's lines and appends it with the next ordinal. A bullet with no
// text at all is dropped with a warning rather than kept as an empty item. An item with more
// than MaxItemText of text is an error: the briefing is refused with the reason, and the
// loader indexes the rest of the archive.
func (p *parser) addItem(b *Briefing, section int, lines []line, ks []kind) *ParseError {
	ordinal := len(b.Items) + 1
	id := fmt.Sprintf("%s-%0*d", b.ID, p.ordinalWidth, ordinal)
	size := 0
	for _, l := range lines {
		size += len(l.plain)
	}
	if size > MaxItemText {
		return &ParseError{File: p.file, Line: lines[0].no, Reason: fmt.Sprintf(
			"item %s has %s of text (%d bytes); an item may have at most %s (%d bytes)",
			id, mib(size), size, mib(MaxItemText), MaxItemText)}
	}
	before := len(p.warnings)
	it := p.parseItem(id, lines, ks, b.WeekStart)
	if it.HeadlineJA == "" && it.HeadlineEN == "" && it.Body == "" && it.Note == "" {
		p.warnings = p.warnings[:before]
		p.warnf(lines[0].no, "a ● with no text ignored")
		return nil
	}
	it.ID, it.Ordinal = id, ordinal
	if section >= 0 {
		it.Section, it.SectionTitle = b.Sections[section].Key, b.Sections[section].Title
	} else {
		p.warnf(lines[0].no, "item %s comes before any section heading", id)
	}
	b.Items = append(b.Items, it)
	return nil
}

// mib writes a size in MiB, with one decimal where it has one: "5.0 MiB", "1 MiB".
func mib(n int) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}

// clip shortens text quoted in a warning.
func clip(s string) string {
	const max = 40
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return string(r[:max]) + "…"
}
