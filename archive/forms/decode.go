package forms

// Text encodings. Briefings saved on Windows in Japan are often Shift_JIS (CP932) or UTF-16
// with a byte order mark; older Unix copies may be EUC-JP or ISO-2022-JP (JIS). UTF-8 is
// taken as it is; anything else is decoded when exactly one candidate encoding reads the
// whole file without an error and yields Japanese text.

import (
	"bytes"
	"errors"
	"fmt"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Encoding names, as reported.
const (
	encUTF8      = "UTF-8"
	encUTF16LE   = "UTF-16LE"
	encUTF16BE   = "UTF-16BE"
	encShiftJIS  = "Shift_JIS"
	encEUCJP     = "EUC-JP"
	encISO2022JP = "ISO-2022-JP"
)

// decodeText returns data as UTF-8 text and the name of the encoding it was in.
func decodeText(data []byte) (string, string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return decodeWith(data, xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM), encUTF16LE)
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return decodeWith(data, xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM), encUTF16BE)
	case utf8.Valid(data):
		if bytes.Contains(data, []byte("\x1b$B")) || bytes.Contains(data, []byte("\x1b$@")) {
			return decodeWith(data, japanese.ISO2022JP, encISO2022JP)
		}
		if e := utf16WithoutBOM(data); e != "" {
			return decodeWith(data, xunicode.UTF16(endianOf(e), xunicode.IgnoreBOM), e)
		}
		return string(data), encUTF8, nil
	}
	if e := utf16WithoutBOM(data); e != "" {
		return decodeWith(data, xunicode.UTF16(endianOf(e), xunicode.IgnoreBOM), e)
	}
	off := firstInvalidUTF8(data)
	if mostlyUTF8(data) {
		// UTF-8 with a stray byte from another encoding: a broken file, not a legacy one.
		return "", "", &decodeError{line: lineOf(data, off), reason: fmt.Sprintf("not UTF-8 text (byte 0x%02x at offset %d)", data[off], off)}
	}
	type candidate struct {
		text, name string
		score      int
	}
	var best *candidate
	for _, c := range []struct {
		enc  encoding.Encoding
		name string
	}{{japanese.ShiftJIS, encShiftJIS}, {japanese.EUCJP, encEUCJP}} {
		text, _, err := decodeWith(data, c.enc, c.name)
		if err != nil {
			continue
		}
		if s := japaneseScore(text); s > 0 && (best == nil || s > best.score) {
			best = &candidate{text, c.name, s}
		}
	}
	if best == nil {
		return "", "", &decodeError{line: lineOf(data, off),
			reason: fmt.Sprintf("not text in UTF-8, UTF-16, Shift_JIS or EUC-JP (byte 0x%02x at offset %d)", data[off], off)}
	}
	return best.text, best.name, nil
}

var errReplacement = errors.New("undecodable bytes")

// decodeWith decodes data strictly: a byte sequence the encoding cannot map is an error,
// not a replacement character.
func decodeWith(data []byte, enc encoding.Encoding, name string) (string, string, error) {
	out, _, err := transform.Bytes(enc.NewDecoder(), data)
	if err != nil {
		return "", "", fmt.Errorf("not valid %s text: %w", name, err)
	}
	if bytes.ContainsRune(out, utf8.RuneError) && !bytes.ContainsRune(data, utf8.RuneError) {
		return "", "", fmt.Errorf("not valid %s text: %w", name, errReplacement)
	}
	return string(bytes.TrimPrefix(out, []byte("\uFEFF"))), name, nil
}

// utf16WithoutBOM recognizes UTF-16 text written without a byte order mark by its zero
// bytes: ASCII characters (line ends, digits, the Latin of the English text) leave one zero
// byte per character, all at even or all at odd offsets.
func utf16WithoutBOM(data []byte) string {
	n := min(len(data), 4096) &^ 1
	if n < 8 {
		return ""
	}
	even, odd := 0, 0
	for i := 0; i < n; i += 2 {
		if data[i] == 0 {
			even++
		}
		if data[i+1] == 0 {
			odd++
		}
	}
	pairs := n / 2
	switch {
	case odd*4 >= pairs && even*20 < pairs:
		return encUTF16LE
	case even*4 >= pairs && odd*20 < pairs:
		return encUTF16BE
	}
	return ""
}

func endianOf(name string) xunicode.Endianness {
	if name == encUTF16BE {
		return xunicode.BigEndian
	}
	return xunicode.LittleEndian
}

// japaneseScore counts kana and kanji, or is 0 for a decoding that does not read as Japanese
// text: more than a stray control character (an old editor's end-of-file mark), private-use
// characters, no hiragana at all (Japanese prose is full of it; bytes of another encoding
// decode to kanji, not to hiragana), or many halfwidth katakana (what Latin-1 accented letters
// become in Shift_JIS).
func japaneseScore(s string) int {
	score, hiragana, halfwidth, controls, all := 0, 0, 0, 0, 0
	for _, r := range s {
		all++
		switch {
		case r == '\t' || r == '\n' || r == '\r':
		case r < 0x20 || r >= 0x7F && r < 0xA0:
			controls++
		case r >= 0xE000 && r <= 0xF8FF:
			return 0
		case r >= 0xFF61 && r <= 0xFF9F:
			halfwidth++
		case unicode.Is(unicode.Hiragana, r):
			hiragana++
			score++
		case isJapanese(r):
			score++
		}
	}
	if hiragana == 0 || 10*halfwidth > score || 100*controls > all {
		return 0
	}
	return score
}

// decodeError says why a file is not text, and on which line.
type decodeError struct {
	line   int
	reason string
}

func (e *decodeError) Error() string { return e.reason }

// mostlyUTF8 reports whether data's non-ASCII bytes are mostly valid UTF-8 sequences.
func mostlyUTF8(data []byte) bool {
	valid, invalid := 0, 0
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			invalid++
		case size > 1:
			valid++
		}
		i += size
	}
	return valid > invalid
}

// lineOf is the 1-based line of byte offset off.
func lineOf(data []byte, off int) int {
	return bytes.Count(data[:off], []byte("\n")) + 1
}

func isJapanese(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}

// firstInvalidUTF8 is the offset of the first byte that is not valid UTF-8.
func firstInvalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return 0
}
