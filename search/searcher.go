package search

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"briefsearch/index"
)

// Options configure a Searcher.
type Options struct {
	Root        string        // the index folder: holds "current" and the generations
	LockTimeout time.Duration // how long opening a generation waits for its lock; 0 = 5 s
	Timeout     time.Duration // per search; 0 = DefaultTimeout
	// Lexicon widens query terms (entity aliases, glossary synonyms); nil = no expansion.
	Lexicon Lexicon
	// LoadLexicon, when set, builds the lexicon of each generation as it is opened, from the
	// files Build stored in it (see GenerationDir); it overrides Lexicon.
	LoadLexicon func(generationDir string) (Lexicon, error)
	// CacheSize is how many query-less (browse) results each generation keeps; 0 = 256, <0 = none.
	CacheSize int
	// QueryCacheSize is how many results of searches with query text each generation keeps
	// (keyed on the whole normalized request: query, filters, sort, page, size, cursor,
	// facets); 0 = none, so in-process callers and benchmarks see uncached costs.
	QueryCacheSize int
	// MaxExport caps the items of one Export; 0 = MaxExport. (Tests lower it.)
	MaxExport int
}

// Searcher answers requests over the current generation of an index. It is safe for
// concurrent use; Reload swaps generations under running searches.
type Searcher struct {
	opts     Options
	cur      atomic.Pointer[view]
	reloadMu sync.Mutex     // one Reload at a time
	retiring sync.WaitGroup // old generations waiting for their searches to finish
}

// view is one opened generation and everything derived from it. Searches hold its read lock;
// retiring takes the write lock, so a generation closes only once its searches are done.
type view struct {
	gen          *index.Generation
	lex          Lexicon
	topics       topicSet // glossary-group matches stored by the build (topics.go)
	impacts      *impacts // frequent terms' highest impacts, stored by the build (impacts.go)
	analyzed     sync.Map // analyzer + "\x00" + lexicon term -> its terms (compiler.analyze)
	mu           sync.RWMutex
	closed       bool
	cache        *resultCache // browse results
	queryCache   *resultCache // results of searches with query text; nil = none
	briefings    map[string]*index.BriefingRecord
	summaries    []BriefingSummary // newest first
	sections     map[string]string // section key -> title as printed
	sectionVocab *sectionVocab     // every name of every section, for section filters (sections.go)
	names        nameIndex         // entity names by word, for "did you mean" (didyoumean.go), built on first use
	ents         entityState       // the entity catalog (entities.go), built on first use
	permalinks   permalinkState    // content hash lookup and history (permalinks.go), built on first use
	filterKeys   filterKeys        // the values filters match, by column (filtervalues.go), built on first use
}

// Open opens the current generation under opts.Root. With no generation built yet the error
// wraps ErrNoIndex (build one, then Open again).
func Open(opts Options) (*Searcher, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	s := &Searcher{opts: opts}
	v, err := s.openView(true)
	if err != nil {
		return nil, err
	}
	s.cur.Store(v)
	return s, nil
}

// openView opens the generation "current" names. When that one cannot be opened, index.Open
// falls back to the newest intact one: what a starting server should serve (fallback), but
// not what a reload should swap in for the generation it is serving.
func (s *Searcher) openView(fallback bool) (*view, error) {
	gen, err := index.Open(s.opts.Root, index.OpenOptions{LockTimeout: s.opts.LockTimeout})
	if err != nil {
		return nil, fmt.Errorf("opening the index: %w", err)
	}
	if fb := gen.Fallback; fb != nil && !fallback {
		gen.Close()
		return nil, fmt.Errorf("generation %s does not open: %s", fb.Current, fb.Reason)
	}
	lex := s.opts.Lexicon
	if s.opts.LoadLexicon != nil {
		if lex, err = s.opts.LoadLexicon(gen.Dir); err != nil {
			gen.Close()
			return nil, fmt.Errorf("loading the lexicon of generation %s: %w", gen.ID, err)
		}
	}
	v := newView(gen, lex, s.opts.CacheSize)
	if v.topics, err = loadTopics(gen.ExtraPath(TopicsFile)); err != nil {
		gen.Close()
		return nil, fmt.Errorf("generation %s: %w", gen.ID, err)
	}
	if v.impacts, err = loadImpacts(gen.ExtraPath(ImpactsFile)); err != nil {
		gen.Close()
		return nil, fmt.Errorf("generation %s: %w", gen.ID, err)
	}
	if s.opts.QueryCacheSize > 0 {
		v.queryCache = newResultCache(s.opts.QueryCacheSize)
	}
	// The front page (browse everything, newest first, every facet) visits every item: answer
	// it once now, before the generation is served, so no visitor waits for it.
	// A failure other than the deadline means the generation cannot serve: refuse it here.
	if _, err := s.searchView(context.Background(), v, Request{}); err != nil && !errors.Is(err, ErrTimeout) {
		gen.Close()
		return nil, fmt.Errorf("generation %s: first browse: %w", gen.ID, err)
	}
	return v, nil
}

func newView(gen *index.Generation, lex Lexicon, cacheSize int) *view {
	v := &view{gen: gen, lex: lex, briefings: map[string]*index.BriefingRecord{}, sections: map[string]string{}}
	if cacheSize == 0 {
		cacheSize = 256
	}
	v.cache = newResultCache(cacheSize)
	for i := range gen.Briefings {
		b := &gen.Briefings[i]
		v.briefings[b.ID] = b
		v.summaries = append(v.summaries, BriefingSummary{ID: b.ID, Title: b.Title,
			WeekStart: b.WeekStart, WeekEnd: b.WeekEnd, Items: len(b.ItemIDs)})
	}
	slices.SortFunc(v.summaries, func(a, b BriefingSummary) int {
		return cmp.Or(b.WeekStart.Compare(a.WeekStart.Time), cmp.Compare(b.ID, a.ID))
	})
	for _, sec := range gen.Meta.Sections {
		v.sections[sec.Key] = sec.Title
	}
	v.sectionVocab = newSectionVocab(gen.Meta.Sections)
	return v
}

// acquire returns the current view, read-locked; release it with v.mu.RUnlock.
func (s *Searcher) acquire() (*view, error) {
	for {
		v := s.cur.Load()
		if v == nil {
			return nil, errors.New("the searcher is closed")
		}
		v.mu.RLock()
		if !v.closed {
			return v, nil
		}
		// Retired between Load and RLock: the next Load sees its successor.
		v.mu.RUnlock()
	}
}

// Reload opens the generation "current" now points to and swaps it in. Searches running on
// the old generation finish there; it is closed after them. If the new generation fails to
// open, the old one keeps serving and the error is returned.
func (s *Searcher) Reload(ctx context.Context) error {
	s.reloadMu.Lock()
	defer s.reloadMu.Unlock()
	if err := ctx.Err(); err != nil {
		return err
	}
	old := s.cur.Load()
	if old == nil {
		return errors.New("the searcher is closed")
	}
	if dir, err := index.CurrentDir(s.opts.Root); err == nil && dir == old.gen.Dir {
		return nil // already serving it
	}
	v, err := s.openView(false)
	if err != nil {
		return fmt.Errorf("reload (still serving generation %s): %w", old.gen.ID, err)
	}
	if !s.cur.CompareAndSwap(old, v) {
		v.gen.Close()
		return errors.New("the searcher was closed during reload")
	}
	s.retire(old)
	return nil
}

// retire closes v once no search holds it.
func (s *Searcher) retire(v *view) {
	s.retiring.Add(1)
	go func() {
		defer s.retiring.Done()
		v.mu.Lock()
		defer v.mu.Unlock()
		v.closed = true
		_ = v.gen.Close() // read-only: nothing to lose
	}()
}

// Close closes the generation being served after its searches finish.
func (s *Searcher) Close() error {
	s.reloadMu.Lock()
	defer s.reloadMu.Unlock()
	if v := s.cur.Swap(nil); v != nil {
		s.retire(v)
	}
	s.retiring.Wait()
	return nil
}

func (s *Searcher) maxExport() int {
	if s.opts.MaxExport > 0 && s.opts.MaxExport < MaxExport {
		return s.opts.MaxExport
	}
	return MaxExport
}

// Corpus describes the generation being served.
func (s *Searcher) Corpus() Corpus {
	v, err := s.acquire()
	if err != nil {
		return Corpus{}
	}
	defer v.mu.RUnlock()
	m := v.gen.Meta
	c := Corpus{Generation: m.ID, BuiltAt: m.BuiltAt, Briefings: m.Briefings, Items: m.Items}
	if fb := v.gen.Fallback; fb != nil {
		// The reason is public (/readyz): paths inside the index folder, not where it lives.
		reason := strings.ReplaceAll(fb.Reason, filepath.Clean(s.opts.Root)+string(filepath.Separator), "")
		c.Fallback = &Fallback{Current: fb.Current, Reason: reason}
	}
	return c
}

// GenerationDir is the folder of the generation being served, where Build stored its extra
// files (index.Generation.ExtraPath names them).
func (s *Searcher) GenerationDir() string {
	v, err := s.acquire()
	if err != nil {
		return ""
	}
	defer v.mu.RUnlock()
	return v.gen.Dir
}
