// Package index owns the on-disk search index: its schema, its analyzers and its lifecycle.
//
// The schema is code (NewMapping, and the Field* constants that search uses too). Japanese
// headlines are analyzed twice: by a kagome tokenizer of our own (morphological, for precision)
// and by bleve's cjk bigrams (for recall on substrings of compounds); English text gets stemming
// and stop words plus cjk bigrams, so Japanese quoted inside English text is still found.
//
// Every build writes a fresh generation directory and then atomically renames a "current"
// symlink onto it, so a crash or kill at any moment leaves the served generation whole:
//
//	<root>/current -> generations/<id>      the generation being served
//	<root>/generations/<id>/index/          the bleve (scorch) index
//	<root>/generations/<id>/meta.json       counts, months, build time; written last = complete
//	<root>/generations/<id>/briefings.json  briefing metadata and item ids, in order
//	<root>/generations/<id>/columns.gob     per document number: item id, date, facet values
//	<root>/generations/<id>/extra/<name>    files handed to Build (gazetteer, glossary snapshots)
//	<root>/build.lock                       held by the one build running
//
// The index is bleve's scorch with zap v17 segments. New segments are written by our own
// writer of that format (segment.go, registered as zap v17's plugin), which reads the compact
// tokens our text fields keep; zap opens, reads and merges them.
//
// Only this package writes to a bleve index. Readers open a generation read-only with a lock
// timeout, so an open never waits forever.
package index
