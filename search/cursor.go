package search

import (
	"encoding/base64"
	"encoding/json"
	"hash/fnv"
	"strconv"
)

// cursor is what Result.Next carries: where the last hit of a page sorted, under which sort
// and for which search, so the next page starts right after it however deep it is.
type cursor struct {
	Sort   string   `json:"s"`
	Key    string   `json:"k"`
	Values []string `json:"v"` // one per sort key, as bleve's search_after expects
}

// maxCursorLen bounds what is decoded from a client.
const maxCursorLen = 1024

func (c *cursor) encode() string {
	b, _ := json.Marshal(c) // strings only: cannot fail
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
	if err := json.Unmarshal(b, &c); err != nil || len(c.Values) != len(sortKeys(c.Sort)) {
		return nil, bad
	}
	// bleve parses these values itself; make sure it will not meet garbage.
	for i, k := range sortKeys(c.Sort) {
		switch k {
		case "-_score":
			if _, err := strconv.ParseFloat(c.Values[i], 64); err != nil {
				return nil, bad
			}
		case "date", "-date":
			if !validTime(c.Values[i]) {
				return nil, bad
			}
		}
	}
	return &c, nil
}

func hashKey(s string) string {
	h := fnv.New64a()
	h.Write([]byte(s))
	return strconv.FormatUint(h.Sum64(), 36)
}
