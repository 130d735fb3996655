package main

// Temporary placeholders, each replaced by its own file as the subcommand lands.

import (
	"errors"

	"github.com/spf13/cobra"
)

var errNotYet = errors.New("not implemented yet")

func newParseCmd() *cobra.Command {
	return &cobra.Command{Use: "parse FILE...", RunE: func(*cobra.Command, []string) error { return errNotYet }}
}
func newIndexCmd() *cobra.Command {
	return &cobra.Command{Use: "index", RunE: func(*cobra.Command, []string) error { return errNotYet }}
}
func newSearchCmd() *cobra.Command {
	return &cobra.Command{Use: "search [QUERY]", RunE: func(*cobra.Command, []string) error { return errNotYet }}
}
func newServeCmd() *cobra.Command {
	return &cobra.Command{Use: "serve", RunE: func(*cobra.Command, []string) error { return errNotYet }}
}
