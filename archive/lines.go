package archive

// Turning raw bytes into numbered, cleaned lines: the only place that deals with encodings,
// byte order marks and line endings, so every later step sees plain trimmed text.

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of a briefing. A real issue is a few dozen KB, but a large one converted from a PDF
// of many pages can reach 12 MB of ordinary items, and must not be refused for its size alone.
// What must be bounded is what one item costs downstream (the index keeps its text in one
// stored document, a search loads and highlights it), so the cap is per item, with a reason
// that names it; the file cap only keeps a stray file of another kind from exhausting
// memory: Parse allocates about five times a file's size (TestParseLargeFile).
const (
	MaxFileSize = 32 << 20 // bytes of one briefing file
	MaxItemText = 1 << 20  // bytes of one item's text: its headlines, body and note as written
)

// line is one line of a briefing.
type line struct {
	no    int    // 1-based, counted the way an editor counts (CRLF, LF or a lone CR end a line)
	text  string // trimmed of surrounding whitespace; markup kept (the headline layouts need it)
	plain string // text with markup removed: what every other rule reads
}

func newLine(no int, text string) line { return line{no: no, text: text, plain: stripMarkup(text)} }

// splitLines validates data as a text file and splits it into cleaned lines.
func splitLines(file string, data []byte) ([]line, *ParseError) {
	if len(data) > MaxFileSize {
		return nil, &ParseError{File: file, Reason: fmt.Sprintf("file is %s (%d bytes), more than the %s a briefing may have", mib(len(data)), len(data), mib(MaxFileSize))}
	}
	if !utf8.Valid(data) {
		off := firstInvalidUTF8(data)
		return nil, &ParseError{File: file, Line: lineOf(data, off), Reason: fmt.Sprintf("not UTF-8 text (byte 0x%02x at offset %d)", data[off], off)}
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return nil, &ParseError{File: file, Line: lineOf(data, i), Reason: "contains NUL bytes: a binary file, or UTF-16 text"}
	}
	text := strings.TrimPrefix(string(data), "\uFEFF")
	if strings.TrimFunc(text, isBlankRune) == "" {
		return nil, &ParseError{File: file, Reason: "empty file"}
	}
	var lines []line
	no := 1
	for len(text) > 0 {
		end := strings.IndexAny(text, "\r\n")
		if end < 0 {
			lines = append(lines, newLine(no, cleanLine(text)))
			break
		}
		lines = append(lines, newLine(no, cleanLine(text[:end])))
		next := end + 1
		if text[end] == '\r' && next < len(text) && text[next] == '\n' {
			next++
		}
		text = text[next:]
		no++
	}
	return lines, nil
}

// cleanLine trims a line and turns control characters (tabs, form feeds from PDF page
// breaks) into spaces; a zero-width no-break space (a BOM in the middle of a file after two
// files were concatenated) is dropped.
func cleanLine(s string) string {
	if strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7F || r == 0xFEFF }) {
		s = strings.Map(func(r rune) rune {
			switch {
			case r == 0xFEFF:
				return -1
			case r < 0x20 || r == 0x7F:
				return ' '
			}
			return r
		}, s)
	}
	return strings.TrimFunc(s, unicode.IsSpace)
}

func isBlankRune(r rune) bool { return unicode.IsSpace(r) || r == 0xFEFF }

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

// lineOf is the 1-based line number of byte offset off, counted as splitLines counts.
func lineOf(data []byte, off int) int {
	no := 1
	for i := 0; i < off && i < len(data); i++ {
		switch data[i] {
		case '\n':
			no++
		case '\r':
			if i+1 >= len(data) || data[i+1] != '\n' {
				no++
			}
		}
	}
	return no
}
