// Package pdf reads the text of a briefing published as PDF, as briefing text that
// archive.Parse reads like any other form.
//
// Extraction runs PDFium, compiled to WebAssembly and run in process (go-pdfium with wazero):
// nothing to install, the same engine browsers use, and every character comes with its box,
// its font and whether PDFium generated it for a gap. The text is then laid out again here,
// by rules of page layout rather than of one producer:
//
//   - engine.go: the PDFium instances (started on first use, compiled once and cached on
//     disk), one document at a time per instance, cancelled with its context;
//   - layout.go: characters to lines (by position, so the reading order does not depend on
//     the order a producer wrote them in), words and the spaces between them;
//   - furniture.go: running headers, footers and page numbers, which are not text;
//   - paragraphs.go: where paragraphs end, from vertical gaps, font size and whether the next
//     line's first word would have fitted on the line before, and which runs are bold
//     (written as **bold**, as the briefing text marks its headline layouts).
//
// A page with images but no text is a scan: the document is refused with ErrNoTextLayer
// rather than indexed as an empty or partial briefing. An encrypted document is refused with
// ErrEncrypted.
package pdf
