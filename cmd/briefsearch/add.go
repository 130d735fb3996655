package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"

	"github.com/spf13/cobra"

	"briefsearch/archive/forms"
	"briefsearch/ingest"
)

func newAddCmd() *cobra.Command {
	var replace bool
	cmd := &cobra.Command{
		Use:   "add FILE...",
		Short: "Check briefing files and add them to the archive folder, then index them",
		Long: `Add checks each FILE in full (any form: PDF, DOCX, Markdown or text, told from its content)
and, if it is a briefing, writes it into the archive folder as YEAR/WEEK.EXT (for example
2026/2026-05-16.pdf), atomically, then brings the index up to date. A file that is not a
briefing is reported as file:line: reason and nothing is written. A week the archive holds
already is refused unless --replace: then its other files are moved to .replaced/ in the
archive folder (nothing is deleted). The exit status is 1 if any file was refused.

This is what POST /api/v1/briefings does on a server. To bring in a whole folder of issues,
copy them into the archive folder and run index (or let serve's watcher find them).`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(cmd)
			if err != nil {
				return err
			}
			return runAdd(cmd.Context(), cfg, newLogger(cfg), cmd.OutOrStdout(), cmd.ErrOrStderr(), args, replace)
		},
	}
	cmd.Flags().BoolVar(&replace, "replace", false, "replace the archive's files of the same week")
	addLexiconFlags(cmd)
	return cmd
}

// runAdd adds each file to the archive; a file refused is reported on errw and the others
// still added. It returns a reportedError when any was refused.
func runAdd(ctx context.Context, cfg Config, logger *slog.Logger, out, errw io.Writer, files []string, replace bool) error {
	lib, closeLib, err := openLibrary(cfg, logger, false)
	if err != nil {
		return err
	}
	defer closeLib()
	refused := 0
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		data, err := forms.ReadRegular(f, forms.DefaultMaxFileSize)
		if err != nil {
			refused++
			fmt.Fprintf(errw, "%s: %v\n", f, err)
			continue
		}
		res, err := lib.Add(ctx, filepath.Base(f), data, replace)
		switch {
		case err != nil && (ingest.IsNotBriefing(err) || errors.Is(err, ingest.ErrWeekExists)):
			refused++
			fmt.Fprintf(errw, "%s: %v\n", f, err)
			continue
		case err != nil:
			return fmt.Errorf("adding %s: %w", f, err)
		}
		fmt.Fprintf(out, "added %s as %s: briefing %s, %s\n", f, filepath.Join(cfg.Archive, filepath.FromSlash(res.Path)), res.ID, plural(res.Items, "item"))
		for _, r := range res.Replaced {
			fmt.Fprintf(out, "  replaced %s (kept in .replaced/)\n", r)
		}
		if res.BuildErr != nil {
			return fmt.Errorf("%s is in the archive, but building the index failed: %w", f, res.BuildErr)
		}
		fmt.Fprintf(out, "  index: %s, %s (%s): generation %s\n", plural(res.Report.Briefings, "briefing"), plural(res.Report.Items, "item"), res.Report.How, res.Report.Generation)
	}
	if refused > 0 {
		return reportedError{fmt.Errorf("%d of %d files refused", refused, len(files))}
	}
	return nil
}
