// Package breakit is the audit that tried to break briefsearch, kept as a suite so that what
// held keeps holding. Every scenario drives the built binary as a user or an attacker would:
// real processes, real files, real signals, real HTTP on loopback. Nothing here is imported.
//
//	go test ./breakit                 the short form (CI): each scenario a few times
//	scripts/breakit --long            the full counts (50 kills, c=256 for 20 s, 10-minute
//	                                  fuzzing of the query parser and the HTTP handlers) and
//	                                  the results table for the README
//
// Each scenario records what held, how often, how long it took and the server's peak RSS;
// the table is printed at the end (and written to $BREAKIT_REPORT when set).
package breakit
