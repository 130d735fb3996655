// Package forms reads briefings in every form they come in, and whole archive folders of
// them, into archive.Briefing values.
//
// A briefing arrives as a PDF (the form embassies publish), a Word .docx file, a Markdown
// copy or plain text in UTF-8, UTF-16 or a Japanese legacy encoding (Shift_JIS/CP932 from
// Windows, EUC-JP, ISO-2022-JP). Each form is turned into briefing text and parsed by the one
// parser, archive.Parse, so a week reads as the same items whatever its form:
//
//   - sniff.go: what a file is, from its first bytes rather than its name;
//   - decode.go: text encodings;
//   - markdown.go: the little Markdown a copy may carry (# headings, \ escapes, links);
//   - reader.go: one file's bytes to a briefing (PDF through package pdf, DOCX through
//     package docx);
//   - scan.go: an archive folder, recursively, as researchers keep it (year folders, hidden
//     files, symbolic links, files that are not briefings);
//   - load.go: scanning and reading a whole folder on every core, choosing one file per week
//     when a week comes in two forms.
//
// Every file that cannot be read is an *archive.ParseError naming the file (and the line, in
// the text it gave, when one line is to blame) and the reason; the rest is still read.
package forms
