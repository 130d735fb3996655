// Package pipeline is what `briefsearch index` and `serve` do around index.Build and
// search.Open, repeated for the benchmarks so that they measure the real configuration: items
// annotated with entities from the shipped gazetteer and glossary, those files snapshotted
// into the generation, and every searcher expanding queries with the generation's lexicon.
// The parallel annotation and the lexicon loading are the library's own
// (entity.Lexicon.AnnotateAll, search.LoadLexicon), as the commands use them.
package pipeline

import (
	"context"
	"os"
	"time"

	"briefsearch/archive"
	"briefsearch/entity"
	"briefsearch/index"
	"briefsearch/search"
)

// Lexicon paths relative to the repository root (the defaults of config.yaml).
const (
	Gazetteer = "archive/lexicon/gazetteer.yaml"
	Glossary  = "archive/lexicon/glossary.yaml"
)

// Annotate fills every item's entities from the gazetteer and glossary at the given paths,
// on every core, and returns the files to store in the generation (index.BuildOptions.Extra).
func Annotate(briefings []*archive.Briefing, gazetteer, glossary string) (map[string][]byte, error) {
	gz, err := os.ReadFile(gazetteer)
	if err != nil {
		return nil, err
	}
	gl, err := os.ReadFile(glossary)
	if err != nil {
		return nil, err
	}
	lx, err := entity.ParseFiles(gazetteer, gz, glossary, gl)
	if err != nil {
		return nil, err
	}
	if err := lx.AnnotateAll(context.Background(), briefings); err != nil {
		return nil, err
	}
	return map[string][]byte{search.GazetteerSnapshot: gz, search.GlossarySnapshot: gl}, nil
}

// Build annotates and builds a generation under root, as `briefsearch index` does after
// parsing. It returns the build report and how long annotation took.
func Build(ctx context.Context, root string, briefings []*archive.Briefing, gazetteer, glossary string) (*index.BuildReport, time.Duration, error) {
	t0 := time.Now()
	extra, err := Annotate(briefings, gazetteer, glossary)
	if err != nil {
		return nil, 0, err
	}
	annotate := time.Since(t0)
	rep, err := index.Build(ctx, root, briefings, index.BuildOptions{Extra: extra, Derive: search.Derive})
	return rep, annotate, err
}

// Options are the search options serve uses, with a deadline suited to measuring.
func Options(root string) search.Options {
	return search.Options{Root: root, Timeout: time.Minute, LoadLexicon: search.LoadLexicon}
}
