package search

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"briefsearch/entity"
	"briefsearch/index"
)

// Names of the lexicon snapshots that a build stores in its generation (index.BuildOptions.Extra),
// so that queries are expanded with exactly the lexicon the items were annotated with.
const (
	GazetteerSnapshot = "gazetteer.yaml"
	GlossarySnapshot  = "glossary.yaml"
)

// LoadLexicon builds the lexicon of the generation in dir from its snapshots; it fits
// Options.LoadLexicon. A generation built without them gets no lexicon: a nil interface,
// never a typed nil, so a search sees "no expansion".
func LoadLexicon(dir string) (Lexicon, error) {
	gzPath, glPath := index.ExtraPath(dir, GazetteerSnapshot), index.ExtraPath(dir, GlossarySnapshot)
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
