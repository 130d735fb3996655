package archive

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
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
		{"too large", strings.Repeat("a", MaxFileSize+1), 0, "x.txt: file is 32.0 MiB (33554433 bytes), more than the 32 MiB a briefing may have"},
		// The audit's item: one 5 MB line. The file is refused with the item named; the
		// loader still indexes the rest of the archive (TestLoadSkipsAnItemTooLarge).
		{"an item of 5 MB", header + "1. 外政関連\n● 見出し\n\nHeadline\n\n" + strings.Repeat("word Bayramov ", 374_000) + "\n", 5,
			"x.txt:5: item 2026-05-16-01 has 5.0 MiB of text (5236020 bytes); an item may have at most 1 MiB (1048576 bytes)"},
		{"the second item too large", header + "● 一\n\nOne\n\nBody. (TREND / 16.05.2026)\n\n● 二\n\nTwo\n\n" +
			strings.Repeat("x", MaxItemText) + "\n", 10,
			"x.txt:10: item 2026-05-16-02 has 1.0 MiB of text (1048586 bytes); an item may have at most 1 MiB (1048576 bytes)"},
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

// An item may have up to MaxItemText of text; a briefing any number of items, whose ids
// sort in item order: two-digit ordinals up to 99 items, three digits from 100 on.
func TestParseAtTheLimits(t *testing.T) {
	const header = "タイトル\n2026年5月16日～5月22日\n在アゼルバイジャン大使館\n1. 外政関連\n"
	for _, c := range []struct {
		items       int
		first, last string
	}{{99, "2026-05-16-01", "2026-05-16-99"}, {100, "2026-05-16-001", "2026-05-16-100"}, {1200, "2026-05-16-0001", "2026-05-16-1200"}} {
		b, err := Parse("x.txt", []byte(header+strings.Repeat("● 見出し\nHeadline\nBody. (TREND / 16.05.2026)\n", c.items)))
		if err != nil || len(b.Items) != c.items || b.Items[0].ID != c.first || b.Items[c.items-1].ID != c.last {
			t.Fatalf("%d items: %v", c.items, err)
		}
		if !slices.IsSortedFunc(b.Items, func(a, b Item) int { return strings.Compare(a.ID, b.ID) }) {
			t.Errorf("%d items: ids do not sort in item order", c.items)
		}
	}
	var b *Briefing
	var err error
	// An item's text is its lines as written: "● 見出し" (13 bytes), "Headline" (8), the body.
	const attr = " (TREND / 16.05.2026)"
	for _, extra := range []int{0, 1} {
		body := strings.Repeat("y", MaxItemText-13-8-len(attr)+extra) + attr
		b, err = Parse("x.txt", []byte(header+"● 見出し\nHeadline\n"+body+"\n"))
		if extra == 0 && (err != nil || len(b.Items) != 1) {
			t.Errorf("an item of exactly %d bytes: %v", MaxItemText, err)
		}
		if extra == 1 && (err == nil || !strings.Contains(err.Error(), "has 1.0 MiB of text (1048577 bytes)")) {
			t.Errorf("an item of %d bytes: %v", MaxItemText+1, err)
		}
	}
}
