package main

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"time"

	"briefsearch/archive/forms"
	"briefsearch/bench/pipeline"
)

// BuildResult is one build's cost. Parse and entity annotation are reported apart: the peers
// read JSON lines that the parser and annotator already produced, so build_s compares indexing
// with indexing.
type BuildResult struct {
	Engine     string  `json:"engine"`
	Phase      string  `json:"phase"`
	Items      int     `json:"items"`
	ParseS     float64 `json:"parse_s"`
	AnnotateS  float64 `json:"annotate_s"`
	BuildS     float64 `json:"build_s"`
	IndexBytes int64   `json:"index_bytes"`
	PeakRSSKiB int64   `json:"peak_rss_kib"`
}

func runBuild(args []string) error {
	fl := flag.NewFlagSet("build", flag.ExitOnError)
	dir := fl.String("archive", "", "folder of briefings")
	root := fl.String("index", "", "index root to build a generation in")
	gazetteer := fl.String("gazetteer", pipeline.Gazetteer, "gazetteer to annotate with")
	glossary := fl.String("glossary", pipeline.Glossary, "glossary to annotate with")
	out := fl.String("out", "-", "result file")
	cpuProfile := fl.String("cpuprofile", "", "write a CPU profile of the build (parse to switch) to this file")
	fl.Parse(args)
	if *dir == "" || *root == "" {
		return fmt.Errorf("build: -archive and -index are required")
	}
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return fmt.Errorf("build: %w", err)
		}
		defer stop()
	}
	t0 := time.Now()
	res, err := forms.LoadDir(context.Background(), *dir)
	if err != nil {
		return fmt.Errorf("build: %w", err)
	}
	briefings := res.Briefings
	if len(res.Rejected) > 0 {
		return fmt.Errorf("build: %d files rejected, first: %v", len(res.Rejected), res.Rejected[0])
	}
	parse := time.Since(t0)
	t1 := time.Now()
	rep, annotate, err := pipeline.Build(context.Background(), *root, briefings, *gazetteer, *glossary)
	if err != nil {
		return err
	}
	build := time.Since(t1) - annotate
	size, err := dirBytes(rep.Dir)
	if err != nil {
		return err
	}
	return emit(BuildResult{Engine: "briefsearch", Phase: "build", Items: rep.Items,
		ParseS: parse.Seconds(), AnnotateS: annotate.Seconds(), BuildS: build.Seconds(), IndexBytes: size, PeakRSSKiB: peakRSSKiB()}, *out)
}

func dirBytes(dir string) (int64, error) {
	var total int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err == nil {
			total += info.Size()
		}
		return err
	})
	return total, err
}

// startCPUProfile writes a CPU profile to path until stop is called.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// startAllocProfile samples allocations finely (one every 4 KB) from now on and, when stopped,
// writes the allocation profile to path. Allocations made before it (opening the index) are
// in the profile too, sampled at Go's default of one every 512 KB: a small share.
func startAllocProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	runtime.MemProfileRate = 4096
	return func() {
		runtime.GC() // the profile is as of the last collection
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			fmt.Fprintln(os.Stderr, "memprofile:", err)
		}
		f.Close()
	}, nil
}
