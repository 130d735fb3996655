package web

import (
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func TestRateLimiter(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 5, 16, 0, 0, 0, 0, time.UTC)}
	l := newRateLimiter(2, 3, clock.now) // 2/s, burst 3

	for i := range 3 {
		if ok, _ := l.allow("a"); !ok {
			t.Fatalf("request %d within the burst refused", i+1)
		}
	}
	ok, wait := l.allow("a")
	if ok {
		t.Fatal("request over the burst allowed")
	}
	if wait != 500*time.Millisecond {
		t.Errorf("wait = %v, want 500ms at 2/s", wait)
	}
	if ok, _ := l.allow("b"); !ok {
		t.Error("another client is limited by the first one's budget")
	}
	clock.advance(500 * time.Millisecond)
	if ok, _ := l.allow("a"); !ok {
		t.Error("refill after 500ms at 2/s did not give a token")
	}
	if ok, _ := l.allow("a"); ok {
		t.Error("a second token appeared from a half-second refill")
	}
	// Quiet clients are forgotten at the next sweep, so memory follows active clients.
	if n := l.size(); n != 2 {
		t.Fatalf("size = %d, want 2", n)
	}
	clock.advance(sweepEvery + time.Second)
	l.allow("c")
	if n := l.size(); n != 1 {
		t.Errorf("after a sweep size = %d, want 1 (only c)", n)
	}
}

// BenchmarkRateLimiter compares rateLimiter (golang.org/x/time/rate's buckets) with the
// hand-written buckets it replaced (handLimiter, below): allow under parallel load over 10,000
// active clients, and the memory 100,000 clients take. README "Dependencies, and why" has the
// numbers and the decision.
func BenchmarkRateLimiter(b *testing.B) {
	impls := []struct {
		name string
		make func() allower
	}{
		{"x-time-rate", func() allower { return newRateLimiter(1e6, 100, nil) }},
		{"hand-written", func() allower { return newHandLimiter(1e6, 100, nil) }},
	}
	for _, impl := range impls {
		b.Run(impl.name+"/allow-parallel", func(b *testing.B) {
			l := impl.make()
			keys := clientKeys(10_000)
			var next atomic.Uint64
			b.RunParallel(func(pb *testing.PB) {
				i := next.Add(7919) // each goroutine starts elsewhere among the clients
				for pb.Next() {
					if ok, _ := l.allow(keys[i%uint64(len(keys))]); !ok {
						b.Error("refused at a million requests per second")
						return
					}
					i++
				}
			})
		})
		b.Run(impl.name+"/memory-100k-clients", func(b *testing.B) {
			const clients = 100_000
			var perClient float64
			for range b.N {
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				l := impl.make()
				for i := range clients {
					l.allow(clientKey(i)) // a fresh key per client, as c.RealIP() makes one
				}
				runtime.GC()
				runtime.ReadMemStats(&after)
				if l.size() != clients {
					b.Fatalf("tracking %d clients, want %d", l.size(), clients)
				}
				perClient += float64(after.HeapAlloc-before.HeapAlloc) / clients
				runtime.KeepAlive(l)
			}
			b.ReportMetric(perClient/float64(b.N), "B/client")
		})
	}
}

type allower interface {
	allow(key string) (bool, time.Duration)
	size() int
}

func clientKeys(n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = clientKey(i)
	}
	return keys
}

// clientKey is an IPv4 address, as c.RealIP() gives one.
func clientKey(i int) string {
	return "10." + strconv.Itoa(i>>16&255) + "." + strconv.Itoa(i>>8&255) + "." + strconv.Itoa(i&255)
}

// handLimiter is the hand-written token bucket per client that rateLimiter replaced, kept here
// so the benchmark above can still compare the two.
type handLimiter struct {
	rate  float64
	burst float64
	now   func() time.Time

	mu        sync.Mutex
	buckets   map[string]*handBucket
	lastSweep time.Time
}

type handBucket struct {
	tokens float64
	last   time.Time
}

func newHandLimiter(rate float64, burst int, now func() time.Time) *handLimiter {
	if now == nil {
		now = time.Now
	}
	return &handLimiter{rate: rate, burst: float64(burst), now: now, buckets: map[string]*handBucket{}, lastSweep: now()}
}

func (l *handLimiter) allow(key string) (bool, time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.lastSweep) >= sweepEvery {
		for k, b := range l.buckets {
			l.refill(b, now)
			if b.tokens >= l.burst {
				delete(l.buckets, k)
			}
		}
		l.lastSweep = now
	}
	b, ok := l.buckets[key]
	if !ok {
		b = &handBucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	l.refill(b, now)
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

func (l *handLimiter) refill(b *handBucket, now time.Time) {
	if elapsed := now.Sub(b.last).Seconds(); elapsed > 0 {
		b.tokens = min(l.burst, b.tokens+elapsed*l.rate)
		b.last = now
	}
}

func (l *handLimiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}
