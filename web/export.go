package web

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/labstack/echo/v4"
	"golang.org/x/text/unicode/norm"

	"briefsearch/archive"
	"briefsearch/cite"
	"briefsearch/search"
)

// csvHeader names the export's columns, one field each; csvRow must stay in step with it.
// An item's sources are two columns of "; "-joined values in the same order, so the n-th
// name goes with the n-th date: source_names "TREND; APA", source_dates "2026-05-22; 2026-05-23".
var csvHeader = []string{"id", "date", "section", "section_title", "headline_ja", "headline_en",
	"source_names", "source_dates", "body", "note", "persons", "organizations", "places",
	"url", "permalink", "content_hash"}

// flushEvery rows, the export pushes what it has to the client so memory stays flat.
const flushEvery = 100

// paramBOM is the CSV export's switch for its byte order mark: bom=0 leaves it out.
const paramBOM = "bom"

// utf8BOM starts a CSV export by default: Excel reads a CSV file without one in the
// system's legacy code page (Shift_JIS on a Japanese Windows), and the Japanese comes out
// as mojibake; with it, Excel, LibreOffice and Numbers read UTF-8.
const utf8BOM = "\ufeff"

func (s *Server) handleExportCSV(c echo.Context) error {
	bom, err := bomParam(c.Request())
	if err != nil {
		return err
	}
	links := s.links(c)
	return s.export(c, "text/csv; charset=utf-8; header=present", "csv", func(w *exportWriter) rowWriter {
		cw := csv.NewWriter(w)
		return rowWriter{
			header: func() error {
				if bom {
					if _, err := io.WriteString(w, utf8BOM); err != nil {
						return err
					}
				}
				return cw.Write(csvHeader)
			},
			row:   func(it archive.Item) error { return cw.Write(csvRow(it, links)) },
			flush: func() error { cw.Flush(); return cw.Error() },
			// A spreadsheet shows this last line as a row of one cell.
			truncated: func(t truncation) error {
				return cw.Write([]string{fmt.Sprintf("# truncated: the first %d of %d matching items; the rest: %s", t.Sent, t.Total, t.Next)})
			},
		}
	})
}

func (s *Server) handleExportJSONL(c echo.Context) error {
	return s.export(c, "application/x-ndjson; charset=utf-8", "jsonl", func(w *exportWriter) rowWriter {
		enc := json.NewEncoder(w) // escapes <, > and & as \u003c…, so stored markup stays inert
		return rowWriter{
			header:    func() error { return nil },
			row:       func(it archive.Item) error { return enc.Encode(it) },
			flush:     func() error { return nil },
			truncated: func(t truncation) error { return enc.Encode(t) },
		}
	})
}

type rowWriter struct {
	header    func() error
	row       func(archive.Item) error
	flush     func() error
	truncated func(truncation) error // the file's last line when the export stopped at the cap
}

// truncation is the last line of an export cut at search.MaxExport: the JSONL line as is,
// the CSV's last row in words.
type truncation struct {
	Truncated bool   `json:"truncated"`
	Total     uint64 `json:"total"` // items matching
	Sent      int    `json:"sent"`  // rows in this file
	Next      string `json:"next"`  // the export of the rows after these (its after= cursor)
}

// bomParam reads the CSV's bom=0|1 (default 1).
func bomParam(r *http.Request) (bool, error) {
	v, err := queryValues(r)
	if err != nil {
		return false, err
	}
	switch vals := v[paramBOM]; {
	case len(vals) == 0:
		return true, nil
	case len(vals) > 1:
		return false, errBadRequest("parameter \"bom\" is given more than once; give it once")
	case vals[0] == "1" || vals[0] == "true":
		return true, nil
	case vals[0] == "0" || vals[0] == "false":
		return false, nil
	}
	return false, errBadRequest(`bom must be 1 (a UTF-8 byte order mark first, the default: Excel then reads Japanese right) or 0`)
}

// exportWriter sends the status line only with the first byte, so an error before any row
// still becomes a proper JSON error response.
type exportWriter struct {
	c echo.Context
}

func (w *exportWriter) Write(p []byte) (int, error) {
	if !w.c.Response().Committed {
		w.c.Response().WriteHeader(http.StatusOK)
	}
	return w.c.Response().Write(p)
}

func (s *Server) export(c echo.Context, contentType, ext string, newRows func(*exportWriter) rowWriter) error {
	req, err := exportRequest(c.Request())
	if err != nil {
		return err
	}
	ctx, cancel := s.indexCtx(c)
	// A count first: it validates the query before any byte is sent and tells the client how
	// many rows to expect. The export itself runs under the server's write timeout instead
	// of the per-search deadline.
	count, err := s.index.Search(ctx, search.Request{Query: req.Query, Filters: req.Filters, Size: 1, Facets: []search.FacetRequest{}, NoHighlights: true})
	cancel()
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, contentType)
	h.Set(echo.HeaderContentDisposition, exportDisposition(req, s.now(), ext))
	h.Set("X-Total-Count", strconv.FormatUint(count.Total, 10))
	h.Set("X-Export-Limit", strconv.Itoa(search.MaxExport))
	h.Set("X-Export-Truncated", strconv.FormatBool(count.Total > search.MaxExport))
	if c.Request().Method == http.MethodHead {
		// The headers say what a GET would send; the rows are not read for nobody.
		return c.NoContent(http.StatusOK)
	}

	rows := newRows(&exportWriter{c: c})
	if err := rows.header(); err != nil {
		return err
	}
	n := 0
	next, err := s.index.ExportNext(c.Request().Context(), req, func(it archive.Item) error {
		if err := rows.row(it); err != nil {
			return err
		}
		n++
		if n%flushEvery == 0 {
			if err := rows.flush(); err != nil {
				return err
			}
			c.Response().Flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	if next != "" {
		// Cut at the cap: the file says so in its last line, with the export of the rest.
		v := c.QueryParams()
		v.Set(paramAfter, next)
		t := truncation{Truncated: true, Total: count.Total, Sent: n, Next: c.Path() + "?" + v.Encode()}
		if err := rows.truncated(t); err != nil {
			return err
		}
	}
	if err := rows.flush(); err != nil {
		return err
	}
	if !c.Response().Committed {
		c.Response().WriteHeader(http.StatusOK) // no rows and no header line (JSONL)
	}
	return nil
}

// exportRefused are the search parameters an export refuses: paging, facets, highlights and
// an estimated total mean nothing for a dump.
var exportRefused = []string{paramPage, paramSize, paramFacets, paramHighlight, paramTotal}

// exportRequest is a search request without paging or facets, which mean nothing for a dump.
func exportRequest(r *http.Request) (search.Request, error) {
	v, err := queryValues(r)
	if err != nil {
		return search.Request{}, err
	}
	for _, p := range exportRefused {
		if _, ok := v[p]; ok {
			return search.Request{}, errBadRequest(fmt.Sprintf("%s does not apply to exports; they return every match up to %d rows, then the after= link to the rest", p, search.MaxExport))
		}
	}
	v.Del(paramBOM) // the CSV's; bomParam reads it
	return parseRequest(v)
}

func csvRow(it archive.Item, links cite.Links) []string {
	var ents archive.Entities
	if it.Entities != nil {
		ents = *it.Entities
	}
	hash := it.ContentHash()
	names := make([]string, len(it.Sources))
	dates := make([]string, len(it.Sources))
	for i, src := range it.Sources {
		names[i], dates[i] = strings.TrimSpace(src.Name), src.Date.String()
	}
	row := []string{it.ID, it.Date.String(), it.Section, it.SectionTitle, it.HeadlineJA, it.HeadlineEN,
		strings.Join(names, "; "), strings.Join(dates, "; "), it.Body, it.Note,
		strings.Join(ents.Persons, "; "), strings.Join(ents.Organizations, "; "), strings.Join(ents.Places, "; "),
		links.Item(it.ID), links.PermalinkOf(hash), hash}
	for i := range row {
		row[i] = defuseFormula(row[i])
	}
	return row
}

// defuseFormula keeps a spreadsheet from running a cell as a formula (OWASP "CSV injection"):
// text that starts like one gets a leading apostrophe, which spreadsheets hide.
func defuseFormula(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// exportDisposition names the file after the search and the day: briefsearch-bayramov-2026-12-06.csv,
// an ASCII slug for every client, and with RFC 5987's filename* the query as typed
// (briefsearch-地雷除去-2026-12-06.csv) for those that read it.
func exportDisposition(req search.Request, now time.Time, ext string) string {
	words := []string{req.Query}
	f := req.Filters
	for _, vs := range [][]string{f.Sections, f.Sources, f.Persons, f.Organizations, f.Places, f.Months} {
		words = append(words, vs...)
	}
	if !f.From.IsZero() {
		words = append(words, "from", f.From.String())
	}
	if !f.To.IsZero() {
		words = append(words, "to", f.To.String())
	}
	text := strings.Join(words, " ")
	day := now.UTC().Format(time.DateOnly)
	ascii := "briefsearch-" + slug(text, true, 60)
	full := "briefsearch-" + slug(text, false, 60)
	ascii = strings.TrimSuffix(ascii, "-") + "-" + day + "." + ext
	full = strings.TrimSuffix(full, "-") + "-" + day + "." + ext
	out := fmt.Sprintf(`attachment; filename="%s"`, ascii)
	if full != ascii {
		out += "; filename*=UTF-8''" + url.PathEscape(full)
	}
	return out
}

// slug keeps letters and digits (ASCII only, or any script), lower-cased, other runs as one
// "-", at most max runes; "" when nothing is left.
func slug(s string, asciiOnly bool, max int) string {
	var b strings.Builder
	n, dash := 0, false
	for _, r := range strings.ToLower(norm.NFKC.String(s)) {
		keep := unicode.IsLetter(r) || unicode.IsDigit(r)
		if asciiOnly && r > unicode.MaxASCII {
			keep = false
		}
		switch {
		case n >= max:
		case keep:
			if dash && b.Len() > 0 {
				b.WriteByte('-')
				n++
			}
			b.WriteRune(r)
			n++
			dash = false
		default:
			dash = true
		}
	}
	return b.String()
}
