package entity

import (
	"sort"

	"briefsearch/archive"
)

// Mention is one occurrence of an entity in an item.
type Mention struct {
	Type      Type   `json:"type"`
	Canonical string `json:"canonical"`
	Slug      string `json:"slug"`
	Surface   string `json:"surface"` // as printed, without a job title
	Field     string `json:"field"`   // headline_ja, headline_en, body or note
	Start     int    `json:"start"`   // byte offsets of Surface in the field
	End       int    `json:"end"`
	Known     bool   `json:"known"` // the entity is in the gazetteer
}

// Extract finds the entities an item mentions, in field order (both headlines, body, note) and
// by position.
func (lx *Lexicon) Extract(it *archive.Item) []Mention {
	fields := []struct{ name, text string }{
		{"headline_ja", it.HeadlineJA}, {"headline_en", it.HeadlineEN}, {"body", it.Body}, {"note", it.Note},
	}
	scans := make([]*fieldScan, len(fields))
	gz := make([][]span, len(fields))
	defs := make([][]acronymDef, len(fields))
	var allDefs []acronymDef
	for i, f := range fields {
		sc := &fieldScan{name: f.name, text: f.text, toks: tokenize(f.text, lx.rules.abbreviations)}
		gz[i] = lx.matchLatin(sc.toks)
		defs[i] = lx.acronyms(sc)
		allDefs = append(allDefs, defs[i]...)
		scans[i] = sc
	}
	var cands []cand
	for i, sc := range scans {
		sc.setAtoms(withAcronyms(sc, gz[i], defs[i], allDefs))
		sc.titleCase = sc.name == "headline_en" && lx.titleCased(sc.toks)
		ls := &latinScan{sc: sc, r: lx.rules, field: i}
		ls.scan()
		cands = append(cands, ls.out...)
	}
	var kana []kanaCand
	for i, f := range fields {
		found := lx.matchJapanese(f.text)
		for _, m := range found {
			cands = append(cands, cand{field: i, start: m.start, end: m.end, ref: lx.known(m.ent), surface: f.text[m.start:m.end]})
		}
		kana = append(kana, lx.katakanaNames(i, f.text, found)...)
	}
	cands = append(cands, lx.resolve(cands, kana)...)

	var out []Mention
	for _, c := range cands {
		if c.dropped || c.pending {
			continue
		}
		slug := Slug(c.ref.name)
		if c.ref.ent >= 0 {
			slug = lx.entities[c.ref.ent].Slug
		}
		out = append(out, Mention{
			Type: c.ref.typ, Canonical: c.ref.name, Slug: slug, Surface: c.surface,
			Field: fields[c.field].name, Start: c.start, End: c.end, Known: c.ref.ent >= 0,
		})
	}
	order := map[string]int{"headline_ja": 0, "headline_en": 1, "body": 2, "note": 3}
	sort.SliceStable(out, func(a, b int) bool {
		if out[a].Field != out[b].Field {
			return order[out[a].Field] < order[out[b].Field]
		}
		return out[a].Start < out[b].Start
	})
	return out
}

// Annotate sets Entities on every item of b: the sorted, distinct canonical names per type.
func (lx *Lexicon) Annotate(b *archive.Briefing) {
	for i := range b.Items {
		b.Items[i].Entities = EntitiesOf(lx.Extract(&b.Items[i]))
	}
}

// EntitiesOf groups mentions by type into sorted, distinct canonical names (never nil slices,
// so JSON shows [] rather than null).
func EntitiesOf(ms []Mention) *archive.Entities {
	seen := map[Type]map[string]bool{Person: {}, Organization: {}, Place: {}}
	e := &archive.Entities{Persons: []string{}, Organizations: []string{}, Places: []string{}}
	for _, m := range ms {
		if seen[m.Type] == nil || seen[m.Type][m.Canonical] {
			continue
		}
		seen[m.Type][m.Canonical] = true
		switch m.Type {
		case Person:
			e.Persons = append(e.Persons, m.Canonical)
		case Organization:
			e.Organizations = append(e.Organizations, m.Canonical)
		case Place:
			e.Places = append(e.Places, m.Canonical)
		}
	}
	sort.Strings(e.Persons)
	sort.Strings(e.Organizations)
	sort.Strings(e.Places)
	return e
}

// titleCased reports whether a headline Capitalizes Its Common Words, so capitals say nothing.
func (lx *Lexicon) titleCased(toks []token) bool {
	n, caps := 0, 0
	for i, t := range toks {
		if i == 0 || !t.word || len(t.fold) < 4 || !lx.rules.common(t.fold) {
			continue
		}
		n++
		if t.cap {
			caps++
		}
	}
	return n >= 2 && caps*5 >= n*4
}
