package index

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	index "github.com/blevesearch/bleve_index_api"

	"briefsearch/archive"
	"briefsearch/index/indextest"
)

// metasForTest are the stored metadata of synthetic items, with entities added to some, and
// of items with the edge values the shape allows (no date, no sources, empty lists).
func metasForTest(t *testing.T) [][]byte {
	t.Helper()
	var out [][]byte
	add := func(m ItemMeta) {
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	schema := newTestSchema(t)
	for _, b := range indextest.Synthetic(3, 20) {
		for i := range b.Items {
			it := &b.Items[i]
			if i%2 == 0 {
				it.Entities = &archive.Entities{Persons: []string{"Jeyhun Bayramov", "イルハム・アリエフ"}, Places: []string{"Baku"}}
			}
			doc, err := schema.document(b, it)
			if err != nil {
				t.Fatal(err)
			}
			var meta []byte
			doc.VisitFields(func(f index.Field) {
				if f.Name() == FieldMeta {
					meta = f.Value()
				}
			})
			out = append(out, meta)
		}
	}
	add(ItemMeta{})
	add(ItemMeta{ID: "2026-05-16-01", Ordinal: 1, Sources: []archive.Source{}, Entities: &archive.Entities{}})
	add(ItemMeta{ID: "x", Ordinal: 120, Sources: []archive.Source{{Name: "TREND"}, {Name: "Report.az", Date: archive.DateOf(2026, time.May, 20)}},
		Entities: &archive.Entities{Persons: []string{}, Organizations: []string{"EU"}}})
	return out
}

// TestDecodeItemMetaAsJSON checks DecodeItemMeta against encoding/json: the metadata the index
// writes is read by the fast path and decoded alike, and every variant of it (cut short,
// bytes replaced, keys added or repeated, escapes, nulls, bad UTF-8) gets the same value or
// an error from both.
func TestDecodeItemMetaAsJSON(t *testing.T) {
	metas := metasForTest(t)
	same := func(b []byte) {
		t.Helper()
		var fast, slow ItemMeta
		errFast := DecodeItemMeta(b, &fast)
		errSlow := json.Unmarshal(b, &slow)
		if (errFast == nil) != (errSlow == nil) {
			t.Fatalf("%s:\nDecodeItemMeta error %v, encoding/json %v", b, errFast, errSlow)
		}
		if errFast == nil && !reflect.DeepEqual(fast, slow) {
			t.Fatalf("%s:\nDecodeItemMeta %+v\nencoding/json  %+v", b, fast, slow)
		}
	}
	for _, b := range metas {
		var m ItemMeta
		if d := newMetaDecoder(b); !d.item(&m) {
			t.Fatalf("the fast path refused what the index writes: %s", b)
		}
		same(b)
	}

	rng := rand.New(rand.NewPCG(3, 4))
	bytes := []byte(`"\{}[],:n0-9 .e` + "\xff\x01")
	variants := 0
	for _, b := range metas[len(metas)-4:] {
		for cut := range len(b) {
			same(b[:cut])
			variants++
		}
		for range 3000 {
			v := []byte(string(b))
			for range 1 + rng.IntN(2) {
				v[rng.IntN(len(v))] = bytes[rng.IntN(len(bytes))]
			}
			same(v)
			variants++
		}
	}
	for _, v := range []string{
		`{"id":"a","id":"b"}`,
		`{"entities":{"persons":["a"]},"entities":{"places":["b"]}}`,
		`{"id":"a\"b","section_title":"\u8ecd\u4e8b"}`,
		`{"id":"a","extra":1}`,
		`{"sources":[null,{"name":null}],"entities":{"persons":[null]}}`,
		`{"ordinal":-0,"date":null,"sources":null,"entities":null}`,
		`{"ordinal":007}`, `{"ordinal":3.0}`, `{"ordinal":1e2}`, `{"ordinal":-}`, `{"ordinal":}`,
		`{"date":"2026-02-30"}`, `{"date":"2026-05-16"}`, `{"id":"` + "\xff" + `"}`,
		` { "id" : "a" , "ordinal" : 2 } `, `null`, `{}`, `[]`, `{"id":"a"}x`, ``,
	} {
		same([]byte(v))
		variants++
	}
	t.Logf("%d metadata values and %d variants decoded alike", len(metas), variants)
}

func BenchmarkDecodeItemMeta(b *testing.B) {
	meta, err := json.Marshal(ItemMeta{ID: "2026-05-16-05", BriefingID: "2026-05-16", Ordinal: 5, Section: "foreign",
		SectionTitle: "外政関連", Date: archive.DateOf(2026, time.May, 20), Sources: []archive.Source{{Name: "TREND", Date: archive.DateOf(2026, time.May, 20)}},
		Entities: &archive.Entities{Persons: []string{"Jeyhun Bayramov"}, Organizations: []string{"OTS"}, Places: []string{"Turkistan"}}})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("fast", func(b *testing.B) {
		for b.Loop() {
			var m ItemMeta
			if err := DecodeItemMeta(meta, &m); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		for b.Loop() {
			var m ItemMeta
			if err := json.Unmarshal(meta, &m); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// The decoded lists share one backing array: appending to one must not change the next.
func TestDecodeItemMetaListsApart(t *testing.T) {
	b := []byte(`{"id":"a","entities":{"persons":["P1","P2"],"organizations":["O1"],"places":["L1"]}}`)
	var m ItemMeta
	if err := DecodeItemMeta(b, &m); err != nil {
		t.Fatal(err)
	}
	_ = append(m.Entities.Persons, "P3")
	_ = append(m.Entities.Organizations, "O2")
	if got := m.Entities.Organizations; !reflect.DeepEqual(got, []string{"O1"}) {
		t.Errorf("organizations after appending to persons: %q", got)
	}
	if got := m.Entities.Places; !reflect.DeepEqual(got, []string{"L1"}) {
		t.Errorf("places after appending to organizations: %q", got)
	}
}
