// Command genarchive writes a synthetic briefing archive for benchmarks:
//
//	go run ./bench/cmd/genarchive -items 20000 -out bench/out/archive-20k
//
// The files are in the real briefing format, marked SYNTHETIC TEST DATA, and identical for the
// same -items and -seed.
package main

import (
	"flag"
	"fmt"
	"os"

	"briefsearch/bench/gen"
)

func main() {
	items := flag.Int("items", 1000, "total number of items")
	seed := flag.Int64("seed", 1, "random seed")
	out := flag.String("out", "", "folder to write the briefings into (required)")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "genarchive: -out is required")
		os.Exit(2)
	}
	n, err := gen.WriteDir(gen.Options{Items: *items, Seed: *seed}, *out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "genarchive:", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %d briefings with %d items to %s\n", n, *items, *out)
}
