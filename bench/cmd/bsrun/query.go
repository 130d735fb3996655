package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"briefsearch/bench/pipeline"
	"briefsearch/bench/queryset"
	"briefsearch/search"
)

// QueryRun is one query's answers and timings, as the peers report them.
type QueryRun struct {
	ID     string                    `json:"id"`
	Mode   string                    `json:"mode"`
	Total  uint64                    `json:"total"`
	Top    []string                  `json:"top"`
	Facets map[string]map[string]int `json:"facets"`
	US     []float64                 `json:"us"`
}

// QueryResult is the whole run.
type QueryResult struct {
	Engine     string     `json:"engine"`
	Phase      string     `json:"phase"`
	Rounds     int        `json:"rounds"`
	OpenS      float64    `json:"open_s"`
	Queries    []QueryRun `json:"queries"`
	PeakRSSKiB int64      `json:"peak_rss_kib"`
}

// runQuery answers the query set in-process through search.Searcher, as the web layer calls
// it: top 10, and by default every facet (what the API and UI ask for).
func runQuery(args []string) error {
	fl := flag.NewFlagSet("query", flag.ExitOnError)
	root := fl.String("index", "", "index root")
	qfile := fl.String("queries", "", "query set")
	rounds := fl.Int("rounds", 20, "timed rounds after one warm-up round")
	facets := fl.String("facets", "", "comma-separated facets to ask for; empty = the default (all); none = no facets")
	nocache := fl.Bool("nocache", false, "turn off the searcher's browse-result cache")
	highlights := fl.Bool("highlights", true, "locate and highlight the hits (false: search.Request.NoHighlights)")
	estimate := fl.Bool("estimate", false, "let a search without facets estimate its total (search.Request.EstimateTotal), as xapian's top 10 does")
	engine := fl.String("engine", "briefsearch", "engine name in the result")
	out := fl.String("out", "-", "result file")
	cpuProfile := fl.String("cpuprofile", "", "write a CPU profile of the timed rounds to this file")
	memProfile := fl.String("memprofile", "", "write an allocation profile of the timed rounds to this file")
	fl.Parse(args)
	qs, err := queryset.Load(*qfile)
	if err != nil {
		return err
	}
	t0 := time.Now()
	opts := pipeline.Options(*root) // serve's options, with a deadline that measures rather than cuts
	if *nocache {
		opts.CacheSize = -1
	}
	s, err := search.Open(opts)
	if err != nil {
		return err
	}
	defer s.Close()
	res := QueryResult{Engine: *engine, Phase: "query", Rounds: *rounds, OpenS: time.Since(t0).Seconds()}
	var facetReqs []search.FacetRequest
	if *facets == "none" {
		facetReqs = []search.FacetRequest{}
	} else if *facets != "" {
		for _, name := range strings.Split(*facets, ",") {
			facetReqs = append(facetReqs, search.FacetRequest{Name: name, Size: search.MaxFacetSize})
		}
	}
	ctx := context.Background()
	runs := make([]QueryRun, len(qs))
	for round := -1; round < *rounds; round++ { // round -1 warms up
		if round == 0 && *cpuProfile != "" {
			stop, err := startCPUProfile(*cpuProfile)
			if err != nil {
				return err
			}
			defer stop()
		}
		if round == 0 && *memProfile != "" {
			stop, err := startAllocProfile(*memProfile)
			if err != nil {
				return err
			}
			defer stop()
		}
		for i, q := range qs {
			t := time.Now()
			r, err := s.Search(ctx, search.Request{Query: q.BS, Size: 10, Facets: facetReqs, NoHighlights: !*highlights, EstimateTotal: *estimate})
			us := float64(time.Since(t).Nanoseconds()) / 1000
			if err != nil {
				return fmt.Errorf("%s %q: %w", q.ID, q.BS, err)
			}
			if round < 0 {
				continue
			}
			runs[i].US = append(runs[i].US, us)
			if round == *rounds-1 {
				runs[i].ID, runs[i].Mode, runs[i].Total = q.ID, q.Mode, r.Total
				runs[i].Top, runs[i].Facets = hitIDs(r), facetCounts(r)
			}
		}
	}
	res.Queries = runs
	res.PeakRSSKiB = peakRSSKiB()
	return emit(res, *out)
}

func hitIDs(r *search.Result) []string {
	ids := make([]string, 0, len(r.Hits))
	for _, h := range r.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

// facetCounts keeps the non-zero counts (the month facet lists empty months too; the peers
// count only what matched).
func facetCounts(r *search.Result) map[string]map[string]int {
	out := map[string]map[string]int{}
	for _, f := range r.Facets {
		m := map[string]int{}
		for _, v := range f.Values {
			if v.Count > 0 {
				m[v.Value] = v.Count
			}
		}
		out[f.Name] = m
	}
	return out
}
