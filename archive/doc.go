// Package archive is the one place that understands the weekly briefing format.
//
// It parses a briefing from bytes (Parse) or a folder of briefings (LoadDir / LoadFS) into a
// Briefing with its Sections and Items. It knows nothing of the index or of HTTP: everything
// downstream (entity extraction, indexing, search, the web UI) works on these plain types.
//
// Bad input never panics and never hides good input: a file that is not a briefing is a
// *ParseError naming file, line and reason, and loading a folder returns every good briefing
// alongside the errors of the bad ones. A briefing past a limit (a file over MaxFileSize, an
// item over MaxItemText) is such a file, refused with the limit and the item named. What is
// odd but readable (an item without a source attribution, a header line not understood) is
// kept and reported in Briefing.Warnings.
//
// The parser reads by the general rules of the format, never by the layout of one file:
//
//   - lines.go: bytes to numbered lines (UTF-8 check, BOM, CRLF or CR, trailing spaces);
//   - parse.go: the walk over header, numbered section headings, ● items and END;
//   - header.go: title, subtitle, issuer and the week range (～ 〜 ~ -, end year optional,
//     New Year crossing);
//   - section.go: heading lines and their canonical keys (SectionKey);
//   - headline.go: the Japanese and English headlines in their three layouts, wrapped or not;
//   - body.go: hard-wrapped paragraphs, page breaks, attribution and NOTE paragraphs;
//   - source.go: "(NAME / DD.MM.YYYY; …)" attributions;
//   - load.go: folders and fs.FS.
package archive
