package web

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
)

// Admission is tested on a fake clock and a timer the test fires: nothing here sleeps, and no
// assertion depends on how fast the machine is.

// fakeTimers records each timer admission starts and lets the test fire it.
type fakeTimers struct {
	started chan time.Duration // the wait each timer was started with
	fire    chan time.Time     // what every timer's channel delivers
}

func newFakeTimers() *fakeTimers {
	return &fakeTimers{started: make(chan time.Duration, 16), fire: make(chan time.Time)}
}

func (f *fakeTimers) after(d time.Duration) (<-chan time.Time, func() bool) {
	f.started <- d
	return f.fire, func() bool { return true }
}

func testAdmission(slots, queue int) (*admission, *fakeClock, *fakeTimers) {
	clock := &fakeClock{t: time.Date(2026, 5, 16, 0, 0, 0, 0, time.UTC)}
	timers := newFakeTimers()
	a := newAdmission(slots, queue, clock.now)
	a.after = timers.after
	return a, clock, timers
}

// teach makes the recent service time d: one request that held a slot for d.
func teach(t *testing.T, a *admission, clock *fakeClock, d time.Duration) {
	t.Helper()
	leave, err := a.enter(context.Background(), clock.t.Add(time.Hour))
	if err != nil {
		t.Fatalf("teaching %v: %v", d, err)
	}
	clock.advance(d)
	leave()
}

func wantShed(t *testing.T, err error, why string, retryAfter int) {
	t.Helper()
	var shed *shedError
	if !errors.As(err, &shed) {
		t.Fatalf("err = %v, want a refusal (%s)", err, why)
	}
	if shed.why != why || shed.Status != http.StatusServiceUnavailable || shed.Code != "overloaded" || shed.RetryAfter != retryAfter {
		t.Errorf("refusal %+v, want %s, 503 overloaded, Retry-After %d", shed, why, retryAfter)
	}
}

func TestAdmissionFreeSlotRunsAtOnce(t *testing.T) {
	a, clock, timers := testAdmission(2, 10)
	var leaves []func()
	for range 2 {
		leave, err := a.enter(context.Background(), clock.t) // even at its deadline: nothing to wait for
		if err != nil {
			t.Fatalf("with a slot free: %v", err)
		}
		leaves = append(leaves, leave)
	}
	if w, r, _ := a.state(); w != 0 || r != 2 {
		t.Errorf("waiting %d running %d, want 0 and 2", w, r)
	}
	leaves[0]()
	leaves[0]() // a second call gives back nothing more
	if _, r, _ := a.state(); r != 1 {
		t.Errorf("running %d after one left (twice), want 1", r)
	}
	select {
	case d := <-timers.started:
		t.Errorf("a timer (%v) was started with slots free", d)
	default:
	}
}

func TestAdmissionLearnsServiceTime(t *testing.T) {
	a, clock, _ := testAdmission(1, 10)
	teach(t, a, clock, 80*time.Millisecond) // the first sample is taken whole
	if _, _, s := a.state(); s != 80*time.Millisecond {
		t.Fatalf("service %v, want 80ms", s)
	}
	teach(t, a, clock, 720*time.Millisecond) // then each moves it by 1/64 of the difference
	if _, _, s := a.state(); s != 90*time.Millisecond {
		t.Errorf("service %v, want 90ms", s)
	}
}

func TestAdmissionQueuesWhatCanStartInTime(t *testing.T) {
	a, clock, timers := testAdmission(1, 10)
	teach(t, a, clock, 100*time.Millisecond)
	hold, _ := a.enter(context.Background(), clock.t.Add(time.Hour))

	// 1 s left: one ahead of it at 100 ms a request, then its own 100 ms: it waits, for at most
	// 900 ms, the last moment it can start and still finish in time.
	type result struct {
		leave func()
		err   error
	}
	done := make(chan result)
	go func() {
		leave, err := a.enter(context.Background(), clock.t.Add(time.Second))
		done <- result{leave, err}
	}()
	if d := <-timers.started; d != 900*time.Millisecond {
		t.Errorf("waits at most %v, want 900ms", d)
	}
	hold() // the slot is given back: the waiting request gets it
	r := <-done
	if r.err != nil {
		t.Fatalf("queued request: %v", r.err)
	}
	if w, run, _ := a.state(); w != 0 || run != 1 {
		t.Errorf("waiting %d running %d, want 0 and 1", w, run)
	}
	r.leave()
}

func TestAdmissionShedsEarly(t *testing.T) {
	a, clock, timers := testAdmission(2, 10)
	teach(t, a, clock, 100*time.Millisecond)
	for range 2 {
		if _, err := a.enter(context.Background(), clock.t.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	// Two slots busy at 100 ms a request: the n-th in line waits n × 50 ms, then runs 100 ms.
	waiting := make(chan error, 8)
	for i := range 3 {
		go func() {
			_, err := a.enter(context.Background(), clock.t.Add(time.Duration(i+1)*time.Second))
			waiting <- err
		}()
		<-timers.started // in line (waits 50, 100, 150 ms) before the next one comes
	}
	tests := []struct {
		name     string
		left     time.Duration // until its deadline
		why      string
		retryAft int
	}{
		// 4th in line: 200 ms of wait + 100 ms of its own > 250 ms.
		{"the line is longer than its time", 250 * time.Millisecond, shedDeadline, 1},
		// Less time than its own service: refused before it even looks at the line.
		{"less time left than one request takes", 90 * time.Millisecond, shedDeadline, 1},
		{"its deadline has passed", -time.Second, shedDeadline, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := a.enter(context.Background(), clock.t.Add(tt.left))
			wantShed(t, err, tt.why, tt.retryAft)
		})
	}
	// Enough time for the line: it queues.
	go func() { _, err := a.enter(context.Background(), clock.t.Add(time.Second)); waiting <- err }()
	if d := <-timers.started; d != 900*time.Millisecond {
		t.Errorf("4th in line waits at most %v, want 900ms", d)
	}
	close(timers.fire) // every waiter's time is up
	for range 4 {
		wantShed(t, <-waiting, shedDeadline, 1)
	}
	if w, _, _ := a.state(); w != 0 {
		t.Errorf("%d still waiting", w)
	}
}

func TestAdmissionQueueBound(t *testing.T) {
	a, clock, timers := testAdmission(1, 2)
	teach(t, a, clock, time.Second)
	if _, err := a.enter(context.Background(), clock.t.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		go func() { _, _ = a.enter(context.Background(), clock.t.Add(time.Hour)) }()
		<-timers.started
	}
	// The third waiter is one too many, whatever its deadline; Retry-After is the line's drain.
	_, err := a.enter(context.Background(), clock.t.Add(time.Hour))
	wantShed(t, err, shedQueue, 3)
	close(timers.fire)
}

func TestAdmissionClientGone(t *testing.T) {
	a, clock, timers := testAdmission(1, 10)
	if _, err := a.enter(context.Background(), clock.t.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { _, err := a.enter(ctx, clock.t.Add(time.Hour)); done <- err }()
	<-timers.started
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// Through the real router over the real index.

func TestOverloadWaitsInLineThenRuns(t *testing.T) {
	srv := newTestServer(t, Options{MaxConcurrent: 1})
	srv.slots <- struct{}{} // a request holds the only slot
	got := make(chan int)
	go func() { got <- do(t, srv, "GET", "/api/v1/search?q=Bayramov", nil).Code }()
	waitFor(t, "the search to wait in line", func() bool { w, _, _ := srv.admission.state(); return w == 1 })
	<-srv.slots
	if code := <-got; code != 200 {
		t.Errorf("a search that waited for the slot: %d, want 200", code)
	}
}

func TestOverloadShedsAtOnceWhenItCannotFinish(t *testing.T) {
	srv := newTestServer(t, Options{MaxConcurrent: 1, SearchTimeout: 2 * time.Second})
	srv.admission.learn(3 * time.Second) // searches lately take longer than the deadline
	srv.slots <- struct{}{}
	rec := do(t, srv, "GET", "/api/v1/search?q=Bayramov", nil)
	e := decodeError(t, rec, http.StatusServiceUnavailable)
	if e.Error.Code != "overloaded" || rec.Header().Get("Retry-After") != "3" {
		t.Errorf("got %+v, Retry-After %q; want overloaded and 3", e, rec.Header().Get("Retry-After"))
	}
	if w, _, _ := srv.admission.state(); w != 0 {
		t.Errorf("%d left waiting", w)
	}
	fam := scrape(t, srv)
	if v := value(t, fam, "briefsearch_admission_shed_total", "why=deadline"); v != 1 {
		t.Errorf("shed_total{why=deadline} = %v, want 1", v)
	}
	<-srv.slots
}

// The deadline of every index call is the request's arrival plus the search timeout, however
// long it waited for a slot and however many calls it makes.
func TestDeadlineStartsOnArrival(t *testing.T) {
	srv := newTestServer(t, Options{SearchTimeout: 1500 * time.Millisecond})
	type seen struct{ arrived, first, second time.Time }
	got := make(chan seen, 1)
	srv.echo.GET("/api/v1/deadline", func(c echo.Context) error {
		ctx1, cancel1 := srv.indexCtx(c)
		defer cancel1()
		ctx2, cancel2 := srv.indexCtx(c)
		defer cancel2()
		d1, _ := ctx1.Deadline()
		d2, _ := ctx2.Deadline()
		got <- seen{c.Get(ctxArrived).(time.Time), d1, d2}
		return c.NoContent(http.StatusNoContent)
	}, markMatched, srv.admit)
	if rec := do(t, srv, "GET", "/api/v1/deadline", nil); rec.Code != http.StatusNoContent {
		t.Fatalf("status %d", rec.Code)
	}
	s := <-got
	want := s.arrived.Add(1500 * time.Millisecond)
	if !s.first.Equal(want) || !s.second.Equal(want) {
		t.Errorf("deadlines %v and %v, want both %v (arrival + timeout)", s.first, s.second, want)
	}
}

// Exports stream as slowly as their client reads: they take none of the search slots.
func TestExportsHaveSlotsOfTheirOwn(t *testing.T) {
	srv := newTestServer(t, Options{MaxConcurrent: 1})
	srv.slots <- struct{}{}
	if rec := do(t, srv, "GET", "/api/v1/search.jsonl?q=Bayramov", nil); rec.Code != 200 {
		t.Errorf("an export while the search slot is taken: %d", rec.Code)
	}
	<-srv.slots
	srv.exports <- struct{}{}
	rec := do(t, srv, "GET", "/api/v1/search.csv?q=Bayramov", nil)
	if e := decodeError(t, rec, http.StatusServiceUnavailable); e.Error.Code != "overloaded" || rec.Header().Get("Retry-After") == "" {
		t.Errorf("export over its cap: %+v, Retry-After %q", e, rec.Header().Get("Retry-After"))
	}
	if rec := do(t, srv, "GET", "/api/v1/search?q=Bayramov", nil); rec.Code != 200 {
		t.Errorf("a search while the export slot is taken: %d", rec.Code)
	}
	<-srv.exports
}

// waitFor polls cond until it holds; it asserts an order of events, never a duration (the
// bound only keeps a broken build from hanging).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for start := time.Now(); !cond(); time.Sleep(time.Millisecond) {
		if time.Since(start) > 30*time.Second {
			t.Fatalf("gave up waiting for %s", what)
		}
	}
}
