package search

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"

	bsearch "github.com/blevesearch/bleve/v2/search"
	htmlformat "github.com/blevesearch/bleve/v2/search/highlight/format/html"
	simplehl "github.com/blevesearch/bleve/v2/search/highlight/highlighter/simple"
	bindex "github.com/blevesearch/bleve_index_api"

	"briefsearch/archive"
	"briefsearch/index"
)

// Highlight shape: how many fragments of how many characters each field contributes. Whole
// headlines fit in one fragment; body and note give a few passages, which bounds the work.
const (
	fragmentSize  = 200
	bodyFragments = 2
)

// storedItem is what one stored document holds.
type storedItem struct {
	meta                   index.ItemMeta
	headlineJA, headlineEN string
	body, note             string
	doc                    bindex.Document
}

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

// loadItemFrom reads the stored fields of one item through document.
func loadItemFrom(document func(id string) (bindex.Document, error), id string) (*storedItem, bool, error) {
	doc, err := document(id)
	if err != nil {
		return nil, false, fmt.Errorf("loading item %s: %w", id, err)
	}
	if doc == nil {
		return nil, false, nil
	}
	it := &storedItem{doc: doc}
	var metaJSON []byte
	doc.VisitFields(func(f bindex.Field) {
		switch f.Name() {
		case index.FieldMeta:
			metaJSON = f.Value()
		case index.FieldHeadlineJA:
			it.headlineJA = string(f.Value())
		case index.FieldHeadlineEN:
			it.headlineEN = string(f.Value())
		case index.FieldBody:
			it.body = string(f.Value())
		case index.FieldNote:
			it.note = string(f.Value())
		}
	})
	if err := json.Unmarshal(metaJSON, &it.meta); err != nil {
		return nil, false, fmt.Errorf("item %s: stored metadata: %w", id, err)
	}
	return it, true, nil
}

func (it *storedItem) item() archive.Item {
	m := it.meta
	return archive.Item{ID: m.ID, Ordinal: m.Ordinal, Section: m.Section, SectionTitle: m.SectionTitle,
		HeadlineJA: it.headlineJA, HeadlineEN: it.headlineEN, Body: it.body, Note: it.note,
		Sources: nonNil(m.Sources), Date: m.Date, Entities: m.Entities}
}

// hits turns bleve's matches into Hits, with highlights when the query had text; names (of
// the entities the query's words stand for) are marked wherever they occur.
func (v *view) hits(matches []collectedHit, highlight bool, names []string) ([]Hit, error) {
	out := make([]Hit, 0, len(matches))
	if len(matches) == 0 {
		return out, nil
	}
	r, err := v.itemReader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	for _, m := range matches {
		dm := m.dm
		it, ok, err := loadItemFrom(r.Document, dm.ID)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("item %s matched but is not stored", dm.ID)
		}
		m := it.meta
		h := Hit{ID: m.ID, BriefingID: m.BriefingID, Ordinal: m.Ordinal, Section: m.Section,
			SectionTitle: m.SectionTitle, Date: m.Date, Sources: make([]string, 0, len(m.Sources)),
			HeadlineJA: it.headlineJA, HeadlineEN: it.headlineEN, Score: dm.Score,
			Entities: entitiesOf(m.Entities), Highlights: map[string][]string{}}
		for _, s := range m.Sources {
			h.Sources = append(h.Sources, s.Name)
		}
		if highlight {
			markNames(dm, it, names)
			h.Highlights = highlights(dm, it.doc)
		}
		out = append(out, h)
	}
	return out, nil
}

// highlights marks the matches in each stored text field: escaped text, <mark> around matches.
// The Japanese headline merges the matches of its kagome and bigram twins, so a substring such
// as カザフ inside カザフスタン is marked as well as whole morphemes.
func highlights(dm *bsearch.DocumentMatch, doc bindex.Document) map[string][]string {
	hl := simplehl.NewHighlighter(newWordFragmenter(fragmentSize),
		htmlformat.NewFragmentFormatter("<mark>", "</mark>"), simplehl.DefaultSeparator)
	if bi := dm.Locations[index.FieldHeadlineJABi]; len(bi) > 0 {
		merged := maps.Clone(dm.Locations[index.FieldHeadlineJA])
		if merged == nil {
			merged = bsearch.TermLocationMap{}
		}
		for term, locs := range bi {
			merged["\x00bigram:"+term] = locs // keys only need to be distinct
		}
		dm.Locations[index.FieldHeadlineJA] = merged
	}
	out := map[string][]string{}
	for _, f := range index.TextFields() {
		if !f.Stored || len(dm.Locations[f.Name]) == 0 {
			continue
		}
		dm.Locations[f.Name] = disjointSpans(dm.Locations[f.Name])
		n := 1
		if f.Name == index.FieldBody {
			n = bodyFragments
		}
		if frags := hl.BestFragmentsInField(dm, doc, f.Name, n); len(frags) > 0 {
			out[f.Name] = frags
		}
	}
	return out
}

// disjointSpans replaces a field's term locations with the spans they cover: overlapping or
// touching matches (a phrase's bigrams, a kagome morpheme inside a bigram match) become one
// span. bleve's formatter merges overlaps only pairwise and in an order that ties leave to map
// iteration, so the same hit could be marked differently from one search to the next.
func disjointSpans(tlm bsearch.TermLocationMap) bsearch.TermLocationMap {
	var all []*bsearch.Location
	for _, locs := range tlm {
		all = append(all, locs...)
	}
	slices.SortFunc(all, func(a, b *bsearch.Location) int {
		return cmp.Or(slices.Compare(a.ArrayPositions, b.ArrayPositions),
			cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
	})
	out := bsearch.TermLocationMap{}
	var cur *bsearch.Location
	for _, l := range all {
		if cur != nil && slices.Equal(cur.ArrayPositions, l.ArrayPositions) && l.Start <= cur.End {
			cur.End = max(cur.End, l.End)
			continue
		}
		cur = &bsearch.Location{Pos: l.Pos, Start: l.Start, End: l.End, ArrayPositions: l.ArrayPositions}
		out[strconv.Itoa(len(out))] = bsearch.Locations{cur}
	}
	return out
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
