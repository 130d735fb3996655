package search

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"briefsearch/archive"
)

// TestResponseJSON holds Response.AppendJSON to encoding/json byte for byte: on every field
// of a response filled at random (strings of the characters encoding/json escapes, invalid
// UTF-8, nil and empty lists and maps, floats across the exponent cutoffs), so a field added
// to a type it writes fails here until it is written too; and on the sample's real answers.
func TestResponseJSON(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	for i := range 3000 {
		var r Response
		fillRandom(rnd, reflect.ValueOf(&r).Elem(), 0)
		if i%50 == 0 {
			r.Result = nil
		}
		checkResponseJSON(t, r)
	}

	s := open(t, escapeRoot, Options{})
	res := mustSearch(t, s, Request{Query: "script"})
	if len(res.Hits) == 0 {
		t.Fatal("the escape fixture has no hit for script")
	}
	checkResponseJSON(t, NewResponse(Request{Query: "script"}, res, s.Corpus()))
	s = open(t, sampleRoot, Options{})
	for _, q := range []string{"", "Bayramov", "バイラモフ", `"Middle Corridor"`, "地雷除去 OR demining", "nosuchword"} {
		req := Request{Query: q}
		res := mustSearch(t, s, req)
		checkResponseJSON(t, NewResponse(req, res, s.Corpus()))
	}

	// encoding/json refuses NaN and infinities; so does AppendJSON.
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		r := Response{Result: &Result{TookMS: f}}
		if _, err := r.AppendJSON(nil); err == nil {
			t.Errorf("took_ms %v: no error", f)
		}
		r = Response{Result: &Result{Hits: []Hit{{Score: f}}}}
		if _, err := r.AppendJSON(nil); err == nil {
			t.Errorf("score %v: no error", f)
		}
	}
}

func checkResponseJSON(t *testing.T, r Response) {
	t.Helper()
	want, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	got, err := r.AppendJSON([]byte("prefix"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(got, []byte("prefix")) {
		t.Fatalf("AppendJSON lost what it appends to: %.40q", got)
	}
	if got = got[len("prefix"):]; !bytes.Equal(got, want) {
		i := 0
		for i < min(len(got), len(want)) && got[i] == want[i] {
			i++
		}
		t.Fatalf("AppendJSON differs from encoding/json at byte %d:\n got …%s\nwant …%s", i, got[max(0, i-80):min(len(got), i+80)], want[max(0, i-80):min(len(want), i+80)])
	}
}

// fillRandom sets every settable field under v to a random value; lists and maps are nil,
// empty or short, pointers nil or set.
func fillRandom(rnd *rand.Rand, v reflect.Value, depth int) {
	switch v.Type() {
	case reflect.TypeFor[archive.Date]():
		if rnd.IntN(4) > 0 {
			v.Set(reflect.ValueOf(archive.DateOf(1990+rnd.IntN(50), time.Month(1+rnd.IntN(12)), 1+rnd.IntN(28))))
		}
		return
	case reflect.TypeFor[time.Time]():
		v.Set(reflect.ValueOf(time.Unix(rnd.Int64N(3e9), rnd.Int64N(1e9)).UTC()))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(randomJSONText(rnd))
	case reflect.Bool:
		v.SetBool(rnd.IntN(2) == 0)
	case reflect.Int, reflect.Int64:
		v.SetInt(rnd.Int64N(2e6) - 1e6)
	case reflect.Uint64:
		v.SetUint(rnd.Uint64() >> rnd.IntN(64))
	case reflect.Float64:
		v.SetFloat(randomJSONFloat(rnd))
	case reflect.Pointer:
		if depth < 6 && rnd.IntN(8) > 0 {
			p := reflect.New(v.Type().Elem())
			fillRandom(rnd, p.Elem(), depth+1)
			v.Set(p)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fillRandom(rnd, v.Field(i), depth+1)
			}
		}
	case reflect.Slice:
		if rnd.IntN(6) == 0 {
			return // nil
		}
		n := rnd.IntN(4)
		v.Set(reflect.MakeSlice(v.Type(), n, n))
		for i := range n {
			fillRandom(rnd, v.Index(i), depth+1)
		}
	case reflect.Map:
		if rnd.IntN(6) == 0 {
			return // nil
		}
		m := reflect.MakeMap(v.Type())
		for range rnd.IntN(4) {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			fillRandom(rnd, k, depth+1)
			fillRandom(rnd, e, depth+1)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	default:
		panic("fillRandom: no rule for " + v.Type().String())
	}
}

// randomJSONText draws from what encoding/json treats specially.
func randomJSONText(rnd *rand.Rand) string {
	pieces := []string{"a", "Bayramov", " ", "バイラモフ", "<mark>", "</mark>", "&", "&amp;", `"`, `\`, "\n", "\t", "\r",
		"\b", "\f", "\x00", "\x1f", "\x7f", "\u2028", "\u2029", "\xff", "\xe3\x81", "é", "😀", "'", "/", "…"}
	var b strings.Builder
	for range rnd.IntN(8) {
		b.WriteString(pieces[rnd.IntN(len(pieces))])
	}
	return b.String()
}

func randomJSONFloat(rnd *rand.Rand) float64 {
	switch rnd.IntN(6) {
	case 0:
		return 0
	case 1:
		return rnd.Float64() * 1e-6 // below the exponent cutoff
	case 2:
		return -rnd.Float64() * 1e-9
	case 3:
		return 1e21 * (1 + rnd.Float64()) // at and above the other
	case 4:
		return math.Float64frombits(rnd.Uint64() &^ (0x7ff << 52)) // subnormal
	}
	return rnd.NormFloat64() * 100
}

// BenchmarkResponseJSON encodes a search's reply on the sample (every default facet, the hits
// highlighted) with encoding/json and with AppendJSON.
func BenchmarkResponseJSON(b *testing.B) {
	s := open(b, sampleRoot, Options{})
	req := Request{Query: "Azerbaijan"}
	r := NewResponse(req, mustSearch(b, s, req), s.Corpus())
	b.Run("encoding-json", func(b *testing.B) {
		var buf bytes.Buffer
		for b.Loop() {
			buf.Reset()
			if err := json.NewEncoder(&buf).Encode(r); err != nil {
				b.Fatal(err)
			}
		}
		b.SetBytes(int64(buf.Len()))
	})
	b.Run("append", func(b *testing.B) {
		var out []byte
		for b.Loop() {
			var err error
			if out, err = r.AppendJSON(out[:0]); err != nil {
				b.Fatal(err)
			}
		}
		b.SetBytes(int64(len(out)))
	})
}
