package web

// POST /api/v1/briefings: a briefing file for the archive, from a tool or a colleague without
// a shell on the server. Behind the admin token; absent when no token is set.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/labstack/echo/v4"

	"briefsearch/ingest"
)

// uploadRoute is the upload's path.
const uploadRoute = "/api/v1/briefings"

// uploadTimeout bounds checking, writing and indexing one upload.
const uploadTimeout = 2 * time.Minute

// multipartSlack is what the multipart envelope may add to the file's own size.
const multipartSlack = 64 << 10

// Uploader puts a briefing file into the archive and indexes it (*ingest.Library).
type Uploader interface {
	Add(ctx context.Context, name string, data []byte, replace bool) (*ingest.AddResult, error)
}

// uploadResponse is a 201's body.
type uploadResponse struct {
	ID         string   `json:"id"`
	Items      int      `json:"items"`
	Path       string   `json:"path"`
	Replaced   []string `json:"replaced"`
	Generation string   `json:"generation"`
	Searchable bool     `json:"searchable"`
	Note       string   `json:"note,omitempty"`
}

func (s *Server) handleUpload(c echo.Context) error {
	if !s.authorized(c.Request().Header.Get(echo.HeaderAuthorization)) {
		c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="briefsearch admin"`)
		return &httpError{Status: http.StatusUnauthorized, Code: "unauthorized", Msg: "missing or wrong bearer token"}
	}
	replace := false
	if v := c.QueryParam("replace"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return errBadRequest(fmt.Sprintf("replace=%q: say true or false", v))
		}
		replace = b
	}
	name, data, err := readUpload(c.Request(), s.opts.UploadMaxBytes)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.Request().Context(), uploadTimeout)
	defer cancel()
	res, err := s.opts.Uploader.Add(ctx, name, data, replace)
	switch {
	case err != nil && ingest.IsNotBriefing(err):
		return &httpError{Status: http.StatusUnprocessableEntity, Code: "not_a_briefing", Msg: err.Error()}
	case errors.Is(err, ingest.ErrWeekExists):
		return &httpError{Status: http.StatusConflict, Code: "week_exists", Msg: err.Error()}
	case err != nil:
		return err
	}
	out := uploadResponse{ID: res.ID, Items: res.Items, Path: res.Path, Replaced: res.Replaced}
	if out.Replaced == nil {
		out.Replaced = []string{}
	}
	if res.BuildErr != nil {
		s.log.Warn("upload written, index not built", "path", res.Path, "err", res.BuildErr)
		out.Note = "the file is in the archive; the index takes it at the next build (the watcher retries)"
	} else if s.opts.Reloader != nil {
		if err := s.opts.Reloader.Reload(ctx); err != nil {
			s.log.Warn("upload indexed, reload failed", "path", res.Path, "err", err)
			out.Note = "the file is indexed; the server switches to the new index at its next reload"
		} else {
			out.Searchable = true
		}
	}
	out.Generation = s.index.Corpus().Generation
	s.log.Info("briefing uploaded", "id", res.ID, "path", res.Path, "items", res.Items, "replaced", len(res.Replaced))
	return c.JSON(http.StatusCreated, out)
}

// readUpload reads the multipart field "file" of r, at most max bytes, and returns its file
// name (the base name, printable characters only) and content. Nothing touches the disk.
func readUpload(r *http.Request, max int64) (string, []byte, error) {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get(echo.HeaderContentType)); mt != "multipart/form-data" {
		return "", nil, errBadRequest(`send the briefing as multipart/form-data, in a field named "file"`)
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return "", nil, errBadRequest("the multipart body cannot be read: " + err.Error())
	}
	for parts := 0; parts < 16; parts++ {
		p, err := mr.NextPart()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return "", nil, uploadTooLarge(max)
			}
			return "", nil, errBadRequest("the multipart body cannot be read: " + err.Error())
		}
		if p.FormName() != "file" {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(p, max+1))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return "", nil, uploadTooLarge(max)
			}
			return "", nil, errBadRequest("the file cannot be read: " + err.Error())
		}
		if int64(len(data)) > max {
			return "", nil, uploadTooLarge(max)
		}
		return uploadName(p.FileName()), data, nil
	}
	return "", nil, errBadRequest(`no field named "file" in the multipart body`)
}

func uploadTooLarge(max int64) error {
	return &httpError{Status: http.StatusRequestEntityTooLarge, Code: "file_too_large",
		Msg: fmt.Sprintf("the file is larger than the %d bytes an upload may have", max)}
}

// uploadName is the name a client gave its file, reduced to a base name of printable
// characters: it only names the file in messages, and lends Markdown its extension.
func uploadName(name string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if !unicode.IsPrint(r) {
			return -1
		}
		return r
	}, name)
	if name == "" || name == "." || name == "/" {
		return "upload"
	}
	return name
}
