package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"briefsearch/archive/lexicon"
	"briefsearch/ingest"
	"briefsearch/search"
)

// Values of the gazetteer and glossary keys besides a path.
const (
	builtinLexicon = "builtin" // the files shipped in the binary
	noLexicon      = "none"    // no file: the extraction rules alone
)

// readLexicon reads the configured gazetteer and glossary: a path, the embedded defaults, or
// none. A configured file that is missing is an error naming the key.
func readLexicon(cfg Config) (ingest.Lexicon, error) {
	var lx ingest.Lexicon
	var err error
	if lx.GazetteerName, lx.Gazetteer, err = readLexiconFile("gazetteer", cfg.Gazetteer, lexicon.GazetteerName, lexicon.Gazetteer); err != nil {
		return lx, err
	}
	lx.GlossaryName, lx.Glossary, err = readLexiconFile("glossary", cfg.Glossary, lexicon.GlossaryName, lexicon.Glossary)
	return lx, err
}

func readLexiconFile(key, value, builtinName string, builtin func() []byte) (string, []byte, error) {
	switch value {
	case "", noLexicon:
		return "", nil, nil
	case builtinLexicon:
		return builtinName, builtin(), nil
	}
	b, err := os.ReadFile(value)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return "", nil, fmt.Errorf("%s %s: %w (config key %s or --%s; %q for the shipped one, %q for none)",
			key, value, err, key, key, builtinLexicon, noLexicon)
	}
	return value, b, nil
}

// searchOptions are the options every command opens the index with.
func searchOptions(cfg Config) search.Options {
	return search.Options{Root: cfg.Index, LockTimeout: cfg.Search.LockTimeout, Timeout: cfg.Search.Timeout,
		QueryCacheSize: cfg.Search.QueryCache, LoadLexicon: search.LoadLexicon}
}
