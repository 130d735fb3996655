package forms

import (
	"strings"
	"testing"
)

func TestSniff(t *testing.T) {
	for _, tt := range []struct {
		name, file string
		data       string
		form       Form
		reason     string
	}{
		{"pdf", "a.pdf", "%PDF-1.7\n...", FormPDF, ""},
		{"pdf named .txt", "a.txt", "%PDF-1.4\n...", FormPDF, ""},
		{"pdf after junk", "a.pdf", "\r\n\r\n%PDF-1.4", FormPDF, ""},
		{"docx", "a.docx", "PK\x03\x04rest", FormDOCX, ""},
		{"text named .pdf", "a.pdf", "アゼルバイジャン", FormText, ""},
		{"markdown", "a.md", "# title", FormMarkdown, ""},
		{"legacy word", "a.doc", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 rest", "", "a Word 97-2003 (.doc) or other legacy Office file: save it as .docx or PDF"},
		{"encrypted docx", "a.docx", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + string(utf16le("EncryptedPackage")), "", "a password-protected Word document: save it without a password, as .docx or PDF"},
		{"rtf", "a.rtf", `{\rtf1\ansi`, "", "an RTF file: save it as .docx, PDF or text"},
	} {
		form, reason := sniff(tt.file, []byte(tt.data))
		if form != tt.form || reason != tt.reason {
			t.Errorf("%s: %q %q, want %q %q", tt.name, form, reason, tt.form, tt.reason)
		}
	}
}

func TestMarkdownText(t *testing.T) {
	in := "# アゼルバイジャン政治・治安情報 #\n\n1\\. 軍事・治安関係\n\n● **見出し**\nSee [the report](https://example.org/x \"t\") here\\\nand more\n"
	want := "アゼルバイジャン政治・治安情報\n\n1. 軍事・治安関係\n\n● **見出し**\nSee the report here\nand more\n"
	if got := markdownText(in); got != want {
		t.Errorf("markdownText\n got %q\nwant %q", got, want)
	}
	if n := strings.Count(markdownText(in), "\n"); n != strings.Count(in, "\n") {
		t.Errorf("lines %d, want %d: a line number must mean the same line", n, strings.Count(in, "\n"))
	}
}
