package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"briefsearch/archive"
)

func newParseCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "parse [FILE|DIR]...",
		Short: "Parse briefings and show what was understood",
		Long: `Parse briefing files (or every *.txt in a folder) and print a readable summary of each:
week, title, sections, every item with its date, sources and both headlines, and warnings.
With --json, print one JSON object per briefing per line. Rejected files are reported on
stderr as file:line: reason, and the exit status is 1 if any file was rejected.
Without arguments, the configured archive folder is parsed.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				cfg, err := loadConfig(cmd)
				if err != nil {
					return err
				}
				args = []string{cfg.Archive}
			}
			return runParse(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), args, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "one compact JSON object per briefing per line")
	return cmd
}

// runParse parses files (a folder stands for its *.txt files), prints each briefing to w and
// each rejected file to errw. It returns a reportedError when any file was rejected.
func runParse(ctx context.Context, w, errw io.Writer, files []string, asJSON bool) error {
	rejected, total := 0, 0
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // briefings quote "A & B"; keep the text readable
	for _, file := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		briefings, errs := parsePath(file)
		total += len(briefings) + len(errs)
		for _, b := range briefings {
			var err error
			if asJSON {
				err = enc.Encode(b)
			} else {
				err = writeSummary(w, b)
			}
			if err != nil {
				return fmt.Errorf("writing output: %w", err)
			}
		}
		for _, e := range errs {
			rejected++
			fmt.Fprintln(errw, e)
		}
	}
	if rejected > 0 {
		return reportedError{fmt.Errorf("%d of %d files rejected", rejected, total)}
	}
	return nil
}

// parsePath parses one file, or every briefing in a folder.
func parsePath(file string) ([]*archive.Briefing, []error) {
	info, err := os.Stat(file)
	if err == nil && info.IsDir() {
		return archive.LoadDir(file)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, []error{&archive.ParseError{File: file, Reason: "cannot read: " + err.Error()}}
	}
	b, err := archive.Parse(file, data)
	if err != nil {
		return nil, []error{err}
	}
	return []*archive.Briefing{b}, nil
}

// writeSummary prints a briefing for a person checking the parser's reading of it.
func writeSummary(w io.Writer, b *archive.Briefing) error {
	var s strings.Builder
	title := b.Title
	if b.Subtitle != "" {
		title += " " + b.Subtitle
	}
	fmt.Fprintf(&s, "%s  %s\n", b.ID, title)
	fmt.Fprintf(&s, "  week     %s .. %s\n", b.WeekStart, b.WeekEnd)
	fmt.Fprintf(&s, "  issuer   %s\n", b.Issuer)
	fmt.Fprintf(&s, "  file     %s (%s)\n", b.SourceFile, b.Hash)
	counts := map[[2]string]int{} // by key and title: two headings may share a key
	for _, it := range b.Items {
		counts[[2]string{it.Section, it.SectionTitle}]++
	}
	fmt.Fprintf(&s, "  sections %d\n", len(b.Sections))
	for _, sec := range b.Sections {
		fmt.Fprintf(&s, "    %d. %s [%s] %s\n", sec.Number, sec.Title, sec.Key, plural(counts[[2]string{sec.Key, sec.Title}], "item"))
	}
	fmt.Fprintf(&s, "  items    %d\n", len(b.Items))
	for _, it := range b.Items {
		sources := make([]string, len(it.Sources))
		for i, src := range it.Sources {
			sources[i] = src.Name + " " + src.Date.String()
		}
		section := it.Section
		if section == "" {
			section = "-"
		}
		fmt.Fprintf(&s, "    %02d %s %s [%s] %s | %s\n", it.Ordinal, section, it.Date, strings.Join(sources, "; "), it.HeadlineJA, it.HeadlineEN)
	}
	fmt.Fprintf(&s, "  warnings %d\n", len(b.Warnings))
	for _, wn := range b.Warnings {
		fmt.Fprintf(&s, "    %s\n", wn)
	}
	s.WriteString("\n")
	_, err := io.WriteString(w, s.String())
	return err
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
