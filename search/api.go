package search

// This file is the public surface that web/ and cmd/ code against. Add to it; don't rename.

import (
	"errors"
	"fmt"
	"time"

	"briefsearch/archive"
	"briefsearch/index"
)

// Limits that every Request is checked against (see ../shared/notes-reliability.md).
const (
	MaxQueryLen    = 512    // characters
	MaxQueryTerms  = 32     // words, phrases and qualifiers together
	MaxSize        = 100    // hits per page
	DefaultSize    = 20     // hits per page when Size is 0
	NoHits         = -1     // Size for no hits at all: the total and facets only (size=0 in the API and CLI)
	MaxWindow      = 10_000 // (page-1)*size+size; deeper paging uses After
	MaxFacetSize   = 100    // values per facet
	DefaultFacet   = 10     // values per facet when not given
	MaxFilterValue = 32     // values per filter
	DefaultTimeout = 2 * time.Second
)

// Facet names.
const (
	FacetSection      = "section"
	FacetSource       = "source"
	FacetMonth        = "month"
	FacetYear         = "year" // items per year; asked for by name, not among the default facets
	FacetPerson       = "person"
	FacetOrganization = "organization"
	FacetPlace        = "place"
)

// Sort orders.
const (
	SortRelevance = "relevance"
	SortDate      = "date"  // oldest first
	SortDateDesc  = "-date" // newest first
)

// Request is one search or browse. The zero value browses everything newest first.
type Request struct {
	Query   string         `json:"q"`
	Filters Filters        `json:"filters"`
	Sort    string         `json:"sort"`            // "" = relevance with a query, -date without
	Page    int            `json:"page"`            // 1-based; 0 means 1
	Size    int            `json:"size"`            // 0 means DefaultSize; NoHits: none, total and facets only
	After   string         `json:"after,omitempty"` // opaque cursor from Result.Next; excludes Page
	Facets  []FacetRequest `json:"facets"`          // nil = every facet with DefaultFacet values
	// NoHighlights leaves every hit's Highlights empty: the hits, total and facets are the
	// same, and the page's items are not located and highlighted (for a caller that reads
	// ids, dates and entities only).
	NoHighlights bool `json:"no_highlights,omitempty"`
	// EstimateTotal lets a search that asks for no facets estimate its total, as Xapian and
	// web search engines do, where counting it exactly means reading a phrase at every
	// document holding its words: only the documents ranked for the page are read, and the
	// total is the candidates less the share of the read ones the phrase ruled out. The hits
	// are the same; Result.TotalEstimated says whether the total was estimated (a search
	// without such a phrase, or whose candidates were all read, counts exactly).
	EstimateTotal bool `json:"estimate_total,omitempty"`
}

// Filters narrow a request. Several values of one filter are ORed; different filters are ANDed.
type Filters struct {
	Sections      []string     `json:"section,omitempty"` // section keys
	Sources       []string     `json:"source,omitempty"`
	Persons       []string     `json:"person,omitempty"` // canonical names
	Organizations []string     `json:"org,omitempty"`
	Places        []string     `json:"place,omitempty"`
	Months        []string     `json:"month,omitempty"` // YYYY-MM
	From          archive.Date `json:"from"`            // inclusive; zero = open
	To            archive.Date `json:"to"`              // inclusive; zero = open
}

// Validate checks req as Search does, without searching: what a caller that changes a
// request before running it (the HTML page sets its own size and facets) uses to refuse
// exactly what the API refuses. Every error is a *RequestError.
func (req Request) Validate() error {
	_, err := newPlan(req)
	return err
}

// FacetRequest asks for the top Size values of facet Name. The month and year facets ignore
// Size: they list every month (year) of the matching span, in calendar order, zero counts
// included.
type FacetRequest struct {
	Name string `json:"name"`
	Size int    `json:"size"`
}

// Result answers a Request.
type Result struct {
	Generation string `json:"generation"` // id of the index generation that answered
	Total      uint64 `json:"total"`
	// TotalEstimated: Total is an estimate (Request.EstimateTotal), and a Next page may be
	// shorter than the total promises, or empty.
	TotalEstimated bool          `json:"total_estimated,omitempty"`
	Took           time.Duration `json:"-"`
	TookMS         float64       `json:"took_ms"`
	Page           int           `json:"page"`
	Size           int           `json:"size"`
	Offset         int           `json:"offset"` // results before the first hit: (page-1)*size, or how far a cursor had come
	Hits           []Hit         `json:"hits"`
	Facets         []Facet       `json:"facets"`
	Next           string        `json:"next,omitempty"` // cursor for the following page, when there is one
	Query          Normalized    `json:"query"`
}

// Normalized is the request as understood: what a user needs to see why an item matched.
type Normalized struct {
	Text       string      `json:"text"` // the query re-printed from its parse tree
	Sort       string      `json:"sort"`
	Expansions []Expansion `json:"expansions"` // entity aliases and glossary terms added
	// Warnings are parts of the query that were not understood as the user may have meant
	// them (an unknown qualifier such as after:), each saying what was done instead.
	Warnings []Warning `json:"warnings"`
	// Suggestions are corrected queries that have hits, offered when this one has few or
	// none (didyoumean.go); most hits first.
	Suggestions []Suggestion `json:"suggestions"`
	Explain     Explain      `json:"explain"` // how each term was analyzed, and the filters applied
}

// Warning is one part of the query that may not mean what the user meant.
type Warning struct {
	Code    string `json:"code"`    // "unknown_qualifier", "unknown_filter_value"
	Term    string `json:"term"`    // as typed
	Message string `json:"message"` // for a person: what was done with it
	// Filter is the filter Term was given to (source, person, org, place) for
	// unknown_filter_value; "" for a term of the query.
	Filter string `json:"filter,omitempty"`
	// Suggestion is the term as it was probably meant ("from:2026-05-20"); "" when none is close.
	Suggestion string `json:"suggestion,omitempty"`
}

// Suggestion is a corrected query ("did you mean") that has hits.
type Suggestion struct {
	Query string `json:"query"` // the whole corrected query, to search as it is
	Total uint64 `json:"total"` // its hits, with the request's filters
	// Corrections say what changed: each a term as typed and what replaced it.
	Corrections []Correction `json:"corrections"`
}

// Correction is one term of a Suggestion replaced.
type Correction struct {
	From   string `json:"from"`
	To     string `json:"to"`
	Kind   string `json:"kind"`             // "word" (the index's own words), "entity" (a name the gazetteer or the index knows) or "qualifier"
	Entity string `json:"entity,omitempty"` // the canonical name, for kind "entity"
}

// Expansion records one query term widened to equivalents.
type Expansion struct {
	Term   string   `json:"term"`
	Kind   string   `json:"kind"` // "entity" or "glossary"
	Into   []string `json:"into"`
	Entity string   `json:"entity,omitempty"` // canonical name, for kind "entity"
}

// Hit is one matching item.
type Hit struct {
	ID           string              `json:"id"`
	BriefingID   string              `json:"briefing_id"`
	Ordinal      int                 `json:"ordinal"`
	Section      string              `json:"section"`
	SectionTitle string              `json:"section_title"`
	Date         archive.Date        `json:"date"`
	Sources      []string            `json:"sources"`
	HeadlineJA   string              `json:"headline_ja"`
	HeadlineEN   string              `json:"headline_en"`
	Entities     archive.Entities    `json:"entities"`
	Score        float64             `json:"score"`
	Highlights   map[string][]string `json:"highlights"` // field -> escaped fragments with <mark>
}

// Facet is the value counts of one facet, in display order.
type Facet struct {
	Name   string       `json:"name"`
	Values []FacetValue `json:"values"`
}

// FacetValue is one bucket. Label is for display (a bilingual section label, a month name).
type FacetValue struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// Lexicon widens query terms to their equivalents. The entity package implements it; search
// works without one (nil).
type Lexicon interface {
	// Entity returns the canonical entity that term is an alias of (case-insensitive).
	Entity(term string) (typ, canonical string, ok bool)
	// Synonyms returns the glossary terms equivalent to term, excluding term itself.
	// A multi-word synonym is searched as a phrase.
	Synonyms(term string) []string
}

// Error kinds, to be told apart with errors.Is.
var (
	ErrBadRequest = errors.New("bad request") // the user's query or parameters; message is safe to show
	ErrNotFound   = errors.New("not found")
	ErrTimeout    = errors.New("search took too long")
	ErrOverloaded = errors.New("too many searches at once")
	// ErrNoIndex: Open found no index generation under the root; build one first.
	ErrNoIndex = index.ErrNoIndex
)

// RequestError is a user error with a message meant for a person.
type RequestError struct {
	Msg string
}

func (e *RequestError) Error() string { return e.Msg }

// Is makes errors.Is(err, ErrBadRequest) true.
func (e *RequestError) Is(target error) bool { return target == ErrBadRequest }

// BadRequestf builds a RequestError.
func BadRequestf(format string, args ...any) error {
	return &RequestError{Msg: fmt.Sprintf(format, args...)}
}

// ItemPage is one item in its context: the briefing it belongs to and its neighbours.
type ItemPage struct {
	Item          archive.Item `json:"item"`
	BriefingID    string       `json:"briefing_id"`
	BriefingTitle string       `json:"briefing_title"`
	Issuer        string       `json:"issuer"` // the briefing's, as printed in its header
	WeekStart     archive.Date `json:"week_start"`
	WeekEnd       archive.Date `json:"week_end"`
	Prev          string       `json:"prev,omitempty"` // id of the previous item in the same briefing
	Next          string       `json:"next,omitempty"`
	// ContentHash names the item's text ("sha256:…", archive.Item.ContentHash); its first 16
	// hex digits are its permalink (Permalink).
	ContentHash string `json:"content_hash"`
}

// BriefingSummary is one line of the briefing list.
type BriefingSummary struct {
	ID        string       `json:"id"`
	Title     string       `json:"title"`
	WeekStart archive.Date `json:"week_start"`
	WeekEnd   archive.Date `json:"week_end"`
	Items     int          `json:"items"`
}

// Corpus describes the index generation being served.
type Corpus struct {
	Generation string    `json:"generation"`
	BuiltAt    time.Time `json:"built_at"`
	Briefings  int       `json:"briefings"`
	Items      int       `json:"items"`
	// Fallback is set when the generation served is not the one "current" names, because
	// that one did not open when the server started.
	Fallback *Fallback `json:"fallback,omitempty"`
}

// Fallback says which generation should have been served, and why it is not.
type Fallback struct {
	Current string `json:"current"` // the generation "current" names ("" when the link itself is broken)
	Reason  string `json:"reason"`
}

// MaxExport caps the rows of one CSV/JSONL export.
const MaxExport = 10_000
