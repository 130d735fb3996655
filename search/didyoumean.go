package search

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	bindex "github.com/blevesearch/bleve_index_api"

	"briefsearch/entity"
	"briefsearch/index"
)

// "Did you mean": a search with fewer than SuggestBelow hits gets corrected queries that
// have more. A word the index does not have is compared with the index's own words (bleve's
// fuzzy term dictionary: Levenshtein automata over the English fields' terms) and with the
// names of the entities that have items (the gazetteer's aliases in both scripts and the
// names extraction found), a person:/org:/place:/source: value with that facet's names, and an
// unknown qualifier with the one it was probably meant as (qualifiers.go). Each corrected
// query is counted with the request's filters before it is offered: a suggestion always has
// hits. The whole step has its own small budget inside the request's deadline and never fails
// the search: what it has not finished, it leaves out.

// Limits of the suggestion step.
const (
	SuggestBelow      = 3 // a search with fewer hits than this gets suggestions
	maxSuggestions    = 3
	maxSuggestQueries = 8  // corrected queries counted, at most
	maxCandidates     = 3  // replacements tried per term
	maxTargets        = 6  // terms corrected, at most
	maxFuzzyTerms     = 64 // terms read from one field's fuzzy dictionary
	// suggestBudget bounds the step, within whatever the request has left.
	suggestBudget = 400 * time.Millisecond
	// frequentEnough: a word the index has is only replaced by one this many times more frequent.
	frequentEnough = 10
)

// target is one correctable part of the query: a word (or a word inside a phrase), a
// qualifier's value, or an unknown qualifier.
type target struct {
	clause, alt int
	word        int // index of the word inside a phrase; -1 for the whole term
	// whole: a candidate is a whole term as printed (person:"Jeyhun Bayramov", from:2026-05-20)
	whole bool
	from  string
	cands []candidate
}

type candidate struct {
	text   string // the replacement, as it goes into the query
	kind   string // "word", "entity", "qualifier"
	entity string
	dist   int
	count  uint64 // documents the index has it in (words), items (entities)
}

// suggest returns corrected queries for p, whose search found total items.
func (s *Searcher) suggest(ctx context.Context, v *view, p *plan, total int) []Suggestion {
	if total >= SuggestBelow || len(p.query.clauses) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, suggestBudget)
	defer cancel()
	targets := v.suggestTargets(ctx, p)
	if len(targets) == 0 {
		return nil
	}
	var out []Suggestion
	for _, pick := range choices(targets) {
		if ctx.Err() != nil {
			break
		}
		text, corrections := rewrite(p.query, targets, pick)
		q, err := parseQuery(text)
		if err != nil || text == p.query.String() {
			continue
		}
		if slices.ContainsFunc(out, func(o Suggestion) bool { return o.Query == text }) {
			continue
		}
		n, err := v.count(ctx, p, q)
		if err != nil || n <= total {
			continue
		}
		out = append(out, Suggestion{Query: text, Total: uint64(n), Corrections: corrections})
	}
	slices.SortStableFunc(out, func(a, b Suggestion) int { return cmp.Compare(b.Total, a.Total) })
	if len(out) > maxSuggestions {
		out = out[:maxSuggestions]
	}
	return out
}

// choices lists which candidate of each target to try: every target's best first, then one
// target at a time on its next candidates.
func choices(targets []target) [][]int {
	best := make([]int, len(targets))
	out := [][]int{best}
	for i, t := range targets {
		for c := 1; c < len(t.cands); c++ {
			pick := slices.Clone(best)
			pick[i] = c
			out = append(out, pick)
		}
	}
	if len(targets) > 1 { // each correction alone, in case only one was a mistake
		for i := range targets {
			pick := make([]int, len(targets))
			for j := range pick {
				pick[j] = -1
			}
			pick[i] = 0
			out = append(out, pick)
		}
	}
	if len(out) > maxSuggestQueries {
		out = out[:maxSuggestQueries]
	}
	return out
}

// rewrite prints q with the picked candidates in place (-1: the target as typed).
func rewrite(q *parsedQuery, targets []target, pick []int) (string, []Correction) {
	c := *q
	c.clauses = make([]clause, len(q.clauses))
	for i, cl := range q.clauses {
		c.clauses[i] = clause{negated: cl.negated, alts: slices.Clone(cl.alts)}
	}
	var corrections []Correction
	for i, t := range targets {
		if pick[i] < 0 {
			continue
		}
		cand := t.cands[pick[i]]
		tm := &c.clauses[t.clause].alts[t.alt]
		switch {
		case t.whole:
			*tm = term{kind: kindWord, text: cand.text, col: tm.col} // printed as is, parsed again
		case t.word >= 0:
			words := strings.Split(tm.text, " ")
			words[t.word] = cand.text
			tm.text = strings.Join(words, " ")
		default:
			tm.text = cand.text
		}
		corrections = append(corrections, Correction{From: t.from, To: cand.text, Kind: cand.kind, Entity: cand.entity})
	}
	return c.String(), corrections
}

// count is how many items q matches with p's filters.
func (v *view) count(ctx context.Context, p *plan, q *parsedQuery) (int, error) {
	cp := *p
	cp.query, cp.size, cp.page, cp.after, cp.facets = q, 0, 1, nil, nil
	if !q.from.IsZero() || !q.to.IsZero() { // a corrected after: became from:
		f, err := checkFilters(p.request, q)
		if err != nil {
			return 0, err
		}
		f.Sections = p.filters.Sections
		cp.filters = f
	}
	bq, err := v.matcher().compile(&cp)
	if err != nil {
		return 0, err
	}
	col := v.collector(&cp, 0, nil)
	if err := col.run(ctx, v.gen.Index, bq); err != nil {
		return 0, err
	}
	return col.total, nil
}

// suggestTargets finds the parts of p's query that look mistyped, each with its candidates.
func (v *view) suggestTargets(ctx context.Context, p *plan) []target {
	var out []target
	add := func(t target) {
		if len(t.cands) > 0 && len(out) < maxTargets {
			if len(t.cands) > maxCandidates {
				t.cands = t.cands[:maxCandidates]
			}
			out = append(out, t)
		}
	}
	unknown := map[string]Warning{}
	for _, w := range p.query.warnings {
		unknown[w.Term] = w
	}
	for ci, cl := range p.query.clauses {
		if cl.negated {
			continue
		}
		for ai, t := range cl.alts {
			if ctx.Err() != nil {
				return out
			}
			switch {
			case t.unknownKey != "":
				if w := unknown[t.text]; w.Suggestion != "" {
					add(target{clause: ci, alt: ai, word: -1, whole: true, from: t.text,
						cands: []candidate{{text: w.Suggestion, kind: "qualifier"}}})
				}
			case t.kind == kindWord:
				add(target{clause: ci, alt: ai, word: -1, from: t.text, cands: v.wordCandidates(ctx, t.text)})
			case t.kind == kindPhrase:
				for wi, w := range strings.Split(t.text, " ") {
					add(target{clause: ci, alt: ai, word: wi, from: w, cands: v.wordCandidates(ctx, w)})
				}
			case t.kind == kindQualifier:
				add(target{clause: ci, alt: ai, word: -1, whole: true, from: t.String(), cands: v.valueCandidates(t)})
			}
		}
	}
	return out
}

// wordCandidates are the words and names within a small edit distance of w, when the index
// does not have w (or has it much less often than them).
func (v *view) wordCandidates(ctx context.Context, w string) []candidate {
	n := utf8.RuneCountInString(w)
	if n < 4 && !hasCJK(w) || n < 3 || strings.ContainsFunc(w, unicode.IsDigit) {
		return nil
	}
	var cands []candidate
	own := uint64(0)
	if !hasCJK(w) {
		cands, own = v.indexWords(ctx, w)
	}
	if v.lex != nil {
		if _, _, ok := v.lex.Entity(w); ok {
			return nil // a name the lexicon knows, as written: it was expanded already
		}
	}
	for _, c := range v.names.get(v).near(w) {
		if own > 0 && c.count < frequentEnough*own {
			continue
		}
		if i := slices.IndexFunc(cands, func(o candidate) bool { return strings.EqualFold(o.text, c.text) }); i >= 0 {
			c.text = cands[i].text // the same word, as the user cased it: say whose name it is
			cands[i] = c
			continue
		}
		cands = append(cands, c)
	}
	slices.SortStableFunc(cands, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(a.dist, b.dist), cmp.Compare(b.count, a.count), strings.Compare(a.text, b.text))
	})
	return cands
}

// fuzziness is the edit distance allowed for a word of n characters.
func fuzziness(n int) int {
	switch {
	case n < 4:
		return 0
	case n < 7:
		return 1
	}
	return 2
}

// indexWords are the English fields' terms within fuzziness of w's stem, as words to type
// (the word the items write for the term that is nearest to w, read back from the term's
// first occurrences: a stem is no word to offer), and how many documents have w itself.
func (v *view) indexWords(ctx context.Context, w string) ([]candidate, uint64) {
	c := v.matcher()
	stems := c.analyze(index.AnalyzerEnglish, w)
	if len(stems) != 1 {
		return nil, 0
	}
	stem := stems[0]
	fuzz := fuzziness(utf8.RuneCountInString(stem))
	if fuzz == 0 {
		return nil, 0
	}
	adv, err := v.gen.Index.Advanced()
	if err != nil {
		return nil, 0
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, 0
	}
	defer r.Close()
	fr, ok := r.(bindex.IndexReaderFuzzy)
	if !ok {
		return nil, 0
	}
	counts := map[string]uint64{}
	fieldOf := map[string]string{} // a field the term is in
	for _, f := range index.TextFields() {
		if f.Analyzer != index.AnalyzerEnglish {
			continue
		}
		dict, err := fr.FieldDictFuzzy(f.Name, stem, fuzz, "")
		if err != nil {
			continue
		}
		var terms []string
		for {
			e, err := dict.Next()
			if err != nil || e == nil || len(terms) == maxFuzzyTerms {
				break
			}
			terms = append(terms, e.Term)
		}
		dict.Close()
		// The fuzzy dictionary may leave counts out (bleve reads no postings for it): read them.
		for _, term := range terms {
			tr, err := r.TermFieldReader(ctx, []byte(term), f.Name, false, false, false)
			if err != nil {
				continue
			}
			if n := tr.Count(); n > counts[term] {
				counts[term], fieldOf[term] = n, f.Name
			}
			tr.Close()
		}
	}
	own := counts[stem]
	var near []candidate // text: the term, until it is written out
	for term, n := range counts {
		if term == stem || n == 0 || own > 0 && n < frequentEnough*own || hasCJK(term) {
			continue
		}
		near = append(near, candidate{text: term, kind: "word", dist: editDistance([]rune(stem), []rune(term), fuzz+1), count: n})
	}
	slices.SortFunc(near, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(a.dist, b.dist), cmp.Compare(b.count, a.count), strings.Compare(a.text, b.text))
	})
	lower := strings.ToLower(w)
	reached := prefixTerms(ctx, r, lower, counts, fieldOf)
	// Only the best few of each kind are tried in the query (maxCandidates): only they are
	// written out. A candidate's distance is then its written word's from the typed one.
	var out []candidate
	written := map[string]bool{}
	writeOut := func(cands []candidate, within int) {
		n := 0
		for _, cand := range cands {
			if n == maxCandidates || ctx.Err() != nil {
				return
			}
			term := cand.text
			if own > 0 && cand.count < frequentEnough*own {
				continue
			}
			text := v.writtenAs(ctx, r, fieldOf[term], term, lower)
			if got := c.analyze(index.AnalyzerEnglish, text); len(got) != 1 || got[0] != term {
				continue // no word we can type finds this term
			}
			d := editDistance([]rune(lower), []rune(text), len(lower)+len(text)+1)
			if within >= 0 && d > within || written[text] {
				continue
			}
			written[text] = true
			cand.text, cand.dist = likeCase(w, text), d
			out = append(out, cand)
			n++
		}
	}
	writeOut(near, -1)
	writeOut(reached, fuzziness(utf8.RuneCountInString(lower)))
	slices.SortStableFunc(out, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(a.dist, b.dist), cmp.Compare(b.count, a.count))
	})
	return out, own
}

// maxPrefixTerms: terms read from one field's dictionary under the typed word's first letters.
const maxPrefixTerms = 4096

// prefixTerms are the English fields' terms that a beginning of lower reaches within their
// fuzziness, best first (most of the typed word covered, then the most documents), with
// their counts and the field that has most of them added to counts and fieldOf. They are where a typo
// meets the stemmer: "presdent" is its own stem, out of reach of president's "presid", but
// its beginning "presd" is one edit from it. A term is offered only when the word the items
// write for it is within the typed word's own fuzziness (indexWords), so a short stem that
// merely begins the word (pres, oper) offers nothing unless its written word is close.
func prefixTerms(ctx context.Context, r bindex.IndexReader, lower string, counts map[string]uint64, fieldOf map[string]string) []candidate {
	typed := []rune(lower)
	if len(typed) < 5 || hasCJK(lower) {
		return nil
	}
	dists := map[string]int{}
	for _, f := range index.TextFields() {
		if f.Analyzer != index.AnalyzerEnglish || ctx.Err() != nil {
			continue
		}
		dict, err := r.FieldDictPrefix(f.Name, []byte(string(typed[:3])))
		if err != nil {
			continue
		}
		for read := 0; read < maxPrefixTerms; read++ {
			e, err := dict.Next()
			if err != nil || e == nil {
				break
			}
			term := []rune(e.Term)
			fuzz := fuzziness(len(term))
			if _, ok := counts[e.Term]; ok || fuzz == 0 {
				continue
			}
			if d := prefixDistance(term, typed, fuzz+1); d <= fuzz {
				dists[e.Term] = d // the same in every field: the term's and typed's
			}
		}
		dict.Close()
	}
	var out []candidate
	for term, d := range dists {
		if ctx.Err() != nil {
			break
		}
		var n uint64
		for _, f := range index.TextFields() {
			if f.Analyzer != index.AnalyzerEnglish {
				continue
			}
			tr, err := r.TermFieldReader(ctx, []byte(term), f.Name, false, false, false)
			if err != nil {
				continue
			}
			if c := tr.Count(); c > n {
				n, fieldOf[term] = c, f.Name
			}
			tr.Close()
		}
		if n == 0 {
			continue
		}
		counts[term] = n
		out = append(out, candidate{text: term, kind: "word", dist: d, count: n})
	}
	slices.SortFunc(out, func(a, b candidate) int {
		covered := func(c candidate) int { return utf8.RuneCountInString(c.text) - c.dist }
		return cmp.Or(cmp.Compare(covered(b), covered(a)), cmp.Compare(b.count, a.count), strings.Compare(a.text, b.text))
	})
	return out
}

// prefixDistance is the least edit distance between a and a beginning of b (any value >=
// limit once it is known to reach limit).
func prefixDistance(a, b []rune, limit int) int {
	best := limit
	for j := max(0, len(a)-limit+1); j <= min(len(b), len(a)+limit-1); j++ {
		best = min(best, editDistance(a, b[:j], best))
	}
	return best
}

// surfaceDocs is how many of a term's documents writtenAs reads.
const surfaceDocs = 32

// writtenAs is the word, in lower case, that the items write where field holds term, nearest
// to w (then the most written, then the first alphabetically; a possessive only when no
// other form is written): each occurrence in the term's first surfaceDocs documents, read
// back from the stored text at its offsets. "" when none can be.
func (v *view) writtenAs(ctx context.Context, r bindex.IndexReader, field, term, w string) string {
	tr, err := r.TermFieldReader(ctx, []byte(term), field, true, true, true)
	if err != nil {
		return ""
	}
	defer tr.Close()
	written := map[string]int{}
	var tfd bindex.TermFieldDoc
	ids := v.gen.Columns.IDs
	for range surfaceDocs {
		if ctx.Err() != nil {
			break
		}
		d, err := tr.Next(&tfd)
		if err != nil || d == nil {
			break
		}
		doc := index.DocNum(d.ID)
		if doc >= uint64(len(ids)) {
			break
		}
		it, ok, err := loadItemAt(r, doc, ids[doc], true)
		if err != nil || !ok {
			continue
		}
		text := it.text(field)
		for _, vec := range d.Vectors {
			if vec.Start < vec.End && vec.End <= uint64(len(text)) {
				written[strings.ToLower(string(text[vec.Start:vec.End]))]++
			}
		}
	}
	type form struct {
		possessive bool
		dist, n    int
		word       string
	}
	var best *form
	for word, n := range written {
		f := &form{strings.ContainsAny(word, "'’"), editDistance([]rune(w), []rune(word), len(w)+len(word)+1), n, word}
		if best == nil || cmp.Or(compareBool(f.possessive, best.possessive), cmp.Compare(f.dist, best.dist),
			cmp.Compare(best.n, f.n), strings.Compare(f.word, best.word)) < 0 {
			best = f
		}
	}
	if best == nil {
		return ""
	}
	return best.word
}

// compareBool orders false before true.
func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// likeCase writes s with w's capitalization: all capitals, a capital first, or as it is.
func likeCase(w, s string) string {
	switch first, _ := utf8.DecodeRuneInString(w); {
	case w == strings.ToUpper(w) && utf8.RuneCountInString(w) > 1 && strings.ToUpper(w) != strings.ToLower(w):
		return strings.ToUpper(s)
	case unicode.IsUpper(first):
		r, size := utf8.DecodeRuneInString(s)
		return string(unicode.ToUpper(r)) + s[size:]
	}
	return s
}

// valueCandidates are the facet values close to a person:, org:, place: or source: value
// that names none.
func (v *view) valueCandidates(t term) []candidate {
	switch t.key {
	case qualPerson, qualOrg, qualPlace:
		typ := map[string]string{qualPerson: EntityPerson, qualOrg: EntityOrganization, qualPlace: EntityPlace}[t.key]
		return v.names.get(v).nearValue(typ, t.text, t.key)
	case qualSource:
		col := v.gen.Columns.Facets[index.FieldSource]
		if col == nil {
			return nil
		}
		key := []rune(index.Key(t.text))
		limit := max(1, fuzziness(len(key)))
		var out []candidate
		for _, s := range col.Values {
			d := editDistance(key, []rune(index.Key(s)), limit+1)
			if d == 0 {
				return nil
			}
			if d <= limit {
				out = append(out, candidate{text: qualSource + ":" + quoteValue(s), kind: "word", dist: d})
			}
		}
		return out
	}
	return nil
}

// quoteValue is a qualifier value as the query language writes it.
func quoteValue(s string) string {
	return term{kind: kindQualifier, key: "x", text: s}.String()[2:]
}

// nameIndex is the names of the entities with items, by length, for near matches.
type nameIndex struct {
	once   sync.Once
	byLen  map[int][]nameWord // folded length in runes -> words of names and aliases
	values map[string][]nameWord
}

type nameWord struct {
	folded []rune
	text   string // as written in the name
	ent    *catalogEntry
}

// get builds the index on first use (from the view's catalog) and returns it.
func (ni *nameIndex) get(v *view) *nameIndex {
	ni.once.Do(func() {
		ni.byLen, ni.values = map[int][]nameWord{}, map[string][]nameWord{}
		seen := map[string]bool{}
		for _, ce := range v.catalog().list {
			for _, name := range append([]string{ce.Name}, ce.Aliases...) {
				whole := nameWord{folded: []rune(entity.Fold(name)), text: name, ent: ce}
				ni.values[ce.Type] = append(ni.values[ce.Type], whole)
				for _, w := range strings.FieldsFunc(name, func(r rune) bool { return unicode.IsSpace(r) || r == '・' }) {
					f := entity.Fold(w)
					if utf8.RuneCountInString(f) < 3 || seen[f+"\x00"+ce.Slug] {
						continue
					}
					seen[f+"\x00"+ce.Slug] = true
					nw := nameWord{folded: []rune(f), text: w, ent: ce}
					ni.byLen[len(nw.folded)] = append(ni.byLen[len(nw.folded)], nw)
				}
			}
		}
	})
	return ni
}

// near returns the name words within fuzziness of w but not w itself, one per word (the
// entity with the most items).
func (ni *nameIndex) near(w string) []candidate {
	f := []rune(entity.Fold(w))
	limit := fuzziness(len(f))
	if hasCJK(w) {
		limit = min(limit, 1) // a katakana name: one character off (バイラモブ)
	}
	best := map[string]candidate{}
	for l := len(f) - limit; l <= len(f)+limit; l++ {
		for _, nw := range ni.byLen[l] {
			d := editDistance(f, nw.folded, limit+1)
			if d == 0 || d > limit {
				continue // w is a word of this name (Aliev of "Ilham Aliev"), or far from it
			}
			key := string(nw.folded)
			if old, ok := best[key]; ok && old.count >= uint64(nw.ent.ItemCount) {
				continue
			}
			best[key] = candidate{text: nw.text, kind: "entity", entity: nw.ent.Name, dist: d, count: uint64(nw.ent.ItemCount)}
		}
	}
	out := make([]candidate, 0, len(best))
	for _, c := range best {
		out = append(out, c)
	}
	return out
}

// nearValue returns the canonical names of type typ whose name or alias is near value, as
// qualifiers; none when value names one exactly.
func (ni *nameIndex) nearValue(typ, value, key string) []candidate {
	f := []rune(entity.Fold(value))
	limit := max(1, fuzziness(len(f)))
	var out []candidate
	for _, nw := range ni.values[typ] {
		d := editDistance(f, nw.folded, limit+1)
		if d == 0 {
			return nil
		}
		if d > limit || slices.ContainsFunc(out, func(c candidate) bool { return c.entity == nw.ent.Name }) {
			continue
		}
		out = append(out, candidate{text: key + ":" + quoteValue(nw.ent.Name), kind: "entity", entity: nw.ent.Name,
			dist: d, count: uint64(nw.ent.ItemCount)})
	}
	slices.SortStableFunc(out, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(a.dist, b.dist), cmp.Compare(b.count, a.count))
	})
	return out
}
