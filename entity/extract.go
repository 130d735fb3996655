package entity

import (
	"slices"
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

// scratch holds the buffers an extraction needs. Annotate reuses one for every item of a
// briefing, so indexing a large archive does not allocate per token.
type scratch struct {
	toks  [4][]token
	elems []elem
	flags []bool
	cands []cand
}

// fieldNames are the item's text fields in reading order, by their archive JSON names.
func fieldNames() [4]string { return [4]string{"headline_ja", "headline_en", "body", "note"} }

// Extract finds the entities an item mentions, in field order (both headlines, body, note) and
// by position.
func (lx *Lexicon) Extract(it *archive.Item) []Mention {
	var out []Mention
	for _, c := range lx.extract(it, &scratch{}) {
		if c.dropped || c.pending {
			continue
		}
		var slug string
		if c.ref.ent >= 0 {
			slug = lx.entities[c.ref.ent].Slug
		} else {
			slug = Slug(c.ref.name)
		}
		out = append(out, Mention{
			Type: c.ref.typ, Canonical: c.ref.name, Slug: slug, Surface: c.surface,
			Field: fieldNames()[c.field], Start: c.start, End: c.end, Known: c.ref.ent >= 0,
		})
	}
	sort.SliceStable(out, func(a, b int) bool {
		if out[a].Field != out[b].Field {
			return fieldOrder(out[a].Field) < fieldOrder(out[b].Field)
		}
		return out[a].Start < out[b].Start
	})
	return out
}

func fieldOrder(name string) int {
	names := fieldNames()
	for i, f := range names {
		if f == name {
			return i
		}
	}
	return len(names)
}

// Annotate sets Entities on every item of b: the sorted, distinct canonical names per type.
func (lx *Lexicon) Annotate(b *archive.Briefing) {
	scr := &scratch{}
	for i := range b.Items {
		b.Items[i].Entities = entitiesOf(lx.extract(&b.Items[i], scr))
	}
}

// extract returns the item's candidates after resolution; dropped and pending ones are not
// mentions.
func (lx *Lexicon) extract(it *archive.Item, scr *scratch) []cand {
	texts := [4]string{it.HeadlineJA, it.HeadlineEN, it.Body, it.Note}
	var scans [4]fieldScan
	var gz [4][]span
	var defs [4][]acronymDef
	var allDefs []acronymDef
	for i, text := range texts {
		scr.toks[i] = tokenize(text, lx.rules.abbreviations, scr.toks[i][:0])
		scans[i] = fieldScan{name: fieldNames()[i], text: text, toks: scr.toks[i]}
		gz[i] = lx.matchLatin(scans[i].toks)
		defs[i] = lx.acronyms(&scans[i])
		allDefs = append(allDefs, defs[i]...)
	}
	cands := scr.cands[:0]
	for i := range scans {
		sc := &scans[i]
		sc.setAtoms(withAcronyms(sc, gz[i], defs[i], allDefs))
		sc.titleCase = sc.name == "headline_en" && lx.titleCased(sc.toks)
		ls := &latinScan{sc: sc, r: lx.rules, field: i, out: cands}
		ls.scan(scr)
		cands = ls.out
	}
	var kana []kanaCand
	for i, text := range texts {
		if !mayHaveJapanese(text) {
			continue
		}
		found := lx.matchJapanese(text)
		for _, m := range found {
			cands = append(cands, cand{field: i, start: m.start, end: m.end, ref: lx.known(m.ent), surface: text[m.start:m.end]})
		}
		if i == 0 { // names in katakana are read from the Japanese headline only
			kana = append(kana, lx.katakanaNames(i, text, found)...)
		}
	}
	cands = append(cands, lx.resolve(cands, kana)...)
	scr.cands = cands
	return cands
}

// entitiesOf groups resolved candidates by type.
func entitiesOf(cands []cand) *archive.Entities {
	e := &archive.Entities{Persons: []string{}, Organizations: []string{}, Places: []string{}}
	for _, c := range cands {
		if c.dropped || c.pending {
			continue
		}
		switch c.ref.typ {
		case Person:
			e.Persons = append(e.Persons, c.ref.name)
		case Organization:
			e.Organizations = append(e.Organizations, c.ref.name)
		case Place:
			e.Places = append(e.Places, c.ref.name)
		}
	}
	e.Persons = sortedSet(e.Persons)
	e.Organizations = sortedSet(e.Organizations)
	e.Places = sortedSet(e.Places)
	return e
}

func sortedSet(s []string) []string {
	sort.Strings(s)
	return slices.Compact(s)
}

// EntitiesOf groups mentions by type into sorted, distinct canonical names (never nil slices,
// so JSON shows [] rather than null).
func EntitiesOf(ms []Mention) *archive.Entities {
	e := &archive.Entities{Persons: []string{}, Organizations: []string{}, Places: []string{}}
	for _, m := range ms {
		switch m.Type {
		case Person:
			e.Persons = append(e.Persons, m.Canonical)
		case Organization:
			e.Organizations = append(e.Organizations, m.Canonical)
		case Place:
			e.Places = append(e.Places, m.Canonical)
		}
	}
	e.Persons = sortedSet(e.Persons)
	e.Organizations = sortedSet(e.Organizations)
	e.Places = sortedSet(e.Places)
	return e
}

// mayHaveJapanese is a fast byte test: kana and CJK ideographs all start with a UTF-8 lead
// byte of 0xE3 or above, which English text rarely contains.
func mayHaveJapanese(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0xE3 && s[i] < 0xF0 {
			return true
		}
	}
	return false
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
