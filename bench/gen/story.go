package gen

import (
	"fmt"
	"strings"
)

// story is the text of one generated item before layout: a headline in each language and the
// body paragraphs (without the source attribution, which the renderer appends).
type story struct {
	ja, en     string
	paragraphs []string
	note       string
}

// storyMaker writes one kind of item.
type storyMaker struct {
	section string
	w       int
	make    func(s *scene) story
}

// scene is what a story may draw on: the random stream and the item's date.
type scene struct {
	r       *rng
	year    int
	usedCtx map[int]bool // background sentences already in this item
}

func (s *scene) country() country { return weightedCountries.pick(s.r) }

// countryWithLeader picks a partner whose leader the texts name.
func (s *scene) countryWithLeader() country {
	for {
		if c := s.country(); c.leader != "" {
			return c
		}
	}
}

// otherCountry picks a partner other than not.
func (s *scene) otherCountry(not string) country {
	for {
		if c := s.country(); c.en != not {
			return c
		}
	}
}

func (s *scene) org() org         { return weightedOrgs.pick(s.r) }
func (s *scene) place() place     { return weightedPlaces.pick(s.r) }
func (s *scene) liberated() place { return weightedLiberated.pick(s.r) }

func (s *scene) field() (en, ja string) {
	f := pick(s.r, fields)
	return f.en, f.ja
}

// fields3 lists three distinct fields of cooperation: "energy, transport and trade".
func (s *scene) fields3() string {
	seen := map[string]bool{}
	var out []string
	for len(out) < 3 {
		f, _ := s.field()
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out[0] + ", " + out[1] + " and " + out[2]
}

// minor invents a person of the long tail: "Tural Mammadov", with the family name's katakana.
func (s *scene) minor() (name, ja string) {
	g := pick(s.r, givenNames)
	f := pick(s.r, familyNames)
	en := f.en
	if strings.HasSuffix(g, "a") || g == "Aynur" || g == "Sevinj" || g == "Aysel" || g == "Gunel" || g == "Narmin" || g == "Aytan" || g == "Konul" || g == "Lala" {
		en += "a" // Mammadova
		ja = strings.TrimSuffix(f.ja, "フ") + "ヴァ"
		return g + " " + en, ja
	}
	return g + " " + en, f.ja
}

// number formats n with thousands separators: 270,000.
func number(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func ordinalEN(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprint(n) + suffix
}

var monthsEN = []string{"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"}

// contextParagraph adds the background that real items carry after their news: cooperation,
// connectivity, the peace process. Sentences are drawn from the section's pool, none twice in an
// item; it returns "" when the pool is used up.
func (s *scene) contextParagraph(section string) string {
	pool := contextSentences[section]
	if s.usedCtx == nil {
		s.usedCtx = map[int]bool{}
	}
	var out []string
	for n := s.r.between(2, 4); len(out) < n && len(s.usedCtx) < len(pool); {
		i := s.r.intn(len(pool))
		if s.usedCtx[i] {
			continue
		}
		s.usedCtx[i] = true
		out = append(out, pool[i](s))
	}
	return strings.Join(out, " ")
}
