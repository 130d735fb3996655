package search

import (
	"encoding/base64"
	"encoding/json"
	"hash/fnv"
	"strconv"
)

// cursor is what Result.Next carries: where the last hit of a page sorted, in which
// generation, under which sort and for which search, so the next page starts right after it
// however deep it is.
type cursor struct {
	Sort string   `json:"s"`
	Key  string   `json:"k"`
	Gen  string   `json:"g"`
	Pos  position `json:"p"`
	N    int      `json:"n,omitempty"` // results before the page it starts: what Result.Offset says there
}

// maxCursorLen bounds what is decoded from a client.
const maxCursorLen = 1024

// encode writes the cursor as json.Marshal does, in base64.
func (c *cursor) encode() string {
	return base64.RawURLEncoding.EncodeToString(c.json())
}

// json is json.Marshal(c), byte for byte, written directly with the response's writers
// (responsejson.go): every search that fills a page encodes one, and reflection was a
// twentieth of a rare word's search.
func (c *cursor) json() []byte {
	b := make([]byte, 0, 64+len(c.Sort)+len(c.Key)+len(c.Gen))
	b = appendJSONString(append(b, `{"s":`...), c.Sort)
	b = appendJSONString(append(b, `,"k":`...), c.Key)
	b = appendJSONString(append(b, `,"g":`...), c.Gen)
	b = append(b, `,"p":{`...)
	if c.Pos.Score != 0 {
		var err error
		if b, err = appendJSONFloat(append(b, `"score":`...), c.Pos.Score); err != nil {
			out, _ := json.Marshal(c) // NaN or ±Inf, never a score: json.Marshal's answer (nil)
			return out
		}
		b = append(b, ',')
	}
	b = strconv.AppendInt(append(b, `"day":`...), int64(c.Pos.Day), 10)
	b = strconv.AppendUint(append(b, `,"rank":`...), uint64(c.Pos.Rank), 10)
	b = append(b, '}')
	if c.N != 0 {
		b = strconv.AppendInt(append(b, `,"n":`...), int64(c.N), 10)
	}
	return append(b, '}')
}

func decodeCursor(s string) (*cursor, error) {
	bad := BadRequestf("the after cursor is not valid; start again from the first page")
	if len(s) > maxCursorLen {
		return nil, bad
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, bad
	}
	var c cursor
	if err := json.Unmarshal(b, &c); err != nil || c.Gen == "" {
		return nil, bad
	}
	return &c, nil
}

func hashKey(s string) string {
	h := fnv.New64a()
	h.Write([]byte(s))
	return strconv.FormatUint(h.Sum64(), 36)
}
