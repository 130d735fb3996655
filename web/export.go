package web

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"briefsearch/archive"
	"briefsearch/search"
)

// csvHeader names the export's columns; csvRow must stay in step with it.
var csvHeader = []string{"id", "date", "section", "section_title", "headline_ja", "headline_en",
	"sources", "body", "note", "persons", "organizations", "places"}

// flushEvery rows, the export pushes what it has to the client so memory stays flat.
const flushEvery = 100

// errExportFull stops the index's iteration once MaxExport rows are out.
var errExportFull = errors.New("export row cap reached")

func (s *Server) handleExportCSV(c echo.Context) error {
	return s.export(c, "text/csv; charset=utf-8; header=present", "csv", func(w *exportWriter) rowWriter {
		cw := csv.NewWriter(w)
		return rowWriter{
			header: func() error { return cw.Write(csvHeader) },
			row:    func(it archive.Item) error { return cw.Write(csvRow(it)) },
			flush:  func() error { cw.Flush(); return cw.Error() },
		}
	})
}

func (s *Server) handleExportJSONL(c echo.Context) error {
	return s.export(c, "application/x-ndjson; charset=utf-8", "jsonl", func(w *exportWriter) rowWriter {
		enc := json.NewEncoder(w) // escapes <, > and & as \u003c…, so stored markup stays inert
		return rowWriter{
			header: func() error { return nil },
			row:    func(it archive.Item) error { return enc.Encode(it) },
			flush:  func() error { return nil },
		}
	})
}

type rowWriter struct {
	header func() error
	row    func(archive.Item) error
	flush  func() error
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
	count, err := s.index.Search(ctx, search.Request{Query: req.Query, Filters: req.Filters, Size: 1, Facets: []search.FacetRequest{}})
	cancel()
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, contentType)
	h.Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="briefsearch.%s"`, ext))
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
	err = s.index.Export(c.Request().Context(), req, func(it archive.Item) error {
		if n >= search.MaxExport {
			return errExportFull
		}
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
	if err != nil && !errors.Is(err, errExportFull) {
		return err
	}
	if err := rows.flush(); err != nil {
		return err
	}
	if !c.Response().Committed {
		c.Response().WriteHeader(http.StatusOK) // no rows and no header line (JSONL)
	}
	return nil
}

// exportRequest is a search request without paging or facets, which mean nothing for a dump.
func exportRequest(r *http.Request) (search.Request, error) {
	v, err := queryValues(r)
	if err != nil {
		return search.Request{}, err
	}
	for _, p := range []string{paramPage, paramSize, paramAfter, paramFacets} {
		if _, ok := v[p]; ok {
			return search.Request{}, errBadRequest(fmt.Sprintf("%s does not apply to exports; they return every match up to %d rows", p, search.MaxExport))
		}
	}
	return parseRequest(v)
}

func csvRow(it archive.Item) []string {
	var ents archive.Entities
	if it.Entities != nil {
		ents = *it.Entities
	}
	sources := make([]string, len(it.Sources))
	for i, src := range it.Sources {
		sources[i] = strings.TrimSpace(src.Name + " " + src.Date.String())
	}
	row := []string{it.ID, it.Date.String(), it.Section, it.SectionTitle, it.HeadlineJA, it.HeadlineEN,
		strings.Join(sources, "; "), it.Body, it.Note,
		strings.Join(ents.Persons, "; "), strings.Join(ents.Organizations, "; "), strings.Join(ents.Places, "; ")}
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
