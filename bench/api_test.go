package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"

	"briefsearch/search"
	"briefsearch/web"
)

// apiPaths are the query set as /api/v1/search requests: top 10, default facets.
func apiPaths(b *testing.B) []string {
	var paths []string
	for _, q := range loadQueries(b) {
		v := url.Values{}
		if q.BS != "" {
			v.Set("q", q.BS)
		}
		v.Set("size", "10")
		paths = append(paths, "/api/v1/search?"+v.Encode())
	}
	return paths
}

func apiServer(b *testing.B) (*web.Server, int) {
	s, n := openSearcher(b)
	srv, err := web.New(web.Options{Index: s})
	if err != nil {
		b.Fatal(err)
	}
	return srv, n
}

// BenchmarkAPIMix is the JSON API's handler cost for the query mix, without a network: the
// difference from BenchmarkQueryMix is what the web layer adds (routing, middleware, JSON).
func BenchmarkAPIMix(b *testing.B) {
	srv, n := apiServer(b)
	paths := apiPaths(b)
	b.Run(sizeName(n), func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, paths[i%len(paths)], nil))
			if rec.Code != http.StatusOK {
				b.Fatalf("%s: %d %s", paths[i%len(paths)], rec.Code, rec.Body)
			}
			i++
		}
	})
}

// BenchmarkAPIMixParallel is BenchmarkAPIMix from 32 goroutines, like wrk -c32.
func BenchmarkAPIMixParallel(b *testing.B) {
	srv, n := apiServer(b)
	paths := apiPaths(b)
	b.Run(sizeName(n), func(b *testing.B) {
		b.ReportAllocs()
		b.SetParallelism(max(1, 32/runtimeProcs()))
		var mu sync.Mutex
		i := 0
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				mu.Lock()
				p := paths[i%len(paths)]
				i++
				mu.Unlock()
				rec := httptest.NewRecorder()
				srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p, nil))
				if rec.Code != http.StatusOK {
					b.Errorf("%s: %d", p, rec.Code)
					return
				}
			}
		})
	})
}

// BenchmarkAPIMixLoopback is BenchmarkAPIMix through a real server on loopback with one
// keep-alive client, as compare.sh's sequential HTTP row: the difference from BenchmarkAPIMix
// is the socket, net/http's server and client, and the response's bytes.
func BenchmarkAPIMixLoopback(b *testing.B) {
	srv, n := apiServer(b)
	paths := apiPaths(b)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1, DisableCompression: true}}
	b.Run(sizeName(n), func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			p := paths[i%len(paths)]
			i++
			resp, err := client.Get(ts.URL + p)
			if err != nil {
				b.Fatal(err)
			}
			_, err = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if err != nil || resp.StatusCode != http.StatusOK {
				b.Fatalf("%s: %d %v", p, resp.StatusCode, err)
			}
		}
	})
}

// BenchmarkAPIJSON is the JSON of the query set's replies (top 10, every default facet,
// highlighted), encoded as encoding/json does it and as the API does (search.Response.AppendJSON,
// the same bytes): the part of BenchmarkAPIMix that is neither the search nor the routing.
func BenchmarkAPIJSON(b *testing.B) {
	s, n := openSearcher(b)
	var replies []search.Response
	for _, q := range loadQueries(b) {
		res, err := s.Search(context.Background(), request(q))
		if err != nil {
			b.Fatal(err)
		}
		replies = append(replies, search.NewResponse(request(q), res, s.Corpus()))
	}
	b.Run(sizeName(n)+"/encoding-json", func(b *testing.B) {
		var buf bytes.Buffer
		i := 0
		for b.Loop() {
			buf.Reset()
			if err := json.NewEncoder(&buf).Encode(replies[i%len(replies)]); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run(sizeName(n)+"/append", func(b *testing.B) {
		var out []byte
		i := 0
		for b.Loop() {
			var err error
			if out, err = replies[i%len(replies)].AppendJSON(out[:0]); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}
