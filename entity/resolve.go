package entity

import "strings"

// resolve settles what single fields could not: a surname alone ("Mammadov", "FM Bayramov") is
// the person of the item with that surname, else the gazetteer's; an organization named by the
// start of a longer name of the item is that one ("Committee of Ministers"); a katakana word is
// the entity of the item whose Latin name it transliterates. It returns the katakana mentions.
func (lx *Lexicon) resolve(cands []cand, kana []kanaCand) []cand {
	for i := range cands {
		c := &cands[i]
		if c.ref.ent >= 0 || c.dropped {
			continue
		}
		if e, ok := lx.byFold[fold(c.ref.name)]; ok && (lx.entities[e].Type == c.ref.typ || !c.titled && c.ref.typ == Person) {
			c.ref = lx.known(e) // "Yasar Guler" is the gazetteer's "Yaşar Güler"
		}
	}
	bySurname, byName := lx.itemPersons(cands)
	for i := range cands {
		c := &cands[i]
		if c.dropped || !(c.single || c.pending) {
			continue
		}
		k := c.word
		if k == "" {
			k = fold(c.ref.name)
		}
		if r, ok := bySurname[k]; ok && c.single && r.ent != ambiguous {
			c.ref, c.single, c.pending, c.titled = r, false, false, true
			continue
		}
		if r, ok := byName[k]; ok && !c.single {
			c.ref, c.pending = r, false
			continue
		}
		if e, ok := lx.surname[k]; ok && e >= 0 && c.single && c.ref.ent < 0 {
			c.ref, c.single, c.pending = lx.known(e), false, false
		}
	}
	links := lx.linkKatakana(cands, kana)
	lx.mergeOrganizations(cands)
	return links
}

const ambiguous = -2

// itemPersons indexes the item's full person names by surname and by whole name.
func (lx *Lexicon) itemPersons(cands []cand) (bySurname, byName map[string]ref) {
	bySurname, byName = map[string]ref{}, map[string]ref{}
	for _, c := range cands {
		if c.dropped || c.pending || c.single || c.ref.typ != Person {
			continue
		}
		words := strings.Fields(Key(c.ref.name))
		byName[fold(c.ref.name)] = c.ref
		if len(words) < 2 {
			continue
		}
		last := fold(words[len(words)-1])
		if prev, ok := bySurname[last]; ok && prev.name != c.ref.name {
			bySurname[last] = ref{ent: ambiguous}
			continue
		}
		bySurname[last] = c.ref
	}
	return bySurname, byName
}

// linkKatakana pairs katakana words with the item's entities by sound. A katakana word with a
// title (ママドフ外務次官) also confirms a lone capitalized word as a person ("Mammadov").
func (lx *Lexicon) linkKatakana(cands []cand, kana []kanaCand) []cand {
	if len(kana) == 0 {
		return nil
	}
	var out []cand
	sounds := map[string][]string{} // name -> phonetic forms, computed once per item
	for _, k := range kana {
		best, bestD := -1, sameName
		for i, c := range cands {
			if c.dropped || k.person && c.ref.typ != Person {
				continue
			}
			forms, ok := sounds[c.ref.name]
			if !ok {
				forms = nameSounds(c.ref.name, c.ref.typ)
				sounds[c.ref.name] = forms
			}
			for _, f := range forms {
				if d := phoneticDistance(k.sound, f); d <= bestD {
					best, bestD = i, d
				}
			}
		}
		if best < 0 {
			continue
		}
		target := cands[best]
		if target.pending {
			if !k.person {
				continue
			}
			for i := range cands {
				if cands[i].pending && cands[i].ref.name == target.ref.name {
					cands[i].pending, cands[i].titled = false, true
				}
			}
		}
		out = append(out, cand{field: k.field, start: k.start, end: k.end, ref: target.ref, surface: k.text, titled: k.person})
	}
	return out
}

// nameSounds are the phonetic forms a katakana word may match: a person's surname or whole
// name, anything else's whole name.
func nameSounds(name string, typ Type) []string {
	words := strings.Fields(name)
	if len(words) == 0 {
		return nil
	}
	forms := []string{phonetic(strings.Join(words, ""))}
	if typ == Person && len(words) > 1 {
		forms = append(forms, phonetic(words[len(words)-1]))
	}
	return forms
}

// mergeOrganizations maps an organization whose name begins a longer one of the same item to
// the longer: "the Committee of Ministers" after "the Committee of Ministers of the Council of
// Europe".
func (lx *Lexicon) mergeOrganizations(cands []cand) {
	orgs := map[string]ref{} // folded name -> organization, one entry per distinct name
	for _, c := range cands {
		if !c.dropped && c.ref.typ == Organization {
			orgs[fold(c.ref.name)] = c.ref
		}
	}
	if len(orgs) < 2 {
		return
	}
	for i := range cands {
		c := &cands[i]
		if c.dropped || c.ref.ent >= 0 || c.ref.typ != Organization {
			continue
		}
		short := fold(c.ref.name) + " "
		best := ""
		for name := range orgs {
			// several longer names: take the shortest, then the first in order, so the
			// result never depends on map order
			if strings.HasPrefix(name, short) && (best == "" || len(name) < len(best) || len(name) == len(best) && name < best) {
				best = name
			}
		}
		if best != "" {
			c.ref = orgs[best]
		}
	}
}
