// Command briefsearch parses, indexes, searches and serves an archive of weekly briefings.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() { os.Exit(run(os.Args[1:])) }

// run runs the command line args and returns the exit status.
func run(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root := newRootCmd()
	root.SetArgs(args)
	if err := root.ExecuteContext(ctx); err != nil {
		if !isReported(err) {
			fmt.Fprintln(os.Stderr, "briefsearch:", err)
		}
		return 1
	}
	return 0
}
