// Package replica keeps a read-only copy of a writer's index: it takes each generation the
// writer publishes whole, with rsync, verifies every file against the checksums its build
// recorded, and only then installs it and switches to it. A replica never serves a partial or
// unverified generation; a transfer that does not verify is refused, and the replica keeps
// serving what it had.
//
// Generations are immutable and complete once their meta.json is written, so copying one is
// safe while the writer keeps building. The segments a generation shares with the one before
// (by checksum) are hard-linked from the replica's own copy, so a new week costs its new
// segment on the wire.
package replica

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"briefsearch/index"
)

// Options configure a Replica.
type Options struct {
	// Source is the writer's index root as rsync names it: a path, host:path (over ssh), or
	// rsync://host/module.
	Source string
	// Root is this replica's own index root.
	Root string
	// Rsync is the rsync program ("" = rsync on PATH) and RsyncArgs arguments added to every
	// call (e.g. -e "ssh -i KEY").
	Rsync     string
	RsyncArgs []string
	// Interval is how often the source is asked for a new generation (0 = 2 s); Timeout bounds
	// one transfer (0 = 10 min).
	Interval time.Duration
	Timeout  time.Duration
	Logger   *slog.Logger
	// Installed is called after a generation was installed: the server switches to it.
	Installed func(ctx context.Context, id string) error
}

// Status is what a replica knows of itself and its source.
type Status struct {
	Source           string    `json:"source"`
	SourceGeneration string    `json:"source_generation"` // the generation the source publishes now
	SourceSequence   int       `json:"source_sequence"`
	Generation       string    `json:"generation"` // the newest generation installed here
	Sequence         int       `json:"sequence"`
	Behind           int       `json:"behind"`  // generations the source published that this replica has not installed
	Lagging          bool      `json:"lagging"` // more than one behind
	LastCheck        time.Time `json:"last_check"`
	LastError        string    `json:"last_error,omitempty"`
	Installs         int       `json:"installs"` // generations installed since start
	Refused          int       `json:"refused"`  // transfers refused since start (a file not as its build wrote it)
}

// Replica follows one source.
type Replica struct {
	opts Options
	mu   sync.Mutex
	st   Status

	// A generation whose transfer failed is tried again after a wait that doubles with each
	// failure (twice Interval first, at most maxRetryWait), not at every tick: a refused
	// transfer of a large index would otherwise be repeated every few seconds. A new
	// generation on the source is tried at once.
	failedID string
	failures int
	retryAt  time.Time
	lastErr  error
	now      func() time.Time // time.Now; tests move it
}

// maxRetryWait bounds the wait before a failed generation's transfer is tried again.
const maxRetryWait = 10 * time.Minute

// errWaiting says a failed generation's transfer waits for its next try.
var errWaiting = errors.New("waiting to try again")

// New returns a replica of opts.Source into opts.Root.
func New(opts Options) (*Replica, error) {
	if opts.Source == "" || opts.Root == "" {
		return nil, errors.New("replica: a source and a root are required")
	}
	if opts.Rsync == "" {
		opts.Rsync = "rsync"
	}
	if _, err := exec.LookPath(opts.Rsync); err != nil {
		return nil, fmt.Errorf("replica: %s not found (install rsync): %w", opts.Rsync, err)
	}
	if opts.Interval <= 0 {
		opts.Interval = 2 * time.Second
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Minute
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	r := &Replica{opts: opts, now: time.Now}
	r.st.Source = opts.Source
	if m, err := localMeta(opts.Root); err == nil {
		r.st.Generation, r.st.Sequence = m.ID, m.Sequence
	}
	return r, nil
}

// Status returns a copy of the replica's status.
func (r *Replica) Status() Status {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.st
}

// Run syncs every Interval until ctx ends. A failed sync is logged and retried at the next.
func (r *Replica) Run(ctx context.Context) {
	t := time.NewTicker(r.opts.Interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if _, err := r.Sync(ctx); err != nil && ctx.Err() == nil && !errors.Is(err, errWaiting) {
			r.opts.Logger.Warn("replica: sync failed; still serving the generation it has", "source", r.opts.Source, "err", err)
		}
	}
}

// Sync asks the source which generation it publishes and, when this replica does not have
// it, receives, verifies and installs it, then calls Installed. It reports whether it
// installed one.
func (r *Replica) Sync(parent context.Context) (installed bool, err error) {
	ctx, cancel := context.WithTimeout(parent, r.opts.Timeout)
	defer cancel()
	defer func() {
		r.mu.Lock()
		r.st.LastCheck = time.Now().UTC()
		r.st.LastError = ""
		if err != nil {
			r.st.LastError = err.Error()
		}
		r.mu.Unlock()
	}()
	src, err := r.sourceMeta(ctx)
	if err != nil {
		return false, err
	}
	r.mu.Lock()
	r.st.SourceGeneration, r.st.SourceSequence = src.ID, src.Sequence
	have := r.st.Generation
	r.setBehindLocked()
	r.mu.Unlock()
	if src.ID == have {
		return false, nil
	}
	if src.Format != index.Format {
		return false, fmt.Errorf("the source publishes index format %d, this replica reads %d: run the same briefsearch version on both", src.Format, index.Format)
	}
	r.mu.Lock()
	waiting := src.ID == r.failedID && r.now().Before(r.retryAt)
	failures, lastErr, retryAt := r.failures, r.lastErr, r.retryAt
	r.mu.Unlock()
	if waiting {
		return false, fmt.Errorf("generation %s did not transfer (%d times, last: %v); %w at %s",
			src.ID, failures, lastErr, errWaiting, retryAt.UTC().Format(time.RFC3339))
	}
	installed, err = r.transfer(ctx, src)
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case err == nil:
		r.failedID, r.failures = "", 0
	case parent.Err() == nil: // not a shutdown: a failure (a transfer that timed out too)
		if src.ID != r.failedID {
			r.failedID, r.failures = src.ID, 0
		}
		r.failures++
		wait := r.opts.Interval << min(r.failures, 20)
		r.retryAt, r.lastErr = r.now().Add(min(wait, maxRetryWait)), err
	}
	return installed, err
}

// transfer receives, verifies and installs the source's generation src, then calls
// Installed.
func (r *Replica) transfer(ctx context.Context, src index.Meta) (installed bool, err error) {
	incoming, err := index.IncomingDir(r.opts.Root, src.ID)
	if err != nil {
		return false, fmt.Errorf("the source's current generation: %w", err)
	}
	// A transfer of an older generation, interrupted, is of no more use.
	if stale, err := os.ReadDir(filepath.Dir(incoming)); err == nil {
		for _, e := range stale {
			if e.Name() != src.ID {
				_ = os.RemoveAll(filepath.Join(filepath.Dir(incoming), e.Name()))
			}
		}
	}
	started := time.Now()
	linked := r.linkShared(src, incoming)
	rep, err := r.receive(ctx, src.ID, incoming)
	if errors.Is(err, index.ErrDamaged) && linked > 0 {
		// A local file linked in was not what its checksum says any more (damaged on this
		// disk since): receive everything from the source once.
		r.opts.Logger.Warn("replica: a generation with local files linked in did not verify; receiving it whole", "generation", src.ID, "err", err)
		rep, err = r.receive(ctx, src.ID, incoming)
	}
	if err != nil {
		if errors.Is(err, index.ErrDamaged) {
			r.mu.Lock()
			r.st.Refused++
			r.mu.Unlock()
			r.opts.Logger.Error("replica: refused a generation that did not verify; still serving the one it has", "generation", src.ID, "err", err)
		}
		return false, err
	}
	r.mu.Lock()
	r.st.Generation, r.st.Sequence = rep.Generation, rep.Sequence
	r.st.Installs++
	r.setBehindLocked()
	r.mu.Unlock()
	r.opts.Logger.Info("replica: installed a generation", "generation", rep.Generation, "sequence", rep.Sequence,
		"previous", rep.Previous, "took", time.Since(started).Round(time.Millisecond))
	if r.opts.Installed != nil {
		if err := r.opts.Installed(ctx, rep.Generation); err != nil {
			return true, fmt.Errorf("switching to generation %s: %w", rep.Generation, err)
		}
	}
	return true, nil
}

// receive transfers the source's generation id into incoming (what is there already and
// identical is kept) and installs it.
func (r *Replica) receive(ctx context.Context, id, incoming string) (*index.InstallReport, error) {
	if err := os.MkdirAll(incoming, 0o755); err != nil {
		return nil, err
	}
	if err := r.rsync(ctx, "-a", "--delete", "--exclude=/"+leaseFile, r.source("generations", id)+"/", incoming+"/"); err != nil {
		return nil, fmt.Errorf("receiving generation %s: %w", id, err)
	}
	return index.Install(ctx, r.opts.Root, id)
}

// linkShared hard-links into incoming every file of the local current generation that the
// source's generation holds too, by path, size and SHA-256 as both builds recorded them (a
// generation extends the one before by linking its segments), so that only new files cross
// the wire; rsync then finds them in place. It does not use rsync's --link-dest, which takes
// a file for the same when its size and modification time match: two generations built in
// the same second can hold different files that match so. It returns how many it linked.
func (r *Replica) linkShared(src index.Meta, incoming string) int {
	dir, err := index.CurrentDir(r.opts.Root)
	if err != nil {
		return 0
	}
	local, err := index.ReadMeta(dir)
	if err != nil {
		return 0
	}
	n := 0
	for rel, sum := range src.Files {
		if local.Files[rel] != sum || !filepath.IsLocal(filepath.FromSlash(rel)) {
			continue
		}
		to := filepath.Join(incoming, filepath.FromSlash(rel))
		if _, err := os.Lstat(to); err == nil {
			continue // received before
		}
		if os.MkdirAll(filepath.Dir(to), 0o755) != nil || os.Link(filepath.Join(dir, filepath.FromSlash(rel)), to) != nil {
			continue // it will be received
		}
		n++
	}
	return n
}

// leaseFile is the writer's lease on a generation (index/lease_unix.go): its, not ours.
const leaseFile = "lease"

func (r *Replica) setBehindLocked() {
	r.st.Behind = 0
	if r.st.SourceSequence > r.st.Sequence && r.st.Sequence > 0 {
		r.st.Behind = r.st.SourceSequence - r.st.Sequence
	} else if r.st.SourceGeneration != "" && r.st.SourceGeneration != r.st.Generation {
		r.st.Behind = 1 // sequences unknown (a first install, or a source built before they were counted)
	}
	r.st.Lagging = r.st.Behind > 1
}

// source joins path elements onto the source as rsync reads it (host:path and rsync:// URLs
// take "/" whatever the local system).
func (r *Replica) source(elem ...string) string {
	return strings.TrimRight(r.opts.Source, "/") + "/" + strings.Join(elem, "/")
}

// sourceMeta reads the meta.json of the generation the source's current link names.
func (r *Replica) sourceMeta(ctx context.Context) (index.Meta, error) {
	var m index.Meta
	tmp, err := os.MkdirTemp("", "briefsearch-replica-")
	if err != nil {
		return m, err
	}
	defer os.RemoveAll(tmp)
	// The sender resolves current/ (a link to generations/ID) itself: what it sends is that
	// generation's meta.json, written last by its build.
	if err := r.rsync(ctx, "--copy-links", r.source("current", "meta.json"), filepath.Join(tmp, "meta.json")); err != nil {
		return m, fmt.Errorf("asking the source for its current generation: %w", err)
	}
	data, err := os.ReadFile(filepath.Join(tmp, "meta.json"))
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return m, fmt.Errorf("the source's meta.json: %w", err)
	}
	return m, nil
}

func (r *Replica) rsync(ctx context.Context, args ...string) error {
	cmd := exec.CommandContext(ctx, r.opts.Rsync, append(append([]string{}, r.opts.RsyncArgs...), args...)...)
	cmd.WaitDelay = 5 * time.Second // a wedged rsync (or ssh) cannot hold the replica past its timeout
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("rsync: %w", ctx.Err())
		}
		msg := strings.TrimSpace(stderr.String())
		if len(msg) > 500 {
			msg = msg[:500] + "…"
		}
		return fmt.Errorf("rsync: %w: %s", err, msg)
	}
	return nil
}

// localMeta reads the meta.json of root's current generation.
func localMeta(root string) (index.Meta, error) {
	dir, err := index.CurrentDir(root)
	if err != nil {
		return index.Meta{}, err
	}
	return index.ReadMeta(dir)
}
