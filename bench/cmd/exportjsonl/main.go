// Command exportjsonl turns a briefing archive, parsed and annotated with entities as
// `briefsearch index` does, into the JSON lines that the peer engines
// (bench/peers) index, one item a line, so that every engine in a comparison reads exactly the
// items briefsearch's parser produced:
//
//	go run ./bench/cmd/exportjsonl -archive bench/out/archive-20k -out bench/out/items-20k.jsonl
//
// Any file the parser rejects fails the export: a comparison over different items is void.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"briefsearch/archive/forms"
	"briefsearch/bench/pipeline"
	"briefsearch/index"
)

// Item is one line: the item as parsed, with its briefing and the keyword fields the peers
// filter and count on.
type Item struct {
	ID            string   `json:"id"`
	BriefingID    string   `json:"briefing_id"`
	Ordinal       int      `json:"ordinal"`
	Section       string   `json:"section"`
	Date          string   `json:"date"`  // YYYY-MM-DD
	Month         string   `json:"month"` // YYYY-MM, as index.Month
	Sources       []string `json:"sources"`
	HeadlineJA    string   `json:"headline_ja"`
	HeadlineEN    string   `json:"headline_en"`
	Body          string   `json:"body"`
	Note          string   `json:"note"`
	Persons       []string `json:"persons"`
	Organizations []string `json:"organizations"`
	Places        []string `json:"places"`
}

func main() {
	dir := flag.String("archive", "", "folder of briefings (required)")
	out := flag.String("out", "-", "output file, - for stdout")
	gazetteer := flag.String("gazetteer", pipeline.Gazetteer, "gazetteer to annotate with; empty = no entities")
	glossary := flag.String("glossary", pipeline.Glossary, "glossary to annotate with")
	flag.Parse()
	if err := run(*dir, *out, *gazetteer, *glossary); err != nil {
		fmt.Fprintln(os.Stderr, "exportjsonl:", err)
		os.Exit(1)
	}
}

func run(dir, out, gazetteer, glossary string) error {
	if dir == "" {
		return fmt.Errorf("-archive is required")
	}
	res, err := forms.LoadDir(context.Background(), dir)
	if err != nil {
		return err
	}
	briefings := res.Briefings
	for _, err := range res.Rejected {
		fmt.Fprintln(os.Stderr, err)
	}
	if len(res.Rejected) > 0 {
		return fmt.Errorf("%d files rejected", len(res.Rejected))
	}
	if gazetteer != "" {
		// The entities `briefsearch index` would give the items, so every engine can filter
		// and count on the same persons, organizations and places.
		if _, err := pipeline.Annotate(briefings, gazetteer, glossary); err != nil {
			return err
		}
	}
	f := os.Stdout
	if out != "-" {
		var err error
		if f, err = os.Create(out); err != nil {
			return err
		}
		defer f.Close()
	}
	w := bufio.NewWriterSize(f, 1<<20)
	enc := json.NewEncoder(w)
	n := 0
	for _, b := range briefings {
		for _, it := range b.Items {
			line := Item{
				ID: it.ID, BriefingID: b.ID, Ordinal: it.Ordinal, Section: it.Section,
				Date: it.Date.String(), Month: index.Month(it.Date), HeadlineJA: it.HeadlineJA,
				HeadlineEN: it.HeadlineEN, Body: it.Body, Note: it.Note,
				Sources: []string{}, Persons: []string{}, Organizations: []string{}, Places: []string{},
			}
			for _, s := range it.Sources {
				line.Sources = append(line.Sources, s.Name)
			}
			if e := it.Entities; e != nil {
				line.Persons, line.Organizations, line.Places = e.Persons, e.Organizations, e.Places
			}
			if err := enc.Encode(line); err != nil {
				return err
			}
			n++
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "exported %d items from %d briefings\n", n, len(briefings))
	return nil
}
