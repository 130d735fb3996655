package index

import (
	"archive/zip"
	"bytes"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sync"
	_ "unsafe" // for go:linkname, see ipaDictFS

	"github.com/ikawaha/kagome-dict/dict"
	"github.com/ikawaha/kagome-dict/dict/trie"
	_ "github.com/ikawaha/kagome-dict/ipa" // defines ipaDictFS's data
)

// ipaDictFS is the zipped IPA dictionary embedded in kagome-dict/ipa (its unexported
// variable dictsrc). The package offers no way to reach those bytes other than loading them
// its own slow way, and a copy of the 11 MiB file in this repository would be a fork of the
// dictionary, so we borrow the variable by name. This is not a memory-layout trick: the
// variable is an embed.FS on both sides, and if a new ipa version renames it the program
// fails to link rather than misbehaving. TestLoadIPAShrinkMatchesLibrary checks that what
// we build from it is exactly ipa.DictShrink().
//
//go:linkname ipaDictFS github.com/ikawaha/kagome-dict/ipa.dictsrc
var ipaDictFS embed.FS

// loadIPAShrink returns the dictionary ipa.DictShrink returns, less what segmentation never
// reads: the part-of-speech features (content.dict, which the shrunk form leaves out too) and
// the part-of-speech table (pos.dict), which only kagome's Token.POS and Features look up.
// The segmenter (lattice.go) reads the trie, the morphs, the connection matrix, the
// character classes and the unknown-word entries. The table is one small slice per morph,
// 392,127 objects that every garbage collection marked again: 3.1 ms a cycle with it,
// 0.6 ms without, in a build's dozens of cycles and a server's.
//
// ipa.DictShrink spends ~0.75 s of CPU, one part after the other: the trie (index.dict), the
// morphs and the connection matrix are decoded with one encoding/binary.Read call per
// integer, straight from the inflating reader, which also updates the zip's CRC a few bytes
// at a time. We inflate each part whole into memory, decode those three parts directly from
// the bytes, and load the parts in parallel; the rest go through the library's own readers.
// What remains (~0.1 s on two cores) is mostly inflating the trie, which compress/flate
// does as fast as it can.
func loadIPAShrink() (*dict.Dict, error) {
	raw, err := fs.ReadFile(ipaDictFS, "ipa.dict")
	if err != nil {
		return nil, fmt.Errorf("reading the embedded IPA dictionary: %w", err)
	}
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return nil, fmt.Errorf("reading the embedded IPA dictionary: %w", err)
	}
	return loadDictShrink(zr)
}

// dictPartLoaders decode one part of a zipped kagome dictionary into its fields of a Dict.
// Each writes only its own fields, so the parts can load concurrently.
var dictPartLoaders = map[string]func(d *dict.Dict, b []byte) error{
	dict.IndexDictFileName: func(d *dict.Dict, b []byte) (err error) {
		d.Index, err = decodeIndexTable(b)
		return err
	},
	dict.MorphDictFileName: func(d *dict.Dict, b []byte) (err error) {
		d.Morphs, err = decodeMorphs(b)
		return err
	},
	dict.ConnectionDictFileName: func(d *dict.Dict, b []byte) (err error) {
		d.Connection, err = decodeConnectionTable(b)
		return err
	},
	// gob-encoded or tiny: the library's readers, fed from memory.
	dict.ContentMetaFileName: func(d *dict.Dict, b []byte) (err error) {
		d.ContentsMeta, err = dict.ReadContentsMeta(bytes.NewReader(b))
		return err
	},
	dict.CharDefDictFileName: func(d *dict.Dict, b []byte) error {
		def, err := dict.ReadCharDef(bytes.NewReader(b))
		if err != nil {
			return err
		}
		d.CharClass, d.CharCategory, d.InvokeList, d.GroupList = def.CharClass, def.CharCategory, def.InvokeList, def.GroupList
		return nil
	},
	dict.UnkDictFileName: func(d *dict.Dict, b []byte) (err error) {
		d.UnkDict, err = dict.ReadUnkDic(bytes.NewReader(b))
		return err
	},
	dict.DictInfoFileName: func(d *dict.Dict, b []byte) error {
		// Like dict.Load: an unreadable info is no info, not an error.
		d.SetInfo(dict.ReadDictInfo(bytes.NewReader(b)))
		return nil
	},
}

// loadDictShrink loads a zipped kagome dictionary as dict.Load(zr, false) does, one goroutine
// per part. Unlike dict.Load it also rejects a missing or repeated part.
func loadDictShrink(zr *zip.Reader) (*dict.Dict, error) {
	var (
		d    dict.Dict
		wg   sync.WaitGroup
		errs = make([]error, len(zr.File))
		seen = map[string]bool{}
	)
	for i, f := range zr.File {
		if f.Name == dict.ContentDictFileName || f.Name == dict.POSDictFileName { // see loadIPAShrink
			continue
		}
		load, ok := dictPartLoaders[f.Name]
		if !ok || seen[f.Name] {
			wg.Wait()
			return nil, fmt.Errorf("dictionary part %q: unknown or repeated", f.Name)
		}
		seen[f.Name] = true
		wg.Go(func() {
			b, err := readZipPart(f)
			if err == nil {
				err = load(&d, b)
			}
			if err != nil {
				errs[i] = fmt.Errorf("dictionary part %q: %w", f.Name, err)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for name := range dictPartLoaders {
		if !seen[name] {
			return nil, fmt.Errorf("dictionary part %q is missing", name)
		}
	}
	return &d, nil
}

// maxDictPart bounds the memory a (corrupt) zip header can make us allocate for one part;
// the largest IPA part, index.dict, is 11 MiB.
const maxDictPart = 256 << 20

// readZipPart inflates one part whole. Reading past its end makes archive/zip check its size
// and CRC-32, so a damaged part is an error here, not garbage for a decoder.
func readZipPart(f *zip.File) ([]byte, error) {
	if f.UncompressedSize64 > maxDictPart {
		return nil, fmt.Errorf("%d bytes, more than a dictionary part can be", f.UncompressedSize64)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b := make([]byte, f.UncompressedSize64)
	if _, err := io.ReadFull(rc, b); err != nil {
		return nil, err
	}
	if extra, err := io.Copy(io.Discard, io.LimitReader(rc, 1)); err != nil {
		return nil, err
	} else if extra != 0 {
		return nil, errors.New("longer than its zip header says")
	}
	return b, nil
}

// The decoders below read the formats that kagome-dict's WriteTo methods write: little-endian
// fixed-size integers, each array preceded by its int64 length. They check every length
// against the bytes present before allocating, and reject trailing bytes.

var errDictTruncated = errors.New("truncated")

// leReader reads little-endian integers from a byte slice.
type leReader struct{ b []byte }

// count reads an int64 array length and checks that that many elements of elemSize bytes
// follow.
func (r *leReader) count(elemSize int) (int, error) {
	if len(r.b) < 8 {
		return 0, errDictTruncated
	}
	n := int64(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	if n < 0 || n > int64(len(r.b)/elemSize) {
		return 0, fmt.Errorf("length %d: %w", n, errDictTruncated)
	}
	return int(n), nil
}

func (r *leReader) int16() int16 {
	v := int16(binary.LittleEndian.Uint16(r.b))
	r.b = r.b[2:]
	return v
}

func (r *leReader) int32() int32 {
	v := int32(binary.LittleEndian.Uint32(r.b))
	r.b = r.b[4:]
	return v
}

func (r *leReader) end() error {
	if len(r.b) != 0 {
		return fmt.Errorf("%d unexpected bytes at the end", len(r.b))
	}
	return nil
}

// decodeMorphs decodes what dict.ReadMorphs reads: the length, then LeftID, RightID, Weight
// per morph.
func decodeMorphs(b []byte) (dict.Morphs, error) {
	r := leReader{b}
	n, err := r.count(6)
	if err != nil {
		return nil, err
	}
	m := make(dict.Morphs, n)
	for i := range m {
		m[i] = dict.Morph{LeftID: r.int16(), RightID: r.int16(), Weight: r.int16()}
	}
	return m, r.end()
}

// decodeConnectionTable decodes what dict.ReadConnectionTable reads: Row and Col as int64,
// then Row*Col int16 costs.
func decodeConnectionTable(b []byte) (dict.ConnectionTable, error) {
	if len(b) < 16 {
		return dict.ConnectionTable{}, errDictTruncated
	}
	t := dict.ConnectionTable{
		Row: int64(binary.LittleEndian.Uint64(b)),
		Col: int64(binary.LittleEndian.Uint64(b[8:])),
	}
	cells := int64(len(b)-16) / 2
	if t.Row < 0 || t.Col < 0 || (t.Row > 0 && t.Col > cells/t.Row) || t.Row*t.Col != cells {
		return dict.ConnectionTable{}, fmt.Errorf("%d×%d matrix in %d bytes", t.Row, t.Col, len(b))
	}
	r := leReader{b[16:]}
	t.Vec = make([]int16, cells)
	for i := range t.Vec {
		t.Vec[i] = r.int16()
	}
	return t, nil
}

// decodeIndexTable decodes what dict.ReadIndexTable reads: the double-array trie (its length,
// then Base and Check per node, as trie.Read reads it), then the duplicates map (its length,
// then key and value per entry).
func decodeIndexTable(b []byte) (dict.IndexTable, error) {
	r := leReader{b}
	n, err := r.count(8)
	if err != nil {
		return dict.IndexTable{}, fmt.Errorf("trie: %w", err)
	}
	da := make(trie.DoubleArray, n)
	for i := range da {
		da[i].Base = r.int32()
		da[i].Check = r.int32()
	}
	n, err = r.count(8)
	if err != nil {
		return dict.IndexTable{}, fmt.Errorf("duplicates: %w", err)
	}
	dup := make(map[int32]int32, n)
	for range n {
		k := r.int32()
		dup[k] = r.int32()
	}
	return dict.IndexTable{Da: da, Dup: dup}, r.end()
}
