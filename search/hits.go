package search

import (
	"context"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bindex "github.com/blevesearch/bleve_index_api"

	"briefsearch/archive"
	"briefsearch/index"
)

// storedItem is what one stored document holds. Body and note stay the bytes the index
// returned: copying a megabyte body into a string for every hit on a page was memory spent
// for nothing, as a hit needs only a window of it (highlight.go).
type storedItem struct {
	meta                   index.ItemMeta
	headlineJA, headlineEN string
	body, note             []byte
	// large: some text field is longer than a highlight window. Its texts are then cut to
	// their windows (cut names the fields that were), and it is highlighted without locate.
	large bool
	cut   map[string]bool
}

// trim marks a large item and keeps only the highlight windows of its body and note, copied,
// so the page's hits hold kilobytes each, not whole stored documents. (Headlines are the
// hit's own text and stay whole.)
func (it *storedItem) trim() {
	for _, f := range []struct {
		name string
		n    int
	}{{index.FieldHeadlineJA, len(it.headlineJA)}, {index.FieldHeadlineEN, len(it.headlineEN)},
		{index.FieldBody, len(it.body)}, {index.FieldNote, len(it.note)}} {
		if f.n <= maxHighlightBytes {
			continue
		}
		if it.cut == nil {
			it.cut = map[string]bool{}
		}
		it.cut[f.name], it.large = true, true
	}
	if it.cut[index.FieldBody] {
		it.body = slices.Clone(windowOf(it.body))
	}
	if it.cut[index.FieldNote] {
		it.note = slices.Clone(windowOf(it.note))
	}
}

// text is a stored text field's value (its window, where trim cut it).
func (it *storedItem) text(field string) []byte {
	switch field {
	case index.FieldHeadlineJA:
		return []byte(it.headlineJA)
	case index.FieldHeadlineEN:
		return []byte(it.headlineEN)
	case index.FieldBody:
		return it.body
	case index.FieldNote:
		return it.note
	}
	return nil
}

// window is the part of a stored text field that a highlight looks at (highlight.go).
func (it *storedItem) window(field string) []byte { return windowOf(it.text(field)) }

// loadItem reads the stored fields of one item; ok is false when there is no such item.
func (v *view) loadItem(id string) (*storedItem, bool, error) {
	return loadItemFrom(v.gen.Index.Document, id)
}

// itemReader returns a reader for loading several items from one index snapshot: each
// Index.Document call takes and releases a reference to the snapshot, which 32 concurrent
// searches spent much of their lock time on. Close it when done.
func (v *view) itemReader() (bindex.IndexReader, error) {
	adv, err := v.gen.Index.Advanced()
	if err != nil {
		return nil, err
	}
	return adv.Reader()
}

// loadItemAt reads the stored fields of document doc, whose id is id: from its segment when r
// is scorch's snapshot (the document number is known: no lookup of the id in every segment, no
// bleve Document built), else through r.Document. Without texts the body and the note are
// not kept (a hit that is not highlighted shows neither).
func loadItemAt(r bindex.IndexReader, doc uint64, id string, texts bool) (*storedItem, bool, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return loadItemFrom(r.Document, id)
	}
	var offset uint64
	for _, ss := range snap.Segments() {
		if n := ss.Segment().Count(); doc >= offset+n {
			offset += n
			continue
		}
		f := storedFields{it: &storedItem{}, noTexts: !texts}
		stored := ""
		// The values are the segment's decoding buffer's: keep copies them.
		err := ss.VisitDocument(doc-offset, func(name string, _ byte, val []byte, _ []uint64) bool {
			if name == "_id" {
				stored = string(val)
			}
			f.keep(name, val)
			return true
		})
		if err != nil {
			return nil, false, fmt.Errorf("loading item %s: %w", id, err)
		}
		if stored != id {
			return nil, false, fmt.Errorf("loading item %s: document %d is item %q", id, doc, stored)
		}
		return f.done(id)
	}
	return nil, false, nil
}

// loadItemFrom reads the stored fields of one item through document.
func loadItemFrom(document func(id string) (bindex.Document, error), id string) (*storedItem, bool, error) {
	doc, err := document(id)
	if err != nil {
		return nil, false, fmt.Errorf("loading item %s: %w", id, err)
	}
	if doc == nil {
		return nil, false, nil
	}
	f := storedFields{it: &storedItem{}}
	doc.VisitFields(func(field bindex.Field) { f.keep(field.Name(), field.Value()) })
	return f.done(id)
}

// storedFields gathers an item from its stored fields, whichever way they are read.
type storedFields struct {
	it      *storedItem
	noTexts bool // leave the body and the note out
	sawMeta bool
	metaErr error // decoding the metadata's JSON
}

// keep takes the stored field name's value, copied (a segment's buffer is reused).
func (f *storedFields) keep(name string, val []byte) {
	switch name {
	case index.FieldMeta: // decoded at once: the decoded values hold no part of val
		f.sawMeta, f.metaErr = true, index.DecodeItemMeta(val, &f.it.meta)
	case index.FieldHeadlineJA:
		f.it.headlineJA = string(val)
	case index.FieldHeadlineEN:
		f.it.headlineEN = string(val)
	case index.FieldBody:
		if !f.noTexts {
			f.it.body = slices.Clone(val)
		}
	case index.FieldNote:
		if !f.noTexts {
			f.it.note = slices.Clone(val)
		}
	}
}

// done returns the item, or why its metadata could not be read (none stored is such a case).
func (f *storedFields) done(id string) (*storedItem, bool, error) {
	if !f.sawMeta {
		f.metaErr = index.DecodeItemMeta(nil, &f.it.meta)
	}
	if f.metaErr != nil {
		return nil, false, fmt.Errorf("item %s: stored metadata: %w", id, f.metaErr)
	}
	return f.it, true, nil
}

func (it *storedItem) item() archive.Item {
	m := it.meta
	return archive.Item{ID: m.ID, Ordinal: m.Ordinal, Section: m.Section, SectionTitle: m.SectionTitle,
		HeadlineJA: it.headlineJA, HeadlineEN: it.headlineEN, Body: string(it.body), Note: string(it.note),
		Sources: nonNil(m.Sources), Date: m.Date, Entities: m.Entities}
}

// loadHits reads the stored items of the page's hits, in order, their texts cut to their
// highlight windows (without texts, their body and note left out). ctx is checked between
// items: each may be large.
func (v *view) loadHits(ctx context.Context, matches []collectedHit, texts bool) ([]*storedItem, error) {
	out := make([]*storedItem, 0, len(matches))
	if len(matches) == 0 {
		return out, nil
	}
	r, err := v.itemReader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	for _, m := range matches {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		it, ok, err := loadItemAt(r, m.pos.doc, m.dm.ID, texts)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("item %s matched but is not stored", m.dm.ID)
		}
		it.trim()
		out = append(out, it)
	}
	return out, nil
}

// ordinary are the hits whose items are not large: the ones locate finds term locations for.
func ordinary(matches []collectedHit, items []*storedItem) []collectedHit {
	var out []collectedHit
	for i, m := range matches {
		if !items[i].large {
			out = append(out, m)
		}
	}
	return out
}

// hits turns the matches and their items into Hits, highlighted when hl is not nil. ctx is
// checked between hits.
func hits(ctx context.Context, matches []collectedHit, items []*storedItem, hl *hitHighlighter) ([]Hit, error) {
	out := make([]Hit, 0, len(matches))
	for i, match := range matches {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		it, m := items[i], items[i].meta
		h := Hit{ID: m.ID, BriefingID: m.BriefingID, Ordinal: m.Ordinal, Section: m.Section,
			SectionTitle: m.SectionTitle, Date: m.Date, Sources: make([]string, 0, len(m.Sources)),
			HeadlineJA: it.headlineJA, HeadlineEN: it.headlineEN, Score: match.dm.Score,
			Entities: entitiesOf(m.Entities), Highlights: map[string][]string{}}
		for _, s := range m.Sources {
			h.Sources = append(h.Sources, s.Name)
		}
		if hl != nil {
			var err error
			if h.Highlights, err = hl.highlights(ctx, it, match.dm.FieldTermLocations); err != nil {
				return nil, err
			}
		}
		out = append(out, h)
	}
	return out, nil
}

// entitiesOf returns e with empty lists rather than nulls, so JSON clients see arrays.
func entitiesOf(e *archive.Entities) archive.Entities {
	if e == nil {
		return archive.Entities{Persons: []string{}, Organizations: []string{}, Places: []string{}}
	}
	return archive.Entities{Persons: nonNil(e.Persons), Organizations: nonNil(e.Organizations), Places: nonNil(e.Places)}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
