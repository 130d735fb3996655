package entity

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"briefsearch/archive"
)

// AnnotateAll annotates every briefing, spread over GOMAXPROCS workers: a Lexicon is safe for
// concurrent use and each Annotate call touches only its own briefing. ctx is checked between
// briefings; on cancellation some briefings may be left unannotated and the error says so.
func (lx *Lexicon) AnnotateAll(ctx context.Context, briefings []*archive.Briefing) error {
	next := make(chan *archive.Briefing)
	var wg sync.WaitGroup
	for range max(1, min(runtime.GOMAXPROCS(0), len(briefings))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range next {
				lx.Annotate(b)
			}
		}()
	}
	var err error
feed:
	for _, b := range briefings {
		select {
		case next <- b:
		case <-ctx.Done():
			err = ctx.Err()
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return fmt.Errorf("annotating entities: %w", err)
	}
	return nil
}
