package entity

// The rules for Latin-script text. Each chunk (a capitalized phrase) is read in three steps:
//  1. titles: a job title followed, after its complement, by name-like words makes a person
//     ("Secretary General of the D-8 Organization for Economic Cooperation Sohail Mahmood");
//  2. head nouns, right to left: "… Municipality" is an organization, "… Forum" an event (not
//     counted, nor the names in front of it), "Mausoleum of …" a building, "… Corridor" a place;
//  3. what is left is read from the words around the chunk (role nouns, appositions,
//     locatives, "city of"), and two or more name-like words with no other clue are a person.

// maxReach bounds how far a rule looks from a title or head noun, in chunk elements: real names
// are short, and a bound keeps a pathological text linear.
const maxReach = 16

// cand is one mention before the item-level resolution.
type cand struct {
	field      int
	start, end int // bytes in the field
	ref        ref
	surface    string
	titled     bool   // a title, role noun or apposition says it is a person
	single     bool   // a one-word person name to resolve against the item ("Aliyev")
	word       string // that word, folded
	pending    bool   // name-like words of unknown type: a person of the item, or nothing
	dropped    bool
}

// latinScan reads the chunks of one field.
type latinScan struct {
	sc    *fieldScan
	r     *rules
	field int
	out   []cand
}

func (ls *latinScan) emit(c *chunk, from, to int, ref ref) int {
	sc := ls.sc
	a, b := c.els[from].from, c.els[to-1].to
	ls.out = append(ls.out, cand{
		field: ls.field, start: sc.toks[a].start, end: sc.toks[b-1].end,
		ref: ref, surface: sc.text[sc.toks[a].start:sc.toks[b-1].end],
	})
	for k := from; k < to; k++ {
		c.typed[k] = true
	}
	if ref.typ == Person && b-a == 1 {
		// one word: a surname, even when it is a gazetteer alias ("Aliyev" means the item's
		// Heydar Aliyev if the item names him)
		ls.out[len(ls.out)-1].single, ls.out[len(ls.out)-1].word = true, sc.toks[a].fold
	}
	return len(ls.out) - 1
}

// ruleRef is an entity found by the rules, named by the words it spans.
func (ls *latinScan) ruleRef(c *chunk, from, to int, typ Type) ref {
	return ref{ent: -1, typ: typ, name: ls.sc.textOf(c.els[from].from, c.els[to-1].to)}
}

func (ls *latinScan) atomRef(e elem) ref { return ls.sc.atoms[ls.sc.atom[e.from]].ref }

func (ls *latinScan) scan(scr *scratch) {
	for _, c := range ls.sc.chunks(ls.r, scr) {
		if ls.sc.titleCase {
			ls.atomsAndPending(c)
			continue
		}
		ls.titles(c)
		ls.heads(c)
		ls.rest(c)
	}
}

// titles finds "Title … Name" inside the chunk. Name-like words right after the title's "of",
// "to" or "for" are its complement, not the name: "President of France", "Ambassador to
// Azerbaijan Yuriy Husyev", "President of Kazakhstan Tokayev". A complement left untyped once
// head nouns have been read becomes a place, or an organization after titles that head one
// ("Chairman of Musavat").
func (ls *latinScan) titles(c *chunk) {
	for k, e := range c.els {
		if e.kind != eWord || !e.title || c.typed[k] {
			continue
		}
		for m := k + 1; m < len(c.els) && m <= k+maxReach; m++ {
			x := c.els[m]
			if c.typed[m] || x.kind == eConn && (x.fold == "and" || x.fold == ",") {
				break
			}
			if x.kind == eAtom && ls.atomType(x) == Person {
				i := ls.emit(c, m, m+1, ls.atomRef(x))
				ls.out[i].titled = true
				break
			}
			if x.kind != eWord || !x.name {
				continue
			}
			end := ls.nameRun(c, m)
			if ls.modifiesHead(c, end) {
				m = end - 1 // "Director of the Heydar Aliyev Center": a namesake, not the person
				continue
			}
			if c.els[m-1].kind == eConn {
				typ := Place
				if ls.r.orgTitles[e.fold] {
					typ = Organization
				}
				c.complements = append(c.complements, complement{at: m, typ: typ})
				if end-m == 1 {
					continue
				}
				m++
			}
			i := ls.emit(c, m, end, ls.ruleRef(c, m, end, Person))
			ls.out[i].titled, ls.out[i].single = true, end-m == 1
			break
		}
	}
}

// nameRun returns the end of the run of name-like words starting at element m (particles such
// as "von der" may stand inside; at most four words).
func (ls *latinScan) nameRun(c *chunk, m int) int {
	end, words := m+1, 1
	for end < len(c.els) && words < 4 && !c.typed[end] {
		x := c.els[end]
		if x.kind == eWord && x.name {
			end, words = end+1, words+1
			continue
		}
		if x.kind == eConn && ls.r.particles[x.fold] && end+1 < len(c.els) && c.els[end+1].kind == eWord && c.els[end+1].name {
			end += 2
			words++
			continue
		}
		break
	}
	return end
}

// modifiesHead reports whether the words from element end on lead to a head noun, making the
// run before them part of an organization's or a building's name.
func (ls *latinScan) modifiesHead(c *chunk, end int) bool {
	for k := end; k < len(c.els) && k < end+maxReach; k++ {
		x := c.els[k]
		if x.kind != eWord || x.title {
			return false
		}
		if x.head != noHead {
			return true
		}
		if x.name {
			return false
		}
	}
	return false
}

// heads reads head nouns right to left, so "United Nations Security Council" is one name.
func (ls *latinScan) heads(c *chunk) {
	byElem := map[int]int{} // element -> cand, so a longer name can swallow a shorter one
	for h := len(c.els) - 1; h >= 0; h-- {
		e := c.els[h]
		if e.kind != eWord || e.head == noHead || c.typed[h] {
			continue
		}
		from := ls.modifiers(c, h)
		kind := e.head
		if kind == orgHead && ls.ordinalBefore(c, from) {
			kind = eventHead // "the first General Assembly of …" is a session
		}
		to := h + 1
		if kind != eventHead {
			to = ls.extension(c, h+1, kind, byElem)
		}
		for k := from; k < to; k++ {
			if i, ok := byElem[k]; ok {
				ls.out[i].dropped = true
				delete(byElem, k)
			}
		}
		switch kind {
		case orgHead, placeHead:
			if to-from == 1 {
				c.typed[h] = true // "the Ministry", "the Parliament": generic, not a name
				continue
			}
			typ := Organization
			if kind == placeHead {
				typ = Place
			}
			i := ls.emit(c, from, to, ls.ruleRef(c, from, to, typ))
			for k := from; k < to; k++ {
				byElem[k] = i
			}
		default: // events and buildings are not entities, nor the names inside them
			for k := from; k < to; k++ {
				c.typed[k] = true
			}
		}
	}
}

// modifiers walks left from head h over the words of the same name: "Azerbaijan National
// Agency", "Azret Sultan State Historical and Cultural Museum-Reserve".
func (ls *latinScan) modifiers(c *chunk, h int) int {
	from := h
	for m := h - 1; m >= 0 && m >= h-maxReach && !c.typed[m]; m-- {
		x := c.els[m]
		switch x.kind {
		case eAtom, eQuote:
		case eWord:
			if x.title || ls.r.stopCaps[x.fold] || ls.r.ordinals[x.fold] {
				return from
			}
		case eConn:
			if x.fold != "and" || m == 0 || !ls.plainWord(c, m-1) || !ls.plainWord(c, m+1) {
				return from
			}
		}
		from = m
	}
	for from < h && c.els[from].kind == eQuote {
		from++
	}
	return from
}

func (ls *latinScan) plainWord(c *chunk, k int) bool {
	x := c.els[k]
	return x.kind == eWord && !x.name && !x.title
}

// extension reads the "of …"/"for …" part of a name after its head: "Union for the Freedom of
// Political Prisoners of Azerbaijan". Places take only "of" ("Gulf of Mexico"). It may swallow
// names found earlier right of it (swallow), never a person found by a title.
func (ls *latinScan) extension(c *chunk, k int, kind headKind, swallow map[int]int) int {
	to, limit := k, k+2*maxReach
	for k < len(c.els) && k < limit {
		x := c.els[k]
		if x.kind != eConn || !ls.extends(c, k, kind) {
			break
		}
		k++
		for k < len(c.els) && c.els[k].kind == eConn && c.els[k].fold == "the" {
			k++
		}
		n := k
		for n < len(c.els) && c.els[n].kind != eConn {
			if n > k && c.els[n].title {
				return n // "… Committee of Pakistan General Sahir …": a new title begins
			}
			if _, ok := swallow[n]; c.typed[n] && !ok {
				if n > k {
					to = n
				}
				return to
			}
			n++
		}
		if n == k {
			break
		}
		k, to = n, n
	}
	return to
}

func (ls *latinScan) extends(c *chunk, k int, kind headKind) bool {
	switch c.els[k].fold {
	case "of":
		return true
	case "for", "on":
		return kind != placeHead
	case "and", ",":
		return kind != placeHead && k+1 < len(c.els) && ls.plainWord(c, k+1)
	}
	return false
}

// ordinalBefore reports whether an ordinal ("first", "13th") stands right before the name at
// element from, with only titles and plain words between the chunk start and from.
func (ls *latinScan) ordinalBefore(c *chunk, from int) bool {
	for k := 0; k < from; k++ {
		if c.els[k].kind != eWord || c.els[k].name {
			return false
		}
	}
	i := c.from - 1
	if i < 0 || !ls.sc.toks[i].word {
		return false
	}
	t := ls.sc.toks[i]
	return ls.r.ordinals[t.fold] || t.digit && len(t.fold) > 2 && (hasSuffix(t.fold, "st", "nd", "rd", "th"))
}

func hasSuffix(s string, suffixes ...string) bool {
	for _, x := range suffixes {
		if len(s) > len(x) && s[len(s)-len(x):] == x {
			return true
		}
	}
	return false
}

func (ls *latinScan) atomType(e elem) Type { return ls.atomRef(e).typ }
