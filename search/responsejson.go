package search

import (
	"cmp"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"briefsearch/archive"
)

// AppendJSON appends r as encoding/json encodes it (json.Marshal: HTML-escaped, fields in
// declaration order, map keys sorted), without the reflection. A search's reply is 20–40 KB,
// almost all of it hits and facet values, and encoding/json took about a tenth of an API
// search's time on them. The hits and facets are written here; the small rest (the query as
// understood, the request, the corpus) goes through encoding/json still. TestResponseJSON
// holds the output to encoding/json's byte for byte, on every field of these types filled at
// random, so a field added to one of them fails it until it is written here too.
func (r Response) AppendJSON(b []byte) ([]byte, error) {
	if r.Result == nil {
		out, err := json.Marshal(r)
		return append(b, out...), err
	}
	res := r.Result
	b = append(b, `{"generation":`...)
	b = appendJSONString(b, res.Generation)
	b = append(b, `,"total":`...)
	b = strconv.AppendUint(b, res.Total, 10)
	if res.TotalEstimated {
		b = append(b, `,"total_estimated":true`...)
	}
	b = append(b, `,"took_ms":`...)
	b, err := appendJSONFloat(b, res.TookMS)
	if err != nil {
		return b, err
	}
	b = append(b, `,"page":`...)
	b = strconv.AppendInt(b, int64(res.Page), 10)
	b = append(b, `,"size":`...)
	b = strconv.AppendInt(b, int64(res.Size), 10)
	b = append(b, `,"offset":`...)
	b = strconv.AppendInt(b, int64(res.Offset), 10)
	b = append(b, `,"hits":`...)
	b = appendJSONArray(b, res.Hits, func(b []byte, h *Hit) []byte {
		var hitErr error
		b, hitErr = appendHitJSON(b, h)
		err = cmp.Or(err, hitErr)
		return b
	})
	if err != nil {
		return b, err
	}
	b = append(b, `,"facets":`...)
	b = appendJSONArray(b, res.Facets, appendFacetJSON)
	if res.Next != "" {
		b = append(b, `,"next":`...)
		b = appendJSONString(b, res.Next)
	}
	for _, part := range []struct {
		name string
		v    any
	}{{`,"query":`, res.Query}, {`,"request":`, r.Request}, {`,"corpus":`, r.Corpus}} {
		out, err := json.Marshal(part.v)
		if err != nil {
			return b, err
		}
		b = append(append(b, part.name...), out...)
	}
	return append(b, '}'), nil
}

func appendHitJSON(b []byte, h *Hit) ([]byte, error) {
	b = append(b, `{"id":`...)
	b = appendJSONString(b, h.ID)
	b = append(b, `,"briefing_id":`...)
	b = appendJSONString(b, h.BriefingID)
	b = append(b, `,"ordinal":`...)
	b = strconv.AppendInt(b, int64(h.Ordinal), 10)
	b = append(b, `,"section":`...)
	b = appendJSONString(b, h.Section)
	b = append(b, `,"section_title":`...)
	b = appendJSONString(b, h.SectionTitle)
	b = append(b, `,"date":`...)
	b = appendDateJSON(b, h.Date)
	b = append(b, `,"sources":`...)
	b = appendJSONStrings(b, h.Sources)
	b = append(b, `,"headline_ja":`...)
	b = appendJSONString(b, h.HeadlineJA)
	b = append(b, `,"headline_en":`...)
	b = appendJSONString(b, h.HeadlineEN)
	b = append(b, `,"entities":{"persons":`...)
	b = appendJSONStrings(b, h.Entities.Persons)
	b = append(b, `,"organizations":`...)
	b = appendJSONStrings(b, h.Entities.Organizations)
	b = append(b, `,"places":`...)
	b = appendJSONStrings(b, h.Entities.Places)
	b = append(b, `},"score":`...)
	b, err := appendJSONFloat(b, h.Score)
	if err != nil {
		return b, err
	}
	b = append(b, `,"highlights":`...)
	if h.Highlights == nil {
		b = append(b, "null"...)
	} else {
		keys := make([]string, 0, len(h.Highlights))
		for k := range h.Highlights {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(appendJSONString(b, k), ':')
			b = appendJSONStrings(b, h.Highlights[k])
		}
		b = append(b, '}')
	}
	return append(b, '}'), nil
}

func appendFacetJSON(b []byte, f *Facet) []byte {
	b = append(b, `{"name":`...)
	b = appendJSONString(b, f.Name)
	b = append(b, `,"values":`...)
	b = appendJSONArray(b, f.Values, func(b []byte, v *FacetValue) []byte {
		b = append(b, `{"value":`...)
		b = appendJSONString(b, v.Value)
		b = append(b, `,"label":`...)
		b = appendJSONString(b, v.Label)
		b = append(b, `,"count":`...)
		b = strconv.AppendInt(b, int64(v.Count), 10)
		return append(b, '}')
	})
	return append(b, '}')
}

// appendJSONArray appends xs as a JSON array, each element by elem; nil is null, as
// encoding/json writes a nil slice.
func appendJSONArray[T any](b []byte, xs []T, elem func([]byte, *T) []byte) []byte {
	if xs == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = elem(b, &xs[i])
	}
	return append(b, ']')
}

// appendDateJSON is archive.Date's MarshalJSON, appended.
func appendDateJSON(b []byte, d archive.Date) []byte {
	if d.IsZero() {
		return append(b, "null"...)
	}
	return append(append(append(b, '"'), d.String()...), '"')
}

func appendJSONStrings(b []byte, ss []string) []byte {
	return appendJSONArray(b, ss, func(b []byte, s *string) []byte { return appendJSONString(b, *s) })
}

// appendJSONFloat is encoding/json's float64: ES6 number formatting, an error for NaN and ±Inf.
func appendJSONFloat(b []byte, f float64) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return b, &json.UnsupportedValueError{Str: strconv.FormatFloat(f, 'g', -1, 64)}
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' { // e-09 to e-9, as encoding/json
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, nil
}

// appendJSONString is encoding/json's string with HTML escaping: <, >, & and control
// characters as \u00XX (\b, \f, \n, \r, \t by name), invalid UTF-8 as \ufffd, and U+2028 and
// U+2029 escaped. Valid UTF-8 (what the index stores) is copied a run of plain bytes at a time;
// only the lead byte of U+2028 and U+2029 among the non-ASCII bytes needs a look.
func appendJSONString(b []byte, s string) []byte {
	// Most strings (ids, dates, months, sources, names) are ASCII that needs no escape: one
	// pass finds that, and they are appended whole.
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf && jsonPlain[s[i]] {
		i++
	}
	if i == len(s) {
		return append(append(append(b, '"'), s...), '"')
	}
	if !utf8.ValidString(s) {
		return appendJSONInvalid(b, s)
	}
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if jsonPlain[c] {
			i++
			continue
		}
		if c == 0xE2 { // U+2028 and U+2029 are E2 80 A8 and E2 80 A9
			if i+2 < len(s) && s[i+1] == 0x80 && s[i+2]&^1 == 0xA8 {
				b = append(b, s[start:i]...)
				b = append(b, '\\', 'u', '2', '0', '2', '8'+s[i+2]-0xA8)
				i += 3
				start = i
				continue
			}
			i++
			continue
		}
		b = appendJSONEscape(append(b, s[start:i]...), c)
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// jsonPlain are the bytes copied as they are within valid UTF-8: printable ASCII but for the
// quote, the backslash and the HTML characters, and the bytes of other characters, but for
// 0xE2 (appendJSONString).
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < 0x100; c++ {
		t[c] = true
	}
	for _, c := range []byte{'"', '\\', '<', '>', '&', 0xE2} {
		t[c] = false
	}
	return t
}()

// appendJSONEscape appends the ASCII byte c escaped.
func appendJSONEscape(b []byte, c byte) []byte {
	const hex = "0123456789abcdef"
	switch c {
	case '\\', '"':
		return append(b, '\\', c)
	case '\b':
		return append(b, '\\', 'b')
	case '\f':
		return append(b, '\\', 'f')
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	return append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
}

// appendJSONInvalid is appendJSONString for a string that is not valid UTF-8, a rune at a time
// as encoding/json reads it.
func appendJSONInvalid(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if jsonPlain[c] {
				i++
				continue
			}
			b = appendJSONEscape(append(b, s[start:i]...), c)
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			b = append(append(b, s[start:i]...), `\ufffd`...)
		case c == '\u2028' || c == '\u2029':
			b = append(append(b, s[start:i]...), '\\', 'u', '2', '0', '2', byte('8'+c-'\u2028'))
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
