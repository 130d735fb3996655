package search

import (
	"context"
	"fmt"
	"slices"

	"briefsearch/archive"
	"briefsearch/index"
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
	page.ContentHash = page.Item.ContentHash()
	if b := v.briefings[it.meta.BriefingID]; b != nil {
		page.BriefingTitle, page.Issuer, page.WeekStart, page.WeekEnd = b.Title, b.Issuer, b.WeekStart, b.WeekEnd
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

// Briefing returns a whole issue as parsed: its sections and its items in order. Its size is
// the (up to 99 items of up to archive.MaxItemText each); pages and the API read
// BriefingPage instead.
func (s *Searcher) Briefing(ctx context.Context, id string) (*archive.Briefing, error) {
	v, err := s.acquire()
	if err != nil {
		return nil, err
	}
	defer v.mu.RUnlock()
	b, err := v.briefingRecord(id)
	if err != nil {
		return nil, err
	}
	return v.briefing(ctx, b, b.ItemIDs)
}

// Briefing pages: a long issue comes DefaultBriefingItems items a page, at most
// MaxBriefingItems, so that one page or response holds at most that many items (each within
// archive.MaxItemText), however long the issue.
const (
	DefaultBriefingItems = 20
	MaxBriefingItems     = 50
)

// BriefingPage is one page of a briefing: its header and sections, and the page's items.
type BriefingPage struct {
	archive.Briefing     // Items are the page's only
	Page             int `json:"page"`        // 1-based
	Size             int `json:"size"`        // items a page
	Pages            int `json:"pages"`       // at least 1
	TotalItems       int `json:"total_items"` // in the whole briefing
}

// BriefingPage returns page page (1-based; 0 means 1) of briefing id, size items a page (0
// means DefaultBriefingItems). A page past the last is a *RequestError naming the last.
func (s *Searcher) BriefingPage(ctx context.Context, id string, page, size int) (*BriefingPage, error) {
	switch {
	case size == 0:
		size = DefaultBriefingItems
	case size < 0 || size > MaxBriefingItems:
		return nil, BadRequestf("size %d is out of range; it must be between 1 and %d", size, MaxBriefingItems)
	}
	switch {
	case page == 0:
		page = 1
	case page < 0:
		return nil, BadRequestf("page %d is out of range; pages start at 1", page)
	}
	v, err := s.acquire()
	if err != nil {
		return nil, err
	}
	defer v.mu.RUnlock()
	b, err := v.briefingRecord(id)
	if err != nil {
		return nil, err
	}
	total := len(b.ItemIDs)
	pages := max(1, (total+size-1)/size)
	if page > pages {
		return nil, BadRequestf("page %d is past the last page of briefing %s: it has %d items, %d a page, on %d pages", page, id, total, size, pages)
	}
	out, err := v.briefing(ctx, b, b.ItemIDs[min(total, (page-1)*size):min(total, page*size)])
	if err != nil {
		return nil, err
	}
	return &BriefingPage{Briefing: *out, Page: page, Size: size, Pages: pages, TotalItems: total}, nil
}

// briefingRecord is briefing id's record, or ErrNotFound.
func (v *view) briefingRecord(id string) (*index.BriefingRecord, error) {
	if b := v.briefings[id]; b != nil {
		return b, nil
	}
	return nil, fmt.Errorf("briefing %q: %w", id, ErrNotFound)
}

// briefing is b with the items ids, read one by one, ctx checked between them.
func (v *view) briefing(ctx context.Context, b *index.BriefingRecord, ids []string) (*archive.Briefing, error) {
	out := &archive.Briefing{ID: b.ID, Title: b.Title, Subtitle: b.Subtitle, Issuer: b.Issuer, WeekStart: b.WeekStart,
		WeekEnd: b.WeekEnd, Sections: nonNil(b.Sections), SourceFile: b.SourceFile, Hash: b.Hash,
		Warnings: nonNil(b.Warnings), Items: make([]archive.Item, 0, len(ids))}
	for _, itemID := range ids {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		it, ok, err := v.loadItem(itemID)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("briefing %s lists item %s, which the index lacks", b.ID, itemID)
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
	req.After = ""
	_, err := s.ExportNext(ctx, req, each)
	return err
}

// ExportNext is Export from req.After (a cursor of a search or of an earlier export of the
// same search), and returns the cursor to continue after the last item sent when more than
// MaxExport items followed it, "" when every match was sent.
func (s *Searcher) ExportNext(ctx context.Context, req Request, each func(archive.Item) error) (string, error) {
	req.Page, req.Size, req.Facets = 0, 0, []FacetRequest{}
	v, err := s.acquire()
	if err != nil {
		return "", err
	}
	defer v.mu.RUnlock()
	p, err := newPlanIn(req, v)
	if err != nil {
		return "", err
	}
	if p.after != nil && p.after.Gen != v.gen.ID {
		return "", BadRequestf("the index was rebuilt since this cursor was made; start the export again")
	}
	q, err := v.matcher().compile(p)
	if err != nil {
		return "", err
	}
	// One pass keeps the first MaxExport matches in order; the items are then read one by one
	// as they are written, so memory holds positions, not texts.
	// One more than the cap is kept, to know whether any match follows the last one sent.
	ctx2, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	limit := s.maxExport()
	col := v.collector(p, limit+1, nil)
	if p.after != nil {
		col.after = &p.after.Pos
	}
	err = col.run(ctx2, v.gen.Index, q)
	if err != nil {
		err = s.searchError(ctx2, v, err)
	}
	cancel()
	if err != nil {
		return "", err
	}
	hits := col.hits(0)
	next := ""
	if len(hits) > limit {
		hits = hits[:limit]
		c := cursor{Sort: p.sort, Key: p.key(), Gen: v.gen.ID, Pos: hits[limit-1].pos}
		next = c.encode()
	}
	r, err := v.itemReader()
	if err != nil {
		return "", err
	}
	defer r.Close()
	for _, h := range hits {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		it, ok, err := loadItemAt(r, h.pos.doc, h.dm.ID, true)
		if err != nil {
			return "", err
		}
		if !ok {
			continue
		}
		if err := each(it.item()); err != nil {
			return "", err
		}
	}
	return next, nil
}
