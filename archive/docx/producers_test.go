package docx_test

// Real producers: the sample briefing made into a .docx by pandoc and by LibreOffice comes back
// with what the parser reads it by: the headings, the ● lines and the bold spans. That it then
// parses into the sample's items is archive/forms's TestSameItemsWhateverTheForm.

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"briefsearch/archive/docx"
	"briefsearch/archive/forms/formstest"
)

const samplePath = "../briefings/2026-05-16.txt"

func TestProducers(t *testing.T) {
	sample, err := os.ReadFile(samplePath)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	fromPandoc := filepath.Join(dir, "pandoc.docx")
	formstest.DOCX(t, samplePath, fromPandoc)
	fromLibreOffice := formstest.LibreOfficeDOCX(t, filepath.Join(dir, "libreoffice"), fromPandoc)[0]
	for _, tc := range []struct{ name, file string }{{"pandoc", fromPandoc}, {"LibreOffice", fromLibreOffice}} {
		t.Run(tc.name, func(t *testing.T) {
			data, err := os.ReadFile(tc.file)
			if err != nil {
				t.Fatal(err)
			}
			text, err := docx.Text(data)
			if err != nil {
				t.Fatal(err)
			}
			checkMarkup(t, string(sample), text)
		})
	}
}

var boldSpan = regexp.MustCompile(`\*\*[^*]+\*\*`)

// checkMarkup checks what the parser depends on, line by line: the section headings, the ●
// lines (a wrapped headline comes back joined, so the sample's line must start the text's),
// and the bold spans.
func checkMarkup(t *testing.T, sample, text string) {
	t.Helper()
	lines := strings.Split(text, "\n")
	for _, h := range []string{"1. 軍事・治安関係", "2. 内政関連", "3. 外政関連"} {
		if !slices.Contains(lines, h) {
			t.Errorf("no heading line %q", h)
		}
	}
	var want, got []string
	for _, l := range strings.Split(sample, "\n") {
		if strings.HasPrefix(l, "●") {
			want = append(want, l)
		}
	}
	for _, l := range lines {
		if strings.HasPrefix(l, "●") {
			got = append(got, l)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d ● lines, want %d", len(got), len(want))
	}
	for i := range min(len(got), len(want)) {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("● line %d is %q, want it to start with %q", i+1, got[i], want[i])
		}
	}
	if got, want := boldSpan.FindAllString(text, -1), boldSpan.FindAllString(sample, -1); !slices.Equal(got, want) || len(want) == 0 {
		t.Errorf("bold spans %q, want %q", got, want)
	}
}
