package web

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// admission decides when a request may use the index: at once when one of a few slots is free,
// later (in arrival order) when it can still start in time, never when it cannot.
//
// Searches are CPU-bound. Letting many run at once on a few cores does not serve more of them
// per second; it makes every one of them slow, so under overload all of them time out together
// and the ones refused come back at once. So few run at once (a couple per core), the rest wait
// in line, and a request is refused (503 with Retry-After) as soon as it is clear it would not
// finish within its deadline, which starts when the request arrives: the line ahead of it,
// times the recent service time, per slot, plus its own service time must fit. A request that
// got in line on that estimate still gives up when only its own expected service time is left,
// so no request waits out its whole deadline to be refused at the end of it.
type admission struct {
	slots    chan struct{} // a request holds one while it uses the index
	maxQueue int64         // requests that may wait at once; more are refused at once
	now      func() time.Time
	// after is time.After, as a timer and its stop func; tests pass one they fire themselves.
	after func(time.Duration) (<-chan time.Time, func() bool)

	waiting atomic.Int64

	mu      sync.Mutex
	service time.Duration // moving average of the time a slot is held; 0 = none measured yet
}

// serviceWeight is how much of the moving average one new request makes (1/64): recent enough to
// follow a change of load within a hundred requests or so (a fraction of a second under load),
// smooth enough that one slow search does not close the door. Service times are heavy-tailed:
// at 1/8, measured at c=256 on 20k items, single slow searches pushed the estimate past what
// the line allowed and a third of the requests were refused that would have been served in
// time; at 1/64, none were (README "HTTP").
const serviceWeight = 64

// Why a request was refused, the label of briefsearch_admission_shed_total.
const (
	shedDeadline = "deadline" // it could not start and still finish in time
	shedQueue    = "queue"    // the line was full
	shedExports  = "exports"  // too many exports at once
)

func newAdmission(slots, maxQueue int, now func() time.Time) *admission {
	if now == nil {
		now = time.Now
	}
	return &admission{
		slots:    make(chan struct{}, slots),
		maxQueue: int64(maxQueue),
		now:      now,
		after: func(d time.Duration) (<-chan time.Time, func() bool) {
			t := time.NewTimer(d)
			return t.C, t.Stop
		},
	}
}

// shedError is a refusal: the 503 the client gets, and why, for the metrics.
type shedError struct {
	httpError
	why string
}

// enter returns once the request holds a slot, with the func that gives it back. It returns a
// *shedError when the request cannot use the index before deadline, and ctx's error when the
// client goes away while waiting.
func (a *admission) enter(ctx context.Context, deadline time.Time) (leave func(), err error) {
	select {
	case a.slots <- struct{}{}:
		return a.leaveFunc(a.now()), nil
	default:
	}
	now := a.now()
	service := a.expected()
	// The latest moment this request can start and still finish by its deadline.
	budget := deadline.Sub(now) - service
	if budget <= 0 {
		return nil, a.shed(shedDeadline, service)
	}
	n := a.waiting.Add(1)
	defer a.waiting.Add(-1)
	if n > a.maxQueue {
		return nil, a.shed(shedQueue, a.drain(n))
	}
	if wait := a.drain(n); wait > budget {
		return nil, a.shed(shedDeadline, wait)
	}
	timeout, stop := a.after(budget)
	defer stop()
	select {
	case a.slots <- struct{}{}:
		return a.leaveFunc(a.now()), nil
	case <-timeout:
		return nil, a.shed(shedDeadline, a.drain(a.waiting.Load()))
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// drain estimates how long until the n-th request in line gets a slot.
func (a *admission) drain(n int64) time.Duration {
	return time.Duration(n) * a.expected() / time.Duration(cap(a.slots))
}

func (a *admission) shed(why string, wait time.Duration) *shedError {
	return &shedError{why: why, httpError: httpError{Status: http.StatusServiceUnavailable, Code: "overloaded",
		Msg: "too many requests at once; try again shortly", RetryAfter: ceilSeconds(wait)}}
}

// leaveFunc gives the slot back once and learns how long it was held.
func (a *admission) leaveFunc(start time.Time) func() {
	var once sync.Once
	return func() {
		once.Do(func() {
			a.learn(a.now().Sub(start))
			<-a.slots
		})
	}
}

func (a *admission) learn(held time.Duration) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.service == 0 {
		a.service = held
		return
	}
	a.service += (held - a.service) / serviceWeight
}

func (a *admission) expected() time.Duration {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.service
}

// state is what /metrics shows: requests waiting, holding a slot, and the service time.
func (a *admission) state() (waiting, running int, service time.Duration) {
	return int(a.waiting.Load()), len(a.slots), a.expected()
}
