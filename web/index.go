package web

import (
	"context"

	"briefsearch/archive"
	"briefsearch/ingest"
	"briefsearch/search"
)

// The interfaces below are what the server needs from the index, declared here by their
// consumer so tests and other implementations stay small. *search.Searcher satisfies all.

// Searcher answers one search or browse.
type Searcher interface {
	Search(ctx context.Context, req search.Request) (*search.Result, error)
}

// Library reads whole items and briefings.
type Library interface {
	Item(ctx context.Context, id string) (*search.ItemPage, error)
	Briefing(ctx context.Context, id string) (*archive.Briefing, error)
	Briefings(ctx context.Context) ([]search.BriefingSummary, error)
	// BriefingPage is one page of a briefing's items (page from 1; size 0 = the default).
	BriefingPage(ctx context.Context, id string, page, size int) (*search.BriefingPage, error)
}

// Exporter streams the items matching a request, in the request's sort order, from its
// after cursor, up to search.MaxExport; the cursor of the rest when more follow.
type Exporter interface {
	ExportNext(ctx context.Context, req search.Request, each func(archive.Item) error) (next string, err error)
}

// CorpusInfo describes the index generation being served; it must be cheap.
type CorpusInfo interface {
	Corpus() search.Corpus
}

// Entities lists the persons, organizations and places of the served index and describes
// one of them; EntitySlug names the entity page of a facet value or an item's entity ("" = none).
type Entities interface {
	Entities(ctx context.Context, q search.EntityQuery) (*search.EntityList, error)
	Entity(ctx context.Context, slug string) (*search.EntityPage, error)
	EntitySlug(typ, name string) string
}

// Permalinks resolve an item's content hash to where it is now, or to what became of it.
type Permalinks interface {
	Permalink(ctx context.Context, hash string) (*search.Permalink, error)
}

// Comparer counts several searches per period on one time axis (the compare page).
type Comparer interface {
	Compare(ctx context.Context, req search.CompareRequest) (*search.Comparison, error)
}

// Index is everything the read routes use.
type Index interface {
	Searcher
	Library
	Exporter
	CorpusInfo
	Entities
	Permalinks
	Comparer
}

// Reloader switches to the newest index generation; only the admin route calls it.
type Reloader interface {
	Reload(ctx context.Context) error
}

// Archive reports how the archive's builds went (*ingest.Library).
type Archive interface {
	Status() ingest.Status
}
