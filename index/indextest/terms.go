package indextest

import (
	"testing"

	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Terms is field's dictionary in seg and every entry of it (term and document count), in
// order; a read error fails the test.
func Terms(tb testing.TB, seg segment.Segment, field string) (segment.TermDictionary, []index.DictEntry) {
	tb.Helper()
	dict, err := seg.Dictionary(field)
	if err != nil {
		tb.Fatal(err)
	}
	var entries []index.DictEntry
	it := dict.AutomatonIterator(nil, nil, nil)
	for e, err := it.Next(); e != nil || err != nil; e, err = it.Next() {
		if err != nil {
			tb.Fatal(err)
		}
		entries = append(entries, *e) // the iterator reuses its entry
	}
	return dict, entries
}
