// Package web is briefsearch's HTTP face: a versioned JSON API under /api/v1, a small
// server-rendered bilingual HTML UI, health and Prometheus endpoints, and the middleware that
// keeps them safe to expose (timeouts are the http.Server's; limits, rate limiting, security
// headers and panic recovery are here).
//
// It is thin on purpose: handlers parse a request into a search.Request, call the index
// through the small interfaces declared in index.go, and render. All user errors go through
// one error handler (errors.go) that maps error kinds to status codes and never shows
// internal error text. Indexing never happens here; the server only reads.
package web
