package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"briefsearch/archive"
	"briefsearch/cite"
	"briefsearch/search"
)

func newCiteCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "cite ID",
		Short: "Print the citation of an item or a briefing",
		Long: `Cite prints the citation of an item (2026-05-16-04, or its permalink hash) or of a whole
briefing (2026-05-16) in one of the formats text (Chicago, the default), bibtex, ris and
csl-json: the same bytes GET /api/v1/items/ID/cite?format=F serves. The permalink and the
page URLs start with server.public_url (default http://<server.addr>).`,
		Example: `  briefsearch cite 2026-05-16-04
  briefsearch cite 2026-05-16-04 --format bibtex >> refs.bib
  briefsearch cite 2026-05-16 --format ris`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(cmd)
			if err != nil {
				return err
			}
			f, err := cite.ParseFormat(format)
			if err != nil {
				return fmt.Errorf("--format: %w", err)
			}
			return runCite(cmd.Context(), cfg, args[0], f, time.Now(), cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "text, bibtex, ris or csl-json")
	return cmd
}

// runCite writes the citation of id (an item, its permalink hash, or a briefing) in format f,
// accessed at now.
func runCite(ctx context.Context, cfg Config, id string, f cite.Format, now time.Time, w io.Writer) error {
	s, err := openSearcher(cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	links := cite.Links{Base: cfg.Server.PublicBase()}
	if archive.IsShortHash(id) {
		p, err := s.Permalink(ctx, id)
		if err != nil {
			return fmt.Errorf("permalink %s: %w", id, err)
		}
		if p.ID == "" {
			return fmt.Errorf("permalink %s: the item was removed from its issue (see %s/p/%s)", id, links.Base, p.Hash)
		}
		id = p.ID
	}
	var work cite.Work
	page, err := s.Item(ctx, id)
	switch {
	case err == nil:
		work = cite.ForItem(page, links, now)
	case errors.Is(err, search.ErrNotFound):
		b, berr := s.BriefingPage(ctx, id, 1, 1)
		if errors.Is(berr, search.ErrNotFound) {
			return fmt.Errorf("%s: no item or briefing has this id", id)
		}
		if berr != nil {
			return berr
		}
		work = cite.ForBriefing(&b.Briefing, links, now)
	default:
		return err
	}
	out, err := cite.Render(work, f)
	if err != nil {
		return err
	}
	_, err = w.Write(out)
	return err
}
