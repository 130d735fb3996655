package forms

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	xunicode "golang.org/x/text/encoding/unicode"
)

func encode(t *testing.T, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Every encoding a Japanese briefing is saved in on Windows or Unix reads back as the text.
func TestDecodeText(t *testing.T) {
	sample, err := os.ReadFile("../briefings/2026-05-16.txt")
	if err != nil {
		t.Fatal(err)
	}
	// What a Windows editor could save: the characters Shift_JIS and EUC-JP have (Türkiye's
	// ü and the en dash of "2026–2028" they lack).
	text := strings.Map(func(r rune) rune {
		for _, enc := range []encoding.Encoding{japanese.ShiftJIS, japanese.EUCJP} {
			if _, err := enc.NewEncoder().String(string(r)); err != nil {
				return '?'
			}
		}
		return r
	}, string(sample))
	if text == string(sample) {
		t.Fatal("setup: the sample has no character outside Shift_JIS; the filter is untested")
	}
	crlf := strings.ReplaceAll(text, "\n", "\r\n")
	for _, tt := range []struct {
		name, enc string
		data      []byte
	}{
		{"utf-8", encUTF8, []byte(text)},
		{"shift_jis with CRLF", encShiftJIS, encode(t, japanese.ShiftJIS, crlf)},
		{"shift_jis ending in an old editor's end-of-file mark", encShiftJIS, append(encode(t, japanese.ShiftJIS, text), 0x1A)},
		{"euc-jp", encEUCJP, encode(t, japanese.EUCJP, text)},
		{"iso-2022-jp", encISO2022JP, encode(t, japanese.ISO2022JP, text)},
		{"utf-16le with BOM", encUTF16LE, encode(t, xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM), crlf)},
		{"utf-16be with BOM", encUTF16BE, encode(t, xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM), text)},
		{"utf-16le without BOM", encUTF16LE, encode(t, xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), text)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, enc, err := decodeText(tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if enc != tt.enc {
				t.Errorf("read as %s, want %s", enc, tt.enc)
			}
			if want := strings.ReplaceAll(text, "\n", ""); strings.Trim(strings.ReplaceAll(strings.ReplaceAll(got, "\r", ""), "\n", ""), "\x1a") != want {
				t.Error("the decoded text differs from the sample")
			}
		})
	}
}

func TestDecodeRefuses(t *testing.T) {
	for _, tt := range []struct {
		name, want string
		line       int
		data       []byte
	}{
		// UTF-8 with one Latin-1 byte: broken, not a legacy encoding.
		{"stray byte in UTF-8", "not UTF-8 text (byte 0xe9 at offset 28)", 2, []byte("アゼルバイジャン\nCaf\xe9 news\n")},
		// Latin-1 text is not Japanese in any encoding.
		{"latin-1", "not text in UTF-8, UTF-16, Shift_JIS or EUC-JP (byte 0xe9 at offset 3)", 1, []byte("Caf\xe9 cr\xe8me br\xfbl\xe9e\n")},
		{"binary", "not text in UTF-8, UTF-16, Shift_JIS or EUC-JP (byte 0x89 at offset 0)", 1, append([]byte{0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a}, bytes.Repeat([]byte{0xff, 0xd8, 0x01, 0x80}, 40)...)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := decodeText(tt.data)
			de, ok := err.(*decodeError)
			if !ok || de.reason != tt.want || de.line != tt.line {
				t.Errorf("error %#v, want %q at line %d", err, tt.want, tt.line)
			}
		})
	}
}
