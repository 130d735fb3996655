package index

import (
	"encoding/binary"
	"fmt"
	"maps"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/document"
	bleveindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zap "github.com/blevesearch/zapx/v17"

	"briefsearch/archive"
	"briefsearch/index/indextest"
)

// analyzedBatch is the documents of items as scorch hands them to a segment plugin: with their
// _id field, every indexed field analyzed. Each call makes new documents: zap's New changes
// the frequencies of a field that occurs twice in a document (it merges the second into the
// first), so the two writers never share them.
func analyzedBatch(t testing.TB, schema *itemSchema, items []batchItem) []bleveindex.Document {
	t.Helper()
	docs := make([]bleveindex.Document, 0, len(items))
	for _, bi := range items {
		doc, err := schema.document(bi.b, &bi.it)
		if err != nil {
			t.Fatal(err)
		}
		doc.AddIDField()
		doc.VisitFields(func(f bleveindex.Field) {
			if f.Options().IsIndexed() {
				f.Analyze()
			}
		})
		docs = append(docs, doc)
	}
	return docs
}

type batchItem struct {
	b  *archive.Briefing
	it archive.Item
}

// varietyItems are the synthetic archive's items and the sample's, some with their note and
// Japanese headline emptied, some with several entities of each kind (keys that occur more
// than once in a document, with array positions).
func varietyItems(t *testing.T, weeks int) []batchItem {
	t.Helper()
	orig, reissue, _, _ := correctedSample(t)
	r := rand.New(rand.NewPCG(7, 21))
	var items []batchItem
	for _, b := range append(indextest.Synthetic(weeks, 20), orig, reissue) {
		for _, it := range b.Items {
			switch r.IntN(4) {
			case 0:
				it.Note, it.HeadlineJA = "", ""
			case 1:
				it.Entities = &archive.Entities{Persons: []string{"Jeyhun Bayramov", "イルハム・アリエフ", "jeyhun bayramov"},
					Organizations: []string{"ＥＵ", "NATO"}, Places: []string{"Baku", "baku "}}
			}
			items = append(items, batchItem{b, it})
		}
	}
	return items
}

// TestNewSegmentAsZaps builds segments with newSegment and with zap's New from the same
// items and reads both back through zap: the same documents, stored values, fields and
// field options, terms, postings (numbers, frequencies, norms) and locations. One batch is
// small (the sample's layouts); the other is large enough that common terms' postings span
// several chunks. The two segments then merge into what two of zap's merge into.
func TestNewSegmentAsZaps(t *testing.T) {
	schema := newTestSchema(t)
	all := varietyItems(t, 60)
	batches := map[string][]batchItem{"sample": all[len(all)-40:], "multi-chunk": all}
	dir := t.TempDir()
	var zaps zap.ZapPlugin
	for name, items := range batches {
		ours, _, err := newSegment(analyzedBatch(t, schema, items), nil)
		if err != nil {
			t.Fatal(err)
		}
		theirs, _, err := zaps.New(analyzedBatch(t, schema, items))
		if err != nil {
			t.Fatal(err)
		}
		got, want := persisted(t, ours, filepath.Join(dir, name+"-ours.zap")), persisted(t, theirs, filepath.Join(dir, name+"-zap.zap"))
		compareSegments(t, name, got, want)
		if name == "multi-chunk" && maxPostings(t, want) <= 1024 {
			t.Fatalf("multi-chunk: no term has more than 1,024 postings: one chunk each")
		}
	}

	// Merged with zap's merge: ours with zap's and zap's with zap's.
	open := func(name string) segment.Segment {
		s, err := zaps.Open(filepath.Join(dir, name+".zap"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	merge := func(out string, segs ...segment.Segment) *zap.Segment {
		if _, _, err := zaps.Merge(segs, make([]*roaring.Bitmap, len(segs)), filepath.Join(dir, out+".zap"), nil, nil); err != nil {
			t.Fatal(err)
		}
		return open(out).(*zap.Segment)
	}
	got := merge("merged-ours", open("sample-ours"), open("multi-chunk-ours"))
	want := merge("merged-zap", open("sample-zap"), open("multi-chunk-zap"))
	compareSegments(t, "merged", got, want)
}

// persisted writes a new segment to path and opens it.
func persisted(t *testing.T, s segment.Segment, path string) *zap.Segment {
	t.Helper()
	if err := s.(segment.UnpersistedSegment).Persist(path); err != nil {
		t.Fatal(err)
	}
	var zaps zap.ZapPlugin
	opened, err := zaps.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { opened.Close() })
	return opened.(*zap.Segment)
}

// compareSegments reports the first difference between what zap reads from two segments.
func compareSegments(t *testing.T, name string, got, want *zap.Segment) {
	t.Helper()
	g, w := segmentLines(t, got), segmentLines(t, want)
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			t.Fatalf("%s: line %d:\n got  %s\n want %s", name, i, g[i], w[i])
		}
	}
	if len(g) != len(w) {
		t.Fatalf("%s: %d lines, zap's %d", name, len(g), len(w))
	}
	if len(w) < 100 {
		t.Fatalf("%s: only %d lines read: the comparison saw too little", name, len(w))
	}
}

// segmentLines is everything zap reads of a segment, a line per fact.
func segmentLines(t *testing.T, s *zap.Segment) []string {
	t.Helper()
	lines := []string{fmt.Sprintf("count %d", s.Count()), fmt.Sprintf("fields %q", s.Fields())}
	opts := fieldOptions(t, s)
	for _, field := range slices.Sorted(maps.Keys(opts)) {
		lines = append(lines, fmt.Sprintf("options %s %d", field, opts[field]))
	}
	for n := range s.Count() {
		id, err := s.DocID(n)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, fmt.Sprintf("doc %d %q", n, id))
		err = s.VisitStoredFields(n, func(field string, typ byte, value []byte, pos []uint64) bool {
			lines = append(lines, fmt.Sprintf("  stored %s %c %q %v", field, typ, value, pos))
			return true
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, field := range s.Fields() {
		dict, entries := indextest.Terms(t, s, field)
		for _, e := range entries {
			pl, err := dict.PostingsList([]byte(e.Term), nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			lines = append(lines, fmt.Sprintf("term %s %q %d", field, e.Term, pl.Count()))
			pi := pl.Iterator(true, true, true, nil)
			for p, err := pi.Next(); p != nil || err != nil; p, err = pi.Next() {
				if err != nil {
					t.Fatal(err)
				}
				line := fmt.Sprintf("  %d freq %d norm %v", p.Number(), p.Frequency(), p.Norm())
				for _, l := range p.Locations() {
					line += fmt.Sprintf(" [%s %d %d %d %v]", l.Field(), l.Pos(), l.Start(), l.End(), l.ArrayPositions())
				}
				lines = append(lines, line)
			}
		}
	}
	return lines
}

// fieldOptions reads each field's indexing options from the segment's fields section (zap
// reads them, but gives no way to ask).
func fieldOptions(t *testing.T, s *zap.Segment) map[string]uint64 {
	t.Helper()
	mem := s.Data()
	pos := s.SectionsIndexOffset()
	n, k := binary.Uvarint(mem[pos:])
	pos += uint64(k)
	out := map[string]uint64{}
	for range n {
		at := binary.BigEndian.Uint64(mem[pos:])
		pos += 8
		l, k := binary.Uvarint(mem[at:])
		at += uint64(k)
		name := string(mem[at : at+l])
		opts, _ := binary.Uvarint(mem[at+l:])
		out[name] = opts
	}
	if len(out) != len(s.Fields()) {
		t.Fatalf("fields section: %d fields, the segment has %d", len(out), len(s.Fields()))
	}
	return out
}

// maxPostings is the largest postings list of a segment.
func maxPostings(t *testing.T, s *zap.Segment) uint64 {
	var most uint64
	for _, field := range s.Fields() {
		_, entries := indextest.Terms(t, s, field)
		for _, e := range entries {
			most = max(most, e.Count)
		}
	}
	return most
}

// TestSegmentPluginFallsBack sends a batch newSegment does not write (one document with a
// numeric field) to zap: the plugin's segment reads as zap's does, numeric terms and all.
func TestSegmentPluginFallsBack(t *testing.T) {
	schema := newTestSchema(t)
	items := varietyItems(t, 1)[:5]
	if !plainDocuments(analyzedBatch(t, schema, items)) {
		t.Fatal("the items' documents are not plain")
	}
	if plainDocuments(nil) {
		t.Fatal("an empty batch is plain")
	}
	withNumber := func() []bleveindex.Document {
		docs := analyzedBatch(t, schema, items)
		f := document.NewNumericField("number", nil, 42)
		f.Analyze()
		docs[2].(*document.Document).AddField(f)
		return docs
	}
	if plainDocuments(withNumber()) {
		t.Fatal("a batch with a numeric field is plain")
	}
	var plugin segmentPlugin
	var zaps zap.ZapPlugin
	ours, _, err := plugin.New(withNumber())
	if err != nil {
		t.Fatal(err)
	}
	theirs, _, err := zaps.New(withNumber())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	got, want := persisted(t, ours, filepath.Join(dir, "ours.zap")), persisted(t, theirs, filepath.Join(dir, "zap.zap"))
	if !slices.Contains(got.Fields(), "number") {
		t.Fatalf("fields %q: no numeric field", got.Fields())
	}
	compareSegments(t, "numeric", got, want)
}
