package entity

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Transliteration between katakana and Latin names. Japanese writes foreign names by sound, so
// バイラモフ and Bayramov meet only in a phonetic form: both are turned into a sequence of sound
// classes (consonants merged where Japanese merges them: l/r, b/v, s/sh) and compared by an edit
// distance in which the vowels Japanese inserts between consonants (the u of フ, the o of ト)
// cost little. The romanizer is tuned for the Russian, Turkic and Caucasian names of the archive:
// final -v written フ, -va written ヴァ, y written イ or エ.

// kanaRomaji is the Hepburn reading of a single katakana.
func kanaRomaji(r rune) (string, bool) {
	switch r {
	case 'ア':
		return "a", true
	case 'イ':
		return "i", true
	case 'ウ':
		return "u", true
	case 'エ':
		return "e", true
	case 'オ':
		return "o", true
	case 'カ':
		return "ka", true
	case 'キ':
		return "ki", true
	case 'ク':
		return "ku", true
	case 'ケ':
		return "ke", true
	case 'コ':
		return "ko", true
	case 'ガ':
		return "ga", true
	case 'ギ':
		return "gi", true
	case 'グ':
		return "gu", true
	case 'ゲ':
		return "ge", true
	case 'ゴ':
		return "go", true
	case 'サ':
		return "sa", true
	case 'シ':
		return "shi", true
	case 'ス':
		return "su", true
	case 'セ':
		return "se", true
	case 'ソ':
		return "so", true
	case 'ザ':
		return "za", true
	case 'ジ':
		return "ji", true
	case 'ズ':
		return "zu", true
	case 'ゼ':
		return "ze", true
	case 'ゾ':
		return "zo", true
	case 'タ':
		return "ta", true
	case 'チ':
		return "chi", true
	case 'ツ':
		return "tsu", true
	case 'テ':
		return "te", true
	case 'ト':
		return "to", true
	case 'ダ':
		return "da", true
	case 'ヂ':
		return "ji", true
	case 'ヅ':
		return "zu", true
	case 'デ':
		return "de", true
	case 'ド':
		return "do", true
	case 'ナ':
		return "na", true
	case 'ニ':
		return "ni", true
	case 'ヌ':
		return "nu", true
	case 'ネ':
		return "ne", true
	case 'ノ':
		return "no", true
	case 'ハ':
		return "ha", true
	case 'ヒ':
		return "hi", true
	case 'フ':
		return "fu", true
	case 'ヘ':
		return "he", true
	case 'ホ':
		return "ho", true
	case 'バ':
		return "ba", true
	case 'ビ':
		return "bi", true
	case 'ブ':
		return "bu", true
	case 'ベ':
		return "be", true
	case 'ボ':
		return "bo", true
	case 'パ':
		return "pa", true
	case 'ピ':
		return "pi", true
	case 'プ':
		return "pu", true
	case 'ペ':
		return "pe", true
	case 'ポ':
		return "po", true
	case 'マ':
		return "ma", true
	case 'ミ':
		return "mi", true
	case 'ム':
		return "mu", true
	case 'メ':
		return "me", true
	case 'モ':
		return "mo", true
	case 'ヤ':
		return "ya", true
	case 'ユ':
		return "yu", true
	case 'ヨ':
		return "yo", true
	case 'ラ':
		return "ra", true
	case 'リ':
		return "ri", true
	case 'ル':
		return "ru", true
	case 'レ':
		return "re", true
	case 'ロ':
		return "ro", true
	case 'ワ':
		return "wa", true
	case 'ヰ':
		return "i", true
	case 'ヱ':
		return "e", true
	case 'ヲ':
		return "o", true
	case 'ン':
		return "n", true
	case 'ヴ':
		return "vu", true
	}
	return "", false
}

// smallVowel is the vowel a small kana gives the consonant before it (ファ fa, ティ ti).
func smallVowel(r rune) (string, bool) {
	switch r {
	case 'ァ':
		return "a", true
	case 'ィ':
		return "i", true
	case 'ゥ':
		return "u", true
	case 'ェ':
		return "e", true
	case 'ォ':
		return "o", true
	case 'ャ':
		return "ya", true
	case 'ュ':
		return "yu", true
	case 'ョ':
		return "yo", true
	case 'ヮ':
		return "wa", true
	}
	return "", false
}

// Romanize writes katakana in Latin letters: バイラモフ → "bairamofu", ガファロヴァ → "gafarova",
// ジェイフン → "jeifun". Other characters pass through; the long-vowel mark and the
// gemination mark are dropped, since Latin spellings of these names do not show them.
func Romanize(s string) string {
	var b strings.Builder
	for _, u := range romanizeUnits(s) {
		b.WriteString(u.roma)
	}
	return b.String()
}

// kanaUnit is one syllable as written: a kana with its small kana, and whether a long-vowel mark
// follows it.
type kanaUnit struct {
	roma  string
	long  bool
	small bool // written with a small kana (シュ, ファ): its vowel is chosen, never inserted
}

func romanizeUnits(s string) []kanaUnit {
	var out []kanaUnit
	rs := []rune(norm.NFKC.String(s))
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch r {
		case 'ー':
			if len(out) > 0 {
				out[len(out)-1].long = true
			}
			continue
		case 'ッ':
			continue
		}
		base, ok := kanaRomaji(r)
		if !ok {
			if v, small := smallVowel(r); small {
				out = append(out, kanaUnit{roma: strings.TrimPrefix(v, "y")}) // a lone small kana
				continue
			}
			out = append(out, kanaUnit{roma: string(unicode.ToLower(r))})
			continue
		}
		if i+1 < len(rs) {
			if v, small := smallVowel(rs[i+1]); small {
				out = append(out, kanaUnit{roma: combine(base, v), small: true})
				i++
				continue
			}
		}
		out = append(out, kanaUnit{roma: base})
	}
	return out
}

// combine joins a kana's consonant with a small kana's vowel: フ+ァ → fa, シ+ャ → sha, キ+ャ → kya.
func combine(base, v string) string {
	cons := strings.TrimRight(base, "aiueo")
	switch base {
	case "u":
		cons = "w"
	case "i":
		cons = "y"
	}
	if strings.HasPrefix(v, "y") {
		if cons == "sh" || cons == "ch" || cons == "j" {
			return cons + v[1:]
		}
		if !strings.HasSuffix(base, "i") { // ファ-like use of ャ after a non-i kana
			return cons + v[1:]
		}
	}
	return cons + v
}
