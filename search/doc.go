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
