package main

import (
	"context"
	"fmt"
	"os"

	"briefsearch/archive"
	"briefsearch/entity"
	"briefsearch/search"
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
	if err := lx.AnnotateAll(ctx, briefings); err != nil {
		return nil, err
	}
	extra := map[string][]byte{}
	if cfg.Gazetteer != "" {
		extra[search.GazetteerSnapshot] = gz
	}
	if cfg.Glossary != "" {
		extra[search.GlossarySnapshot] = gl
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

// searchOptions are the options every command opens the index with.
func searchOptions(cfg Config) search.Options {
	return search.Options{Root: cfg.Index, LockTimeout: cfg.Search.LockTimeout, Timeout: cfg.Search.Timeout,
		QueryCacheSize: cfg.Search.QueryCache, LoadLexicon: search.LoadLexicon}
}
