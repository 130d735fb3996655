package main

// Placeholder until the index subcommand lands; replaced by index.go.

import (
	"errors"

	"github.com/spf13/cobra"
)

func newIndexCmd() *cobra.Command {
	return &cobra.Command{Use: "index", RunE: func(*cobra.Command, []string) error { return errors.New("index: not implemented yet") }}
}
