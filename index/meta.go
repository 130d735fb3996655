package index

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"briefsearch/archive"
)

// DecodeItemMeta decodes an item's stored metadata (FieldMeta), as json.Unmarshal would.
// Every hit on a results page decodes one, and encoding/json's reflection was a twentieth of
// a search. The JSON that document writes has one shape: DecodeItemMeta reads that shape
// directly, and hands anything else (an escaped character, an unknown or repeated key, bad
// JSON) to encoding/json, so the result and the errors are encoding/json's.
func DecodeItemMeta(b []byte, m *ItemMeta) error {
	var fast ItemMeta
	if d := newMetaDecoder(b); d.item(&fast) {
		*m = fast
		return nil
	}
	*m = ItemMeta{}
	return json.Unmarshal(b, m)
}

// newMetaDecoder reads b. One string holds every value decoded: the values are its
// substrings, not a copy each; and the string lists are parts of one slice.
func newMetaDecoder(b []byte) *metaDecoder {
	return &metaDecoder{b: b, s: string(b), strs: make([]string, 0, 16)}
}

// metaDecoder reads ItemMeta's JSON. Each method reports false for anything outside the
// shape it knows; the caller then decodes with encoding/json instead.
type metaDecoder struct {
	b    []byte
	s    string   // b as a string
	strs []string // the string lists' elements, one list after another
	i    int
}

func (d *metaDecoder) space() {
	for d.i < len(d.b) && (d.b[d.i] == ' ' || d.b[d.i] == '\n' || d.b[d.i] == '\t' || d.b[d.i] == '\r') {
		d.i++
	}
}

// next reports whether the next byte, after space, is c, and consumes it if so.
func (d *metaDecoder) next(c byte) bool {
	d.space()
	if d.i < len(d.b) && d.b[d.i] == c {
		d.i++
		return true
	}
	return false
}

func (d *metaDecoder) null() bool {
	d.space()
	if len(d.b)-d.i >= 4 && string(d.b[d.i:d.i+4]) == "null" {
		d.i += 4
		return true
	}
	return false
}

// str reads a string of valid UTF-8 without escapes and without control characters: a
// substring of d.s, not a copy.
func (d *metaDecoder) str() (string, bool) {
	start, end, ok := d.span()
	return d.s[start:end], ok
}

// raw is str's bytes, uncopied (a key is compared, not kept).
func (d *metaDecoder) raw() ([]byte, bool) {
	start, end, ok := d.span()
	return d.b[start:end], ok
}

// span reads a string as str does and returns where its contents are in d.b (and d.s).
func (d *metaDecoder) span() (start, end int, ok bool) {
	if !d.next('"') {
		return 0, 0, false
	}
	start = d.i
	for ; d.i < len(d.b); d.i++ {
		switch c := d.b[d.i]; {
		case c == '"':
			if !utf8.Valid(d.b[start:d.i]) { // encoding/json would replace the bad bytes
				return 0, 0, false
			}
			d.i++
			return start, d.i - 1, true
		case c == '\\' || c < 0x20:
			return 0, 0, false
		}
	}
	return 0, 0, false
}

// object reads the members of an object, handing each key to member, which reads its value.
// A repeated key is refused: encoding/json would merge the two values.
func (d *metaDecoder) object(member func(key []byte) bool) bool {
	if !d.next('{') {
		return false
	}
	if d.next('}') {
		return true
	}
	var seenKeys [8][]byte
	seen := seenKeys[:0]
	for {
		key, ok := d.raw()
		if !ok || !d.next(':') {
			return false
		}
		for _, k := range seen {
			if string(k) == string(key) {
				return false
			}
		}
		seen = append(seen, key)
		if !member(key) {
			return false
		}
		if d.next('}') {
			return true
		}
		if !d.next(',') {
			return false
		}
	}
}

// array reads null (nil) or the elements of an array, each by elem.
func (d *metaDecoder) array(elem func() bool) (isNull, ok bool) {
	if d.null() {
		return true, true
	}
	if !d.next('[') {
		return false, false
	}
	if d.next(']') {
		return false, true
	}
	for {
		if !elem() {
			return false, false
		}
		if d.next(']') {
			return false, true
		}
		if !d.next(',') {
			return false, false
		}
	}
}

// stringList reads null (nil) or an array of strings, kept in d.strs: the list is its part of
// it, capped there, so appending to one list cannot overwrite the next.
func (d *metaDecoder) stringList(out *[]string) bool {
	start := len(d.strs)
	isNull, ok := d.array(func() bool {
		s, ok := d.str()
		d.strs = append(d.strs, s)
		return ok
	})
	if isNull {
		*out = nil
	} else {
		*out = d.strs[start:len(d.strs):len(d.strs)] // never nil: d.strs is not
	}
	return ok
}

func (d *metaDecoder) date(out *archive.Date) bool {
	if d.null() {
		*out = archive.Date{}
		return true
	}
	s, ok := d.str()
	if !ok {
		return false
	}
	v, err := archive.ParseDate(s)
	if err != nil {
		return false
	}
	*out = v
	return true
}

func (d *metaDecoder) integer(out *int) bool {
	d.space()
	start := d.i
	if d.i < len(d.b) && d.b[d.i] == '-' {
		d.i++
	}
	digits := d.i
	for d.i < len(d.b) && d.b[d.i] >= '0' && d.b[d.i] <= '9' {
		d.i++
	}
	if d.i == digits || (d.b[digits] == '0' && d.i-digits > 1) { // none, or a leading zero
		return false
	}
	n, err := strconv.Atoi(string(d.b[start:d.i]))
	if err != nil {
		return false
	}
	*out = n
	return true
}

func (d *metaDecoder) item(m *ItemMeta) bool {
	ok := d.object(func(key []byte) bool {
		var ok bool
		switch string(key) {
		case "id":
			m.ID, ok = d.str()
		case "briefing_id":
			m.BriefingID, ok = d.str()
		case "ordinal":
			ok = d.integer(&m.Ordinal)
		case "section":
			m.Section, ok = d.str()
		case "section_title":
			m.SectionTitle, ok = d.str()
		case "date":
			ok = d.date(&m.Date)
		case "sources":
			ok = d.sources(&m.Sources)
		case "entities":
			ok = d.entities(&m.Entities)
		}
		return ok
	})
	d.space()
	return ok && d.i == len(d.b)
}

func (d *metaDecoder) sources(out *[]archive.Source) bool {
	vals := []archive.Source{}
	isNull, ok := d.array(func() bool {
		var s archive.Source
		ok := d.object(func(key []byte) bool {
			switch string(key) {
			case "name":
				var ok bool
				s.Name, ok = d.str()
				return ok
			case "date":
				return d.date(&s.Date)
			}
			return false
		})
		vals = append(vals, s)
		return ok
	})
	if isNull {
		vals = nil
	}
	*out = vals
	return ok
}

func (d *metaDecoder) entities(out **archive.Entities) bool {
	if d.null() {
		*out = nil
		return true
	}
	e := &archive.Entities{}
	*out = e
	return d.object(func(key []byte) bool {
		switch string(key) {
		case "persons":
			return d.stringList(&e.Persons)
		case "organizations":
			return d.stringList(&e.Organizations)
		case "places":
			return d.stringList(&e.Places)
		}
		return false
	})
}
