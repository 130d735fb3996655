package entity

import (
	"fmt"
	"os"
	"strings"
	"unicode/utf8"
)

// Lexicon is a parsed gazetteer and glossary with the lookup tables built from them. It is
// immutable and safe for concurrent use.
type Lexicon struct {
	entities []Entity
	groups   []Group
	rules    *rules

	bySlug   map[string]int
	byFold   map[string]int // fold of every name and alias
	surname  map[string]int // last Latin word of a person's name; -1 when two people share it
	synonyms map[string]int // Key of every glossary term -> group
	latin    *latinNode     // Latin aliases as word sequences
	japanese map[rune][]jaAlias
	kana     []kanaName // Latin names in phonetic form, for katakana look-ups
}

// Load reads the gazetteer and glossary files. An empty path means an empty file.
func Load(gazetteerPath, glossaryPath string) (*Lexicon, error) {
	read := func(path string) ([]byte, error) {
		if path == "" {
			return nil, nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("entity: %w", err)
		}
		return b, nil
	}
	gz, err := read(gazetteerPath)
	if err != nil {
		return nil, err
	}
	gl, err := read(glossaryPath)
	if err != nil {
		return nil, err
	}
	return ParseFiles(gazetteerPath, gz, glossaryPath, gl)
}

// Parse builds a Lexicon from the two YAML documents; errors name "gazetteer" or "glossary" and
// the line. Both may be empty: an empty Lexicon still extracts entities by its rules.
func Parse(gazetteerYAML, glossaryYAML []byte) (*Lexicon, error) {
	return ParseFiles("gazetteer", gazetteerYAML, "glossary", glossaryYAML)
}

// ParseFiles is Parse with the names errors should give the two documents: a caller that reads
// the files itself (to snapshot the same bytes it parsed) still gets "path:line:" errors.
func ParseFiles(gzName string, gz []byte, glName string, gl []byte) (*Lexicon, error) {
	if gzName == "" {
		gzName = "gazetteer"
	}
	if glName == "" {
		glName = "glossary"
	}
	ents, err := parseGazetteer(gzName, gz)
	if err != nil {
		return nil, fmt.Errorf("entity: %w", err)
	}
	groups, err := parseGlossary(glName, gl)
	if err != nil {
		return nil, fmt.Errorf("entity: %w", err)
	}
	return build(ents, groups), nil
}

func build(ents []Entity, groups []Group) *Lexicon {
	lx := &Lexicon{
		entities: ents,
		groups:   groups,
		rules:    newRules(),
		bySlug:   map[string]int{},
		byFold:   map[string]int{},
		surname:  map[string]int{},
		synonyms: map[string]int{},
		latin:    newLatinNode(),
		japanese: map[rune][]jaAlias{},
	}
	for i, e := range ents {
		lx.bySlug[e.Slug] = i
		for _, a := range append([]string{e.Name}, e.Aliases...) {
			lx.byFold[fold(a)] = i
			if hasJapanese(a) {
				lx.addJapanese(a, i)
			} else {
				lx.addLatin(a, i)
			}
		}
		if e.Type == Person {
			if w := strings.Fields(Key(e.Name)); len(w) > 1 && !hasJapanese(e.Name) {
				last := fold(w[len(w)-1])
				if _, dup := lx.surname[last]; dup {
					lx.surname[last] = -1
				} else {
					lx.surname[last] = i
				}
			}
		}
		lx.addKana(e, i)
	}
	for _, list := range lx.japanese {
		sortJapanese(list)
	}
	for g, grp := range groups {
		for _, t := range grp.Terms {
			lx.synonyms[Key(t)] = g
		}
	}
	return lx
}

// Entities returns every gazetteer entity in file order.
func (lx *Lexicon) Entities() []Entity {
	return append([]Entity(nil), lx.entities...)
}

// BySlug returns the entity with that slug.
func (lx *Lexicon) BySlug(slug string) (Entity, bool) {
	i, ok := lx.bySlug[slug]
	if !ok {
		return Entity{}, false
	}
	return lx.entities[i], true
}

// Names returns every name of the entity whose canonical name is canonical: the name, then
// its aliases in both scripts. Nil when the gazetteer has no such entity.
func (lx *Lexicon) Names(canonical string) []string {
	i := lx.lookup(canonical)
	if i < 0 || lx.entities[i].Name != canonical {
		return nil
	}
	e := lx.entities[i]
	return append([]string{e.Name}, e.Aliases...)
}

// Groups returns the glossary groups in file order.
func (lx *Lexicon) Groups() []Group {
	return append([]Group(nil), lx.groups...)
}

// Entity returns the canonical entity a query term names (search.Lexicon). The term may be any
// alias in either script, in any case or width, with or without a job title ("FM Bayramov",
// "バイラモフ外相"); a katakana name the gazetteer lacks is matched by transliteration
// ("グテーレス" → "António Guterres"), and a Latin surname shared by no other gazetteer person
// names that person.
func (lx *Lexicon) Entity(term string) (typ, canonical string, ok bool) {
	if utf8.RuneCountInString(term) > 200 {
		return "", "", false
	}
	i := lx.lookup(term)
	if i < 0 {
		return "", "", false
	}
	e := lx.entities[i]
	return string(e.Type), e.Name, true
}

func (lx *Lexicon) lookup(term string) int {
	k := fold(term)
	if k == "" {
		return -1
	}
	if i, ok := lx.byFold[k]; ok {
		return i
	}
	k = lx.stripTitles(k)
	if i, ok := lx.byFold[k]; ok {
		return i
	}
	if i, ok := lx.surname[k]; ok && i >= 0 {
		return i
	}
	if isKatakanaWord(k) {
		return lx.kanaLookup(k)
	}
	return -1
}

// stripTitles removes job titles around a folded name: "fm bayramov" → "bayramov",
// "バイラモフ外相" → "バイラモフ".
func (lx *Lexicon) stripTitles(k string) string {
	if hasJapanese(k) {
		for _, t := range lx.rules.jaTitles {
			if strings.HasSuffix(k, t) && len(k) > len(t) {
				return strings.TrimPrefix(strings.TrimSuffix(k, t), "駐")
			}
		}
		return k
	}
	w := strings.Fields(k)
	for len(w) > 1 && (lx.rules.titles[w[0]] || lx.rules.connectors[w[0]] || lx.rules.ordinals[w[0]] || w[0] == "foreign" || w[0] == "defense" || w[0] == "first") {
		w = w[1:]
	}
	return strings.Join(w, " ")
}

// Synonyms returns the glossary terms equivalent to term, without term itself (search.Lexicon).
func (lx *Lexicon) Synonyms(term string) []string {
	k := Key(term)
	g, ok := lx.synonyms[k]
	if !ok {
		return nil
	}
	var out []string
	for _, t := range lx.groups[g].Terms {
		if Key(t) != k {
			out = append(out, t)
		}
	}
	return out
}
