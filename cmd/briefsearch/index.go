package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"briefsearch/archive/forms"
	"briefsearch/archive/pdf"
	"briefsearch/ingest"
)

func newIndexCmd() *cobra.Command {
	var (
		full  bool
		child childFlags
	)
	cmd := &cobra.Command{
		Use:   "index",
		Short: "Bring the index up to date with the archive folder",
		Long: `Index reads the archive folder (recursively: year folders, briefings as PDF, DOCX,
Markdown or text in UTF-8, UTF-16, Shift_JIS or EUC-JP) and writes a new index generation,
then switches to it atomically: searches and a running server keep using the previous
generation until the new one is complete, and a build that is killed leaves it untouched.

Only what changed is read: a file whose size and time are as the current generation saw
them is not read again, and when briefings were only added the new generation extends the
current one with a small segment. A changed or removed briefing, another gazetteer or
glossary, or --full rebuilds from every file. When a week comes in two files, text is read
before DOCX and DOCX before PDF; the other is reported as a duplicate.

Progress goes to stderr (a bar on a terminal, plain lines otherwise); the closing report
(briefings, items, files rejected as file:line: reason, duplicates, files of other types)
to stdout. The exit status is 1 if any file was rejected; the rest is still indexed.

Every item is annotated with the persons, organizations and places it mentions, using the
gazetteer and glossary (--gazetteer, --glossary: a file, "builtin" for the shipped ones,
"none" for the extraction rules alone). Both are stored in the generation, so searches
expand queries with the lexicon the index was built with. A bad entry stops the build with
file:line and the served generation stays as it was.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(cmd)
			if err != nil {
				return err
			}
			mode := ingest.Update
			if full {
				mode = ingest.Rebuild
			}
			if child.report {
				return runChildBuild(cmd.Context(), cfg, mode, child.settling(), newLogger(cfg), cmd.OutOrStdout())
			}
			return runIndex(cmd.Context(), cfg, mode, newLogger(cfg), cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	child.add(cmd)
	cmd.Flags().BoolVar(&full, "full", false, "rebuild from every file, trusting nothing of the current generation")
	addLexiconFlags(cmd)
	return cmd
}

// addLexiconFlags adds --gazetteer and --glossary to a command that may build an index.
func addLexiconFlags(cmd *cobra.Command) {
	cmd.Flags().String("gazetteer", "", `entity gazetteer YAML: a file, "builtin" or "none" (config: gazetteer, default builtin)`)
	cmd.Flags().String("glossary", "", `topic glossary YAML: a file, "builtin" or "none" (config: glossary, default builtin)`)
}

// openLibrary opens the archive folder and index of cfg for building. close releases the
// reader's PDF engine. With inChild, builds run as child processes (a server's).
func openLibrary(cfg Config, logger *slog.Logger, inChild bool) (lib *ingest.Library, close func(), err error) {
	lx, err := readLexicon(cfg)
	if err != nil {
		return nil, nil, err
	}
	opts := ingest.Options{Archive: cfg.Archive, Index: cfg.Index, Lexicon: lx, Logger: logger}
	if inChild {
		if opts.Builder, err = childBuilder(cfg, logger); err != nil {
			return nil, nil, err
		}
	}
	reader := forms.NewReader(forms.Options{PDF: pdf.Options{CacheDir: pdfCacheDir(cfg)}})
	opts.Reader = reader
	lib, err = ingest.New(opts)
	if err != nil {
		reader.Close()
		return nil, nil, err
	}
	return lib, func() {
		if err := reader.Close(); err != nil {
			logger.Warn("stopping the PDF engine", "err", err)
		}
	}, nil
}

// pdfCacheDir is where the PDF engine keeps its compiled code, or "" for nowhere.
func pdfCacheDir(cfg Config) string {
	if cfg.CacheDir == "" {
		return ""
	}
	return filepath.Join(cfg.CacheDir, "pdfium")
}

// runIndex brings the index up to date and prints the closing report to out, progress to
// progress. It returns a reportedError when files were rejected (their reasons are in the
// report).
func runIndex(ctx context.Context, cfg Config, mode ingest.Mode, logger *slog.Logger, out, progress io.Writer) error {
	lib, closeLib, err := openLibrary(cfg, logger, false)
	if err != nil {
		return err
	}
	defer closeLib()
	p := newProgress(progress)
	rep, err := lib.Build(ctx, mode, p.update)
	p.finish()
	if rep != nil {
		writeIndexReport(out, rep)
	}
	if err != nil {
		return err
	}
	if n := len(rep.Rejected); n > 0 {
		return reportedError{fmt.Errorf("%s rejected", plural(n, "file"))}
	}
	return nil
}

func writeIndexReport(w io.Writer, r *ingest.Report) {
	rate := 0.0
	if s := r.Took.Seconds(); s > 0 {
		rate = float64(r.Items) / s
	}
	switch r.How {
	case ingest.Unchanged:
		fmt.Fprintf(w, "index up to date: %s, %s (checked in %s): generation %s\n",
			plural(r.Briefings, "briefing"), plural(r.Items, "item"), r.Took.Round(time.Millisecond), r.Generation)
	case ingest.Extended:
		fmt.Fprintf(w, "indexed %s, %s in %s, extending the index with %s: generation %s\n",
			plural(r.Briefings, "briefing"), plural(r.Items, "item"), r.Took.Round(time.Millisecond), plural(r.Added, "new briefing"), r.Generation)
	case ingest.FullRebuild:
		fmt.Fprintf(w, "indexed %s, %s in %s (%.0f items/s): generation %s\n",
			plural(r.Briefings, "briefing"), plural(r.Items, "item"), r.Took.Round(time.Millisecond), rate, r.Generation)
	}
	if len(r.Forms) > 0 {
		var parts []string
		for _, f := range []forms.Form{forms.FormPDF, forms.FormDOCX, forms.FormMarkdown, forms.FormText} {
			if n := r.Forms[f]; n > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", n, f))
			}
		}
		fmt.Fprintf(w, "briefings by form: %s (%s read, %d known unchanged)\n", strings.Join(parts, ", "), plural(r.Read, "file"), r.Files-r.Read)
	}
	if n := len(r.Rejected); n > 0 {
		fmt.Fprintf(w, "rejected %s:\n", plural(n, "file"))
		for _, e := range r.Rejected {
			fmt.Fprintf(w, "  %v\n", e)
		}
	}
	if n := len(r.Duplicates); n > 0 {
		fmt.Fprintf(w, "%s of a week already read (text is read before DOCX, DOCX before PDF, then by path):\n", plural(n, "second file"))
		for _, d := range r.Duplicates {
			fmt.Fprintf(w, "  %s\n", d)
		}
	}
	for _, p := range r.Pending {
		fmt.Fprintf(w, "still changing, left for the next build: %s\n", p)
	}
	if n := countIgnored(r.Ignored); n > 0 || r.Hidden > 0 {
		fmt.Fprintf(w, "skipped: %s of other types%s, %s\n", plural(n, "file"), ignoredKinds(r.Ignored), plural(r.Hidden, "hidden file or folder", "hidden files and folders"))
	}
	for _, n := range r.Notices {
		fmt.Fprintf(w, "note: %s\n", n)
	}
}

func countIgnored(m map[string]int) int {
	n := 0
	for _, c := range m {
		n += c
	}
	return n
}

// ignoredKinds lists the extensions of ignored files: " (.xlsx 2, .jpg 1)".
func ignoredKinds(m map[string]int) string {
	if len(m) == 0 {
		return ""
	}
	exts := slices.Sorted(maps.Keys(m))
	slices.SortStableFunc(exts, func(a, b string) int { return m[b] - m[a] })
	parts := make([]string, len(exts))
	for i, e := range exts {
		if e == "" {
			e = "no extension"
		}
		parts[i] = fmt.Sprintf("%s %d", e, m[exts[i]])
	}
	return " (" + strings.Join(parts, ", ") + ")"
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
