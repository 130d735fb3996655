package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

//go:embed openapi.json
var openAPIDoc []byte

// pageNames are the templates under templates/, each rendered inside layout.html with the
// shared components of partials.html.
var pageNames = []string{"search", "item", "briefing", "briefings", "entity", "entities", "compare", "error", "permalink"}

// assets are parsed and hashed once, at New: a broken template fails startup, not a request.
type assets struct {
	pages   map[string]*template.Template
	static  map[string]staticFile // by hashed name: style.1a2b3c4d.css
	css     string                // URL of the stylesheet
	icon    string
	openAPI []byte
}

type staticFile struct {
	body        []byte
	contentType string
	etag        string
}

func loadAssets() (*assets, error) {
	a := &assets{pages: map[string]*template.Template{}, static: map[string]staticFile{}, openAPI: openAPIDoc}
	for _, name := range pageNames {
		t, err := template.New(name).ParseFS(templateFiles, "templates/layout.html", "templates/partials.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("web: parsing template %s: %w", name, err)
		}
		a.pages[name] = t
	}
	entries, err := fs.ReadDir(staticFiles, "static")
	if err != nil {
		return nil, fmt.Errorf("web: reading static files: %w", err)
	}
	for _, e := range entries {
		body, err := fs.ReadFile(staticFiles, "static/"+e.Name())
		if err != nil {
			return nil, fmt.Errorf("web: reading static file %s: %w", e.Name(), err)
		}
		sum := sha256.Sum256(body)
		hash := hex.EncodeToString(sum[:4])
		ext := path.Ext(e.Name())
		// The content hash in the name lets browsers cache the file forever: a new version
		// is a new URL.
		hashed := strings.TrimSuffix(e.Name(), ext) + "." + hash + ext
		a.static[hashed] = staticFile{body: body, contentType: mime.TypeByExtension(ext), etag: `"` + hash + `"`}
		switch e.Name() {
		case "style.css":
			a.css = "/static/" + hashed
		case "favicon.svg":
			a.icon = "/static/" + hashed
		}
	}
	if a.css == "" {
		return nil, fmt.Errorf("web: static/style.css is missing")
	}
	return a, nil
}

func (s *Server) handleStatic(c echo.Context) error {
	f, ok := s.assets.static[c.Param("name")]
	if !ok {
		return echo.ErrNotFound
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("ETag", f.etag)
	if match := c.Request().Header.Get("If-None-Match"); match == f.etag {
		return c.NoContent(http.StatusNotModified)
	}
	return c.Blob(http.StatusOK, f.contentType, f.body)
}

// render executes a page into memory first, so a template error becomes a clean 500 and
// never half a page.
func (s *Server) render(c echo.Context, status int, page string, data any) error {
	t, ok := s.assets.pages[page]
	if !ok {
		return fmt.Errorf("web: no template %q", page)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("web: rendering %s: %w", page, err)
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// layout is the frame every page starts from.
func (s *Server) layout(nav, title string) Layout {
	return Layout{Title: title, CSS: s.assets.css, Icon: s.assets.icon, Nav: nav, Corpus: s.index.Corpus()}
}
