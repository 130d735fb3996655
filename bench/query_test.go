package bench

import (
	"context"
	"os"
	"sync"
	"testing"

	"briefsearch/bench/pipeline"
	"briefsearch/bench/queryset"
	"briefsearch/index"
	"briefsearch/search"
)

// A searcher over an index of the benchmark size, built once per process into a temporary
// folder that is removed when the process exits (TestMain).
var (
	searcherMu    sync.Mutex
	searcherCache = map[int]*search.Searcher{}
	searcherRoots = map[int]string{}
	tempRoots     []string
)

func TestMain(m *testing.M) {
	code := m.Run()
	searcherMu.Lock()
	for _, s := range searcherCache {
		s.Close()
	}
	for _, dir := range tempRoots {
		os.RemoveAll(dir)
	}
	searcherMu.Unlock()
	os.Exit(code)
}

func openSearcher(b *testing.B) (*search.Searcher, int) { return openSearcherOf(b, benchItems(b)) }

// openSearcherOf opens a searcher over an index of n generated items, built once per size.
func openSearcherOf(b testing.TB, n int) (*search.Searcher, int) {
	b.Helper()
	c := loadCorpusOf(b, n)
	searcherMu.Lock()
	defer searcherMu.Unlock()
	if s, ok := searcherCache[c.items]; ok {
		return s, c.items
	}
	root, err := os.MkdirTemp("", "briefsearch-bench-")
	if err != nil {
		b.Fatal(err)
	}
	tempRoots = append(tempRoots, root)
	// As `briefsearch index` builds it: annotated, with the lexicon snapshotted, so that
	// searches expand entity aliases as the server's do.
	if _, err := index.Build(context.Background(), root, c.briefings, index.BuildOptions{Extra: c.extra, Derive: search.Derive}); err != nil {
		b.Fatal(err)
	}
	// pipeline.Options has a generous deadline: a benchmark measures latency, it does not
	// enforce the limit (and a loaded CI machine must not fail it).
	s, err := search.Open(pipeline.Options(root))
	if err != nil {
		b.Fatal(err)
	}
	searcherCache[c.items] = s
	searcherRoots[c.items] = root
	return s, c.items
}

func loadQueries(b testing.TB) []queryset.Query {
	b.Helper()
	qs, err := queryset.Load("queries.txt")
	if err != nil {
		b.Fatal(err)
	}
	return qs
}

// request is how the web layer asks: top 10, every facet by default.
func request(q queryset.Query) search.Request { return search.Request{Query: q.BS, Size: 10} }

// BenchmarkQuery runs each query of the set on its own (warm: the first run is untimed).
func BenchmarkQuery(b *testing.B) {
	s, n := openSearcher(b)
	ctx := context.Background()
	for _, q := range loadQueries(b) {
		b.Run(sizeName(n)+"/"+q.ID, func(b *testing.B) {
			if _, err := s.Search(ctx, request(q)); err != nil {
				b.Fatalf("%s %q: %v", q.ID, q.BS, err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Search(ctx, request(q)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkQueryMix runs the whole set round-robin from one goroutine: ns/op is per query.
func BenchmarkQueryMix(b *testing.B) {
	s, n := openSearcher(b)
	qs := loadQueries(b)
	ctx := context.Background()
	for _, q := range qs {
		s.Search(ctx, request(q))
	}
	b.Run(sizeName(n), func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if _, err := s.Search(ctx, request(qs[i%len(qs)])); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}

// BenchmarkQueryMixParallel runs the set from 32 goroutines on every core, like wrk -c32
// against the server: ns/op is wall time per query, so 1e9/ns/op is the throughput.
func BenchmarkQueryMixParallel(b *testing.B) {
	s, n := openSearcher(b)
	qs := loadQueries(b)
	ctx := context.Background()
	b.Run(sizeName(n), func(b *testing.B) {
		b.ReportAllocs()
		b.SetParallelism(max(1, 32/runtimeProcs()))
		var next sync.Mutex
		i := 0
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				next.Lock()
				q := qs[i%len(qs)]
				i++
				next.Unlock()
				if _, err := s.Search(ctx, request(q)); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

// BenchmarkOpen opens the current generation as serve does at start (the Japanese dictionary
// is loaded once per process, before the timer: see the README for its cost).
func BenchmarkOpen(b *testing.B) {
	_, n := openSearcher(b)
	searcherMu.Lock()
	root := searcherRoots[n]
	searcherMu.Unlock()
	b.Run(sizeName(n), func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			o, err := search.Open(pipeline.Options(root))
			if err != nil {
				b.Fatal(err)
			}
			o.Close()
		}
	})
}
