// Package bench holds briefsearch's benchmarks (issue 6): Go benchmarks of parsing, index
// building and the query mix over a synthetic archive (bench/gen), and the comparison against
// SQLite FTS5 and Xapian (compare.sh, peers/, cmd/). See README.md for how to run them.
package bench
