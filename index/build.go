package index

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"briefsearch/archive"
)

// DefaultBatchSize is how many items go into one bleve batch: large enough to keep both cores
// busy analyzing, small enough that progress moves and memory stays flat.
const DefaultBatchSize = 1000

// BuildOptions tune Build.
type BuildOptions struct {
	BatchSize int                   // 0 = DefaultBatchSize
	Extra     map[string][]byte     // files copied into the generation (plain names)
	Progress  func(done, total int) // called after each batch; may be nil
	Now       func() time.Time      // clock for the generation id; nil = time.Now
	Written   func(id, dir string)  // called once the generation is complete, before the switch
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
	if err := os.MkdirAll(filepath.Join(root, generationsDir), 0o755); err != nil {
		return nil, fmt.Errorf("creating index folder: %w", err)
	}
	unlock, err := lockFile(filepath.Join(root, lockName))
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

	if err := writeGeneration(ctx, dir, id, now().UTC(), kept, opts, report); err != nil {
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
func writeGeneration(ctx context.Context, dir, id string, builtAt time.Time, briefings []*archive.Briefing, opts BuildOptions, report *BuildReport) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating generation folder: %w", err)
	}
	im, err := NewMapping()
	if err != nil {
		return err
	}
	path := filepath.Join(dir, bleveDir)
	idx, err := bleve.NewUsing(path, im, scorch.Name, scorch.Name, nil)
	if err != nil {
		return fmt.Errorf("creating index: %w", err)
	}
	items, err := indexItems(ctx, idx, briefings, opts)
	if err == nil {
		err = forceMerge(ctx, idx)
	}
	if cerr := idx.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("closing index: %w", cerr)
	}
	if err != nil {
		return err
	}
	// Reopening read-write once lets scorch delete the segment files the merge made obsolete
	// (roughly halves the size on disk). The document numbers are final now: record the
	// columns that searches sort and facet by.
	idx, err = bleve.Open(path)
	if err != nil {
		return fmt.Errorf("reopening index: %w", err)
	}
	err = writeColumns(idx, dir, briefings)
	if cerr := idx.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("closing index: %w", cerr)
	}
	if err != nil {
		return err
	}

	meta := Meta{Format: Format, ID: id, BuiltAt: builtAt, Briefings: len(briefings), Items: items}
	records, months, sections := summarize(briefings)
	meta.Months, meta.Sections = months, sections
	if len(opts.Extra) > 0 {
		if err := os.MkdirAll(filepath.Join(dir, extraDir), 0o755); err != nil {
			return fmt.Errorf("creating extra folder: %w", err)
		}
		for name, data := range opts.Extra {
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
	if err := writeJSON(filepath.Join(dir, metaName), meta); err != nil {
		return err
	}
	report.Briefings, report.Items = len(briefings), items
	return syncDir(dir)
}

// indexItems writes every item in batches, checking ctx between batches.
func indexItems(ctx context.Context, idx bleve.Index, briefings []*archive.Briefing, opts BuildOptions) (int, error) {
	size := opts.BatchSize
	if size <= 0 {
		size = DefaultBatchSize
	}
	total := 0
	for _, b := range briefings {
		total += len(b.Items)
	}
	batch := idx.NewBatch()
	done := 0
	flush := func() error {
		if batch.Size() == 0 {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := idx.Batch(batch); err != nil {
			return fmt.Errorf("indexing: %w", err)
		}
		done += batch.Size()
		batch.Reset()
		if opts.Progress != nil {
			opts.Progress(done, total)
		}
		return nil
	}
	for _, b := range briefings {
		for i := range b.Items {
			doc, err := document(b, &b.Items[i])
			if err != nil {
				return done, err
			}
			if err := batch.Index(b.Items[i].ID, doc); err != nil {
				return done, fmt.Errorf("item %s: %w", b.Items[i].ID, err)
			}
			if batch.Size() >= size {
				if err := flush(); err != nil {
					return done, err
				}
			}
		}
	}
	if err := flush(); err != nil {
		return done, err
	}
	if opts.Progress != nil && total == 0 {
		opts.Progress(0, 0)
	}
	return done, nil
}

// forceMerge merges all segments into one: searches then visit one segment, not dozens.
func forceMerge(ctx context.Context, idx bleve.Index) error {
	adv, err := idx.Advanced()
	if err != nil {
		return fmt.Errorf("force merge: %w", err)
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return fmt.Errorf("force merge: unexpected index type %T", adv)
	}
	if err := s.ForceMerge(ctx, nil); err != nil {
		return fmt.Errorf("force merge: %w", err)
	}
	return ctx.Err()
}

// summarize extracts the briefing records, the sorted distinct months and the sections.
func summarize(briefings []*archive.Briefing) ([]BriefingRecord, []string, []SectionInfo) {
	records := make([]BriefingRecord, 0, len(briefings))
	monthSet := map[string]bool{}
	sectionAt := map[string]int{}
	var sections []SectionInfo
	for _, b := range briefings {
		r := BriefingRecord{ID: b.ID, Title: b.Title, Issuer: b.Issuer, WeekStart: b.WeekStart,
			WeekEnd: b.WeekEnd, Sections: b.Sections, SourceFile: b.SourceFile, Hash: b.Hash,
			Warnings: b.Warnings, ItemIDs: make([]string, 0, len(b.Items))}
		for _, it := range b.Items {
			r.ItemIDs = append(r.ItemIDs, it.ID)
			if m := Month(it.Date); m != "" {
				monthSet[m] = true
			}
			if i, ok := sectionAt[it.Section]; ok {
				sections[i].Title = it.SectionTitle
			} else {
				sectionAt[it.Section] = len(sections)
				sections = append(sections, SectionInfo{Key: it.Section, Title: it.SectionTitle})
			}
		}
		records = append(records, r)
	}
	months := make([]string, 0, len(monthSet))
	for m := range monthSet {
		months = append(months, m)
	}
	slices.Sort(months)
	return records, months, sections
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
