package search

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"briefsearch/archive"
	"briefsearch/index"
)

// A section filter names a section by its key (military-security), but people type what
// they read: the title as printed (軍事・治安関係, "1. 軍事・治安関係", "１．軍事・治安関係"), the
// bilingual label of the section facet, its English name, or the start of a key (military).
// Every section of a generation is known to its Meta (key and title as printed), so these
// names are derived from the index, never from a list of one producer's headings; a value
// that names no section is refused with the valid keys rather than matching nothing.

// sectionVocab is the sections one generation knows and every name that stands for one.
type sectionVocab struct {
	keys   []string          // in order of first appearance
	titles map[string]string // key -> title as printed
	names  map[string]string // normalized name -> key; "" when two sections claim it
}

func newSectionVocab(sections []index.SectionInfo) *sectionVocab {
	sv := &sectionVocab{titles: map[string]string{}, names: map[string]string{}}
	for _, s := range sections {
		if s.Key == "" || slices.Contains(sv.keys, s.Key) {
			continue
		}
		sv.keys = append(sv.keys, s.Key)
		sv.titles[s.Key] = s.Title
	}
	claim := func(name, key string) {
		n := normalizeSectionName(name)
		if n == "" {
			return
		}
		if old, ok := sv.names[n]; ok && old != key {
			sv.names[n] = "" // ambiguous: neither section gets it
			return
		}
		sv.names[n] = key
	}
	for _, key := range sv.keys {
		claim(key, key)
		claim(sv.titles[key], key)
		if en := sectionNames[key]; en != "" {
			claim(en, key)
			if t := sv.titles[key]; t != "" {
				claim(t+" / "+en, key) // the facet's label, as the UI shows it
			}
		}
	}
	for _, key := range sv.keys {
		sv.names[key] = key // a key is always itself, whatever else claimed it
	}
	return sv
}

// leadingNumber is a heading's number as printed ("1. ", "１．", "2、"), after NFKC.
var leadingNumber = regexp.MustCompile(`^\d{1,3}\s*[.、]\s*`)

// normalizeSectionName folds a section name for comparison: NFKC (full-width digits and
// letters to half-width), lower case, the heading number and a trailing colon dropped, spaces
// collapsed (and dropped around Japanese, where typists put them anywhere).
func normalizeSectionName(s string) string {
	s = strings.ToLower(norm.NFKC.String(s))
	s = strings.Join(strings.Fields(s), " ")
	s = leadingNumber.ReplaceAllString(s, "")
	s = strings.TrimRight(s, ": ")
	if hasCJK(s) {
		s = strings.ReplaceAll(s, " ", "")
		s = strings.ReplaceAll(s, "/", " / ") // keep the bilingual label's separator as one form
	}
	return strings.TrimSpace(s)
}

// sectionResolution is one section value and the key it was taken for.
type sectionResolution struct {
	Given, Key string
	FromQuery  bool // a section: qualifier (else the section filter)
}

// resolve returns the key value names. With no sections known (an empty index) every value
// is taken as a key, as before there was a vocabulary.
func (sv *sectionVocab) resolve(value string) (string, error) {
	if sv == nil || len(sv.keys) == 0 {
		return strings.ToLower(strings.TrimSpace(value)), nil
	}
	n := normalizeSectionName(value)
	if key, ok := sv.names[n]; ok && key != "" {
		return key, nil
	}
	// A heading written another way that the parser reads as the same section (内政関係 for
	// 内政関連, "military and security"): the key the build would have given it.
	if key := archive.SectionKey(n); slices.Contains(sv.keys, key) {
		return key, nil
	}
	if key, ok := sv.prefix(n); ok {
		return key, nil
	}
	return "", sv.unknown(value, n)
}

// minSectionPrefix is the fewest characters a prefix of a section name may have.
const minSectionPrefix = 2

// prefix finds the one section whose key, or one of whose names, starts with n.
func (sv *sectionVocab) prefix(n string) (string, bool) {
	if utf8.RuneCountInString(n) < minSectionPrefix {
		return "", false
	}
	found := ""
	for name, key := range sv.names {
		if key == "" || !strings.HasPrefix(name, n) || key == found {
			continue
		}
		if found != "" {
			return "", false // ambiguous
		}
		found = key
	}
	return found, found != ""
}

// unknown is the 400 for a value that names no section: the closest section, if one is close,
// and every valid key with its title.
func (sv *sectionVocab) unknown(value, n string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "unknown section %q", value)
	if key := sv.closest(n); key != "" {
		fmt.Fprintf(&b, "; did you mean %s?", key)
	}
	b.WriteString(" The sections are: ")
	for i, key := range sv.keys {
		if i == maxListedSections {
			fmt.Fprintf(&b, ", and %d more", len(sv.keys)-i)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(key)
		if t := sv.titles[key]; t != "" && t != key {
			fmt.Fprintf(&b, " (%s)", t)
		}
	}
	return &RequestError{Msg: b.String()}
}

// maxListedSections keeps the message readable for an archive with many sections.
const maxListedSections = 40

// closest is the section with a name, a key or the start of a key within a small edit
// distance of n ("militry" -> military-security); "" when none is close.
func (sv *sectionVocab) closest(n string) string {
	nr := []rune(n)
	limit := max(1, len(nr)/3)
	best, bestD := "", limit+1
	consider := func(cand, key string) {
		if key == "" {
			return
		}
		if d := editDistance(nr, []rune(cand), bestD+1); d < bestD || d == bestD && key < best {
			best, bestD = key, d
		}
	}
	for name, key := range sv.names {
		consider(name, key)
		r := []rune(name)
		for l := max(1, len(nr)-1); l <= len(nr)+1 && l < len(r); l++ {
			consider(string(r[:l]), key) // a mistyped start of a longer name
		}
	}
	if bestD > limit {
		return ""
	}
	return best
}

// editDistance is the edit distance of a and b in runes (insertions, deletions,
// substitutions and swaps of two neighbours: "form" is one edit from "from"), or any value
// >= limit once it is known to reach limit.
func editDistance(a, b []rune, limit int) int {
	if d := len(a) - len(b); d >= limit || -d >= limit {
		return limit
	}
	rows := [3][]int{make([]int, len(b)+1), make([]int, len(b)+1), make([]int, len(b)+1)}
	for j := range rows[1] {
		rows[1][j] = j
	}
	for i := 1; i <= len(a); i++ {
		prev2, prev, cur := rows[0], rows[1], rows[2]
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= limit {
			return limit
		}
		rows = [3][]int{prev, cur, prev2}
	}
	return rows[1][len(b)]
}

// resolveSections replaces every section value of p, filters and section: qualifiers alike,
// by the key it names, and records what was resolved for the explanation.
func (sv *sectionVocab) resolveSections(p *plan) error {
	var keys []string
	for _, given := range p.filters.Sections {
		key, err := sv.resolve(given)
		if err != nil {
			return err
		}
		if !slices.Contains(keys, key) {
			keys = append(keys, key)
		}
		p.sections = append(p.sections, sectionResolution{Given: given, Key: key})
	}
	slices.Sort(keys)
	p.filters.Sections = keys
	for i := range p.query.clauses {
		for j := range p.query.clauses[i].alts {
			t := &p.query.clauses[i].alts[j]
			if t.kind != kindQualifier || t.key != qualSection {
				continue
			}
			key, err := sv.resolve(t.text)
			if err != nil {
				return err
			}
			p.sections = append(p.sections, sectionResolution{Given: t.text, Key: key, FromQuery: true})
			t.text = key
		}
	}
	return nil
}
