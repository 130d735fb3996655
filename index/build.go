package index

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"briefsearch/archive"
)

// DefaultBatchSize is how many items go into one bleve batch: large enough to keep both cores
// busy analyzing and each segment worth its per-batch costs (its files, its dictionaries),
// small enough that progress moves and memory stays flat. Since the segment writer and the
// compact tokens (a batch holds far less until its segment is written), 750 builds 20k items
// in 4.22-4.72 s against 500's 4.60-5.47 (3 alternated rounds) with a peak of 274-306 MiB
// against 244-256 (the code before the writer peaked at 279-309 with 500); 1,000 is no
// faster and peaks higher; at 200k items the three sizes take the same time and peak alike.
const DefaultBatchSize = 750

// BuildOptions tune Build.
type BuildOptions struct {
	BatchSize int                   // 0 = DefaultBatchSize
	Extra     map[string][]byte     // files copied into the generation (plain names)
	Progress  func(done, total int) // called after each batch; may be nil
	Now       func() time.Time      // clock for the generation id; nil = time.Now
	Written   func(id, dir string)  // called once the generation is complete, before the switch
	// Derive, when set, computes more files for the generation from the finished index, read
	// through a read-only open as every reader will see it (document numbers final), and from
	// Extra. They are stored beside Extra; a name in both is an error.
	Derive func(ctx context.Context, idx bleve.Index, extra map[string][]byte) (map[string][]byte, error)
}

// batchSize is o.BatchSize, or DefaultBatchSize when it is not set.
func (o BuildOptions) batchSize() int {
	if o.BatchSize <= 0 {
		return DefaultBatchSize
	}
	return o.BatchSize
}

// BuildReport says what a build produced.
type BuildReport struct {
	Generation string
	Dir        string
	Previous   string // the generation it replaced, kept on disk; "" on the first build
	Briefings  int
	Items      int
	Skipped    []string // "file: reason" for briefings left out (duplicate ids)
	Took       time.Duration
}

// Build indexes briefings into a new generation under root and switches root/current to it.
// Until the switch, the previous generation stays current and untouched, so a failure, a
// cancelled ctx or a kill at any point leaves the served index whole. After the switch it
// keeps the previous generation and removes older ones.
func Build(ctx context.Context, root string, briefings []*archive.Briefing, opts BuildOptions) (*BuildReport, error) {
	start := time.Now()
	if err := LoadDictionary(); err != nil {
		return nil, fmt.Errorf("loading the Japanese dictionary: %w", err)
	}
	for name := range opts.Extra {
		if err := checkExtraName(name); err != nil {
			return nil, err
		}
	}
	unlock, err := lockRoot(root)
	if err != nil {
		return nil, err
	}
	defer unlock()

	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	id, err := newGenerationID(now())
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(root, generationsDir, id)
	report := &BuildReport{Generation: id, Dir: dir}
	kept, skipped := dedupe(briefings)
	report.Skipped = skipped
	if err := checkSpace(root, needFor(textBytes(kept)), countItems(kept)); err != nil {
		return nil, err
	}

	if err := writeGeneration(ctx, dir, id, now().UTC(), kept, opts, report, currentSequence(root)); err != nil {
		_ = os.RemoveAll(dir) // a partial generation is never current; remove it now
		return nil, err
	}
	if opts.Written != nil {
		opts.Written(id, dir)
	}
	if prev, err := CurrentDir(root); err == nil {
		report.Previous = generationOf(root, prev)
	}
	if err := switchCurrent(root, id); err != nil {
		return nil, err
	}
	if err := prune(root, id, report.Previous); err != nil {
		// The new generation is current and complete; leftovers only cost disk space.
		return report, fmt.Errorf("generation %s is current, but removing old generations failed: %w", id, err)
	}
	report.Took = time.Since(start)
	return report, nil
}

func countItems(briefings []*archive.Briefing) int {
	n := 0
	for _, b := range briefings {
		n += len(b.Items)
	}
	return n
}

// dedupe keeps the first briefing of each id: two files for one week would otherwise
// silently overwrite each other's items.
func dedupe(briefings []*archive.Briefing) (kept []*archive.Briefing, skipped []string) {
	seen := map[string]string{}
	for _, b := range briefings {
		if b == nil {
			continue
		}
		if first, dup := seen[b.ID]; dup {
			skipped = append(skipped, fmt.Sprintf("%s: briefing %s is already indexed from %s", cmp.Or(b.SourceFile, b.ID), b.ID, first))
			continue
		}
		seen[b.ID] = cmp.Or(b.SourceFile, b.ID)
		kept = append(kept, b)
	}
	return kept, skipped
}

// writeGeneration writes the whole generation into dir; meta.json last.
func writeGeneration(ctx context.Context, dir, id string, builtAt time.Time, briefings []*archive.Briefing, opts BuildOptions, report *BuildReport, prevSeq int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating generation folder: %w", err)
	}
	im, err := NewMapping()
	if err != nil {
		return err
	}
	path := filepath.Join(dir, bleveDir)
	// When every batch's segment fits in the one merge at the end (maxSegmentsPerMerge a
	// task), scorch's background merges would only write the postings twice: they are held
	// off, as Extend holds them off (20k items: 5% less time and 7% less CPU, 3 alternated
	// rounds; 200k: 10-13% less time, see maxSegmentsPerMerge). Past that, its tiers keep
	// the final merge's fan-in bounded.
	var config map[string]any
	size := opts.batchSize()
	if batches := (countItems(briefings) + size - 1) / size; batches <= maxSegmentsPerMerge {
		config = mergesHeldOff
	}
	idx, err := createWriter(path, im, config)
	if err != nil {
		return err
	}
	_, err = indexItems(ctx, idx, briefings, opts)
	if err == nil {
		err = idx.failure()
	}
	// The briefing records hash every item's text (permalinks, 1.4 s of CPU at 200k items):
	// on the other core while the segments merge into one, which takes one.
	records := make(chan []BriefingRecord, 1)
	if err == nil {
		go func() { records <- recordsOf(briefings) }()
		err = forceMerge(ctx, idx)
	}
	if cerr := idx.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("closing index: %w", cerr)
	}
	if err != nil {
		return err
	}
	// Reopening read-write once lets scorch delete the segment files the merge made obsolete
	// (roughly halves the size on disk).
	if idx, err = openWriter(path, nil); err != nil {
		return fmt.Errorf("reopening index: %w", err)
	}
	if segments, _ := scorchStats(idx); segments > 1 {
		err = forceMerge(ctx, idx) // not expected: the merge above was persisted
	}
	if err == nil {
		awaitObsoleteRemoved(ctx, idx, filepath.Join(path, "store"))
	}
	if cerr := idx.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("closing index: %w", cerr)
	}
	if err != nil {
		return err
	}
	base := generationBase{sequence: prevSeq, addedRecords: records}
	if prev, err := CurrentDir(filepath.Dir(filepath.Dir(dir))); err == nil {
		base.previous = prev
	}
	return finishGeneration(ctx, dir, id, builtAt, base, briefings, opts, report)
}

// currentSequence is the sequence number of root's current generation, 0 when there is none
// (or it cannot be read: the count restarts, which only makes a replica's lag read low).
func currentSequence(root string) int {
	dir, err := CurrentDir(root)
	if err != nil {
		return 0
	}
	var m Meta
	if readJSON(filepath.Join(dir, metaName), &m) != nil {
		return 0
	}
	return m.Sequence
}

// generationBase is what a generation carries over from the one it extends (Extend); empty
// for a full build.
type generationBase struct {
	records  []BriefingRecord
	columns  *Columns
	files    map[string]FileSum // the extended generation's files, whose linked ones need no hashing
	dir      string
	sequence int // the sequence number of the generation before
	// previous is the generation current before this build ("" for the first): the one whose
	// items the history compares with (history.go).
	previous string
	// addedRecords, when set, gives the added briefings' records, made while the index was
	// finished; else finishGeneration makes them.
	addedRecords <-chan []BriefingRecord
}

// finishGeneration writes everything of a generation but its bleve index, which is complete
// and closed in dir: the columns (read from the index, whose document numbers are final now),
// the derived files, the briefing records and, last, meta.json. added are the briefings
// indexed into it; base holds the rest.
func finishGeneration(ctx context.Context, dir, id string, builtAt time.Time, base generationBase, added []*archive.Briefing, opts BuildOptions, report *BuildReport) error {
	// Document numbers are final only when nothing can merge any more: read them through a
	// read-only open, as every reader will.
	path := filepath.Join(dir, bleveDir)
	idx, err := bleve.OpenUsing(path, map[string]any{"read_only": true})
	if err != nil {
		return fmt.Errorf("reopening index: %w", err)
	}
	// The records hash every item's text (permalinks): on the other core while the columns
	// are built, on one, unless they were made already.
	addedRecords := base.addedRecords
	if addedRecords == nil {
		ch := make(chan []BriefingRecord, 1)
		go func() { ch <- recordsOf(added) }()
		addedRecords = ch
	}
	// The derived files read the index as the columns do, and neither needs the other: the
	// columns' first steps run on one core (document ids, their order), so the two share the
	// cores. The derivation is waited for before the index closes, whatever failed.
	type derivation struct {
		files map[string][]byte
		err   error
	}
	deriving := make(chan derivation, 1)
	if opts.Derive != nil {
		go func() {
			files, err := opts.Derive(ctx, idx, opts.Extra)
			deriving <- derivation{files, err}
		}()
	} else {
		deriving <- derivation{}
	}
	cols, err := buildColumns(idx, columnSource(base.columns, added))
	if err == nil {
		err = writeColumns(cols, dir)
	}
	d := <-deriving
	derived := d.files
	if err == nil && d.err != nil {
		err = fmt.Errorf("deriving generation files: %w", d.err)
	}
	if cerr := idx.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("closing index: %w", cerr)
	}
	if err != nil {
		return err
	}

	records := append(slices.Clone(base.records), <-addedRecords...)
	slices.SortStableFunc(records, func(a, b BriefingRecord) int { return strings.Compare(a.ID, b.ID) })
	meta := Meta{Format: Format, ID: id, BuiltAt: builtAt, Briefings: len(records), Items: len(cols.IDs),
		Months: slices.Clone(cols.Facets[FieldMonth].Values), Sections: sectionsOf(records), Sequence: base.sequence + 1}
	extra := maps.Clone(opts.Extra)
	for name, data := range derived {
		if err := checkExtraName(name); err != nil {
			return err
		}
		if _, dup := extra[name]; dup {
			return fmt.Errorf("derived file %s is also an extra file", name)
		}
		if extra == nil {
			extra = map[string][]byte{}
		}
		extra[name] = data
	}
	if len(extra) > 0 {
		if err := os.MkdirAll(filepath.Join(dir, extraDir), 0o755); err != nil {
			return fmt.Errorf("creating extra folder: %w", err)
		}
		for name, data := range extra {
			if err := writeFileSync(filepath.Join(dir, extraDir, name), data); err != nil {
				return err
			}
			meta.Extra = append(meta.Extra, name)
		}
		sort.Strings(meta.Extra)
	}
	if err := writeJSON(filepath.Join(dir, briefingsName), records); err != nil {
		return err
	}
	if err := writeHistory(dir, id, builtAt, base.previous, records, added); err != nil {
		return err
	}
	if meta.Files, err = sumFiles(dir, base.files, base.dir); err != nil {
		return err
	}
	if err := writeJSON(filepath.Join(dir, metaName), meta); err != nil {
		return err
	}
	report.Briefings, report.Items = meta.Briefings, meta.Items
	return syncDir(dir)
}

// submit writes one batch, and stops at the first background failure (a full disk). Scorch
// has panicked inside a batch on a disk that filled (a segment cache read after a failed
// persist): that is an error of this build, not the process's end.
func submit(idx *writer, batch *bleve.Batch) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("indexing: the index failed (%v)", p)
			if bg := idx.failure(); bg != nil {
				err = bg
			}
		}
	}()
	if err := idx.failure(); err != nil {
		return err
	}
	if err := idx.Batch(batch); err != nil {
		if bg := idx.failure(); bg != nil {
			return bg
		}
		return fmt.Errorf("indexing: %w", err)
	}
	return nil
}

// indexItems writes every item in batches. Two batches are in flight at once: scorch builds
// each batch's segment in the goroutine that submits it, so one submitter would leave a core
// idle while the other analyzes. ctx is checked between batches.
func indexItems(ctx context.Context, idx *writer, briefings []*archive.Briefing, opts BuildOptions) (int, error) {
	size := opts.batchSize()
	total := 0
	for _, b := range briefings {
		total += len(b.Items)
	}
	schema, err := schemaOf(idx.Mapping())
	if err != nil {
		return 0, err
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	batches := make(chan *bleve.Batch)
	var (
		mu   sync.Mutex // orders progress reports
		done int
		wg   sync.WaitGroup
	)
	for range max(1, min(2, runtime.GOMAXPROCS(0))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for batch := range batches {
				if ctx.Err() != nil {
					continue // drain: the producer stops at its next send
				}
				if err := submit(idx, batch); err != nil {
					cancel(err)
					continue
				}
				mu.Lock()
				done += batch.Size()
				if opts.Progress != nil {
					opts.Progress(done, total)
				}
				mu.Unlock()
			}
		}()
	}
	produce := func() error {
		defer close(batches)
		batch := idx.NewBatch()
		for _, b := range briefings {
			for i := range b.Items {
				doc, err := schema.document(b, &b.Items[i])
				if err != nil {
					return err
				}
				if err := batch.IndexAdvanced(doc); err != nil {
					return fmt.Errorf("item %s: %w", b.Items[i].ID, err)
				}
				if batch.Size() >= size {
					select {
					case batches <- batch:
					case <-ctx.Done():
						return context.Cause(ctx)
					}
					batch = idx.NewBatch()
				}
			}
		}
		if batch.Size() > 0 {
			select {
			case batches <- batch:
			case <-ctx.Done():
				return context.Cause(ctx)
			}
		}
		return nil
	}
	err = produce()
	wg.Wait()
	if err == nil {
		err = context.Cause(ctx)
	}
	if err != nil {
		return done, err
	}
	if opts.Progress != nil && total == 0 {
		opts.Progress(0, 0)
	}
	return done, nil
}

// steadyTimeout bounds the wait for scorch's persister to write the merged root.
const steadyTimeout = 5 * time.Minute

// waitPersisted waits until scorch's persister has written the latest snapshot, and returns
// how many segments it holds. A background failure (a full disk), ctx or steadyTimeout ends
// the wait.
func waitPersisted(ctx context.Context, w *writer) (uint64, error) {
	deadline := time.Now().Add(steadyTimeout)
	for {
		segments, settled := scorchStats(w)
		if settled {
			return segments, nil
		}
		if time.Now().After(deadline) {
			return segments, fmt.Errorf("index did not settle within %s (%d segments)", steadyTimeout, segments)
		}
		select {
		case <-ctx.Done():
			return segments, ctx.Err()
		case err := <-w.errs:
			return segments, backgroundError(err)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// obsoleteTimeout bounds the wait for scorch to delete the files a merge made obsolete.
const obsoleteTimeout = time.Minute

// awaitObsoleteRemoved waits until the store holds no more segment files than the snapshot
// uses. Scorch deletes obsolete files in the background, after it has dropped the snapshots
// naming them from root.bolt; closing the index first leaves them on disk for good (a 200k
// generation once kept 460 MB of merge inputs beside its 450 MB segment). Leftovers waste
// disk, nothing else, so after obsoleteTimeout the build goes on with them.
func awaitObsoleteRemoved(ctx context.Context, idx bleve.Index, store string) {
	deadline := time.Now().Add(obsoleteTimeout)
	for {
		segments, _ := scorchStats(idx)
		if zapFiles(store) <= int(segments) || time.Now().After(deadline) {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// zapFiles counts the segment files in a scorch store folder.
func zapFiles(store string) int {
	entries, _ := os.ReadDir(store)
	n := 0
	for _, e := range entries {
		if filepath.Ext(e.Name()) == ".zap" {
			n++
		}
	}
	return n
}

// scorchStats reports the segments of the current snapshot and whether it is persisted.
func scorchStats(idx bleve.Index) (segments uint64, persisted bool) {
	m, _ := idx.StatsMap()["index"].(map[string]any)
	files, _ := m["num_root_filesegments"].(uint64)
	memory, _ := m["num_root_memorysegments"].(uint64)
	root, _ := m["CurRootEpoch"].(uint64)
	saved, _ := m["LastPersistedEpoch"].(uint64)
	return files + memory, m != nil && memory == 0 && saved >= root
}

func scorchOf(idx bleve.Index) (*scorch.Scorch, error) {
	adv, err := idx.Advanced()
	if err != nil {
		return nil, err
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil, fmt.Errorf("unexpected index type %T", adv)
	}
	return s, nil
}

// recordsOf are the briefing records of briefings.
func recordsOf(briefings []*archive.Briefing) []BriefingRecord {
	records := make([]BriefingRecord, 0, len(briefings))
	for _, b := range briefings {
		r := BriefingRecord{ID: b.ID, Title: b.Title, Subtitle: b.Subtitle, Issuer: b.Issuer, WeekStart: b.WeekStart,
			WeekEnd: b.WeekEnd, Sections: b.Sections, SourceFile: b.SourceFile, Hash: b.Hash,
			Warnings: b.Warnings, ItemIDs: make([]string, 0, len(b.Items)), ItemHashes: make([]string, 0, len(b.Items))}
		for _, it := range b.Items {
			r.ItemIDs = append(r.ItemIDs, it.ID)
			r.ItemHashes = append(r.ItemHashes, it.ShortHash())
		}
		records = append(records, r)
	}
	return records
}

// sectionsOf lists the section keys of records (in id order), each with the title it was
// printed with last.
func sectionsOf(records []BriefingRecord) []SectionInfo {
	at := map[string]int{}
	var sections []SectionInfo
	for _, r := range records {
		for _, sec := range r.Sections {
			if i, ok := at[sec.Key]; ok {
				sections[i].Title = sec.Title
				continue
			}
			at[sec.Key] = len(sections)
			sections = append(sections, SectionInfo{Key: sec.Key, Title: sec.Title})
		}
	}
	return sections
}

func writeJSON(path string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encoding %s: %w", filepath.Base(path), err)
	}
	return writeFileSync(path, b)
}

// writeFileSync writes and fsyncs, so a file named in meta.json is on disk before meta.json.
func writeFileSync(path string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// lockRoot makes root's generations folder and takes root's write lock (one writer at a
// time: builds, extensions, installs); call unlock when done.
func lockRoot(root string) (unlock func(), err error) {
	if err := os.MkdirAll(filepath.Join(root, generationsDir), 0o755); err != nil {
		return nil, fmt.Errorf("creating index folder: %w", err)
	}
	return lockFile(filepath.Join(root, lockName))
}
