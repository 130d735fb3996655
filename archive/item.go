package archive

// One item: the lines from its ● line up to the next item, heading or END. headline.go reads
// the headlines, body.go the rest; this file puts them together and warns about what is odd.

// parseItem reads an item's lines (lines[0] is the ● line). id names it in warnings; an item
// without sources is dated by weekStart.
func (p *parser) parseItem(id string, lines []line, ks []kind, weekStart Date) Item {
	groups := paragraphGroups(lines, ks)
	h := readHeadlines(groups)
	if h.unclosed > 0 {
		p.warnf(h.unclosed, "item %s: a ** in the headline is never closed", id)
	}
	b := p.readBody(id, paragraphs(h.rest))
	it := Item{
		HeadlineJA: h.ja,
		HeadlineEN: h.en,
		Body:       b.body,
		Note:       b.note,
		Sources:    b.sources,
		Date:       weekStart,
	}
	if len(it.Sources) > 0 {
		it.Date = it.Sources[0].Date
	}
	at := lines[0].no
	if it.HeadlineJA == "" {
		p.warnf(at, "item %s has no Japanese headline", id)
	}
	if it.HeadlineEN == "" {
		p.warnf(at, "item %s has no English headline", id)
	}
	if it.Body == "" {
		p.warnf(at, "item %s has no body text", id)
	}
	return it
}

// paragraphGroups cuts lines at blank lines (and page footers) into runs of text lines; ks
// are the lines' kinds.
func paragraphGroups(lines []line, ks []kind) [][]line {
	var groups [][]line
	start := -1
	for i := range lines {
		if ks[i] == kindBlank {
			if start >= 0 {
				groups = append(groups, lines[start:i])
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		groups = append(groups, lines[start:])
	}
	return groups
}
