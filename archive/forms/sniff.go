package forms

import (
	"bytes"
	"path"
	"strings"
)

// Form is the kind of file a briefing came in.
type Form string

// The forms a briefing is read from.
const (
	FormText     Form = "text"
	FormMarkdown Form = "markdown"
	FormDOCX     Form = "docx"
	FormPDF      Form = "pdf"
)

// rank orders the forms of one week, best first: text is the briefing exactly as written;
// DOCX keeps its paragraphs and bold runs; a PDF has to be laid out again.
func (f Form) rank() int {
	switch f {
	case FormText, FormMarkdown:
		return 0
	case FormDOCX:
		return 1
	}
	return 2
}

// formByName is the form a file name claims, or "" for a name that is not a briefing's.
// Legacy Word (.doc) counts as a briefing's name, so that it is reported rather than ignored.
func formByName(name string) (Form, bool) {
	switch strings.ToLower(path.Ext(name)) {
	case ".txt", ".text":
		return FormText, true
	case ".md", ".markdown":
		return FormMarkdown, true
	case ".docx", ".doc":
		return FormDOCX, true
	case ".pdf":
		return FormPDF, true
	}
	return "", false
}

// IsBriefingName reports whether a file name has the extension of a briefing form.
func IsBriefingName(name string) bool {
	_, ok := formByName(name)
	return ok
}

var (
	magicPDF = []byte("%PDF-")
	magicZip = []byte("PK\x03\x04")
	magicOLE = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	magicRTF = []byte(`{\rtf`)
)

// sniff tells a file's form from its content; the name only decides between text and
// Markdown, which look alike. reason is set for content that is no briefing form at all.
func sniff(name string, data []byte) (form Form, reason string) {
	head := data[:min(len(data), 1024)]
	switch {
	case bytes.Contains(head, magicPDF):
		return FormPDF, ""
	case bytes.HasPrefix(data, magicZip):
		return FormDOCX, ""
	case bytes.HasPrefix(data, magicOLE):
		if bytes.Contains(data[:min(len(data), 1<<20)], utf16le("EncryptedPackage")) {
			return "", "a password-protected Word document: save it without a password, as .docx or PDF"
		}
		return "", "a Word 97-2003 (.doc) or other legacy Office file: save it as .docx or PDF"
	case bytes.HasPrefix(data, magicRTF):
		return "", "an RTF file: save it as .docx, PDF or text"
	}
	if f, _ := formByName(name); f == FormMarkdown {
		return FormMarkdown, ""
	}
	return FormText, ""
}

func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return b
}
