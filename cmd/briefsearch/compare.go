package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/width"

	"github.com/spf13/cobra"

	"briefsearch/search"
)

func newCompareCmd() *cobra.Command {
	var (
		req      search.CompareRequest
		from, to string
		asJSON   bool
	)
	cmd := &cobra.Command{
		Use:   "compare QUERY [QUERY...]",
		Short: "Count up to four searches per month or year, side by side",
		Long: fmt.Sprintf(`Compare runs each QUERY (one argument each, in the query language; an entity as
person:"Jeyhun Bayramov") and prints how many items each matches per month or per year, on
one time axis: by year when the span passes 36 months, unless --by says. At most %d
queries. --json prints what GET /api/v1/compare serves; the page is /compare.`, search.MaxCompare),
		Example: `  briefsearch compare Bayramov Hajiyev 地雷除去
  briefsearch compare 'person:"Ilham Aliyev"' demining --by month --from 2024 --to 2025`,
		Args: cobra.RangeArgs(1, search.MaxCompare),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(cmd)
			if err != nil {
				return err
			}
			req.Queries = args
			if err := dateFlags(from, to, &req.Filters); err != nil {
				return err
			}
			if err := search.CheckBy(req.By); err != nil {
				return err
			}
			return runCompare(cmd.Context(), cfg, req, asJSON, cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.StringVar(&req.By, "by", "", "month or year (default: by the span)")
	f.StringVar(&from, "from", "", "first day: YYYY-MM-DD, or a month YYYY-MM or year YYYY from its first day")
	f.StringVar(&to, "to", "", "last day: YYYY-MM-DD, or a month YYYY-MM or year YYYY to its last day")
	f.BoolVar(&asJSON, "json", false, "print the comparison as JSON, as the API serves it")
	return cmd
}

// runCompare answers req from the index cfg names and writes it to w: a table, or the API's
// JSON.
func runCompare(ctx context.Context, cfg Config, req search.CompareRequest, asJSON bool, w io.Writer) error {
	s, err := openSearcher(cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	cmp, err := s.Compare(ctx, req)
	if err != nil {
		return err
	}
	if asJSON {
		return printJSON(w, search.CompareResponse{Comparison: cmp, Request: req, Corpus: s.Corpus()})
	}
	head := []string{cmp.By}
	total := []string{"total"}
	for _, ser := range cmp.Series {
		head = append(head, ser.Query)
		total = append(total, fmt.Sprint(ser.Total))
	}
	rows := [][]string{head}
	for i, p := range cmp.Periods {
		row := []string{p.Period}
		for _, ser := range cmp.Series {
			row = append(row, fmt.Sprint(ser.Counts[i]))
		}
		rows = append(rows, row)
	}
	return printTable(w, append(rows, total))
}

// printTable writes rows right-aligned in columns two spaces apart, each as wide as its widest
// cell on a terminal, where a Japanese character takes two cells (tabwriter counts it as one,
// and a Japanese query's column came out narrower than its heading).
func printTable(w io.Writer, rows [][]string) error {
	var widths []int
	for _, row := range rows {
		for i, cell := range row {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], cellWidth(cell))
		}
	}
	ew := &errWriter{w: w}
	for _, row := range rows {
		var line strings.Builder
		for i, cell := range row {
			line.WriteString(strings.Repeat(" ", 2+widths[i]-cellWidth(cell)))
			line.WriteString(cell)
		}
		ew.printf("%s\n", line.String())
	}
	return ew.err
}

// cellWidth is how many terminal cells s takes: two for a wide or full-width character (East
// Asian Width W or F), one for any other.
func cellWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
