package search

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"
)

// A cursor is written as json.Marshal writes it, byte for byte, and reads back as itself.
func TestCursorAsJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	scores := []float64{0, math.Copysign(0, -1), 1, 0.5, 1e-6, 9.99e-7, 1.5e-9, 1e-300, 1e20, 1e21,
		2.5e22, -3.25, math.MaxFloat64, math.SmallestNonzeroFloat64, 0.1 + 0.2}
	for range 2000 {
		scores = append(scores, rng.Float64()*math.Pow(10, float64(rng.IntN(60)-30)))
	}
	strs := []string{"", "relevance", "date", "k1z9", "9f3a-2", `a"b`, `a\b`, "a<b>&", "日本", "a\x01"}
	for i, score := range scores {
		c := cursor{
			Sort: strs[i%len(strs)], Key: strs[(i/3)%len(strs)], Gen: strs[(i/7)%len(strs)],
			Pos: position{Score: score, Day: rng.Int32N(40000) - 20000, Rank: rng.Uint32()},
			N:   []int{0, 1, 10, -5, 1 << 40}[i%5],
		}
		want, err := json.Marshal(&c)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.json(); !bytes.Equal(got, want) {
			t.Fatalf("cursor %+v:\nwritten   %s\njson.Marshal %s", c, got, want)
		}
		if c.Gen == "" {
			continue // refused by decodeCursor: a cursor names its generation
		}
		back, err := decodeCursor(c.encode())
		if err != nil {
			t.Fatalf("cursor %+v: %v", c, err)
		}
		if back.Pos.Score != c.Pos.Score || back.Pos.Day != c.Pos.Day || back.Pos.Rank != c.Pos.Rank ||
			back.Sort != c.Sort || back.Key != c.Key || back.Gen != c.Gen || back.N != c.N {
			t.Fatalf("cursor %+v read back as %+v", c, *back)
		}
	}
	// json.Marshal refuses a score that is not a number; so does json (nil, as before).
	for _, score := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		c := cursor{Sort: "relevance", Gen: "g", Pos: position{Score: score}}
		if got := c.json(); got != nil {
			t.Errorf("score %v: cursor written as %s", score, got)
		}
	}
}
