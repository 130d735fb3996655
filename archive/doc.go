// Package archive is the one place that understands the weekly briefing format.
//
// It parses a briefing from bytes (Parse) or a folder of briefings (LoadDir / LoadFS) into a
// Briefing with its Sections and Items. It knows nothing of the index or of HTTP: everything
// downstream (entity extraction, indexing, search, the web UI) works on these plain types.
//
// Bad input never panics and never hides good input: a file that is not a briefing is a
// *ParseError naming file, line and reason, and loading a folder returns every good briefing
// alongside the errors of the bad ones.
package archive
