package main

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/spf13/cobra"

	"briefsearch/index"
)

func newVerifyCmd() *cobra.Command {
	var all bool
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Check the index's files against what their build wrote",
		Long: `Verify reads every file of the current index generation (with --all, of every complete
generation) and compares it with the size and SHA-256 its build recorded, naming the first
file that differs ("segment 000000000003.zap is truncated"). Opening a generation checks the
sizes only; this checks every byte. The exit status is 1 when a checked generation is
damaged, or when "current" names none; a server then serves the newest intact generation.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(cmd)
			if err != nil {
				return err
			}
			return runVerify(cmd.Context(), cfg, all, cmd.OutOrStdout())
		},
	}
	cmd.Flags().BoolVar(&all, "all", false, "check every complete generation, not only the current one")
	return cmd
}

// runVerify checks the generations and prints one line each.
func runVerify(ctx context.Context, cfg Config, all bool, out io.Writer) error {
	gens, current := index.Generations(cfg.Index)
	damaged := 0
	if current == "" {
		if _, err := index.CurrentDir(cfg.Index); err != nil {
			fmt.Fprintf(out, "current: %v\n", err)
		} else {
			fmt.Fprintln(out, "current: names no generation under", cfg.Index)
		}
		damaged++
	} else if !slices.Contains(gens, current) {
		gens = append([]string{current}, gens...) // incomplete or gone: Verify says which
	}
	for _, id := range gens {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !all && id != current {
			continue
		}
		mark := ""
		if id == current {
			mark = " (current)"
		}
		if err := index.Verify(index.GenerationDir(cfg.Index, id)); err != nil {
			damaged++
			fmt.Fprintf(out, "generation %s%s: %v\n", id, mark, err)
			continue
		}
		fmt.Fprintf(out, "generation %s%s: intact\n", id, mark)
	}
	if damaged > 0 {
		return reportedError{fmt.Errorf("%d damaged", damaged)}
	}
	return nil
}
