package main

// Placeholder until the parse subcommand lands; replaced by parse.go.

import (
	"errors"

	"github.com/spf13/cobra"
)

func newParseCmd() *cobra.Command {
	return &cobra.Command{Use: "parse", RunE: func(*cobra.Command, []string) error { return errors.New("parse: not implemented yet") }}
}
