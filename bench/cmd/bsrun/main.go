// Command bsrun is briefsearch's side of the comparison (bench/compare.sh): it builds the
// index, runs the query set in-process, measures HTTP latency against a server, and serves a
// do-nothing handler for the loopback floor. Every subcommand prints one JSON result in the
// shape the peers' scripts print (bench/peers/common.py), for bench/report.py.
//
//	bsrun build -archive DIR -index ROOT [-out FILE]
//	bsrun query -index ROOT -queries bench/queries.txt [-rounds N] [-out FILE]
//	bsrun noop  [-addr 127.0.0.1:0]            serves 200 OK with an empty body; prints its URL
//	bsrun http  -url URL [-queries FILE] [-rounds N] [-engine NAME] [-out FILE]
//	bsrun start -url URL [-log FILE] [-out FILE] -- briefsearch serve ...   time to /readyz
//	bsrun mem   -in START_RESULT                 adds the server's RSS and peak RSS
//	bsrun wrkscript -queries FILE                a wrk Lua script cycling the query set
//	bsrun landing -url URL -archive DIR -from DIR  from a file landing in the watched folder to served
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"syscall"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: bsrun build|query|noop|http|start|mem|wrkscript|landing [flags]")
		os.Exit(2)
	}
	var err error
	switch cmd, args := os.Args[1], os.Args[2:]; cmd {
	case "build":
		err = runBuild(args)
	case "query":
		err = runQuery(args)
	case "noop":
		err = runNoop(args)
	case "http":
		err = runHTTP(args)
	case "start":
		err = runStart(args)
	case "mem":
		err = runMem(args)
	case "wrkscript":
		err = runWrkScript(args)
	case "landing":
		err = runLanding(args)
	default:
		err = fmt.Errorf("unknown subcommand %q", cmd)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bsrun:", err)
		os.Exit(1)
	}
}

func jsonUnmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }

// peakRSSKiB is the process's peak resident set so far (Linux reports KiB).
func peakRSSKiB() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Maxrss
}

// emit writes one JSON result to path, or stdout for "-".
func emit(v any, path string) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	data = append(data, '\n')
	if path == "-" || path == "" {
		_, err = os.Stdout.Write(data)
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// percentile is nearest-rank, as in bench/peers/common.py.
func percentile(samples []float64, p float64) float64 {
	if len(samples) == 0 {
		return 0
	}
	s := slices.Clone(samples)
	slices.Sort(s)
	k := int((p*float64(len(s)) + 99) / 100)
	return s[max(0, min(len(s)-1, k-1))]
}
