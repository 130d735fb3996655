package index

import (
	"slices"
	"strings"

	"briefsearch/archive"
)

// Field names of an item document, shared by index (writing) and search (querying). The
// names as printed (source, person, organization, place) and the month and section are also
// the keys of the generation's Columns, which facets read; those four are not index fields.
const (
	FieldSection      = "section"          // keyword: section key (facet, filter)
	FieldMonth        = "month"            // keyword "2026-05": month histogram, month filter
	FieldSource       = "source"           // column: as printed (facet)
	FieldSourceKey    = "source_key"       // keyword, case-folded (filter, source: qualifier)
	FieldPerson       = "person"           // column: canonical name (facet)
	FieldPersonKey    = "person_key"       // keyword, case-folded (filter, person: qualifier)
	FieldOrg          = "organization"     // column: canonical name (facet)
	FieldOrgKey       = "organization_key" // keyword, case-folded
	FieldPlace        = "place"            // column: canonical name (facet)
	FieldPlaceKey     = "place_key"
	FieldHeadlineJA   = "headline_ja"        // kagome analysis, stored (highlighted)
	FieldHeadlineJABi = "headline_ja_bigram" // same text, cjk bigrams, not stored
	FieldHeadlineEN   = "headline_en"        // English + bigrams, stored
	FieldBody         = "body"               // English + bigrams, stored
	FieldNote         = "note"               // English + bigrams, stored
	FieldMeta         = "meta"               // stored only: the rest of the item as JSON
)

// Key folds a keyword value the way the *_key fields are indexed (lower case, full-width
// ASCII to half-width), so filters and qualifiers match case-insensitively.
func Key(s string) string {
	return strings.ToLower(foldWidth(strings.TrimSpace(s)))
}

// foldWidth maps full-width ASCII variants (Ａ, ＥＵ) to ASCII, as bleve's cjk_width does.
func foldWidth(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= 0xFF01 && r <= 0xFF5E }) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r >= 0xFF01 && r <= 0xFF5E {
			return r - 0xFEE0
		}
		return r
	}, s)
}

// Month is the month keyword of a date: "2026-05".
func Month(d archive.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Format("2006-01")
}

// ItemMeta is what an item carries besides its texts; it is stored as JSON in FieldMeta so a
// hit or an item page is rebuilt from one stored value.
type ItemMeta struct {
	ID           string            `json:"id"`
	BriefingID   string            `json:"briefing_id"`
	Ordinal      int               `json:"ordinal"`
	Section      string            `json:"section"`
	SectionTitle string            `json:"section_title"`
	Date         archive.Date      `json:"date"`
	Sources      []archive.Source  `json:"sources"`
	Entities     *archive.Entities `json:"entities,omitempty"`
}

// distinct returns the trimmed, non-empty values, each once, in order.
func distinct(values []string) []string {
	var out []string
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}
