package main

import (
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// LandingResult is how long a briefing takes from landing in the watched archive folder to
// being served: the file's last byte written, to the first 200 of its briefing page.
type LandingResult struct {
	Engine  string    `json:"engine"`
	Phase   string    `json:"phase"`
	Form    string    `json:"form"`
	Files   int       `json:"files"`
	P50S    float64   `json:"p50_s"`
	MaxS    float64   `json:"max_s"`
	Samples []float64 `json:"samples_s"`
}

// runLanding drops each file of -from (named <briefing id>.<ext>) into the archive folder of a
// running server, one at a time, and times each until the server serves that briefing.
func runLanding(args []string) error {
	fl := flag.NewFlagSet("landing", flag.ExitOnError)
	base := fl.String("url", "", "server base URL, ending in /")
	archiveDir := fl.String("archive", "", "the server's watched archive folder")
	from := fl.String("from", "", "folder of briefing files to drop in, named <id>.<ext>")
	timeout := fl.Duration("timeout", time.Minute, "how long to wait for one briefing")
	out := fl.String("out", "-", "result file")
	fl.Parse(args)
	if *base == "" || *archiveDir == "" || *from == "" {
		return fmt.Errorf("landing: -url, -archive and -from are required")
	}
	entries, err := os.ReadDir(*from)
	if err != nil {
		return err
	}
	res := LandingResult{Engine: "briefsearch", Phase: "landing"}
	client := &http.Client{Timeout: 5 * time.Second}
	for _, e := range entries {
		name := e.Name()
		id, ext, _ := strings.Cut(name, ".")
		res.Form = ext
		data, err := os.ReadFile(filepath.Join(*from, name))
		if err != nil {
			return err
		}
		dst := filepath.Join(*archiveDir, id[:4], name)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			return err
		}
		landed := time.Now()
		for {
			resp, err := client.Get(*base + "api/v1/briefings/" + id)
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					break
				}
			}
			if time.Since(landed) > *timeout {
				return fmt.Errorf("landing: %s not served %s after it landed", id, *timeout)
			}
			time.Sleep(5 * time.Millisecond)
		}
		res.Samples = append(res.Samples, time.Since(landed).Seconds())
		time.Sleep(200 * time.Millisecond) // the next file is a new event, not part of this one
	}
	res.Files = len(res.Samples)
	if res.Files > 0 {
		res.P50S, res.MaxS = percentile(res.Samples, 50), slices.Max(res.Samples)
	}
	return emit(res, *out)
}
