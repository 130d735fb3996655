package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"time"

	"briefsearch/bench/queryset"
)

// runNoop serves the loopback floor: a handler that does nothing. It prints its URL and serves
// until killed.
func runNoop(args []string) error {
	fl := flag.NewFlagSet("noop", flag.ExitOnError)
	addr := fl.String("addr", "127.0.0.1:0", "listen address (loopback)")
	fl.Parse(args)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	fmt.Printf("http://%s/\n", ln.Addr())
	os.Stdout.Sync()
	return http.Serve(ln, http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
}

// HTTPResult is sequential latency over one keep-alive connection: the p50 that a single
// user sees, to compare with the in-process p50 plus the loopback floor.
type HTTPResult struct {
	Engine   string     `json:"engine"`
	Phase    string     `json:"phase"`
	Requests int        `json:"requests"`
	Errors   int        `json:"errors"`
	P50US    float64    `json:"p50_us"`
	P99US    float64    `json:"p99_us"`
	Queries  []QueryRun `json:"queries,omitempty"`
}

// searchURL is the /api/v1/search request for a query of the set: top 10, default facets.
func searchURL(base string, q queryset.Query) string {
	v := url.Values{}
	if q.BS != "" {
		v.Set("q", q.BS)
	}
	v.Set("size", "10")
	return base + "api/v1/search?" + v.Encode()
}

func runHTTP(args []string) error {
	fl := flag.NewFlagSet("http", flag.ExitOnError)
	base := fl.String("url", "", "server base URL, ending in /")
	qfile := fl.String("queries", "", "query set; without it, GET the base URL (the floor)")
	rounds := fl.Int("rounds", 20, "timed rounds over the query set")
	n := fl.Int("n", 5000, "requests for the floor")
	engine := fl.String("engine", "http", "engine name in the result")
	out := fl.String("out", "-", "result file")
	fl.Parse(args)
	if *base == "" {
		return fmt.Errorf("http: -url is required")
	}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		MaxIdleConnsPerHost: 1, DisableCompression: true}}
	res := HTTPResult{Engine: *engine, Phase: "http"}
	var all []float64
	get := func(u string) float64 {
		t0 := time.Now()
		resp, err := client.Get(u)
		if err != nil {
			res.Errors++
			return 0
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			res.Errors++
		}
		return float64(time.Since(t0).Nanoseconds()) / 1000
	}
	if *qfile == "" {
		for range 200 { // warm the connection and the server
			get(*base)
		}
		for range *n {
			all = append(all, get(*base))
		}
	} else {
		qs, err := queryset.Load(*qfile)
		if err != nil {
			return err
		}
		urls := make([]string, len(qs))
		for i, q := range qs {
			urls[i] = searchURL(*base, q)
			get(urls[i])
		}
		runs := make([]QueryRun, len(qs))
		for range *rounds {
			for i, q := range qs {
				us := get(urls[i])
				runs[i].ID, runs[i].Mode = q.ID, q.Mode
				runs[i].US = append(runs[i].US, us)
				all = append(all, us)
			}
		}
		res.Queries = runs
	}
	res.Requests = len(all)
	res.P50US, res.P99US = percentile(all, 50), percentile(all, 99)
	return emit(res, *out)
}
