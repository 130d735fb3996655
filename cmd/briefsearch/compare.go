package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

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
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	ew := &errWriter{w: tw}
	head := []string{cmp.By}
	total := []string{"total"}
	for _, ser := range cmp.Series {
		head = append(head, ser.Query)
		total = append(total, fmt.Sprint(ser.Total))
	}
	ew.printf("%s\t\n", strings.Join(head, "\t"))
	for i, p := range cmp.Periods {
		row := []string{p.Period}
		for _, ser := range cmp.Series {
			row = append(row, fmt.Sprint(ser.Counts[i]))
		}
		ew.printf("%s\t\n", strings.Join(row, "\t"))
	}
	ew.printf("%s\t\n", strings.Join(total, "\t"))
	if ew.err != nil {
		return ew.err
	}
	return tw.Flush()
}
