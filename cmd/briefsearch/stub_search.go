package main

// Placeholder until the search subcommand lands; replaced by search.go.

import (
	"errors"

	"github.com/spf13/cobra"
)

func newSearchCmd() *cobra.Command {
	return &cobra.Command{Use: "search", RunE: func(*cobra.Command, []string) error { return errors.New("search: not implemented yet") }}
}
