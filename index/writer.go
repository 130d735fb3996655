package index

// A build's read-write index. Scorch merges and persists in background goroutines and reports
// their failures only through a callback; a merge that fails on a full disk is retried for
// ever, writing segment after segment. A writer hears those failures, so a build stops on the
// first one, and bounds every wait on the background work by the context and by time.

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/mapping"
)

// asyncErrorCallback is the name our writers give scorch for its background errors.
const asyncErrorCallback = "briefsearch"

// asyncErrors routes scorch's background errors to the writer of the index they concern, by
// its path. Scorch's callback registry is global and by name, so this table is too: the one
// piece of package state, written only by writers opening and closing.
var asyncErrors sync.Map // path -> chan error

// registerAsyncErrors installs the callback (from Register, once, before any index opens:
// scorch reads its registry without a lock).
func registerAsyncErrors() {
	scorch.RegistryAsyncErrorCallbacks[asyncErrorCallback] = func(err error, path string) {
		if ch, ok := asyncErrors.Load(path); ok {
			select {
			case ch.(chan error) <- err:
			default: // one error is enough to stop the build
			}
		}
	}
}

// bleveIndex lets writer embed bleve.Index: embedded under its own name, the field would
// hide the interface's Index method.
type bleveIndex = bleve.Index

// writer is a read-write index of a build. Close it exactly once (it may close itself to stop
// a stuck merge; Close is then a no-op).
type writer struct {
	bleveIndex
	path      string
	errs      chan error
	closeOnce sync.Once
	closeErr  error
}

// createWriter makes a new index at path; openWriter opens the one there. config is scorch's
// runtime configuration (nil for the defaults).
func createWriter(path string, im mapping.IndexMapping, config map[string]any) (*writer, error) {
	w := newWriter(path)
	idx, err := bleve.NewUsing(path, im, scorch.Name, scorch.Name, w.config(config))
	if err != nil {
		w.forget()
		return nil, fmt.Errorf("creating index: %w", err)
	}
	w.bleveIndex = idx
	return w, nil
}

func openWriter(path string, config map[string]any) (*writer, error) {
	w := newWriter(path)
	idx, err := bleve.OpenUsing(path, w.config(config))
	if err != nil {
		w.forget()
		return nil, err
	}
	w.bleveIndex = idx
	return w, nil
}

func newWriter(path string) *writer {
	Register()
	// Scorch names the index by its store folder in the errors it reports.
	w := &writer{path: filepath.Join(path, "store"), errs: make(chan error, 1)}
	asyncErrors.Store(w.path, w.errs)
	return w
}

func (w *writer) config(c map[string]any) map[string]any {
	out := map[string]any{"asyncErrorCallbackName": asyncErrorCallback}
	for k, v := range c {
		out[k] = v
	}
	return out
}

func (w *writer) forget() { asyncErrors.CompareAndDelete(w.path, w.errs) }

// Close closes the index once and stops hearing its errors.
func (w *writer) Close() error {
	w.closeOnce.Do(func() {
		w.closeErr = w.bleveIndex.Close()
		w.forget()
	})
	return w.closeErr
}

// failure is the first background error scorch reported for this index, if any.
func (w *writer) failure() error {
	select {
	case err := <-w.errs:
		return backgroundError(err)
	default:
		return nil
	}
}

// backgroundError names a background failure; a full disk says so in words.
func backgroundError(err error) error {
	return fmt.Errorf("writing the index: %w", err)
}

// mergesHeldOff is a writer's config under which scorch's background merger never merges
// (every tier has room for a million segments): forceMerge does, when asked.
var mergesHeldOff = map[string]any{"scorchMergePlanOptions": map[string]any{
	"MaxSegmentsPerTier": 1 << 20, "SegmentsPerMergeTask": 10, "FloorSegmentSize": 1,
}}

// mergeTimeout bounds one force-merge pass: a 200k-item index merges in well under a minute.
const mergeTimeout = 30 * time.Minute

// mergeDoneKey is the context key scorch's merger answers a merge request on (a plain string
// in scorch, so it is one here too).
const mergeDoneKey = "mergeDone"

// forceMerge merges all segments into one and waits until that is on disk: searches then
// visit one segment, not dozens, and the on-disk root names the merged segment when closed.
// A pass merges all the segments in one task (oneMergeOf), up to maxSegmentsPerMerge; an
// index left with more comes out of a pass with several: merge again until one is left (each
// pass divides the count by hundreds, so a few passes always suffice).
//
// A failing merge (a full disk), a cancelled ctx or a pass longer than mergeTimeout closes
// the index, which is what stops scorch's merger; the error says which.
func forceMerge(ctx context.Context, w *writer) error {
	s, err := scorchOf(w)
	if err != nil {
		return fmt.Errorf("force merge: %w", err)
	}
	for pass := 1; ; pass++ {
		segments, _ := scorchStats(w)
		if err := mergePass(ctx, w, s, oneMergeOf(segments)); err != nil {
			return err
		}
		segments, err := waitPersisted(ctx, w)
		if err != nil {
			return err
		}
		if segments <= 1 {
			return nil
		}
		if pass == maxMergePasses {
			return fmt.Errorf("force merge: %d segments left after %d passes", segments, pass)
		}
	}
}

// maxMergePasses bounds forceMerge; ten passes would merge 100^10 segments.
const maxMergePasses = 10

// oneMergeOf is scorch's single-segment merge plan with room for all of segments in one
// task. Its default takes 10 a task: at 200k items 14 segments were left after indexing, so
// the first pass wrote two and a second wrote everything again.
func oneMergeOf(segments uint64) *mergeplan.MergePlanOptions {
	o := mergeplan.SingleSegmentMergePlanOptions
	o.SegmentsPerMergeTask = max(o.SegmentsPerMergeTask, int(min(segments, maxSegmentsPerMerge)))
	return &o
}

// maxSegmentsPerMerge bounds a merge task (the files it holds open); a pass over more than
// this leaves several segments, and the next pass merges those. It is also the most batches
// a build merges once, at the end (writeGeneration): 400 batches of 750 items are 300k items.
// At 200k items (267 batches) one merge of them all, with no tiers before it, took 35.0 and
// 35.7 s against 39.2 and 41.0 s with 100 (tiers, then a final merge), alternated, and 85 s
// of CPU against 98; the peak rose 1,442-1,467 -> 1,473-1,483 MiB.
const maxSegmentsPerMerge = 400

// mergePass runs one ForceMerge with options o and waits for it, or for the first reason to
// stop.
func mergePass(ctx context.Context, w *writer, s *scorch.Scorch, o *mergeplan.MergePlanOptions) error {
	done := make(chan error, 16) // the merger sends each merge's outcome here
	//lint:ignore SA1029 scorch's merger looks this key up as a plain string
	mctx := context.WithValue(ctx, mergeDoneKey, done)
	finished := make(chan struct{})
	go func() {
		_ = s.ForceMerge(mctx, o)
		close(finished)
	}()
	timeout := time.NewTimer(mergeTimeout)
	defer timeout.Stop()
	stop := func(err error) error {
		_ = w.Close() // ends the merger, and so the ForceMerge above
		<-finished
		return err
	}
	for {
		select {
		case <-finished:
			return w.failure()
		case err := <-done:
			if err != nil {
				return stop(fmt.Errorf("merging the index: %w", err))
			}
		case err := <-w.errs:
			return stop(backgroundError(err))
		case <-ctx.Done():
			return stop(ctx.Err())
		case <-timeout.C:
			return stop(fmt.Errorf("merging the index took longer than %s; stopped", mergeTimeout))
		}
	}
}
