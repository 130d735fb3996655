package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"briefsearch/archive"
	"briefsearch/search"
)

func newSearchCmd() *cobra.Command {
	var (
		req        search.Request
		from, to   string
		asJSON     bool
		facetNames []string
		size       int
		highlight  bool
	)
	cmd := &cobra.Command{
		Use:   "search [QUERY]...",
		Short: "Search the index and print the matching items",
		Long: `Search prints the items matching QUERY (several words are joined), most relevant first;
without a QUERY it browses, newest first. The query language: words (all must match),
"quoted phrases", -excluded, OR between terms, prefix* (3+ characters), and the qualifiers
section:KEY source:NAME person:NAME org:NAME place:NAME month:YYYY-MM from:DATE to:DATE.
Repeat a filter flag to accept any of its values. --json prints the result as the HTTP API
serves it.`,
		Example: `  briefsearch search Bayramov
  briefsearch search '"Middle Corridor"' --from 2026-05-01 --sort -date
  briefsearch search Bayramov --from 2018 --to 2019      # 2018-01-01 to 2019-12-31
  briefsearch search 地雷除去 --section foreign --json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(cmd)
			if err != nil {
				return err
			}
			req.Query = strings.Join(args, " ")
			if err := dateFlags(from, to, &req.Filters); err != nil {
				return err
			}
			if cmd.Flags().Changed("facet") {
				// The API's facets parameter, read by the same parser: name or name:N.
				if req.Facets, err = search.ParseFacets(facetNames...); err != nil {
					return err
				}
			}
			// As the API's size: 0 is the total and facets only.
			if req.Size, err = search.ParseSize(strconv.Itoa(size)); err != nil {
				return err
			}
			req.NoHighlights = !highlight // as the API's highlight=false
			return runSearch(cmd.Context(), cfg, req, asJSON, cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.StringSliceVar(&req.Filters.Sections, "section", nil, "section key, or its title as printed, or a start of a key: foreign, 外政関連, mil (repeatable)")
	f.StringSliceVar(&req.Filters.Sources, "source", nil, "source as printed, any case (repeatable)")
	f.StringSliceVar(&req.Filters.Persons, "person", nil, "person's canonical name (repeatable)")
	f.StringSliceVar(&req.Filters.Organizations, "org", nil, "organization's canonical name (repeatable)")
	f.StringSliceVar(&req.Filters.Places, "place", nil, "place's canonical name (repeatable)")
	f.StringSliceVar(&req.Filters.Months, "month", nil, "month YYYY-MM (repeatable)")
	f.StringVar(&from, "from", "", "first day: YYYY-MM-DD, or a month YYYY-MM or year YYYY from its first day")
	f.StringVar(&to, "to", "", "last day: YYYY-MM-DD, or a month YYYY-MM or year YYYY to its last day")
	f.StringVar(&req.Sort, "sort", "", "relevance, date or -date (default: relevance with a query, else -date)")
	f.IntVar(&req.Page, "page", 1, "page number")
	f.IntVar(&size, "size", search.DefaultSize, fmt.Sprintf("results per page (at most %d; 0: the total and facets only)", search.MaxSize))
	f.StringVar(&req.After, "after", "", "continue after this cursor (the next value of a --json result)")
	f.StringSliceVar(&facetNames, "facet", nil, "facets to count, NAME or NAME:N values, repeatable or a comma list (default: all with 10 values; --facet= for none)")
	f.BoolVar(&highlight, "highlight", true, "highlight the matches (--highlight=false: hits without highlights, a cheaper search)")
	f.BoolVar(&asJSON, "json", false, "print the result as JSON")
	return cmd
}

// dateFlags reads --from and --to into f: a day, or a month or year from its first day (from)
// or to its last (to).
func dateFlags(from, to string, f *search.Filters) error {
	for _, d := range []struct {
		flag, value string
		into        *archive.Date
	}{{"--from", from, &f.From}, {"--to", to, &f.To}} {
		if d.value == "" {
			continue
		}
		var err error
		if *d.into, err = search.ParseBound(d.value, d.flag == "--to"); err != nil {
			return fmt.Errorf("%s: %w", d.flag, err)
		}
	}
	return nil
}

// printJSON writes v indented, as the API's JSON, readable in a terminal: HTML characters
// are not escaped again (highlight fragments are escaped already).
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// runSearch answers req from the index cfg names and writes the result to w.
func runSearch(ctx context.Context, cfg Config, req search.Request, asJSON bool, w io.Writer) error {
	if req.After != "" && req.Page == 1 {
		req.Page = 0 // the flag's default, not a request for page 1
	}
	s, err := openSearcher(cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := s.Search(ctx, req)
	if err != nil {
		return err
	}
	if asJSON {
		// What GET /api/v1/search serves for the same request, field for field (one type).
		return printJSON(w, search.NewResponse(req, res, s.Corpus()))
	}
	return writeResult(w, res)
}

// openSearcher opens the current generation read-only, as the server does.
func openSearcher(cfg Config) (*search.Searcher, error) {
	s, err := search.Open(searchOptions(cfg))
	if errors.Is(err, search.ErrNoIndex) {
		return nil, fmt.Errorf("no index in %s yet: run briefsearch index first", cfg.Index)
	}
	return s, err
}

// writeResult prints a result for a person: one block per hit, then the facets.
func writeResult(w io.Writer, res *search.Result) error {
	ew := &errWriter{w: w}
	switch {
	case res.Total == 0:
		ew.printf("no items match %q\n", res.Query.Text)
	case res.Size == 0:
		ew.printf("%s (counted only: --size 0)\n", itemsMatch(res.Total))
	case res.Page > 0:
		first := (res.Page-1)*res.Size + 1
		ew.printf("%s; %d-%d, sorted by %s (%.1f ms)\n", itemsMatch(res.Total), first, first+len(res.Hits)-1, res.Query.Sort, res.TookMS)
	default:
		ew.printf("%s; %d shown after the cursor, sorted by %s (%.1f ms)\n", itemsMatch(res.Total), len(res.Hits), res.Query.Sort, res.TookMS)
	}
	for _, e := range res.Query.Expansions {
		ew.printf("  also searched: %s -> %s\n", e.Term, strings.Join(e.Into, ", "))
	}
	for _, w := range res.Query.Warnings {
		ew.printf("  warning: %s\n", w.Message)
	}
	for _, sg := range res.Query.Suggestions {
		ew.printf("  did you mean: %s  (%s)\n", sg.Query, plural(int(sg.Total), "item"))
	}
	for _, h := range res.Hits {
		ew.printf("\n%s  %s  [%s]  %s\n", h.ID, h.Date, h.Section, strings.Join(h.Sources, ", "))
		ew.printf("  %s\n  %s\n", plainFragment(first(h.Highlights["headline_ja"], h.HeadlineJA)),
			plainFragment(first(h.Highlights["headline_en"], h.HeadlineEN)))
		for _, field := range []string{"body", "note"} {
			for _, frag := range h.Highlights[field] {
				ew.printf("    %s\n", plainFragment(frag))
			}
		}
	}
	if res.Next != "" {
		ew.printf("\nmore: --page %d (or --after %s)\n", res.Page+1, res.Next)
	}
	sep := "\n"
	for _, f := range res.Facets {
		if len(f.Values) == 0 {
			continue
		}
		parts := make([]string, len(f.Values))
		for i, v := range f.Values {
			parts[i] = fmt.Sprintf("%s %d", v.Value, v.Count)
		}
		ew.printf("%s%s: %s\n", sep, f.Name, strings.Join(parts, " · "))
		sep = ""
	}
	return ew.err
}

func first(frags []string, fallback string) string {
	if len(frags) > 0 {
		return frags[0]
	}
	return html.EscapeString(fallback)
}

// plainFragment turns an HTML fragment into terminal text: matches in *asterisks*.
func plainFragment(s string) string {
	s = strings.NewReplacer("<mark>", "*", "</mark>", "*").Replace(s)
	return strings.Join(strings.Fields(html.UnescapeString(s)), " ")
}

// itemsMatch is "1 item matches" or "N items match".
func itemsMatch(n uint64) string {
	if n == 1 {
		return "1 item matches"
	}
	return fmt.Sprintf("%d items match", n)
}

// errWriter keeps the first write error, so printing code stays linear.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
