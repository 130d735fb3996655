package docx_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"briefsearch/archive/docx"
)

// FuzzText: no input panics, and what Text returns is either an error alone or well-formed
// text. raw is fuzzed as a whole file (the zip layer); body, styles and numbering are fuzzed
// as XML inside a valid zip, where the mutations reach the WordprocessingML reader. Seeds: every
// rule case of the tests; testdata/fuzz/FuzzText keeps any crasher found as a regression.
func FuzzText(f *testing.F) {
	f.Add(docxOf(f, p(r("x")), "", ""), "", "", "")
	f.Add([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, p(r("a"), b("b")), boldStyles, outline)
	for _, cases := range [][]textCase{paragraphCases, boldCases, listCases, containerCases} {
		for _, tc := range cases {
			f.Add([]byte(nil), tc.body, tc.styles, tc.numbering)
		}
	}
	f.Fuzz(func(t *testing.T, raw []byte, body, styles, numbering string) {
		checkFuzzed(t, raw, "")
		checkFuzzed(t, docxOf(t, body, styles, numbering), body)
	})
}

func checkFuzzed(t *testing.T, data []byte, body string) {
	text, err := docx.Text(data)
	if err != nil {
		if text != "" || err.Error() == "" {
			t.Fatalf("error %q with text %q", err, text)
		}
		return
	}
	if !utf8.ValidString(text) {
		t.Fatalf("text is not UTF-8: %q", text)
	}
	if text != "" && (!strings.HasSuffix(text, "\n") || strings.HasPrefix(text, "\n")) {
		t.Fatalf("text does not run from its first line to a final newline: %q", text)
	}
	if body != "" && !strings.Contains(body, "*") {
		// Without stars in the document every ** is a marker, and markers come in pairs on a line.
		for _, line := range strings.Split(text, "\n") {
			if strings.Count(line, "**")%2 != 0 {
				t.Fatalf("unbalanced ** in %q", line)
			}
		}
	}
}
