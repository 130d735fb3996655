package forms

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	xunicode "golang.org/x/text/encoding/unicode"

	"briefsearch/archive"
	"briefsearch/archive/forms/formstest"
	"briefsearch/archive/pdf"
	"briefsearch/bench/gen"
)

// texts are the briefings every form is made from: the real sample and synthetic weeks in all
// three headline layouts (bench/gen).
func texts(t *testing.T) map[string]string {
	t.Helper()
	sample, err := os.ReadFile("../briefings/2026-05-16.txt")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{"2026-05-16": string(sample)}
	files, err := gen.Files(gen.Options{Items: 60, Seed: 7,
		First: time.Date(2024, 12, 28, 0, 0, 0, 0, time.UTC), Last: time.Date(2025, 1, 11, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		out[strings.TrimSuffix(f.Name, ".txt")] = string(f.Data)
	}
	return out
}

// legacy is text as a Windows editor saving Shift_JIS (CP932) keeps it: the characters that
// encoding lacks (Türkiye's ü, the en dash) lost before any reader sees the file, the wave
// dash written as CP932's fullwidth tilde.
func legacy(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '〜' {
			return '～'
		}
		if _, err := japanese.ShiftJIS.NewEncoder().String(string(r)); err != nil {
			return '?'
		}
		return r
	}, s)
}

// TestSameItemsWhateverTheForm reads each briefing in every form it comes in, made by the
// programs that make them in the field, and holds each to the items of its text: same ids,
// headlines, sections, dates, sources, and body and note text (paragraph breaks aside).
func TestSameItemsWhateverTheForm(t *testing.T) {
	dir := t.TempDir()
	src := texts(t)
	type doc struct {
		name, form, path string
		legacy           bool // made from legacy(text)
	}
	var docs []doc
	var docxs []string
	for name, text := range src {
		txt := filepath.Join(dir, name+".txt")
		write := func(ext string, data []byte) string {
			p := filepath.Join(dir, "forms", name+ext)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
			return p
		}
		if err := os.WriteFile(txt, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		crlf := strings.ReplaceAll(text, "\n", "\r\n")
		docs = append(docs,
			doc{name, "markdown", write(".md", []byte(text)), false},
			doc{name, "shift_jis", write(".sjis.txt", mustEncode(t, japanese.ShiftJIS, legacy(crlf))), true},
			doc{name, "euc-jp", write(".eucjp.txt", mustEncode(t, japanese.EUCJP, legacy(text))), true},
			doc{name, "utf-16", write(".utf16.txt", mustEncode(t, xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM), crlf)), false},
		)
		docx := filepath.Join(dir, "pandoc", name+".docx")
		if err := os.MkdirAll(filepath.Dir(docx), 0o755); err != nil {
			t.Fatal(err)
		}
		formstest.DOCX(t, txt, docx)
		docxs = append(docxs, docx)
		docs = append(docs, doc{name, "pandoc docx", docx, false})
		html := filepath.Join(dir, "html", name+".html")
		if err := os.MkdirAll(filepath.Dir(html), 0o755); err != nil {
			t.Fatal(err)
		}
		formstest.HTML(t, txt, html)
		printed := filepath.Join(dir, "html", name+".pdf")
		formstest.ChromiumPDF(t, html, printed, true)
		docs = append(docs, doc{name, "chromium pdf", printed, false})
	}
	for _, p := range formstest.LibreOfficePDF(t, filepath.Join(dir, "libreoffice"), "", docxs...) {
		docs = append(docs, doc{strings.TrimSuffix(filepath.Base(p), ".pdf"), "libreoffice pdf", p, false})
	}
	for _, p := range formstest.LibreOfficeDOCX(t, filepath.Join(dir, "libreoffice-docx"), docxs...) {
		docs = append(docs, doc{strings.TrimSuffix(filepath.Base(p), ".docx"), "libreoffice docx", p, false})
	}

	r := NewReader(Options{PDF: pdf.Options{CacheDir: filepath.Join(os.TempDir(), "briefsearch-test-pdfium")}})
	defer r.Close()
	forms := map[string]bool{}
	for _, d := range docs {
		forms[d.form] = true
		text := src[d.name]
		if d.legacy {
			text = legacy(text)
		}
		want, err := archive.Parse(d.name+".txt", []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(d.path)
		if err != nil {
			t.Fatal(err)
		}
		got, _, err := r.Parse(context.Background(), d.path, data)
		if err != nil {
			t.Errorf("%s as %s: %v", d.name, d.form, err)
			continue
		}
		for _, diff := range sameItems(want, got) {
			t.Errorf("%s as %s: %s", d.name, d.form, diff)
		}
	}
	if len(forms) != 8 {
		t.Errorf("%d forms tested, want 8: %v", len(forms), forms)
	}
}

// sameItems lists how got differs from want, as a reader of the items would see it.
func sameItems(want, got *archive.Briefing) []string {
	var diffs []string
	if got.ID != want.ID || got.Title != want.Title || got.Issuer != want.Issuer || got.WeekEnd != want.WeekEnd {
		diffs = append(diffs, fmt.Sprintf("header %s %q %q %s, want %s %q %q %s", got.ID, got.Title, got.Issuer, got.WeekEnd, want.ID, want.Title, want.Issuer, want.WeekEnd))
	}
	if len(got.Items) != len(want.Items) {
		return append(diffs, fmt.Sprintf("%d items, want %d", len(got.Items), len(want.Items)))
	}
	for i, w := range want.Items {
		g := got.Items[i]
		for _, f := range []struct{ field, got, want string }{
			{"id", g.ID, w.ID},
			{"section", g.Section, w.Section},
			{"date", g.Date.String(), w.Date.String()},
			{"sources", fmt.Sprint(g.Sources), fmt.Sprint(w.Sources)},
			{"Japanese headline", g.HeadlineJA, w.HeadlineJA},
			{"English headline", g.HeadlineEN, w.HeadlineEN},
			{"body", flat(g.Body), flat(w.Body)},
			{"note", flat(g.Note), flat(w.Note)},
		} {
			if f.got != f.want {
				diffs = append(diffs, fmt.Sprintf("item %s %s\n   got %q\n  want %q", w.ID, f.field, around(f.got, f.want), around(f.want, f.got)))
			}
		}
	}
	return diffs
}

// flat is text with its paragraph breaks and line breaks as single spaces.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// around is s near where it first differs from other.
func around(s, other string) string {
	a, b := []rune(s), []rune(other)
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from, to := max(0, i-40), min(len(a), i+60)
	out := string(a[from:to])
	if from > 0 {
		out = "…" + out
	}
	if to < len(a) {
		out += "…"
	}
	return out
}

func mustEncode(t *testing.T, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
