package web

import (
	"briefsearch/search"
	"bytes"
	"encoding/json"
	"strconv"
	"sync"

	"github.com/labstack/echo/v4"
)

// bufferedJSON is Echo's JSON serializer with the same output (encoding/json, HTML-escaped,
// ?pretty indents), encoded into a pooled buffer first: the reply then goes out in one write
// with a Content-Length, not as a chunked stream of 4 KB writes, and an encoding error can
// still become a clean 500 because nothing has been sent.
type bufferedJSON struct{ echo.DefaultJSONSerializer }

// jsonAppender is a value that appends its own JSON, byte for byte what encoding/json
// writes for it.
type jsonAppender interface {
	AppendJSON(b []byte) ([]byte, error)
}

// A search's reply is one: if it stopped being, its JSON would still be right, only slower.
var _ jsonAppender = search.Response{}

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
	if a, ok := v.(jsonAppender); ok && indent == "" {
		// A value that writes its own JSON (a search's reply, the API's most frequent and
		// largest: search.Response.AppendJSON), the same bytes without the reflection.
		b, err := a.AppendJSON(buf.AvailableBuffer())
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
