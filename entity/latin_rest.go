package entity

// rest reads what titles and head nouns left: gazetteer spans, and runs of capitalized words
// typed by the words around the chunk.
func (ls *latinScan) rest(c *chunk) {
	if ls.beforeProjectNoun(c) {
		return
	}
	for k, e := range c.els {
		if e.kind != eAtom || c.typed[k] {
			continue
		}
		if k > 0 && ls.atomType(e) == Place && !c.typed[k-1] && c.els[k-1].kind == eWord && ls.r.compass[c.els[k-1].fold] {
			ls.emit(c, k-1, k+1, ls.ruleRef(c, k-1, k+1, Place)) // "East Zangezur" is not Zangezur
			continue
		}
		ls.emit(c, k, k+1, ls.atomRef(e))
	}
	for _, cm := range c.complements {
		if !c.typed[cm.at] {
			ls.emit(c, cm.at, cm.at+1, ls.ruleRef(c, cm.at, cm.at+1, cm.typ))
		}
	}
	runs := ls.looseRuns(c)
	if len(runs) == 0 {
		return
	}
	sc, r := ls.sc, ls.r
	before := sc.wordBefore(c.from)
	lower := func(i int) string {
		if i < 0 || sc.toks[i].cap {
			return ""
		}
		return sc.toks[i].fold
	}
	b1 := lower(before)
	b2 := ""
	if before > 0 {
		b2 = lower(sc.wordBefore(before))
	}
	after := ""
	if c.to < len(sc.toks) && sc.toks[c.to].word && !sc.toks[c.to].cap {
		after = sc.toks[c.to].fold
	}
	first, last := runs[0], runs[len(runs)-1]
	atStart := first[0] == 0
	free := func(run [2]int) bool { return !c.typed[run[0]] }
	lastName := func(run [2]int) bool { return c.els[run[1]-1].name }
	allNames := func(run [2]int) bool {
		for k := run[0]; k < run[1]; k++ {
			if c.els[k].kind == eWord && !c.els[k].name {
				return false
			}
		}
		return true
	}
	person := func(run [2]int) {
		i := ls.emit(c, run[0], run[1], ls.ruleRef(c, run[0], run[1], Person))
		ls.out[i].titled, ls.out[i].single = true, run[1]-run[0] == 1
	}
	place := func(run [2]int) { ls.emit(c, run[0], run[1], ls.ruleRef(c, run[0], run[1], Place)) }
	// "human rights defenders Leyla Yunus and Elshan Hasanov"
	if r.roles[b1] {
		for _, run := range runs {
			if run[0] > 0 && c.els[run[0]-1].fold != "and" {
				break // "… Kaja Kallas to Azerbaijan": the list has ended
			}
			if free(run) && allNames(run) {
				person(run)
			}
		}
	}
	// "the Turkish newspaper Cumhuriyet"
	if atStart && free(first) && (r.orgRoles[b1] || b1 == "the" && r.orgRoles[b2]) {
		ls.emit(c, first[0], first[1], ls.ruleRef(c, first[0], first[1], Organization))
	}
	// "the Hayastan alliance"
	if r.orgNounsAfter[after] && free(last) && last[1] == len(c.els) {
		ls.emit(c, last[0], last[1], ls.ruleRef(c, last[0], last[1], Organization))
	}
	// "the cities of Aghdam and Fuzuli", "Garabagh and East Zangezur regions"
	if b1 == "of" && r.placeNouns[b2] || r.placeNouns[after] {
		for _, run := range runs {
			if free(run) && lastName(run) {
				place(run)
			}
		}
	}
	// "held in Saint Petersburg"; "between Azerbaijan and Kazakhstan", "thanked Moldova"
	if atStart && free(first) && r.nearLoc[b1] && first[1]-first[0] <= 3 && lastName(first) {
		place(first)
	}
	if atStart && r.farLoc[b1] {
		for _, run := range runs {
			if free(run) && run[1]-run[0] == 1 && lastName(run) && (run[0] == 0 || c.els[run[0]-1].fold == "and") {
				place(run)
			}
		}
	}
	// "the Minister of National Defense of Türkiye, Yaşar Güler"
	if atStart && free(first) && allNames(first) && sc.titleBeforeComma(c.from, r) {
		person(first)
	}
	// "Aydin Karimov, Special Representative of …"
	if last[1] == len(c.els) && free(last) && allNames(last) && sc.appositionAfter(c.to, r) {
		person(last)
	}
	for _, run := range runs {
		ls.fallback(c, run)
	}
}

// beforeProjectNoun reads a chunk followed by a lower-case project noun. A hyphenated chain of
// names before one is the project's name and no entity ("the Baku-Tbilisi-Kars railway"); other
// names keep their gazetteer sense but make no new person ("the Ichan Kala historical
// complex"). A name before "corridor" is a place ("the Aras corridor").
func (ls *latinScan) beforeProjectNoun(c *chunk) bool {
	sc := ls.sc
	noun := sc.lowerNounAfter(c.to, ls.r.projectNouns, "corridor")
	if noun == "" {
		return false
	}
	last := c.els[len(c.els)-1]
	if noun == "corridor" && sc.toks[c.to].fold == "corridor" {
		k := len(c.els) - 1
		for k > 0 && c.els[k-1].kind != eConn && !c.typed[k-1] {
			k--
		}
		if c.typed[len(c.els)-1] || c.els[k].kind == eWord && !c.els[k].name && k == len(c.els)-1 {
			return false
		}
		end := sc.toks[c.to].end
		ls.out = append(ls.out, cand{field: ls.field, start: sc.toks[c.els[k].from].start, end: end,
			ref: ref{ent: -1, typ: Place, name: sc.textOf(c.els[k].from, c.to+1)}, surface: sc.text[sc.toks[c.els[k].from].start:end]})
		for ; k < len(c.els); k++ {
			c.typed[k] = true
		}
		return false
	}
	if noun == "corridor" {
		return false // "the Aras transport corridor": no name to take
	}
	chain := len(c.els) > 1
	for k := 1; k < len(c.els); k++ {
		chain = chain && c.els[k].kind != eConn && sc.toks[c.els[k].from].joined
	}
	if chain && !c.typed[0] && last.kind != eConn {
		for k := range c.els {
			c.typed[k] = true
		}
		return true
	}
	for k, e := range c.els {
		if e.kind == eWord {
			c.typed[k] = true
		}
	}
	return false
}

// fallback types the name-like words no clue spoke for: two or more are a person ("Zhang
// Guoqing"), one waits for the item to name a person with that surname.
func (ls *latinScan) fallback(c *chunk, run [2]int) {
	for k := run[0]; k < run[1]; {
		if c.typed[k] || !c.els[k].name {
			k++
			continue
		}
		end := ls.nameRun(c, k)
		i := ls.emit(c, k, end, ls.ruleRef(c, k, end, Person))
		if end-k == 1 {
			ls.out[i].pending, ls.out[i].single = true, true
		}
		k = end
	}
}

// atomsAndPending reads a Headline In Title Case, where capitals prove nothing: only gazetteer
// spans count, and names that the rest of the item confirms.
func (ls *latinScan) atomsAndPending(c *chunk) {
	for k, e := range c.els {
		if e.kind == eAtom {
			ls.emit(c, k, k+1, ls.atomRef(e))
		}
	}
	for _, run := range ls.looseRuns(c) {
		for k := run[0]; k < run[1]; {
			if !c.els[k].name {
				k++
				continue
			}
			end := ls.nameRun(c, k)
			i := ls.emit(c, k, end, ls.ruleRef(c, k, end, Person))
			ls.out[i].pending, ls.out[i].single = true, end-k == 1
			k = end
		}
	}
}

// looseRuns are the maximal runs of untyped plain or name-like words (not titles, not heads).
func (ls *latinScan) looseRuns(c *chunk) [][2]int {
	var runs [][2]int
	start := -1
	for k := 0; k <= len(c.els); k++ {
		ok := k < len(c.els) && !c.typed[k] && c.els[k].kind == eWord && !c.els[k].title && c.els[k].head == noHead
		if k < len(c.els) && !c.typed[k] && c.els[k].kind == eConn && ls.r.particles[c.els[k].fold] && start >= 0 &&
			k+1 < len(c.els) && c.els[k+1].name && c.els[k-1].name {
			ok = true
		}
		if ok && start < 0 {
			start = k
		}
		if !ok && start >= 0 {
			runs = append(runs, [2]int{start, k})
			start = -1
		}
	}
	return runs
}

// lowerNounAfter returns the noun among nouns (or extra) that follows token i in lower case,
// directly or after one adjective ("historical complex"), or "".
func (sc *fieldScan) lowerNounAfter(i int, nouns map[string]bool, extra string) string {
	for k := i; k < len(sc.toks) && k < i+2; k++ {
		t := sc.toks[k]
		if !t.word || t.cap || t.digit {
			return ""
		}
		if nouns[t.fold] || t.fold == extra {
			return t.fold
		}
	}
	return ""
}

// wordBefore is the token right before i if it is a word, or -1.
func (sc *fieldScan) wordBefore(i int) int {
	if i > 0 && sc.toks[i-1].word {
		return i - 1
	}
	return -1
}

// titleBeforeComma reports whether a job title ends right before the chunk at token i, followed
// by a comma or an acronym in parentheses: "the ambassador to Turkey, Rashad Mammadov",
// "Chairman of … Mine Action (ANAMA) Vugar Suleymanov".
func (sc *fieldScan) titleBeforeComma(i int, r *rules) bool {
	k := i - 1
	switch {
	case k >= 0 && sc.toks[k].text == ",":
		k--
	case k >= 0 && sc.toks[k].text == ")":
		for k >= 0 && sc.toks[k].text != "(" {
			k--
		}
		k--
	default:
		return false
	}
	for n := 0; k >= 0 && n < 20; k, n = k-1, n+1 {
		t := sc.toks[k]
		switch {
		case !t.word:
			return false
		case t.cap && r.titles[t.fold] || !t.cap && r.roles[t.fold]:
			return true
		case !t.cap && !t.upper && !t.digit && !r.connectors[t.fold]:
			return false
		}
	}
	return false
}

// appositionAfter reports whether a comma and a job title follow token i: "Olof Skoog,
// Political Director of …", "Rashad Mammadov, ambassador to …". A title with a holder of its
// own ("…, Poland, Ukrainian Ambassador to Azerbaijan Yuriy Husyev said") is not an apposition.
func (sc *fieldScan) appositionAfter(i int, r *rules) bool {
	if i >= len(sc.toks) || sc.toks[i].text != "," {
		return false
	}
	for k := i + 1; k < len(sc.toks) && k < i+6; k++ {
		t := sc.toks[k]
		switch {
		case !t.word || sc.atom[k] >= 0:
			return false
		case !t.cap:
			if r.roles[t.fold] {
				return !sc.holderAfter(k+1, r)
			}
			if t.fold != "the" && t.fold != "a" && t.fold != "an" && t.fold != "his" && t.fold != "her" && t.fold != "its" {
				return false
			}
		case r.titles[t.fold]:
			return !sc.holderAfter(k+1, r)
		case sc.nameLike(k, r):
			return false
		}
	}
	return false
}

// holderAfter reports whether the title phrase continuing at token k names its own holder: a
// name-like word not right after "of"/"to"/"for" (those begin a complement).
func (sc *fieldScan) holderAfter(k int, r *rules) bool {
	for end := k + maxReach; k < len(sc.toks) && k < end && sc.toks[k].word; k++ {
		t := sc.toks[k]
		if !t.cap && !r.connectors[t.fold] && sc.atom[k] < 0 {
			return false
		}
		if sc.atom[k] < 0 && sc.nameLike(k, r) && !(k > 0 && !sc.toks[k-1].cap && r.connectors[sc.toks[k-1].fold]) {
			return true
		}
	}
	return false
}
