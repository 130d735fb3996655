package main

import "fmt"

// QueryRun is one query's answers and timings, as the peers report them.
type QueryRun struct {
	ID     string                    `json:"id"`
	Mode   string                    `json:"mode"`
	Total  uint64                    `json:"total"`
	Top    []string                  `json:"top"`
	Facets map[string]map[string]int `json:"facets"`
	US     []float64                 `json:"us"`
}

func runQuery(args []string) error {
	return fmt.Errorf("query: the search package has not landed yet")
}
