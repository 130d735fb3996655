// Command briefsearch parses, indexes, searches and serves an archive of weekly briefings.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := newRootCmd().ExecuteContext(ctx); err != nil {
		if !isReported(err) {
			fmt.Fprintln(os.Stderr, "briefsearch:", err)
		}
		os.Exit(1)
	}
}
