package web

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// rateLimiter is a token bucket per client key (golang.org/x/time/rate's). Buckets of clients
// that have been quiet long enough to be full again are dropped on a periodic sweep, so memory
// follows active clients.
type rateLimiter struct {
	limit rate.Limit // tokens per second
	burst int
	now   func() time.Time

	// mu guards the map and every bucket in it: a bucket is read and taken from under one lock,
	// so a sweep never drops a bucket between a client's look-up and its take.
	mu        sync.Mutex
	buckets   map[string]*rate.Limiter
	lastSweep time.Time
}

// sweepEvery bounds how often allow pays for a full scan of the buckets.
const sweepEvery = time.Minute

func newRateLimiter(perSecond float64, burst int, now func() time.Time) *rateLimiter {
	if now == nil {
		now = time.Now
	}
	return &rateLimiter{limit: rate.Limit(perSecond), burst: burst, now: now,
		buckets: map[string]*rate.Limiter{}, lastSweep: now()}
}

// allow takes one token from key's bucket. When there is none it says how long until there is.
func (l *rateLimiter) allow(key string) (bool, time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.lastSweep) >= sweepEvery {
		l.sweep(now)
	}
	b, ok := l.buckets[key]
	if !ok {
		b = rate.NewLimiter(l.limit, l.burst)
		l.buckets[key] = b
	}
	if b.AllowN(now, 1) {
		return true, 0
	}
	// A refused AllowN takes nothing; how far the bucket is from its next token is the wait.
	return false, time.Duration((1 - b.TokensAt(now)) / float64(l.limit) * float64(time.Second))
}

// sweep forgets buckets that would be full by now: forgetting them changes nothing.
func (l *rateLimiter) sweep(now time.Time) {
	for k, b := range l.buckets {
		if b.TokensAt(now) >= float64(l.burst) {
			delete(l.buckets, k)
		}
	}
	l.lastSweep = now
}

// size is the number of clients being tracked, for tests and metrics.
func (l *rateLimiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}
