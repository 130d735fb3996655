package main

import (
	"errors"
	"log/slog"
	"os"

	"github.com/spf13/cobra"
)

// newRootCmd builds the command tree. Each subcommand reads the one typed Config.
func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "briefsearch",
		Short:         "Full-text search over an archive of weekly briefings",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().String("config", "", "config file (default: ./config.yaml when present)")
	root.PersistentFlags().String("archive", "", "folder of briefings in any form, read with its subfolders (config: archive)")
	root.PersistentFlags().String("index", "", "folder holding the index generations (config: index; default: the user data folder)")
	root.AddCommand(newParseCmd(), newIndexCmd(), newSearchCmd(), newServeCmd(), newAddCmd(), newVerifyCmd(), newCiteCmd(), newCompareCmd(), newVersionCmd())
	return root
}

// newLogger is the one logger a command hands down.
func newLogger(cfg Config) *slog.Logger {
	level := slog.LevelInfo
	_ = level.UnmarshalText([]byte(cfg.Log.Level))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.Log.Format == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}

// reportedError marks an error whose details the command already printed (e.g. rejected
// files), so main only sets the exit status.
type reportedError struct{ err error }

func (e reportedError) Error() string { return e.err.Error() }
func (e reportedError) Unwrap() error { return e.err }

func isReported(err error) bool {
	var r reportedError
	return errors.As(err, &r)
}
