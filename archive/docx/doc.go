// Package docx turns a Word document (.docx) into briefing text, so that the one briefing
// parser (archive.Parse) reads a briefing whether it arrived as text or as Word.
//
// Text returns the body as plain lines with a blank line between paragraphs, which is the
// briefing format. What carries meaning in that format is kept: bold runs become **…** (the
// headline layouts depend on it), list numbers and bullets are printed as Word prints them
// (pandoc turns a "1. 軍事・治安関係" heading into a numbered list), and line breaks stay line
// breaks. Everything else about the look of the document is dropped.
//
// Only the main document part is read, plus the styles and numbering it refers to: headers and
// footers are never read, so running headers do not enter the text. Deleted text (tracked
// changes), field codes, ruby readings, the placeholder of an empty content control and the
// fallback copies of alternate content are left out; the text of tables, content controls,
// fields and text boxes is kept in document order (a text box after the paragraph holding it).
//
// Two simplifications of Word's own rules, chosen for predictability: a run is bold by the
// first of its own w:b, its character style, its paragraph style and the document defaults
// that says anything (Word toggles bold when two styles both set it), and list counters are
// kept per w:num (Word continues a list across w:num elements that share an abstract
// numbering without overrides). Neither matters for the briefings pandoc and LibreOffice write.
//
// The package reads untrusted files. Parts are decompressed as a stream and capped
// (MaxDocumentSize, MaxStylesSize) whatever the zip claims, the XML is read with a streaming
// decoder that never builds a tree, nesting is bounded, and bad input is an error that says
// what is wrong, never a panic.
//
//   - docx.go: Text, the zip package, its relationships and the size caps;
//   - xml.go: the streaming reader shared by every part (namespaces, depth, errors);
//   - body.go: the walk over document.xml;
//   - para.go: a paragraph's text, its bold spans and line breaks;
//   - styles.go: bold and numbering inherited from styles;
//   - numbering.go: list definitions and their counters;
//   - numfmt.go: numbers as Word prints them (1, ①, iv, ア, …) and symbol-font bullets.
package docx
