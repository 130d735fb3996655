package search

import (
	"cmp"
	"container/list"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"briefsearch/archive"
	"briefsearch/index"
)

// EntityPage is everything about one entity in the served generation.
type EntityPage struct {
	EntitySummary
	Generation    string       `json:"generation"`
	NamesLatin    []string     `json:"names_latin"`    // the canonical name and the Latin-script aliases
	NamesJapanese []string     `json:"names_japanese"` // Japanese-script aliases
	Roles         []string     `json:"roles"`
	FirstSeen     archive.Date `json:"first_seen"` // date of the first dated item; zero without one
	LastSeen      archive.Date `json:"last_seen"`
	// Months counts its items per month from the first to the last, in calendar order, months
	// without items included (as the month facet does).
	Months []FacetValue `json:"months"`
	// Items are the latest EntityPageItems items. ItemsRequest lists them all (the search this
	// page's items are the first page of); ItemsNext is the cursor that continues it after them.
	Items        []EntityItem    `json:"items"`
	ItemsRequest Request         `json:"items_request"`
	ItemsNext    string          `json:"items_next,omitempty"`
	CoMentions   []CoMentionType `json:"co_mentions"` // per type, in EntityTypes order
}

// EntityItem is one item on an entity page.
type EntityItem struct {
	ID           string       `json:"id"`
	BriefingID   string       `json:"briefing_id"`
	Ordinal      int          `json:"ordinal"`
	Date         archive.Date `json:"date"`
	Section      string       `json:"section"`
	SectionTitle string       `json:"section_title"`
	HeadlineJA   string       `json:"headline_ja"`
	HeadlineEN   string       `json:"headline_en"`
}

// CoMentionType lists the entities of one type that share items with the page's entity.
type CoMentionType struct {
	Type     string      `json:"type"`
	Entities []CoMention `json:"entities"` // most shared items first, at most EntityPageCoMentions
}

// CoMention is an entity and how many items it shares with the page's entity.
type CoMention struct {
	Slug        string `json:"slug"`
	Name        string `json:"name"`
	Type        string `json:"type"`
	SharedItems int    `json:"shared_items"`
}

// EntityRequest is the search for every item that mentions the entity typ/name, newest first.
func EntityRequest(typ, name string) Request {
	req := Request{Sort: SortDateDesc}
	switch typ {
	case EntityPerson:
		req.Filters.Persons = []string{name}
	case EntityOrganization:
		req.Filters.Organizations = []string{name}
	case EntityPlace:
		req.Filters.Places = []string{name}
	}
	return req
}

// entityPageCache is how many entity pages each generation keeps computed.
const entityPageCache = 512

// Entity returns the page of the entity with that slug, or ErrNotFound. It is computed from
// the generation's columns (the entity's documents, their days and the other entities they
// carry) and stored item texts, and kept per generation: it does not run a search, so visits
// to entity pages never push browse results out of the search's cache.
func (s *Searcher) Entity(ctx context.Context, slug string) (*EntityPage, error) {
	v, err := s.acquire()
	if err != nil {
		return nil, err
	}
	defer v.mu.RUnlock()
	cat := v.catalog()
	ce := cat.bySlug[slug]
	if ce == nil {
		return nil, fmt.Errorf("entity %q: %w", slug, ErrNotFound)
	}
	if p, ok := v.ents.pages.get(slug); ok {
		return p.clone(), nil
	}
	p, err := v.entityPage(ctx, cat, ce)
	if err != nil {
		return nil, err
	}
	v.ents.pages.put(slug, p)
	return p.clone(), nil
}

func (v *view) entityPage(ctx context.Context, cat *catalog, ce *catalogEntry) (*EntityPage, error) {
	p := &EntityPage{EntitySummary: ce.summary(), Generation: v.gen.ID, NamesLatin: []string{},
		NamesJapanese: []string{}, Roles: slices.Clone(ce.roles), FirstSeen: dayDate(ce.first),
		LastSeen: dayDate(ce.last), Months: []FacetValue{}, Items: []EntityItem{},
		ItemsRequest: EntityRequest(ce.Type, ce.Name), CoMentions: []CoMentionType{}}
	for _, n := range append([]string{ce.Name}, ce.Aliases...) {
		if hasCJK(n) {
			p.NamesJapanese = append(p.NamesJapanese, n)
		} else {
			p.NamesLatin = append(p.NamesLatin, n)
		}
	}
	cols := v.gen.Columns

	// The latest items, and where a search for all of them continues.
	shown := ce.docs[:min(len(ce.docs), EntityPageItems)]
	for _, d := range shown {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		it, ok, err := v.loadItem(cols.IDs[d])
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("entity %s: item %s is in the columns but not stored", ce.Slug, cols.IDs[d])
		}
		m := it.meta
		p.Items = append(p.Items, EntityItem{ID: m.ID, BriefingID: m.BriefingID, Ordinal: m.Ordinal, Date: m.Date,
			Section: m.Section, SectionTitle: m.SectionTitle, HeadlineJA: it.headlineJA, HeadlineEN: it.headlineEN})
	}
	if len(shown) < len(ce.docs) {
		if plan, err := newPlan(p.ItemsRequest); err == nil {
			last := shown[len(shown)-1]
			next := cursor{Sort: plan.sort, Key: plan.key(), Gen: v.gen.ID, Pos: position{Day: cols.Days[last], Rank: cols.Ranks[last]}}
			p.ItemsNext = next.encode()
		}
	}

	// Items per month, gap-free, as the month facet counts them.
	months := map[string]int{}
	for _, d := range ce.docs {
		if day := cols.Days[d]; day != index.NoDay {
			months[monthOf(dayDate(day).Time)]++
		}
	}
	matched := make([]valueCount, 0, len(months))
	for m, n := range months {
		matched = append(matched, valueCount{m, n})
	}
	p.Months = v.monthValues(matched, Filters{})

	// Co-mentions: the other entities of its documents, counted per type.
	for _, typ := range EntityTypes() {
		if err := ctx.Err(); err != nil { // each type walks every document of the entity
			return nil, err
		}
		group := CoMentionType{Type: typ, Entities: []CoMention{}}
		col := cols.Facets[entityField(typ)]
		if col == nil {
			p.CoMentions = append(p.CoMentions, group)
			continue
		}
		counts := map[uint32]int{}
		for _, d := range ce.docs {
			for _, r := range col.DocRefs(uint64(d)) {
				counts[r]++
			}
		}
		top := make([]valueCount, 0, len(counts))
		for r, n := range counts {
			if name := col.Values[r]; typ != ce.Type || name != ce.Name {
				top = append(top, valueCount{name, n})
			}
		}
		slices.SortFunc(top, func(a, b valueCount) int {
			return cmp.Or(cmp.Compare(b.count, a.count), cmp.Compare(a.value, b.value))
		})
		for _, vc := range top[:min(len(top), EntityPageCoMentions)] {
			cm := CoMention{Name: vc.value, Type: typ, SharedItems: vc.count}
			if other := cat.byName[entityKey(typ, vc.value)]; other != nil {
				cm.Slug = other.Slug
			}
			group.Entities = append(group.Entities, cm)
		}
		p.CoMentions = append(p.CoMentions, group)
	}
	return p, nil
}

// clone copies the page so no caller shares its slices with the cache.
func (p *EntityPage) clone() *EntityPage {
	c := *p
	c.Aliases, c.NamesLatin, c.NamesJapanese, c.Roles = slices.Clone(p.Aliases), slices.Clone(p.NamesLatin),
		slices.Clone(p.NamesJapanese), slices.Clone(p.Roles)
	c.Months, c.Items = slices.Clone(p.Months), slices.Clone(p.Items)
	c.CoMentions = make([]CoMentionType, len(p.CoMentions))
	for i, g := range p.CoMentions {
		c.CoMentions[i] = CoMentionType{Type: g.Type, Entities: slices.Clone(g.Entities)}
	}
	return &c
}

// pageCache keeps the most recently used entity pages of one generation.
type pageCache struct {
	mu     sync.Mutex
	max    int
	order  *list.List // front = most recent; values are *EntityPage
	bySlug map[string]*list.Element
}

func newPageCache(max int) *pageCache {
	return &pageCache{max: max, order: list.New(), bySlug: map[string]*list.Element{}}
}

func (c *pageCache) get(slug string) (*EntityPage, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.bySlug[slug]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*EntityPage), true
}

func (c *pageCache) put(slug string, p *EntityPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.bySlug[slug]; ok {
		e.Value = p
		c.order.MoveToFront(e)
		return
	}
	c.bySlug[slug] = c.order.PushFront(p)
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.bySlug, last.Value.(*EntityPage).Slug)
	}
}

// dayDate is the date of a Columns day, zero for index.NoDay.
func dayDate(day int32) archive.Date {
	if day == index.NoDay {
		return archive.Date{}
	}
	return archive.Date{Time: time.Unix(int64(day)*86400, 0).UTC()}
}
