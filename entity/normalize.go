package entity

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Key is the lookup form of a term: NFKC (so fullwidth "ＥＵ" and halfwidth katakana meet their
// usual forms), lower-case, dashes and the Japanese middle dot read as spaces, spaces collapsed.
// Japanese terms lose their spaces altogether, since Japanese is written without them and a
// user's "ナゴルノ カラバフ" means "ナゴルノ・カラバフ".
func Key(s string) string {
	if plainASCII(s) {
		return asciiLower(s) // the common case, a Latin word: no normalization needed
	}
	s = strings.ToLower(norm.NFKC.String(s))
	var b strings.Builder
	b.Grow(len(s))
	space, latin := false, false
	for _, r := range s {
		switch {
		case isDash(r) || r == '・' || r == '･' || unicode.IsSpace(r) || r == '_':
			space = b.Len() > 0
			continue
		case r == '’' || r == '‘' || r == 'ʼ':
			r = '\''
		}
		if r < 0x3000 && unicode.IsLetter(r) || unicode.IsDigit(r) {
			latin = true
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if !latin {
		return strings.ReplaceAll(b.String(), " ", "")
	}
	return b.String()
}

// Fold is Key without diacritics: "Güler", "Guler" and "GÜLER" share a fold. Azerbaijani and
// Turkish letters without a decomposition get their usual English transliteration (ə→a, ı→i),
// so that "Əliyev" meets "Aliyev". Kana voicing marks are not diacritics: バ is not ハ.
func Fold(s string) string { return fold(s) }

func fold(s string) string {
	k := Key(s)
	if isASCII(k) {
		return k
	}
	var b strings.Builder
	b.Grow(len(k))
	for _, r := range norm.NFD.String(k) {
		switch {
		case unicode.Is(unicode.Mn, r) && r != '\u3099' && r != '\u309a':
			continue
		case r == 'ə':
			r = 'a'
		case r == 'ı':
			r = 'i'
		case r == 'ł':
			r = 'l'
		case r == 'ø':
			r = 'o'
		case r == 'đ':
			r = 'd'
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// Slug is the URL name of an entity: its folded name with every run of other characters turned
// into one hyphen ("Yaşar Güler" → "yasar-guler"). Japanese letters are kept, so a name written
// only in Japanese still gets a usable slug.
func Slug(name string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range fold(name) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
			continue
		}
		hyphen = true
	}
	return b.String()
}

// plainASCII reports whether s is ASCII letters, digits, apostrophes, periods and single inner
// spaces only, which Key would only lower-case.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' && i > 0 && i+1 < len(s) && s[i+1] != ' ' {
			continue
		}
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '\'' || c == '.') {
			return false
		}
	}
	return s != ""
}

func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

func isDash(r rune) bool {
	switch r {
	case '-', '‐', '‑', '‒', '–', '—', '―', '−':
		return true
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// isJapanese reports whether r is kana or a CJK ideograph (the scripts of the Japanese fields).
func isJapanese(r rune) bool {
	if r < 0x3000 {
		return false
	}
	return unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) || r == 'ー' || r == '々'
}

func isKatakana(r rune) bool {
	if r < 0x3000 {
		return false
	}
	return unicode.Is(unicode.Katakana, r) && r != '・' && r != '･' || r == 'ー'
}

func hasJapanese(s string) bool {
	for _, r := range s {
		if isJapanese(r) {
			return true
		}
	}
	return false
}
