// Package search answers typed requests over an index generation: the one way the CLI, the
// JSON API and the HTML UI query briefings.
//
// User text never reaches bleve's query-string parser (it exposes regexps, wildcards and every
// field). Queries are parsed by a small grammar of our own (parse.go): words (all must match),
// "quoted phrases", -excluded terms, OR between terms, word* prefixes of at least three
// characters with a capped expansion, and section:, source:, person:, org:, place:, month:,
// from: and to: qualifiers. Each term is analyzed exactly as each field it targets is, and
// Japanese text is matched both as kagome morphemes and as a phrase of cjk bigrams.
//
// A query is compiled to bleve's query types, but bleve only walks it when it must (a prefix
// of more than ten words, a minimum-match disjunction). Otherwise tree.go answers it matches
// first and scores last: the exact match comes from the postings' bitmaps (total and facets),
// and only the documents whose score bound can reach the page are scored, with bleve's own
// arithmetic, so the answer is bleve's to the last bit (TestTreeAnswersAsBleve). The bounds use
// what the build derives for each generation: the glossary groups' matches (topics.go) and the
// frequent terms' highest impacts and every document's norms (impacts.go).
//
// Every stage of a search (collecting, loading the page's items, locating and highlighting
// them) checks the request's context and runs under Options.Timeout, and none costs more for a
// huge item than for an ordinary one but the reading of its stored text: highlights look at a
// window of each field (highlight.go), and locations are read for the page's items alone
// (locate.go).
//
// A Searcher serves one generation at a time and swaps in a newer one atomically (Reload);
// the old one is closed once the searches using it have finished. No bleve type leaves this
// package: callers see Request, Result and the error kinds of api.go.
package search
