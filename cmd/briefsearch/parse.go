package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"briefsearch/archive"
	"briefsearch/archive/forms"
	"briefsearch/archive/pdf"
)

func newParseCmd() *cobra.Command {
	var asJSON, asText bool
	cmd := &cobra.Command{
		Use:   "parse [FILE|DIR]...",
		Short: "Parse briefings and show what was understood",
		Long: `Parse briefing files of any form (PDF, DOCX, Markdown, text in UTF-8, UTF-16,
Shift_JIS or EUC-JP), or every briefing in a folder and its subfolders, and print a readable
summary of each: week, title, sections, every item with its date, sources and both
headlines, and warnings. With --json, print one JSON object per briefing per line. With
--text, print the briefing text read from each file (what the parser reads: a PDF's text
laid out again, a DOCX's paragraphs): a line number in an error is a line of that text.
Rejected files are reported on stderr as file:line: reason, and the exit status is 1 if any
file was rejected. Without arguments, the configured archive folder is parsed.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(cmd)
			if err != nil {
				return err
			}
			if len(args) == 0 {
				if cfg.Archive == "" {
					return errors.New("no archive folder: name files or folders, pass --archive DIR or set archive in the config")
				}
				args = []string{cfg.Archive}
			}
			reader := forms.NewReader(forms.Options{PDF: pdf.Options{CacheDir: pdfCacheDir(cfg)}})
			defer reader.Close()
			return runParse(cmd.Context(), reader, cmd.OutOrStdout(), cmd.ErrOrStderr(), args, parseOutput{json: asJSON, text: asText})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "one compact JSON object per briefing per line")
	cmd.Flags().BoolVar(&asText, "text", false, "print the briefing text read from each file, not what was parsed")
	cmd.MarkFlagsMutuallyExclusive("json", "text")
	return cmd
}

// parseOutput chooses what parse prints.
type parseOutput struct{ json, text bool }

// runParse parses files (a folder stands for every briefing in it), prints each briefing to w
// and each rejected file to errw. It returns a reportedError when any file was rejected.
func runParse(ctx context.Context, reader *forms.Reader, w, errw io.Writer, paths []string, out parseOutput) error {
	rejected, total := 0, 0
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // briefings quote "A & B"; keep the text readable
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		if out.text {
			text, err := parseText(ctx, reader, p)
			if err == nil {
				_, err = io.WriteString(w, text)
			}
			total++
			if err != nil {
				if !forms.IsRejection(err) {
					return err
				}
				rejected++
				fmt.Fprintln(errw, err)
			}
			continue
		}
		briefings, errs, notes, err := parsePath(ctx, reader, p)
		if err != nil {
			return err
		}
		total += len(briefings) + len(errs)
		for _, b := range briefings {
			var err error
			if out.json {
				err = enc.Encode(b)
			} else {
				err = writeSummary(w, b)
			}
			if err != nil {
				return fmt.Errorf("writing output: %w", err)
			}
		}
		for _, n := range notes {
			fmt.Fprintln(errw, "note:", n)
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

// parsePath parses one file, or every briefing in a folder (with notes on duplicates and on
// what the scan skipped). The error is for a cancelled ctx or a folder that cannot be read.
func parsePath(ctx context.Context, reader *forms.Reader, p string) ([]*archive.Briefing, []error, []string, error) {
	info, err := os.Stat(p)
	if err == nil && info.IsDir() {
		res, err := reader.LoadDir(ctx, p)
		if err != nil {
			return nil, nil, nil, err
		}
		notes := slices.Clone(res.Scan.Notices)
		for _, d := range res.Duplicates {
			notes = append(notes, d.String())
		}
		return res.Briefings, res.Rejected, notes, nil
	}
	data, err := forms.ReadRegular(p, reader.MaxFileSize())
	if err != nil {
		return nil, []error{&archive.ParseError{File: p, Reason: err.Error()}}, nil, nil
	}
	b, _, err := reader.Parse(ctx, p, data)
	if err != nil {
		if forms.IsRejection(err) {
			return nil, []error{err}, nil, nil
		}
		return nil, nil, nil, err
	}
	b.SourceFile = p
	return []*archive.Briefing{b}, nil, nil, nil
}

// parseText is the briefing text read from one file.
func parseText(ctx context.Context, reader *forms.Reader, p string) (string, error) {
	data, err := forms.ReadRegular(p, reader.MaxFileSize())
	if err != nil {
		return "", &archive.ParseError{File: p, Reason: err.Error()}
	}
	text, _, err := reader.Text(ctx, p, data)
	if err != nil {
		return "", err
	}
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	return text, nil
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

// plural is "1 file", "2 files"; an irregular plural is given as the third argument.
func plural(n int, noun string, pluralForm ...string) string {
	if n == 1 {
		return "1 " + noun
	}
	if len(pluralForm) > 0 {
		return fmt.Sprintf("%d %s", n, pluralForm[0])
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
