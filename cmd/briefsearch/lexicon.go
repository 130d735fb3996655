package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"sync"

	"briefsearch/archive"
	"briefsearch/entity"
	"briefsearch/index"
	"briefsearch/search"
)

// Names of the lexicon snapshots inside a generation (index.ExtraPath).
const (
	gazetteerSnapshot = "gazetteer.yaml"
	glossarySnapshot  = "glossary.yaml"
)

// annotate fills Item.Entities of every briefing from the configured gazetteer and glossary
// and returns the bytes it parsed, to be stored in the generation: the server then expands
// queries with exactly the lexicon the index was annotated with, whatever happens to the files
// later. An empty config value means no file (rules only); a configured file that is missing
// or has a bad entry stops the build with its path (and line).
func annotate(ctx context.Context, cfg Config, briefings []*archive.Briefing) (map[string][]byte, error) {
	gz, err := readLexiconFile("gazetteer", cfg.Gazetteer)
	if err != nil {
		return nil, err
	}
	gl, err := readLexiconFile("glossary", cfg.Glossary)
	if err != nil {
		return nil, err
	}
	lx, err := entity.ParseFiles(cfg.Gazetteer, gz, cfg.Glossary, gl)
	if err != nil {
		return nil, err
	}
	if err := annotateAll(ctx, lx, briefings); err != nil {
		return nil, err
	}
	extra := map[string][]byte{}
	if cfg.Gazetteer != "" {
		extra[gazetteerSnapshot] = gz
	}
	if cfg.Glossary != "" {
		extra[glossarySnapshot] = gl
	}
	return extra, nil
}

func readLexiconFile(what, path string) ([]byte, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the %s: %w", what, err)
	}
	return b, nil
}

// annotateAll spreads the briefings over GOMAXPROCS workers (a Lexicon is safe for concurrent
// use, and each Annotate call touches only its own briefing). ctx is checked between briefings.
func annotateAll(ctx context.Context, lx *entity.Lexicon, briefings []*archive.Briefing) error {
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

// loadLexicon builds the lexicon of the generation in dir from the snapshots annotate stored
// there (search.Options.LoadLexicon). A generation built without them gets no lexicon: a nil
// interface, never a typed nil, so search sees "no expansion".
func loadLexicon(dir string) (search.Lexicon, error) {
	gzPath, glPath := index.ExtraPath(dir, gazetteerSnapshot), index.ExtraPath(dir, glossarySnapshot)
	gz, gzOK, err := readSnapshot(gzPath)
	if err != nil {
		return nil, err
	}
	gl, glOK, err := readSnapshot(glPath)
	if err != nil {
		return nil, err
	}
	if !gzOK && !glOK {
		return nil, nil
	}
	lx, err := entity.ParseFiles(gzPath, gz, glPath, gl)
	if err != nil {
		return nil, err
	}
	return lx, nil
}

func readSnapshot(path string) ([]byte, bool, error) {
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, false, nil
	case err != nil:
		return nil, false, fmt.Errorf("reading the lexicon snapshot: %w", err)
	}
	return b, true, nil
}

// searchOptions are the options every command opens the index with.
func searchOptions(cfg Config) search.Options {
	return search.Options{Root: cfg.Index, LockTimeout: cfg.Search.LockTimeout, Timeout: cfg.Search.Timeout,
		QueryCacheSize: cfg.Search.QueryCache, LoadLexicon: loadLexicon}
}
