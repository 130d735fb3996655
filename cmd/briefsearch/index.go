package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"briefsearch/archive"
	"briefsearch/index"
	"briefsearch/search"
)

func newIndexCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "index",
		Short: "Build a new index generation from the archive",
		Long: `Index parses every briefing in the archive folder and builds a new index generation
under the index folder, then switches to it atomically: searches and a running server keep
using the previous generation until the new one is complete, and a build that is killed
leaves it untouched. The previous generation is kept; older ones are removed.

Progress goes to stderr (a bar on a terminal, plain lines otherwise); the closing report
(briefings, items, rejected files as file:line: reason, time, items/s) to stdout. The exit
status is 1 if any file was rejected; the index is still built from the good ones.

Every item is annotated with the persons, organizations and places it mentions, using the
gazetteer and glossary (--gazetteer, --glossary; an empty value means none, the extraction
rules alone). Both files are copied into the generation, so searches expand queries with the
lexicon the index was built with; edit them and run index again. A bad entry stops the build
with file:line and the served generation stays as it was.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(cmd)
			if err != nil {
				return err
			}
			return runIndex(cmd.Context(), cfg, newLogger(cfg), cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	addLexiconFlags(cmd)
	return cmd
}

// addLexiconFlags adds --gazetteer and --glossary to a command that may build an index.
func addLexiconFlags(cmd *cobra.Command) {
	cmd.Flags().String("gazetteer", "", "entity gazetteer YAML (config: gazetteer, default archive/lexicon/gazetteer.yaml; empty = none)")
	cmd.Flags().String("glossary", "", "topic glossary YAML (config: glossary, default archive/lexicon/glossary.yaml; empty = none)")
}

// indexReport is what one build did.
type indexReport struct {
	Generation string
	Briefings  int
	Items      int
	Rejected   []error  // files that are not briefings: file:line: reason
	Skipped    []string // briefings left out (a second file for the same week)
	Took       time.Duration
}

// runIndex builds a generation and prints the closing report to out, progress to progress.
// It returns a reportedError when files were rejected (their reasons are in the report).
func runIndex(ctx context.Context, cfg Config, logger *slog.Logger, out, progress io.Writer) error {
	rep, err := buildIndex(ctx, cfg, logger, progress)
	if rep != nil {
		writeIndexReport(out, rep)
	}
	if err != nil {
		return err
	}
	if n := len(rep.Rejected) + len(rep.Skipped); n > 0 {
		return reportedError{fmt.Errorf("%d files rejected", n)}
	}
	return nil
}

// buildIndex loads the archive and builds a new generation from its good files, reporting
// progress to progress (nil = silent). The serve command calls it to build on first start.
// It fails only when nothing could be indexed or the build itself failed; rejected files are
// in the report.
func buildIndex(ctx context.Context, cfg Config, logger *slog.Logger, progress io.Writer) (*indexReport, error) {
	start := time.Now()
	briefings, errs := archive.LoadDir(cfg.Archive)
	rep := &indexReport{Rejected: errs}
	for _, e := range errs {
		logger.Debug("briefing rejected", "err", e)
	}
	if len(briefings) == 0 {
		return rep, fmt.Errorf("no briefing to index in %s", cfg.Archive)
	}
	extra, err := annotate(ctx, cfg, briefings)
	if err != nil {
		return rep, err
	}
	p := newProgress(progress)
	built, err := index.Build(ctx, cfg.Index, briefings, index.BuildOptions{Extra: extra, Derive: search.DeriveTopics, Progress: p.update})
	p.finish()
	if built != nil {
		rep.Generation, rep.Briefings, rep.Items, rep.Skipped = built.Generation, built.Briefings, built.Items, built.Skipped
	}
	rep.Took = time.Since(start)
	if err != nil {
		if errors.Is(err, index.ErrBuildRunning) {
			return rep, fmt.Errorf("%s: %w; wait for it to finish", cfg.Index, err)
		}
		return rep, fmt.Errorf("building the index: %w", err)
	}
	logger.Debug("index built", "generation", rep.Generation, "briefings", rep.Briefings, "items", rep.Items, "took", rep.Took)
	return rep, nil
}

func writeIndexReport(w io.Writer, r *indexReport) {
	if r.Generation != "" {
		rate := 0.0
		if s := r.Took.Seconds(); s > 0 {
			rate = float64(r.Items) / s
		}
		fmt.Fprintf(w, "indexed %d briefings, %d items in %s (%.0f items/s): generation %s\n",
			r.Briefings, r.Items, r.Took.Round(time.Millisecond), rate, r.Generation)
	}
	if n := len(r.Rejected) + len(r.Skipped); n > 0 {
		fmt.Fprintf(w, "rejected %d files:\n", n)
		for _, e := range r.Rejected {
			fmt.Fprintf(w, "  %v\n", e)
		}
		for _, s := range r.Skipped {
			fmt.Fprintf(w, "  %s\n", s)
		}
	}
}

// progress shows a build's progress: a bar on a terminal, a line per second elsewhere (logs,
// CI), so neither a screen nor a log file fills with noise.
type progress struct {
	bar   *progressbar.ProgressBar
	lines io.Writer
	last  time.Time
}

func newProgress(w io.Writer) *progress {
	if w == nil {
		return &progress{}
	}
	if isTerminal(w) {
		return &progress{bar: progressbar.NewOptions(-1, progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription("indexing"), progressbar.OptionShowCount(),
			progressbar.OptionShowIts(), progressbar.OptionSetItsString("items"),
			progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())}
	}
	return &progress{lines: w}
}

func (p *progress) update(done, total int) {
	switch {
	case p.bar != nil:
		p.bar.ChangeMax(total)
		_ = p.bar.Set(done)
	case p.lines != nil && (done == total || time.Since(p.last) >= time.Second):
		fmt.Fprintf(p.lines, "indexing: %d of %d items\n", done, total)
		p.last = time.Now()
	}
}

func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}

// isTerminal reports whether w is a character device (a terminal), without a dependency.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
