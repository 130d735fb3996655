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

func (c *cursor) encode() string {
	b, _ := json.Marshal(c) // strings and numbers only: cannot fail
	return base64.RawURLEncoding.EncodeToString(b)
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
