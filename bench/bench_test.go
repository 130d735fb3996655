package bench

// Go benchmarks over a generated archive. The size is tiny by default, so that CI's
//
//	go test -run '^$' -bench . -benchtime 1x ./...
//
// stays quick; choose a real size with -items or BENCH_ITEMS:
//
//	go test -run '^$' -bench . -benchmem -count 6 ./bench -items 20000 | tee new.txt
//	benchstat old.txt new.txt

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"testing"

	"briefsearch/archive"
	"briefsearch/bench/gen"
	"briefsearch/bench/pipeline"
	"briefsearch/index"
	"briefsearch/search"
)

var itemsFlag = flag.Int("items", 0, "items in the generated archive (default: $BENCH_ITEMS or 300)")

// benchItems is the archive size: -items, else $BENCH_ITEMS, else a CI-sized 300.
func benchItems(tb testing.TB) int {
	if *itemsFlag > 0 {
		return *itemsFlag
	}
	if s := os.Getenv("BENCH_ITEMS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			tb.Fatalf("BENCH_ITEMS=%q is not a positive number", s)
		}
		return n
	}
	return 300
}

// corpus is generated and parsed once per size and shared by the benchmarks.
type corpus struct {
	files     []gen.File
	bytes     int64
	briefings []*archive.Briefing // parsed and annotated, as `briefsearch index` has them
	extra     map[string][]byte   // the lexicon snapshots for the generation
	items     int
}

var (
	corpusMu    sync.Mutex
	corpusCache = map[int]*corpus{}
)

func loadCorpus(b *testing.B) *corpus { return loadCorpusOf(b, benchItems(b)) }

// loadCorpusOf generates, parses and annotates an archive of n items, once per size.
func loadCorpusOf(b testing.TB, n int) *corpus {
	b.Helper()
	corpusMu.Lock()
	defer corpusMu.Unlock()
	if c, ok := corpusCache[n]; ok {
		return c
	}
	files, err := gen.Files(gen.Options{Items: n, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	c := &corpus{files: files}
	for _, f := range files {
		c.bytes += int64(len(f.Data))
		br, err := archive.Parse(f.Name, f.Data)
		if err != nil {
			b.Fatal(err)
		}
		c.briefings = append(c.briefings, br)
		c.items += len(br.Items)
	}
	if c.extra, err = annotate(c.briefings); err != nil {
		b.Fatal(err)
	}
	corpusCache[n] = c
	return c
}

func sizeName(n int) string {
	if n%1000 == 0 {
		return fmt.Sprintf("items=%dk", n/1000)
	}
	return fmt.Sprintf("items=%d", n)
}

// annotate gives the items their entities from the shipped lexicon (the test runs in bench/).
func annotate(briefings []*archive.Briefing) (map[string][]byte, error) {
	return pipeline.Annotate(briefings, "../"+pipeline.Gazetteer, "../"+pipeline.Glossary)
}

// BenchmarkParse parses every file of the archive: MB/s and items/s.
func BenchmarkParse(b *testing.B) {
	c := loadCorpus(b)
	b.Run(sizeName(c.items), func(b *testing.B) {
		b.SetBytes(c.bytes)
		b.ReportAllocs()
		for b.Loop() {
			for _, f := range c.files {
				if _, err := archive.Parse(f.Name, f.Data); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(c.items)*float64(b.N)/b.Elapsed().Seconds(), "items/s")
	})
}

// BenchmarkAnnotate extracts the entities of every item with the shipped lexicon (parsing the
// gazetteer and glossary included), as `briefsearch index` does between parse and build.
func BenchmarkAnnotate(b *testing.B) {
	c := loadCorpus(b)
	b.Run(sizeName(c.items), func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := annotate(c.briefings); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(c.items)*float64(b.N)/b.Elapsed().Seconds(), "items/s")
	})
}

// BenchmarkBuild builds a whole generation (index, force merge, metadata, switch) from parsed
// briefings, as `briefsearch index` does after parsing.
func BenchmarkBuild(b *testing.B) {
	c := loadCorpus(b)
	if err := index.LoadDictionary(); err != nil { // once per process, not per build
		b.Fatal(err)
	}
	b.Run(sizeName(c.items), func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			root := b.TempDir()
			if _, err := index.Build(context.Background(), root, c.briefings, index.BuildOptions{Extra: c.extra, Derive: search.Derive}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(c.items)*float64(b.N)/b.Elapsed().Seconds(), "items/s")
	})
}

func runtimeProcs() int { return runtime.GOMAXPROCS(0) }
