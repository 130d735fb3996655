package queryset

import "testing"

func TestLoadTheQuerySet(t *testing.T) {
	qs, err := Load("../queries.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) < 28 {
		t.Fatalf("%d queries, want about 30", len(qs))
	}
	browse := 0
	for _, q := range qs {
		if q.Browse() {
			browse++
			continue
		}
		if q.BS == "" {
			t.Errorf("%s: a search with no briefsearch query", q.ID)
		}
		_, fts := q.Fields["fts5"]
		_, tri := q.Fields["fts5.tri"]
		_, where := q.Fields["fts5.where"]
		if !fts && !tri && !where {
			t.Errorf("%s: no FTS5 translation", q.ID)
		}
		if q.Fields["xapian"] == "" {
			t.Errorf("%s: no Xapian translation", q.ID)
		}
	}
	if browse < 3 {
		t.Errorf("%d browse queries, want some", browse)
	}
}
