package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"

	"briefsearch/archive"
)

// Format is the version of the generation layout and schema. A generation written with
// another format is refused on open rather than searched with the wrong analyzers.
const Format = 2

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
}

// Open opens the generation root's current link points to. It wraps ErrNoIndex when nothing
// has been built yet.
func Open(root string, opts OpenOptions) (*Generation, error) {
	dir, err := CurrentDir(root)
	if err != nil {
		return nil, err
	}
	return OpenDir(dir, opts)
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
	if err := readJSON(filepath.Join(dir, metaName), &g.Meta); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("generation %s is incomplete (no %s): rebuild the index", dir, metaName)
		}
		return nil, err
	}
	if g.Meta.Format != Format {
		return nil, fmt.Errorf("generation %s has format %d, this program reads %d: rebuild the index", dir, g.Meta.Format, Format)
	}
	g.ID = g.Meta.ID
	if err := readJSON(filepath.Join(dir, briefingsName), &g.Briefings); err != nil {
		return nil, err
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
			return nil, fmt.Errorf("opening index %s: its lock is held by another process (waited %s): %w", dir, timeout, err)
		}
		return nil, fmt.Errorf("opening index %s: %w", dir, err)
	}
	if n, err := idx.DocCount(); err != nil || n != uint64(g.Meta.Items) {
		idx.Close()
		return nil, fmt.Errorf("generation %s holds %d documents, its metadata says %d (%v): rebuild the index", dir, n, g.Meta.Items, err)
	}
	if g.Columns, err = readColumns(dir, idx); err != nil {
		idx.Close()
		return nil, fmt.Errorf("generation %s: %w: rebuild the index", dir, err)
	}
	g.Index = idx
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

// Close releases the index.
func (g *Generation) Close() error {
	if g == nil || g.Index == nil {
		return nil
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
