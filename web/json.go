package web

import (
	"bytes"
	"encoding/json"
	"strconv"
	"sync"

	"github.com/labstack/echo/v4"

	"briefsearch/search"
)

// bufferedJSON is Echo's JSON serializer with the same output (encoding/json, HTML-escaped,
// ?pretty indents), encoded into a pooled buffer first: the reply then goes out in one write
// with a Content-Length, not as a chunked stream of 4 KB writes, and an encoding error can
// still become a clean 500 because nothing has been sent.
type bufferedJSON struct{ echo.DefaultJSONSerializer }

// maxPooledJSON keeps one unusually large reply from pinning its buffer in the pool.
const maxPooledJSON = 1 << 20

var jsonBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func (bufferedJSON) Serialize(c echo.Context, v any, indent string) error {
	buf := jsonBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= maxPooledJSON {
			buf.Reset()
			jsonBuffers.Put(buf)
		}
	}()
	if r, ok := v.(search.Response); ok && indent == "" {
		// A search's reply, the API's most frequent and largest: the same bytes without
		// encoding/json's reflection (search.Response.AppendJSON).
		b, err := r.AppendJSON(buf.AvailableBuffer())
		if err != nil {
			return err
		}
		buf.Write(append(b, '\n')) // as json.Encoder ends a value
	} else {
		enc := json.NewEncoder(buf)
		if indent != "" {
			enc.SetIndent("", indent)
		}
		if err := enc.Encode(v); err != nil {
			return err
		}
	}
	w := c.Response()
	w.Header().Set(echo.HeaderContentLength, strconv.Itoa(buf.Len()))
	_, err := w.Write(buf.Bytes())
	return err
}
