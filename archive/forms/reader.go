package forms

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

	"briefsearch/archive"
	"briefsearch/archive/docx"
	"briefsearch/archive/pdf"
)

// DefaultMaxFileSize bounds a briefing file before it is read: a weekly PDF with its fonts
// embedded is a few MB; the bound keeps a stray disk image from exhausting memory.
const DefaultMaxFileSize = 64 << 20

// Options configure a Reader.
type Options struct {
	PDF         pdf.Options // the PDF engine: how many documents at once, its code cache
	MaxFileSize int64       // larger files are refused unread; 0 = DefaultMaxFileSize
}

// Reader reads briefing files of every form. It is safe for concurrent use; its PDF engine
// starts on the first PDF. Close it when done.
type Reader struct {
	pdf     *pdf.Engine
	maxSize int64
}

// NewReader returns a Reader.
func NewReader(opts Options) *Reader {
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	return &Reader{pdf: pdf.NewEngine(opts.PDF), maxSize: opts.MaxFileSize}
}

// Close stops the PDF engine.
func (r *Reader) Close() error { return r.pdf.Close() }

// StartPDF starts the PDF engine now (see pdf.Engine.Start).
func (r *Reader) StartPDF() error { return r.pdf.Start() }

// MaxFileSize is the largest file the reader accepts.
func (r *Reader) MaxFileSize() int64 { return r.maxSize }

// Text returns the briefing text of a file's content and the form it was in (told from the
// content, not from name, which only names the file in errors). A file that cannot be read
// as a briefing gives an *archive.ParseError; a cancelled ctx gives ctx's error.
func (r *Reader) Text(ctx context.Context, name string, data []byte) (string, Form, error) {
	if int64(len(data)) > r.maxSize {
		return "", "", &archive.ParseError{File: name, Reason: fmt.Sprintf("file is %d bytes, more than the %d a briefing may have", len(data), r.maxSize)}
	}
	form, reason := sniff(name, data)
	if reason != "" {
		return "", "", &archive.ParseError{File: name, Reason: reason}
	}
	var text string
	var err error
	switch form {
	case FormPDF:
		text, err = r.pdf.Text(ctx, data)
		if ctx.Err() != nil {
			return "", "", ctx.Err()
		}
	case FormDOCX:
		text, err = docx.Text(data)
	default:
		text, _, err = decodeText(data)
		if err == nil && form == FormMarkdown {
			text = markdownText(text)
		}
	}
	if err != nil {
		pe := &archive.ParseError{File: name, Reason: err.Error()}
		var de *decodeError
		if errors.As(err, &de) {
			pe.Line = de.line
		}
		return "", "", pe
	}
	return text, form, nil
}

// Parse reads one file's content into a briefing. Its Hash is the hash of the file as
// stored, whatever its form, so that a changed file is a changed briefing.
func (r *Reader) Parse(ctx context.Context, name string, data []byte) (*archive.Briefing, Form, error) {
	text, form, err := r.Text(ctx, name, data)
	if err != nil {
		return nil, "", err
	}
	b, err := archive.Parse(name, []byte(text))
	if err != nil {
		return nil, "", err
	}
	sum := sha256.Sum256(data)
	b.Hash = "sha256:" + hex.EncodeToString(sum[:])
	if claimed, ok := formByName(name); ok && claimed.rank() != form.rank() {
		b.Warnings = append(b.Warnings, fmt.Sprintf("%s: read as %s: its content is not what its name says", name, form))
	}
	return b, form, nil
}

// IsRejection reports whether err says a file is not a readable briefing (the file is to be
// reported and skipped), as opposed to the reading being cancelled.
func IsRejection(err error) bool {
	var pe *archive.ParseError
	return errors.As(err, &pe)
}
