// Package queryset reads bench/queries.txt, the benchmark's fixed researcher queries with
// their translations for the peer engines (the Python peers read the same file).
package queryset

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
)

// Query is one block of the file.
type Query struct {
	ID     string
	Mode   string // "search" or "browse"
	What   string
	BS     string            // briefsearch query string
	Fields map[string]string // every key as written, including the peers' translations
}

// Browse reports whether the query has no free text (newest first in every engine).
func (q Query) Browse() bool { return q.Mode == "browse" }

// Load reads the file at path.
func Load(path string) ([]Query, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	qs, err := Parse(f)
	if err != nil {
		return nil, fmt.Errorf("%s:%w", path, err)
	}
	return qs, nil
}

// Parse reads blocks of "[id]" followed by "key: value" lines; '#' starts a comment line.
func Parse(r io.Reader) ([]Query, error) {
	var qs []Query
	sc := bufio.NewScanner(r)
	for no := 1; sc.Scan(); no++ {
		line := strings.TrimRight(sc.Text(), " \t")
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "" || strings.HasPrefix(trimmed, "#"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			qs = append(qs, Query{ID: line[1 : len(line)-1], Mode: "search", Fields: map[string]string{}})
		default:
			key, value, ok := strings.Cut(line, ":")
			if !ok || len(qs) == 0 {
				return nil, fmt.Errorf("%d: expected [id] or key: value, got %q", no, line)
			}
			q := &qs[len(qs)-1]
			key, value = strings.TrimSpace(key), strings.TrimSpace(value)
			q.Fields[key] = value
			switch key {
			case "mode":
				if value != "search" && value != "browse" {
					return nil, fmt.Errorf("%d: mode %q, want search or browse", no, value)
				}
				q.Mode = value
			case "what":
				q.What = value
			case "bs":
				q.BS = value
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, q := range qs {
		if seen[q.ID] {
			return nil, fmt.Errorf(" query %s appears twice", q.ID)
		}
		seen[q.ID] = true
		if _, ok := q.Fields["bs"]; !ok {
			return nil, fmt.Errorf(" query %s has no bs: line", q.ID)
		}
	}
	return qs, nil
}
