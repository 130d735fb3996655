package web

import (
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
