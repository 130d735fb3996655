package entity

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// phonetic turns a Latin spelling (as printed, or as Romanize writes it) into sound classes:
// consonants as capital letters, vowels as a e i o u.
func phonetic(s string) string {
	s = strings.ToLower(s)
	var pre strings.Builder
	for _, r := range s {
		switch r {
		case 'ç':
			pre.WriteString("ch")
		case 'ş', 'ș':
			pre.WriteString("sh")
		case 'ğ':
		case 'ı':
			pre.WriteByte('i')
		case 'ə':
			pre.WriteByte('a')
		default:
			pre.WriteRune(r)
		}
	}
	var plain []byte
	for _, r := range norm.NFD.String(pre.String()) {
		if r < 0x80 && (r >= 'a' && r <= 'z') {
			plain = append(plain, byte(r))
		}
	}
	var out []byte
	emit := func(c byte) {
		if len(out) > 0 && out[len(out)-1] == c {
			return // doubled letters are one sound: Mammadov
		}
		out = append(out, c)
	}
	for i := 0; i < len(plain); i++ {
		c := plain[i]
		next := byte(0)
		if i+1 < len(plain) {
			next = plain[i+1]
		}
		two := string(plain[i:min(i+2, len(plain))])
		switch {
		case two == "kh":
			emit('H')
			i++
		case two == "gh":
			emit('G')
			i++
		case two == "zh", two == "dj":
			emit('J')
			i++
		case two == "sh":
			emit('S')
			i++
		case two == "ch", two == "ts":
			emit('C')
			i++
		case two == "th":
			emit('T')
			i++
		case two == "ph":
			emit('F')
			i++
		case two == "ck":
			emit('K')
			i++
		case c == 'c':
			if next == 'e' || next == 'i' {
				emit('S')
			} else {
				emit('K')
			}
		case c == 'q':
			emit('K')
		case c == 'x':
			emit('K')
			emit('S')
		case c == 'y':
			// a glide between vowels is not written in katakana: Aliyev is アリエフ
			if i > 0 && strings.IndexByte("aeiou", plain[i-1]) >= 0 && strings.IndexByte("aeiou", next) >= 0 {
				continue
			}
			emit('i')
		case c == 'w':
			emit('u')
		case c == 'v':
			emit('B')
		case c == 'l':
			emit('R')
		case c == 'j':
			emit('J')
		case strings.IndexByte("aeiou", c) >= 0:
			emit(c)
		default:
			emit(c - 'a' + 'A')
		}
	}
	return string(out)
}

// kanaPhonetic is the phonetic form of a katakana word, without the vowels katakana adds after
// a consonant that Latin writes bare: the u of フ, ク, ス (Bayramov → バイラモフ), the o of ト
// and ド (Mahmood → マフムード), a final i of チ (Genç → ゲンチ). A vowel lengthened by ー is
// real (プーチン, Putin) and stays.
func kanaPhonetic(s string) string {
	units := romanizeUnits(s)
	var b strings.Builder
	for i, u := range units {
		r := u.roma
		last := i+1 == len(units)
		beforeConsonant := last || !strings.ContainsAny(units[i+1].roma[:1], "aiueo")
		if !u.long && !u.small && beforeConsonant && len(r) > 1 {
			switch {
			case strings.HasSuffix(r, "u") && !strings.ContainsAny(r[len(r)-2:len(r)-1], "aiueoy"):
				r = r[:len(r)-1]
			case r == "to" || r == "do":
				r = r[:1]
			case r == "chi" && last:
				r = "ch"
			}
		}
		b.WriteString(r)
	}
	return phonetic(b.String())
}

// nearCost is the price of reading one consonant class as another: pairs Japanese spelling
// confuses (フ for both f and v/h, チ for ti, ジ for zi) are cheap.
func nearCost(a, b byte) float64 {
	if a > b {
		a, b = b, a
	}
	switch string([]byte{a, b}) {
	case "BF":
		return 0.25 // the final -v of Russian names is フ
	case "FH", "CT", "JZ", "SZ", "CS", "BP", "KG", "DT", "MN", "HK", "GH", "CJ", "JS":
		return 0.4
	}
	return 1
}

func isVowelByte(c byte) bool { return c >= 'a' && c <= 'z' }

// phoneticDistance is a weighted edit distance between two phonetic forms, divided by the number
// of consonants of the longer: 0 for the same sounds, about 0.1 for バイラモフ / Bayramov.
func phoneticDistance(a, b string) float64 {
	const vowelEdit, vowelSwap = 0.35, 0.3
	ins := func(c byte) float64 {
		switch {
		case c == 'u':
			return vowelEdit / 2 // the vowel katakana inserts most
		case isVowelByte(c):
			return vowelEdit
		}
		return 1
	}
	var buf [2][48]float64 // names are short: no allocation in the common case
	prev, cur := buf[0][:0], buf[1][:0]
	if len(b)+1 > len(buf[0]) {
		prev, cur = make([]float64, 0, len(b)+1), make([]float64, 0, len(b)+1)
	}
	prev, cur = prev[:len(b)+1], cur[:len(b)+1]
	for j := 1; j <= len(b); j++ {
		prev[j] = prev[j-1] + ins(b[j-1])
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = prev[0] + ins(a[i-1])
		for j := 1; j <= len(b); j++ {
			x, y := a[i-1], b[j-1]
			sub := 0.0
			switch {
			case x == y:
			case isVowelByte(x) && isVowelByte(y):
				sub = vowelSwap
			case isVowelByte(x) || isVowelByte(y):
				sub = 1.2
			default:
				sub = nearCost(x, y)
			}
			cur[j] = min(prev[j-1]+sub, prev[j]+ins(x), cur[j-1]+ins(y))
		}
		prev, cur = cur, prev
	}
	n := max(consonants(a), consonants(b), 2)
	return prev[len(b)] / float64(n)
}

func consonants(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if !isVowelByte(s[i]) {
			n++
		}
	}
	return n
}

// sameName is the threshold for a transliteration match, measured on the pairs in
// romanize_test.go: true pairs stay below 0.25, different names of the region above 0.4.
const sameName = 0.3

// kanaName is a Latin name in phonetic form, for katakana query terms.
type kanaName struct {
	sound      string
	consonants int
	ent        int
}

// addKana records the phonetic forms of an entity's Latin names: the full name, and for a
// person the surname, since Japanese headlines name people by surname (アリエフ大統領).
func (lx *Lexicon) addKana(e Entity, i int) {
	for _, a := range append([]string{e.Name}, e.Aliases...) {
		if hasJapanese(a) || !isLetters(a) {
			continue
		}
		words := strings.Fields(a)
		forms := []string{phonetic(strings.Join(words, ""))}
		if e.Type == Person && len(words) > 1 {
			forms = append(forms, phonetic(words[len(words)-1]))
		}
		for _, f := range forms {
			lx.kana = append(lx.kana, kanaName{sound: f, consonants: consonants(f), ent: i})
		}
	}
}

// kanaLookup finds the one entity whose Latin name sounds like the katakana word k.
func (lx *Lexicon) kanaLookup(k string) int {
	if len([]rune(k)) < 3 {
		return -1
	}
	snd := kanaPhonetic(k)
	cs := consonants(snd)
	best, bestD, second := -1, 1.0, 1.0
	for _, kn := range lx.kana {
		// each consonant one side lacks costs 1: a cheap bound skips most names
		if diff := abs(cs - kn.consonants); float64(diff)/float64(max(cs, kn.consonants, 2)) > second {
			continue
		}
		d := phoneticDistance(snd, kn.sound)
		switch {
		case kn.ent == best:
			bestD = min(bestD, d)
		case d < bestD:
			best, second, bestD = kn.ent, bestD, d
		case d < second:
			second = d
		}
	}
	if best < 0 || bestD > sameName || second-bestD < 0.1 {
		return -1
	}
	return best
}

func isLetters(s string) bool {
	for _, r := range s {
		if !(unicode.IsLetter(r) || r == ' ' || r == '-' || r == '\'') {
			return false
		}
	}
	return true
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
