package search

import (
	"context"
	"fmt"
	"slices"
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
	// page's items are the first page of); ItemsNext is the cursor that continues after them.
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

// Entity returns the page of the entity with that slug, or ErrNotFound. Its items, months and
// co-mentions come from one filtered browse, which the generation caches like any other.
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
	if ce.ItemCount == 0 {
		for _, typ := range EntityTypes() {
			p.CoMentions = append(p.CoMentions, CoMentionType{Type: typ, Entities: []CoMention{}})
		}
		return p, ctx.Err()
	}

	req := p.ItemsRequest
	req.Size = EntityPageItems
	req.Facets = []FacetRequest{{Name: FacetMonth, Size: MaxFacetSize}}
	for _, typ := range EntityTypes() {
		// One more than shown: the entity itself is among its own co-mentions.
		req.Facets = append(req.Facets, FacetRequest{Name: typ, Size: EntityPageCoMentions + 1})
	}
	res, err := s.searchView(ctx, v, req)
	if err != nil {
		return nil, err
	}
	p.ItemsNext = res.Next
	for _, h := range res.Hits {
		p.Items = append(p.Items, EntityItem{ID: h.ID, BriefingID: h.BriefingID, Ordinal: h.Ordinal, Date: h.Date,
			Section: h.Section, SectionTitle: h.SectionTitle, HeadlineJA: h.HeadlineJA, HeadlineEN: h.HeadlineEN})
	}
	for _, f := range res.Facets {
		if f.Name == FacetMonth {
			p.Months = slices.Clone(f.Values)
			continue
		}
		group := CoMentionType{Type: f.Name, Entities: []CoMention{}}
		for _, fv := range f.Values {
			if f.Name == ce.Type && fv.Value == ce.Name || len(group.Entities) == EntityPageCoMentions {
				continue
			}
			cm := CoMention{Name: fv.Value, Type: f.Name, SharedItems: fv.Count}
			if other := cat.byName[entityKey(f.Name, fv.Value)]; other != nil {
				cm.Slug = other.Slug
			}
			group.Entities = append(group.Entities, cm)
		}
		p.CoMentions = append(p.CoMentions, group)
	}
	return p, nil
}

// dayDate is the date of a Columns day, zero for index.NoDay.
func dayDate(day int32) archive.Date {
	if day == index.NoDay {
		return archive.Date{}
	}
	return archive.Date{Time: time.Unix(int64(day)*86400, 0).UTC()}
}
