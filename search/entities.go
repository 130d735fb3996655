package search

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"briefsearch/entity"
	"briefsearch/index"
)

// This file is the entity catalog of a generation: every person, organization and place with
// items in it (from the columns) plus the gazetteer's records (from the generation's lexicon),
// each with a unique slug. It is built once per generation, on first use, and never changes.

// Limits of the entity list.
const (
	DefaultEntityPage    = 50
	MaxEntityPage        = 200
	MaxEntityQueryLen    = 100 // characters of EntityQuery.Q
	EntityPageItems      = 20  // latest items on an entity page; the search has the rest
	EntityPageCoMentions = 10  // co-occurring entities per type on an entity page
)

// EntityTypes are the entity types in display order.
func EntityTypes() []string { return []string{EntityPerson, EntityOrganization, EntityPlace} }

// EntityQuery asks for a page of the entity list.
type EntityQuery struct {
	Type string `json:"type,omitempty"` // person, organization or place; "" = all
	Q    string `json:"q,omitempty"`    // substring of the name or an alias, any case, width or accents
	Page int    `json:"page"`           // 1-based; 0 means 1
	Size int    `json:"size"`           // 0 means DefaultEntityPage
}

// EntityList is one page of the entities with items, most items first.
type EntityList struct {
	Generation string          `json:"generation"`
	Total      int             `json:"total"` // entities matching the query, over all pages
	Page       int             `json:"page"`
	Size       int             `json:"size"`
	Entities   []EntitySummary `json:"entities"`
}

// EntitySummary is one entity of the list.
type EntitySummary struct {
	Slug      string   `json:"slug"`
	Name      string   `json:"name"` // canonical: the value of the person/org/place facets and filters
	Type      string   `json:"type"`
	Aliases   []string `json:"aliases"`    // gazetteer aliases in both scripts; none for rule-found entities
	ItemCount int      `json:"item_count"` // items that mention it in the served generation
	Gazetteer bool     `json:"gazetteer"`  // listed in the gazetteer; false = found by the extraction rules
}

// entityLister is what the catalog needs from a generation's lexicon beyond search.Lexicon.
// *entity.Lexicon has it; a lexicon without it contributes no gazetteer records.
type entityLister interface {
	Entities() []entity.Entity
}

// catalog is the entity catalog of one generation.
type catalog struct {
	list   []*catalogEntry // entities with items: most items first, then by name
	bySlug map[string]*catalogEntry
	byName map[string]*catalogEntry // entityKey(type, name)
}

type catalogEntry struct {
	EntitySummary
	roles       []string
	keys        []string // folded name and aliases, for EntityQuery.Q
	docs        []uint32 // document numbers of its items, latest first (the -date order)
	first, last int32    // days of the first and last dated item; index.NoDay if none
}

// setDocs records the entity's documents in the order of a search sorted by -date: newest day
// first, ties by item id rank, undated items last.
func (ce *catalogEntry) setDocs(cols *index.Columns, docs []uint32) {
	slices.SortFunc(docs, func(a, b uint32) int {
		return cmp.Or(cmp.Compare(cols.Days[b], cols.Days[a]), cmp.Compare(cols.Ranks[a], cols.Ranks[b]))
	})
	ce.docs, ce.ItemCount = docs, len(docs)
	ce.first, ce.last = index.NoDay, index.NoDay
	if day := cols.Days[docs[0]]; day != index.NoDay {
		ce.last = day
	}
	for i := len(docs) - 1; i >= 0; i-- {
		if day := cols.Days[docs[i]]; day != index.NoDay {
			ce.first = day
			break
		}
	}
}

// entityState is a view's catalog, built on first use, and the entity pages computed from it.
type entityState struct {
	once  sync.Once
	cat   *catalog
	pages *pageCache
}

func (v *view) catalog() *catalog {
	v.ents.once.Do(func() {
		v.ents.cat = buildCatalog(v.gen.Columns, v.lex)
		v.ents.pages = newPageCache(entityPageCache)
	})
	return v.ents.cat
}

func entityKey(typ, name string) string { return typ + "\x00" + name }

// entityField is the column of an entity type.
func entityField(typ string) string {
	switch typ {
	case EntityPerson:
		return index.FieldPerson
	case EntityOrganization:
		return index.FieldOrg
	case EntityPlace:
		return index.FieldPlace
	}
	return ""
}

func buildCatalog(cols *index.Columns, lex Lexicon) *catalog {
	c := &catalog{bySlug: map[string]*catalogEntry{}, byName: map[string]*catalogEntry{}}
	if l, ok := lex.(entityLister); ok {
		for _, e := range l.Entities() {
			ce := &catalogEntry{EntitySummary: EntitySummary{Slug: e.Slug, Name: e.Name, Type: string(e.Type),
				Aliases: nonNil(e.Aliases), Gazetteer: true}, roles: nonNil(e.Roles), first: index.NoDay, last: index.NoDay}
			if _, dup := c.bySlug[ce.Slug]; dup || ce.Slug == "" || entityField(ce.Type) == "" {
				continue // the gazetteer's loader refuses these; a lexicon from elsewhere may not
			}
			c.add(ce)
		}
	}
	for _, typ := range EntityTypes() {
		col := cols.Facets[entityField(typ)]
		if col == nil {
			continue
		}
		postings := make([][]uint32, len(col.Values))
		for d := range cols.Days {
			for _, r := range col.DocRefs(uint64(d)) {
				postings[r] = append(postings[r], uint32(d))
			}
		}
		for i, name := range col.Values { // sorted: slugs are handed out in a fixed order
			if len(postings[i]) == 0 {
				continue
			}
			ce := c.byName[entityKey(typ, name)]
			if ce == nil {
				ce = &catalogEntry{EntitySummary: EntitySummary{Name: name, Type: typ, Aliases: []string{}},
					roles: []string{}, first: index.NoDay, last: index.NoDay}
				ce.Slug = c.freeSlug(entity.Slug(name), typ)
				c.add(ce)
			}
			ce.setDocs(cols, postings[i])
			c.list = append(c.list, ce)
		}
	}
	slices.SortFunc(c.list, func(a, b *catalogEntry) int {
		return cmp.Or(cmp.Compare(b.ItemCount, a.ItemCount), cmp.Compare(a.Name, b.Name), cmp.Compare(a.Type, b.Type))
	})
	return c
}

func (c *catalog) add(ce *catalogEntry) {
	ce.keys = []string{entity.Fold(ce.Name)}
	for _, a := range ce.Aliases {
		ce.keys = append(ce.keys, entity.Fold(a))
	}
	c.bySlug[ce.Slug] = ce
	c.byName[entityKey(ce.Type, ce.Name)] = ce
}

// freeSlug is slug, or when another entity has it (a name that differs only in accents or
// case, or the same name as another type), slug-type, slug-2, ...
func (c *catalog) freeSlug(slug, typ string) string {
	if slug == "" {
		slug = typ
	}
	if _, taken := c.bySlug[slug]; !taken {
		return slug
	}
	if s := slug + "-" + typ; c.bySlug[s] == nil {
		return s
	}
	for n := 2; ; n++ {
		if s := slug + "-" + strconv.Itoa(n); c.bySlug[s] == nil {
			return s
		}
	}
}

func (ce *catalogEntry) matches(q string) bool {
	for _, k := range ce.keys {
		if strings.Contains(k, q) {
			return true
		}
	}
	return false
}

func (ce *catalogEntry) summary() EntitySummary {
	s := ce.EntitySummary
	s.Aliases = slices.Clone(s.Aliases)
	return s
}

// Entities lists the entities with items in the served generation, most items first.
func (s *Searcher) Entities(ctx context.Context, q EntityQuery) (*EntityList, error) {
	size, page := q.Size, q.Page
	switch {
	case size == 0:
		size = DefaultEntityPage
	case size < 0 || size > MaxEntityPage:
		return nil, BadRequestf("size %d is out of range; it must be between 1 and %d", q.Size, MaxEntityPage)
	}
	switch {
	case page == 0:
		page = 1
	case page < 0:
		return nil, BadRequestf("page %d is out of range; pages start at 1", q.Page)
	}
	if page*size > MaxWindow {
		return nil, BadRequestf("page %d with %d entities a page reaches beyond the first %d; narrow the list with q or type", page, size, MaxWindow)
	}
	if q.Type != "" && entityField(q.Type) == "" {
		return nil, BadRequestf("type %q is not one of %s", q.Type, strings.Join(EntityTypes(), ", "))
	}
	if n := utf8.RuneCountInString(q.Q); n > MaxEntityQueryLen {
		return nil, BadRequestf("q is %d characters; the limit is %d", n, MaxEntityQueryLen)
	}
	v, err := s.acquire()
	if err != nil {
		return nil, err
	}
	defer v.mu.RUnlock()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	needle := entity.Fold(q.Q)
	out := &EntityList{Generation: v.gen.ID, Page: page, Size: size, Entities: []EntitySummary{}}
	from := (page - 1) * size
	for i, ce := range v.catalog().list {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil { // a long list, folded names compared one by one
				return nil, err
			}
		}
		if q.Type != "" && ce.Type != q.Type || needle != "" && !ce.matches(needle) {
			continue
		}
		if out.Total >= from && len(out.Entities) < size {
			out.Entities = append(out.Entities, ce.summary())
		}
		out.Total++
	}
	return out, nil
}

// EntitySlug returns the slug of the entity of that type and canonical name in the served
// generation (a facet value, a name in Item.Entities), or "" when it has none.
func (s *Searcher) EntitySlug(typ, name string) string {
	v, err := s.acquire()
	if err != nil {
		return ""
	}
	defer v.mu.RUnlock()
	if ce := v.catalog().byName[entityKey(typ, name)]; ce != nil {
		return ce.Slug
	}
	return ""
}
