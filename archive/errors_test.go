package archive

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestParseErrors: a file that is not a briefing is a *ParseError naming file, line and reason.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		file string
		line int
		want string // the whole Error()
	}{
		{"empty.txt", 0, "testdata/bad/empty.txt: empty file"},
		{"blank.txt", 0, "testdata/bad/blank.txt: empty file"},
		{"not-utf8.txt", 3, "testdata/bad/not-utf8.txt:3: not UTF-8 text (byte 0xe9 at offset 55)"},
		{"utf16.txt", 1, "testdata/bad/utf16.txt:1: not UTF-8 text (byte 0xff at offset 0)"},
		{"nul.txt", 6, "testdata/bad/nul.txt:6: contains NUL bytes: a binary file, or UTF-16 text"},
		{"no-week.txt", 5, "testdata/bad/no-week.txt:5: no week range such as 2026年5月16日～5月22日 before the first section or item"},
		{"no-items.txt", 0, "testdata/bad/no-items.txt: no items: no line starts with ●"},
		{"not-a-briefing.txt", 0, "testdata/bad/not-a-briefing.txt: no items: no line starts with ●"},
		{"impossible-week.txt", 3, `testdata/bad/impossible-week.txt:3: week range "2026年2月30日～3月5日" has an impossible start date`},
		{"week-backwards.txt", 2, `testdata/bad/week-backwards.txt:2: week range "2026年5月22日～2026年5月16日" ends before it starts`},
		{"week-too-long.txt", 2, `testdata/bad/week-too-long.txt:2: week range "2026年5月16日～4月22日" spans 341 days; more than 31 is taken for a typo`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			file := filepath.ToSlash(filepath.Join("testdata", "bad", tt.file))
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			checkParseError(t, file, data, tt.line, tt.want)
		})
	}
}

// TestParseErrorsInline covers what is awkward to keep as a file.
func TestParseErrorsInline(t *testing.T) {
	const header = "タイトル\n2026年5月16日～5月22日\n在アゼルバイジャン大使館\n"
	tests := []struct {
		name string
		data string
		line int
		want string
	}{
		{"only a BOM and blank lines", "\uFEFF\r\n \r\n", 0, "x.txt: empty file"},
		{"header only", header, 0, "x.txt: no items: no line starts with ●"},
		{"week range after the first item", "タイトル\n\n● 見出し\n\n2026年5月16日～5月22日\n", 3,
			"x.txt:3: no week range such as 2026年5月16日～5月22日 before the first section or item"},
		{"impossible end date", "2026年5月26日～5月32日\n● 見出し\n", 1, `x.txt:1: week range "2026年5月26日～5月32日" has an impossible end date`},
		{"invalid UTF-8 after CRLF lines", "a\r\nb\r\n\xff\r\n", 3, "x.txt:3: not UTF-8 text (byte 0xff at offset 6)"},
		{"invalid UTF-8 after lone CR lines", "a\rb\r\xc3(", 3, "x.txt:3: not UTF-8 text (byte 0xc3 at offset 4)"},
		{"too large", strings.Repeat("a", MaxFileSize+1), 0, "x.txt: file is 8388609 bytes, more than the 8388608 a briefing may have"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkParseError(t, "x.txt", []byte(tt.data), tt.line, tt.want)
		})
	}
}

func checkParseError(t *testing.T, file string, data []byte, line int, want string) {
	t.Helper()
	b, err := Parse(file, data)
	if b != nil {
		t.Errorf("got a briefing along with the error")
	}
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T) is not a *ParseError", err, err)
	}
	if pe.File != file || pe.Line != line || err.Error() != want {
		t.Errorf("error\n got  %q (file %q line %d)\n want %q (line %d)", err, pe.File, pe.Line, want, line)
	}
}

// TestLineEndingsDoNotMatter: CRLF, a BOM, trailing spaces and a missing final newline give
// the same briefing as the plain file, for every good file.
func TestLineEndingsDoNotMatter(t *testing.T) {
	for _, file := range goodFiles(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			want := parseFile(t, file)
			data, _ := os.ReadFile(file)
			lines := strings.Split(strings.ReplaceAll(strings.TrimPrefix(string(data), "\uFEFF"), "\r\n", "\n"), "\n")
			for i := range lines {
				lines[i] = strings.TrimRight(lines[i], " ") + " \t"
			}
			variants := map[string]string{
				"CRLF+BOM+trailing": "\uFEFF" + strings.Join(lines, "\r\n"),
				"no final newline":  strings.TrimRight(string(data), "\r\n"),
				"lone CR":           strings.ReplaceAll(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n", "\r"),
			}
			for name, v := range variants {
				got, err := Parse(file, []byte(v))
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				got.Hash, want.Hash = "", ""
				if a, b := string(marshalGolden(t, got)), string(marshalGolden(t, want)); a != b {
					t.Errorf("%s: differs from the plain file:\n%s", name, firstDiff(a, b))
				}
			}
		})
	}
}
