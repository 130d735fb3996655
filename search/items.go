package search

import (
	"context"
	"fmt"
	"slices"

	"briefsearch/archive"
)

// Item returns one item with its briefing's id, title and week and its neighbours' ids.
func (s *Searcher) Item(ctx context.Context, id string) (*ItemPage, error) {
	v, err := s.acquire()
	if err != nil {
		return nil, err
	}
	defer v.mu.RUnlock()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	it, ok, err := v.loadItem(id)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("item %q: %w", id, ErrNotFound)
	}
	page := &ItemPage{Item: it.item(), BriefingID: it.meta.BriefingID}
	if b := v.briefings[it.meta.BriefingID]; b != nil {
		page.BriefingTitle, page.WeekStart, page.WeekEnd = b.Title, b.WeekStart, b.WeekEnd
		if i := slices.Index(b.ItemIDs, id); i >= 0 {
			if i > 0 {
				page.Prev = b.ItemIDs[i-1]
			}
			if i+1 < len(b.ItemIDs) {
				page.Next = b.ItemIDs[i+1]
			}
		}
	}
	return page, nil
}

// Briefing returns a whole issue as parsed: its sections and its items in order.
func (s *Searcher) Briefing(ctx context.Context, id string) (*archive.Briefing, error) {
	v, err := s.acquire()
	if err != nil {
		return nil, err
	}
	defer v.mu.RUnlock()
	b := v.briefings[id]
	if b == nil {
		return nil, fmt.Errorf("briefing %q: %w", id, ErrNotFound)
	}
	out := &archive.Briefing{ID: b.ID, Title: b.Title, Subtitle: b.Subtitle, Issuer: b.Issuer, WeekStart: b.WeekStart,
		WeekEnd: b.WeekEnd, Sections: nonNil(b.Sections), SourceFile: b.SourceFile, Hash: b.Hash,
		Warnings: nonNil(b.Warnings), Items: make([]archive.Item, 0, len(b.ItemIDs))}
	for _, itemID := range b.ItemIDs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		it, ok, err := v.loadItem(itemID)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("briefing %s lists item %s, which the index lacks", id, itemID)
		}
		out.Items = append(out.Items, it.item())
	}
	return out, nil
}

// Briefings lists every briefing, newest first.
func (s *Searcher) Briefings(ctx context.Context) ([]BriefingSummary, error) {
	v, err := s.acquire()
	if err != nil {
		return nil, err
	}
	defer v.mu.RUnlock()
	return slices.Clone(v.summaries), ctx.Err()
}

// Export calls each for every item req matches (its filters respected, its page, size and
// facets ignored), in req's sort order, at most MaxExport items. It streams: items are read
// in batches, and each's error stops the export and is returned.
func (s *Searcher) Export(ctx context.Context, req Request, each func(archive.Item) error) error {
	req.Page, req.Size, req.After, req.Facets = 0, 0, "", []FacetRequest{}
	p, err := newPlan(req)
	if err != nil {
		return err
	}
	v, err := s.acquire()
	if err != nil {
		return err
	}
	defer v.mu.RUnlock()
	q, err := v.matcher().compile(p)
	if err != nil {
		return err
	}
	// One pass keeps the first MaxExport matches in order; the items are then read one by one
	// as they are written, so memory holds positions, not texts.
	ctx2, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	col := newCollector(v.gen.Columns, p, s.maxExport(), nil)
	err = col.run(ctx2, v.gen.Index, q)
	if err != nil {
		err = s.searchError(ctx2, v, err)
	}
	cancel()
	if err != nil {
		return err
	}
	r, err := v.itemReader()
	if err != nil {
		return err
	}
	defer r.Close()
	for _, h := range col.hits(0) {
		if err := ctx.Err(); err != nil {
			return err
		}
		it, ok, err := loadItemFrom(r.Document, h.dm.ID)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if err := each(it.item()); err != nil {
			return err
		}
	}
	return nil
}
