// Command genarchive writes a synthetic briefing archive for benchmarks:
//
//	go run ./bench/cmd/genarchive -items 20000 -out bench/out/archive-20k
//	go run ./bench/cmd/genarchive -items 200 -first 2026-05-23 -last 2026-07-25 -out new-weeks
//	go run ./bench/cmd/genarchive -items 1000     # into bench/out/archive-1000
//
// The files are in the real briefing format, marked SYNTHETIC TEST DATA, and identical for the
// same -items, -seed, -first and -last (by default 2010-01-02 to 2026-05-16).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"briefsearch/bench/gen"
)

func main() {
	items := flag.Int("items", 1000, "total number of items")
	seed := flag.Int64("seed", 1, "random seed")
	out := flag.String("out", "", "folder to write the briefings into (default bench/out/archive-ITEMS)")
	first := flag.String("first", "", "the first week's start, YYYY-MM-DD")
	last := flag.String("last", "", "the last week's start, YYYY-MM-DD")
	flag.Parse()
	if *out == "" {
		// The README's `genarchive -items N` names no folder: bench/out is git-ignored.
		*out = filepath.Join("bench", "out", fmt.Sprintf("archive-%d", *items))
	}
	opts := gen.Options{Items: *items, Seed: *seed}
	for _, d := range []struct {
		flag, value string
		into        *time.Time
	}{{"-first", *first, &opts.First}, {"-last", *last, &opts.Last}} {
		if d.value == "" {
			continue
		}
		t, err := time.Parse(time.DateOnly, d.value)
		if err != nil {
			fmt.Fprintf(os.Stderr, "genarchive: %s: %v\n", d.flag, err)
			os.Exit(2)
		}
		*d.into = t
	}
	n, err := gen.WriteDir(opts, *out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "genarchive:", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %d briefings with %d items to %s\n", n, *items, *out)
}
