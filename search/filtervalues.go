package search

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"briefsearch/entity"
	"briefsearch/index"
)

// A filter value no item has matches nothing, as it should, but a researcher who typed
// person=Bayramov for "Jeyhun Bayramov", or source=Trend Az for "Trend", must not read the
// zero as an answer. Such a value gets a warning naming it, with the closest value the
// index has when one is close: what an unknown qualifier gets (qualifiers.go).

// filterKinds are the filters whose values are names the generation knows: the request
// parameter, the entity type (the did-you-mean index's), the column and the values given.
var filterKinds = []struct {
	param, typ, field string
	values            func(Filters) []string
}{
	{qualSource, "", index.FieldSource, func(f Filters) []string { return f.Sources }},
	{qualPerson, EntityPerson, index.FieldPerson, func(f Filters) []string { return f.Persons }},
	{qualOrg, EntityOrganization, index.FieldOrg, func(f Filters) []string { return f.Organizations }},
	{qualPlace, EntityPlace, index.FieldPlace, func(f Filters) []string { return f.Places }},
}

// filterKeys are, by column, the folded keys of every value some item has (what a filter
// matches, index.Key), each with the value as the index has it; made on first use.
type filterKeys struct {
	once sync.Once
	keys map[string]map[string]string
}

func (fk *filterKeys) get(v *view) map[string]map[string]string {
	fk.once.Do(func() {
		fk.keys = map[string]map[string]string{}
		for _, k := range filterKinds {
			m := map[string]string{}
			if col := v.gen.Columns.Facets[k.field]; col != nil {
				for _, val := range col.Values {
					if _, ok := m[index.Key(val)]; !ok {
						m[index.Key(val)] = val
					}
				}
			}
			fk.keys[k.field] = m
		}
	})
	return fk.keys
}

// filterWarnings warns of each source, person, organization or place filter value that no
// item has, directly or as an alias the lexicon knows.
func (v *view) filterWarnings(f Filters) []Warning {
	var out []Warning
	for _, k := range filterKinds {
		for _, val := range k.values(f) {
			if v.hasFilterValue(k.field, k.typ, val) {
				continue
			}
			w := Warning{Code: "unknown_filter_value", Term: val, Filter: k.param,
				Suggestion: v.closestFilterValue(k.field, k.typ, val)}
			w.Message = fmt.Sprintf("no item has %s %q, so that filter matched nothing", k.param, val)
			if w.Suggestion != "" {
				w.Message += fmt.Sprintf("; did you mean %q?", w.Suggestion)
			}
			out = append(out, w)
		}
	}
	return out
}

// hasFilterValue reports whether the filter value val matches some item in field: its key is
// a value's (index.Key), or the lexicon takes it for an entity of that type that is.
func (v *view) hasFilterValue(field, typ, val string) bool {
	keys := v.filterKeys.get(v)[field]
	if _, ok := keys[index.Key(val)]; ok {
		return true
	}
	if v.lex != nil && typ != "" {
		if t, canonical, ok := v.lex.Entity(val); ok && t == typ {
			_, ok := keys[index.Key(canonical)]
			return ok
		}
	}
	return false
}

// closestFilterValue is the value val was probably meant as: the entity whose name or alias
// is within a few edits of it (as "did you mean" finds them), else the value of the column
// holding it as a whole word (Bayramov: Jeyhun Bayramov) or within a few edits of it, the
// one with the fewest edits, then the first in order; "" when none is.
func (v *view) closestFilterValue(field, typ, val string) string {
	if typ != "" {
		if near := v.names.get(v).nearValue(typ, val, typ); len(near) > 0 {
			return near[0].entity
		}
	}
	f := []rune(entity.Fold(val))
	limit := max(1, fuzziness(len(f)))
	best, bestDist := "", limit+1
	keys := v.filterKeys.get(v)[field]
	values := make([]string, 0, len(keys))
	for _, name := range keys {
		values = append(values, name)
	}
	slices.Sort(values) // ties go to the first in order, the same at every call
	for _, name := range values {
		folded := entity.Fold(name)
		d := editDistance(f, []rune(folded), limit+1)
		if slices.Contains(strings.Fields(folded), string(f)) {
			d = min(d, limit) // a whole word of it: as close as the farthest near value
		}
		if d < bestDist {
			best, bestDist = name, d
		}
	}
	return best
}
