package archive

// Body, sources and note. After the headlines an item has body paragraphs (hard-wrapped, and
// sometimes cut in two by a page break), the source attribution at the end of the last one,
// and optionally NOTE: paragraphs.

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// noteMarker opens a note: "NOTE:", "Note：", "注：", "（注）" (markup already removed).
var noteMarker = regexp.MustCompile(`^(?:(?i:note)\s*[:：]|[(（]注[)）]|注\s*[:：])\s*`)

// listEntry starts a list entry, which is its own paragraph: a bullet or a number. A "-" at a
// line start is not one: it may be a dash that a hard wrap moved there.
var listEntry = regexp.MustCompile(`^(?:[・•]|\d{1,2}[.)]\s|[(（]\d{1,2}[)）])`)

// isListEntry and isNote look at the first character before running a regexp: most lines
// cannot match, and a regexp's cost grows with the length of the line even when anchored.
func isListEntry(s string) bool {
	return startsWithAny(s, "・•(（0123456789") && listEntry.MatchString(s)
}

func isNote(s string) bool { return startsWithAny(s, "Nn注(（") && noteMarker.MatchString(s) }

func startsWithAny(s, chars string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return strings.ContainsRune(chars, r)
}

type para struct {
	pieces      []string // its lines (or, after a page break is mended, its parts), markup removed
	text        string   // the pieces rejoined
	first, last int      // line numbers
	note        bool
	list        bool // a bullet or numbered entry
	merged      bool // pieces changed since text was joined
	attr        attribution
}

// paragraphs turns groups of non-blank lines into paragraphs. Inside a group a NOTE: line, a
// list entry, or the line after an attribution starts a new paragraph; a group is otherwise one
// hard-wrapped paragraph.
func paragraphs(groups [][]line) []para {
	var out []para
	for _, g := range groups {
		inPara := false
		for _, l := range g {
			t := l.plain
			if t == "" {
				continue
			}
			if !inPara || isNote(t) || isListEntry(t) {
				out = append(out, para{first: l.no})
			}
			cur := &out[len(out)-1]
			cur.pieces = append(cur.pieces, t)
			cur.last = l.no
			// An attribution closes its paragraph even without a blank line after it.
			inPara = !endsWithAttribution(t)
		}
	}
	for i := range out {
		q := &out[i]
		q.text = joinPieces(q.pieces)
		q.note = isNote(q.text)
		q.list = isListEntry(q.text)
		if !q.note {
			q.attr = findAttribution(q.text)
		}
	}
	return mergePageBreaks(out)
}

// mergePageBreaks rejoins a paragraph that a page break split: the first part does not end a
// sentence, or the second starts in lowercase. An attribution, a note or a list entry always
// keeps its paragraph boundary.
func mergePageBreaks(ps []para) []para {
	var out []para
	for _, q := range ps {
		if n := len(out); n > 0 {
			prev := &out[n-1]
			if !prev.attr.found && !prev.list && !q.note && !q.list &&
				(!endsSentence(prev.pieces[len(prev.pieces)-1]) || startsLower(q.text)) {
				// The merged text ends as q ends, so q's attribution is the merged one's.
				prev.pieces = append(prev.pieces, q.text)
				prev.last, prev.attr, prev.merged = q.last, q.attr, true
				continue
			}
		}
		out = append(out, q)
	}
	for i := range out {
		if q := &out[i]; q.merged {
			q.text = joinPieces(q.pieces)
			if q.attr.found {
				q.attr = findAttribution(q.text)
			}
		}
	}
	return out
}

// itemBody is an item's text once headlines are taken.
type itemBody struct {
	body, note string
	sources    []Source
}

// readBody splits paragraphs into body and note and reads the attributions. Attributions end
// the last body paragraph; one ending an earlier paragraph (an item that merges two reports)
// is read too, so Sources lists them all in order.
func (p *parser) readBody(id string, ps []para) itemBody {
	noteAt := len(ps)
	for i, q := range ps {
		if q.note {
			noteAt = i
			break
		}
	}
	body, notes := ps[:noteAt], ps[noteAt:]
	r := itemBody{sources: []Source{}}
	lastSourced, unreadable := -1, false
	for i := range body {
		a := body[i].attr
		if len(a.sources) > 0 {
			r.sources = append(r.sources, a.sources...)
			body[i].text = a.text
			lastSourced = i
		}
		if len(a.sources) > 0 || i == len(body)-1 {
			unreadable = unreadable || a.found && len(a.sources) == 0
			for _, w := range a.warnings {
				p.warnf(body[i].last, "item %s: %s", id, w)
			}
		}
	}
	switch {
	case len(r.sources) == 0 && unreadable:
		p.warnf(firstLine(body, notes), "item %s has no readable source attribution; dated by the week start", id)
	case len(r.sources) == 0:
		p.warnf(firstLine(body, notes), "item %s has no source attribution; dated by the week start", id)
	case lastSourced < len(body)-1:
		moved := body[lastSourced+1:]
		p.warnf(moved[0].first, "item %s: text after the source attribution kept as its note", id)
		notes = append(append([]para{}, moved...), notes...)
		body = body[:lastSourced+1]
	}
	r.body = joinParas(body, nil)
	r.note = joinParas(notes, noteMarker)
	return r
}

func firstLine(groups ...[]para) int {
	for _, g := range groups {
		if len(g) > 0 {
			return g[0].first
		}
	}
	return 0
}

// joinParas joins paragraph texts with a blank line, dropping empty ones and, when marker is
// set, the marker that opens each.
func joinParas(ps []para, marker *regexp.Regexp) string {
	var texts []string
	for _, q := range ps {
		t := q.text
		if marker != nil {
			t = marker.ReplaceAllString(t, "")
		}
		if t = tightenJapaneseText(collapseSpaces(t)); t != "" {
			texts = append(texts, t)
		}
	}
	return strings.Join(texts, "\n\n")
}
