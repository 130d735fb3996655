package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"

	"briefsearch/archive"
)

// Format is the version of the generation layout and schema. A generation written with
// another format is refused on open rather than searched with the wrong analyzers.
// 3: the analyzers name their own width filter (WidthFilterName), which an older program
// does not have; and dates, ordinals, briefing ids and names as printed are not indexed.
// 4: the English and bigram analyzers name their own word tokenizer, porter stemmer and
// bigram filter (tokenizer.go, porter.go). The terms are the same; an older program could
// not open the index.
const Format = 4

// DefaultLockTimeout bounds how long an open waits for the index's file lock.
const DefaultLockTimeout = 5 * time.Second

// Meta describes a generation. It is written last, so its presence marks a complete build.
type Meta struct {
	Format    int           `json:"format"`
	ID        string        `json:"id"`
	BuiltAt   time.Time     `json:"built_at"`
	Briefings int           `json:"briefings"`
	Items     int           `json:"items"`
	Months    []string      `json:"months"`   // distinct item months, ascending ("2026-05")
	Sections  []SectionInfo `json:"sections"` // distinct section keys, by first appearance
	Extra     []string      `json:"extra"`    // names of the extra files, sorted
	// Files are every file of the generation but meta.json, as its build wrote them: what
	// opening it (sizes) and Verify (contents) check. Empty for older generations.
	Files map[string]FileSum `json:"files,omitempty"`
	// Sequence counts the generations published under this root: the one before plus one
	// (1 for the first). A replica compares it with its source's to say how far behind it is.
	Sequence int `json:"sequence,omitempty"`
}

// SectionInfo is a section key and the title it was last printed with.
type SectionInfo struct {
	Key   string `json:"key"`
	Title string `json:"title"`
}

// BriefingRecord is a briefing without its items' texts: what the briefing list and pages
// need, with the ids of its items in order (their texts live in the index).
type BriefingRecord struct {
	ID         string            `json:"id"`
	Title      string            `json:"title"`
	Subtitle   string            `json:"subtitle,omitempty"`
	Issuer     string            `json:"issuer"`
	WeekStart  archive.Date      `json:"week_start"`
	WeekEnd    archive.Date      `json:"week_end"`
	Sections   []archive.Section `json:"sections"`
	SourceFile string            `json:"source_file,omitempty"`
	Hash       string            `json:"hash,omitempty"`
	Warnings   []string          `json:"warnings"`
	ItemIDs    []string          `json:"item_ids"`
	// ItemHashes are the items' short content hashes (archive.Item.ShortHash), in the order
	// of ItemIDs: what a permalink is looked up by. Empty in generations built before them.
	ItemHashes []string `json:"item_hashes,omitempty"`
}

// OpenOptions tune a read-only open.
type OpenOptions struct {
	LockTimeout time.Duration // 0 = DefaultLockTimeout
}

// Generation is one opened, read-only index generation.
type Generation struct {
	ID        string
	Dir       string
	Meta      Meta
	Briefings []BriefingRecord
	Columns   *Columns
	Index     bleve.Index
	// Fallback is set when this is not the generation "current" names, because that one
	// could not be opened: the reason, to say loudly.
	Fallback *Fallback
	lease    func() // releases the generation for pruning
}

// Fallback says why the generation served is not the current one.
type Fallback struct {
	Current string // the generation "current" names ("" when the link itself is broken)
	Reason  string
}

// Open opens the generation root's current link points to. When that one cannot be opened
// (its files damaged or missing, its meta.json gone, the link broken), it opens the newest
// other complete generation that can be, and says why in Generation.Fallback: an intact
// previous generation keeps search up. It wraps ErrNoIndex when nothing has been built yet.
func Open(root string, opts OpenOptions) (*Generation, error) {
	dir, err := CurrentDir(root)
	if err == nil {
		g, oerr := OpenDir(dir, opts)
		if oerr == nil {
			return g, nil
		}
		err = oerr
	}
	current := generationOf(root, dir)
	for _, other := range completeGenerations(root) {
		if other == current {
			continue
		}
		g, oerr := OpenDir(filepath.Join(root, generationsDir, other), opts)
		if oerr != nil {
			continue
		}
		g.Fallback = &Fallback{Current: current, Reason: err.Error()}
		return g, nil
	}
	switch {
	case errors.Is(err, ErrNoIndex):
		return nil, err
	case errors.Is(err, ErrOtherFormat): // says "rebuild the index" already
		return nil, fmt.Errorf("%w; no other generation opens either", err)
	}
	return nil, fmt.Errorf("%w, and no other generation opens either: rebuild the index", err)
}

// completeGenerations are the generations under root with a meta.json, newest first (their
// names sort by build time).
func completeGenerations(root string) []string {
	entries, _ := os.ReadDir(filepath.Join(root, generationsDir))
	var out []string
	for i := len(entries) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(root, generationsDir, entries[i].Name(), metaName)); err == nil {
			out = append(out, entries[i].Name())
		}
	}
	return out
}

// OpenDir opens the generation in dir read-only. The open waits at most opts.LockTimeout for
// the index lock (a writer holds it exclusively), never forever.
func OpenDir(dir string, opts OpenOptions) (*Generation, error) {
	Register()
	// The dictionary (~0.3 s, once per process) loads while the index and its columns are
	// read; the generation is returned only once both are ready, so a server that reports
	// ready after Open never makes a Japanese query wait for it.
	dict := make(chan error, 1)
	go func() { dict <- LoadDictionary() }()
	g, err := openDir(dir, opts)
	if derr := <-dict; derr != nil {
		if g != nil {
			g.Close()
		}
		return nil, fmt.Errorf("loading the Japanese dictionary: %w", derr)
	}
	return g, err
}

func openDir(dir string, opts OpenOptions) (*Generation, error) {
	g := &Generation{Dir: dir}
	var err error
	if g.Meta, err = readMetaOf(dir); err != nil {
		return nil, err
	}
	g.ID = g.Meta.ID
	if err := checkFiles(dir, g.Meta.Files, false); err != nil {
		return nil, fmt.Errorf("generation %s: %w", g.ID, err)
	}
	if err := readJSON(filepath.Join(dir, briefingsName), &g.Briefings); err != nil {
		return nil, fmt.Errorf("generation %s: %w: %v", g.ID, ErrDamaged, err)
	}
	timeout := opts.LockTimeout
	if timeout <= 0 {
		timeout = DefaultLockTimeout
	}
	idx, err := bleve.OpenUsing(filepath.Join(dir, bleveDir), map[string]any{
		"read_only":    true,
		"bolt_timeout": timeout.String(),
	})
	if err != nil {
		if strings.Contains(err.Error(), "timeout") {
			return nil, fmt.Errorf("opening generation %s: its lock is held by another process (waited %s): %w", g.ID, timeout, err)
		}
		return nil, fmt.Errorf("opening generation %s: %w: %v", g.ID, ErrDamaged, err)
	}
	if n, err := idx.DocCount(); err != nil || n != uint64(g.Meta.Items) {
		idx.Close()
		return nil, fmt.Errorf("generation %s holds %d documents, its metadata says %d (%v): rebuild the index", dir, n, g.Meta.Items, err)
	}
	if g.Columns, err = readColumns(dir, idx); err != nil {
		idx.Close()
		return nil, fmt.Errorf("generation %s: %w: %v", g.ID, ErrDamaged, err)
	}
	g.Index = idx
	g.lease = takeLease(dir)
	return g, nil
}

// ExtraPath is where the extra file name given to Build is stored in this generation.
func (g *Generation) ExtraPath(name string) string {
	return ExtraPath(g.Dir, name)
}

// ExtraPath is where Build stored the extra file name in the generation folder dir (what
// search.Options.LoadLexicon receives).
func ExtraPath(dir, name string) string {
	return filepath.Join(dir, extraDir, name)
}

// ReadExtra returns the extra file name given to Build, or an error wrapping fs.ErrNotExist.
func (g *Generation) ReadExtra(name string) ([]byte, error) {
	if err := checkExtraName(name); err != nil {
		return nil, err
	}
	return os.ReadFile(g.ExtraPath(name))
}

// Close releases the index, and the generation for pruning.
func (g *Generation) Close() error {
	if g == nil || g.Index == nil {
		return nil
	}
	if g.lease != nil {
		g.lease()
	}
	return g.Index.Close()
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	return nil
}

func checkExtraName(name string) error {
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, `/\`) || strings.HasPrefix(name, ".") {
		return fmt.Errorf("extra file name %q must be a plain file name", name)
	}
	return nil
}

// ReadRecords reads the briefing records of the generation in dir without opening its index.
func ReadRecords(dir string) ([]BriefingRecord, error) {
	var records []BriefingRecord
	if err := readJSON(filepath.Join(dir, briefingsName), &records); err != nil {
		return nil, err
	}
	return records, nil
}

// ReadMeta reads the metadata of the generation in dir without opening its index.
func ReadMeta(dir string) (Meta, error) {
	var m Meta
	err := readJSON(filepath.Join(dir, metaName), &m)
	return m, err
}
