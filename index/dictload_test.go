package index

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"io/fs"
	"maps"
	"reflect"
	"slices"
	"testing"

	"github.com/ikawaha/kagome-dict/dict"
	"github.com/ikawaha/kagome-dict/ipa"
)

// dictDiff names the fields in which two dictionaries differ, comparing every field with
// reflect.DeepEqual. The one unexported field, the dictionary info, is compared through
// Info(); a library update that adds another unexported field fails the check, so together
// the checks cover the whole struct.
func dictDiff(t *testing.T, a, b *dict.Dict) []string {
	t.Helper()
	var diff []string
	va, vb := reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem()
	for i := range va.NumField() {
		f := va.Type().Field(i)
		switch {
		case f.IsExported():
			if !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
				diff = append(diff, f.Name)
			}
		case f.Name == "dictInfo":
			if !reflect.DeepEqual(a.Info(), b.Info()) {
				diff = append(diff, f.Name)
			}
		default:
			t.Fatalf("dict.Dict has a new unexported field %q: compare it too", f.Name)
		}
	}
	return diff
}

func TestLoadIPAShrinkMatchesLibrary(t *testing.T) {
	ours, err := loadIPAShrink()
	if err != nil {
		t.Fatal(err)
	}
	if diff := dictDiff(t, ours, libraryWithoutPOS()); len(diff) > 0 {
		t.Errorf("loadIPAShrink differs from ipa.DictShrink in %v", diff)
	}
	if ours.Contents != nil || len(ours.POSTable.POSs) != 0 || len(ours.Morphs) == 0 || len(ours.Index.Da) == 0 || ours.Info() == nil {
		t.Errorf("unexpected shape: %d contents, %d part-of-speech entries, %d morphs, %d trie nodes, info %v",
			len(ours.Contents), len(ours.POSTable.POSs), len(ours.Morphs), len(ours.Index.Da), ours.Info())
	}
}

// libraryWithoutPOS is ipa.DictShrink() without the part-of-speech table loadIPAShrink
// leaves out.
func libraryWithoutPOS() *dict.Dict {
	d := *ipa.DictShrink()
	d.POSTable = dict.POSTable{}
	return &d
}

// TestDictDiffDetectsChanges shows that the comparison above can fail: a change to any one
// field of a freshly loaded dictionary is reported, under that field's name. (All changes are
// made at once: each comparison of whole dictionaries takes ~0.5 s.)
func TestDictDiffDetectsChanges(t *testing.T) {
	a, err := loadIPAShrink()
	if err != nil {
		t.Fatal(err)
	}
	b, err := loadIPAShrink()
	if err != nil {
		t.Fatal(err)
	}
	changes := map[string]func(d *dict.Dict){
		"Morphs":       func(d *dict.Dict) { d.Morphs[len(d.Morphs)-1].Weight++ },
		"POSTable":     func(d *dict.Dict) { d.POSTable.NameList = append(d.POSTable.NameList, "名詞") },
		"ContentsMeta": func(d *dict.Dict) { d.ContentsMeta["extra"] = 1 },
		"Connection":   func(d *dict.Dict) { d.Connection.Vec[len(d.Connection.Vec)-1]++ },
		"Index":        func(d *dict.Dict) { d.Index.Da[len(d.Index.Da)/2].Check++ },
		"CharCategory": func(d *dict.Dict) { d.CharCategory[0x3042]++ },
		"UnkDict":      func(d *dict.Dict) { d.UnkDict.Morphs[0].LeftID++ },
		"dictInfo":     func(d *dict.Dict) { d.SetInfo(&dict.Info{Name: "other"}) },
	}
	for _, change := range changes {
		change(b)
	}
	want := slices.Sorted(maps.Keys(changes))
	if diff := dictDiff(t, a, b); !slices.Equal(slices.Sorted(slices.Values(diff)), want) {
		t.Errorf("after changing %v: diff %v", want, diff)
	}
}

// ipaParts returns the uncompressed parts of the embedded dictionary but content.dict.
func ipaParts(t *testing.T) map[string][]byte {
	t.Helper()
	raw, err := fs.ReadFile(ipaDictFS, "ipa.dict")
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string][]byte{}
	for _, f := range zr.File {
		if f.Name != dict.ContentDictFileName {
			if parts[f.Name], err = readZipPart(f); err != nil {
				t.Fatal(err)
			}
		}
	}
	return parts
}

// storedZip zips parts without compression (fast to write, easy to damage on purpose).
func storedZip(t *testing.T, parts map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range slices.Sorted(maps.Keys(parts)) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(parts[name]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestLoadDictShrinkRejectsDamage(t *testing.T) {
	parts := ipaParts(t)
	load := func(z []byte) (*dict.Dict, error) {
		zr, err := zip.NewReader(bytes.NewReader(z), int64(len(z)))
		if err != nil {
			t.Fatal(err)
		}
		return loadDictShrink(zr)
	}
	// The rezipped parts load, and give the library's dictionary.
	d, err := load(storedZip(t, parts))
	if err != nil {
		t.Fatal(err)
	}
	if diff := dictDiff(t, d, libraryWithoutPOS()); len(diff) > 0 {
		t.Fatalf("rezipped dictionary differs in %v", diff)
	}

	with := func(name string, b []byte) map[string][]byte {
		m := maps.Clone(parts)
		if b == nil {
			delete(m, name)
		} else {
			m[name] = b
		}
		return m
	}
	damaged := map[string][]byte{
		"flipped byte": func() []byte {
			z := storedZip(t, parts)
			i := bytes.Index(z, parts[dict.MorphDictFileName][100:200])
			if i < 0 {
				t.Fatal("morph.dict not found in the stored zip")
			}
			z[i+50] ^= 0x40 // the CRC-32 must catch it
			return z
		}(),
		"truncated index":       storedZip(t, with(dict.IndexDictFileName, parts[dict.IndexDictFileName][:1000])),
		"truncated connection":  storedZip(t, with(dict.ConnectionDictFileName, parts[dict.ConnectionDictFileName][:1001])),
		"trailing bytes morphs": storedZip(t, with(dict.MorphDictFileName, append(slices.Clip(parts[dict.MorphDictFileName]), 0))),
		"bad gob":               storedZip(t, with(dict.CharDefDictFileName, []byte("not gob"))),
		"missing part":          storedZip(t, with(dict.UnkDictFileName, nil)),
		"unknown part":          storedZip(t, with("extra.dict", []byte{1})),
	}
	for name, z := range damaged {
		if _, err := load(z); err == nil {
			t.Errorf("%s: no error", name)
		} else {
			t.Logf("%s: %v", name, err)
		}
	}
}

// TestDictDecodersRejectBadLengths feeds each direct decoder lengths that do not fit its
// bytes: each must return an error, not panic or allocate what the length claims.
func TestDictDecodersRejectBadLengths(t *testing.T) {
	le := func(vs ...any) []byte {
		var buf bytes.Buffer
		for _, v := range vs {
			if err := binary.Write(&buf, binary.LittleEndian, v); err != nil {
				t.Fatal(err)
			}
		}
		return buf.Bytes()
	}
	decoders := map[string]func([]byte) error{
		"morphs":     func(b []byte) error { _, err := decodeMorphs(b); return err },
		"connection": func(b []byte) error { _, err := decodeConnectionTable(b); return err },
		"index":      func(b []byte) error { _, err := decodeIndexTable(b); return err },
	}
	inputs := map[string][]byte{
		"empty":            nil,
		"short length":     {1, 2, 3},
		"negative length":  le(int64(-1), int64(-1), int64(0)),
		"huge length":      le(int64(1<<62), int64(1<<62), int64(0)),
		"overflowing size": le(int64(1<<32), int64(1<<32), int16(0)),
		"one short":        le(int64(1), int64(1), int32(0)),
	}
	for dname, decode := range decoders {
		for iname, in := range inputs {
			if err := decode(in); err == nil {
				t.Errorf("%s(%s): no error", dname, iname)
			}
		}
	}
	// And well-formed ones decode.
	if m, err := decodeMorphs(le(int64(1), int16(1), int16(2), int16(-3))); err != nil || !reflect.DeepEqual(m, dict.Morphs{{LeftID: 1, RightID: 2, Weight: -3}}) {
		t.Errorf("morphs: %v, %v", m, err)
	}
	if c, err := decodeConnectionTable(le(int64(1), int64(2), int16(5), int16(-6))); err != nil || !reflect.DeepEqual(c.Vec, []int16{5, -6}) {
		t.Errorf("connection: %v, %v", c, err)
	}
	if x, err := decodeIndexTable(le(int64(1), int32(1), int32(-1), int64(1), int32(7), int32(2))); err != nil || x.Dup[7] != 2 || x.Da[0].Check != -1 {
		t.Errorf("index: %v, %v", x, err)
	}
}

func BenchmarkLoadDictionary(b *testing.B) {
	// Both load from the embedded bytes, as ipa.DictShrink does; the library's Load is what
	// ipa.DictShrink calls (its sync.Once would make it free after the first call).
	b.Run("library", func(b *testing.B) {
		for b.Loop() {
			raw, err := fs.ReadFile(ipaDictFS, "ipa.dict")
			if err != nil {
				b.Fatal(err)
			}
			zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
			if err != nil {
				b.Fatal(err)
			}
			if _, err := dict.Load(zr, false); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ours", func(b *testing.B) {
		for b.Loop() {
			if _, err := loadIPAShrink(); err != nil {
				b.Fatal(err)
			}
		}
	})
}
