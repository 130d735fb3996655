package pdf

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	pdfiumerrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

var (
	// ErrNoTextLayer marks a PDF, or a page of one, that holds images but no text: a scan.
	ErrNoTextLayer = errors.New("no text layer: scanned image?")
	// ErrEncrypted marks a PDF that needs a password to be opened.
	ErrEncrypted = errors.New("password-protected PDF: it cannot be read without its password")
)

// DefaultMaxPages bounds a document: a weekly briefing has a few dozen pages at most.
const DefaultMaxPages = 2000

// Options configure an Engine.
type Options struct {
	// Instances is how many documents are read at once; 0 = GOMAXPROCS.
	Instances int
	// CacheDir keeps PDFium's compiled code between runs; "" = compile on every start.
	// Compiling takes ~2.5 s on two cores; loading the cached code ~0.1 s.
	CacheDir string
	// MaxPages refuses longer documents; 0 = DefaultMaxPages.
	MaxPages int
}

// Engine extracts briefing text from PDF files. PDFium starts on the first Text call, not
// before, so a process that never meets a PDF never pays for it. Safe for concurrent use.
type Engine struct {
	opts  Options
	once  sync.Once
	pool  pdfium.Pool
	cache wazero.CompilationCache
	err   error
}

// NewEngine returns an engine that starts PDFium when first used.
func NewEngine(opts Options) *Engine {
	if opts.Instances <= 0 {
		opts.Instances = runtime.GOMAXPROCS(0)
	}
	if opts.MaxPages <= 0 {
		opts.MaxPages = DefaultMaxPages
	}
	return &Engine{opts: opts}
}

func (e *Engine) start() error {
	e.once.Do(func() {
		rc := wazero.NewRuntimeConfig().
			// go-pdfium's module lowers setjmp/longjmp to exception handling.
			WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
			// Kill interrupts a call in flight only when the module closes on its context.
			WithCloseOnContextDone(true)
		if e.opts.CacheDir != "" {
			// A cache that cannot be created only costs the compile time.
			if c, err := wazero.NewCompilationCacheWithDir(e.opts.CacheDir); err == nil {
				e.cache = c
				rc = rc.WithCompilationCache(c)
			}
		}
		e.pool, e.err = webassembly.Init(webassembly.Config{
			MinIdle:       0,
			MaxIdle:       e.opts.Instances,
			MaxTotal:      e.opts.Instances,
			RuntimeConfig: rc,
			FSConfig:      wazero.NewFSConfig(), // no file system: documents arrive as bytes
			Stdout:        io.Discard,
			Stderr:        io.Discard,
			ReuseWorkers:  true,
		})
		if e.err != nil {
			e.err = fmt.Errorf("starting PDFium: %w", e.err)
		}
	})
	return e.err
}

// Start starts PDFium now rather than at the first PDF: a server watching an archive of PDFs
// calls it in the background, so that a new issue is not kept waiting for the compilation.
func (e *Engine) Start() error { return e.start() }

// Close stops PDFium. The engine cannot be used afterwards.
func (e *Engine) Close() error {
	var err error
	e.once.Do(func() { e.err = errors.New("the PDF engine is closed") })
	if e.pool != nil {
		err = e.pool.Close()
		e.pool = nil
	}
	if e.cache != nil {
		_ = e.cache.Close(context.Background())
	}
	return err
}

// Text returns the briefing text of a PDF document. It honours ctx: an extraction still
// running when ctx ends is interrupted and its PDFium instance discarded.
func (e *Engine) Text(ctx context.Context, data []byte) (string, error) {
	pages, err := e.pages(ctx, data)
	if err != nil {
		return "", err
	}
	return layoutText(pages)
}

// pages reads every page's characters.
func (e *Engine) pages(ctx context.Context, data []byte) ([]page, error) {
	if err := e.start(); err != nil {
		return nil, err
	}
	inst, err := e.pool.GetInstanceWithContext(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("PDFium: %w", err)
	}
	type result struct {
		pages []page
		err   error
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- result{err: fmt.Errorf("PDFium failed on this document: %v", p)}
			}
		}()
		ps, err := readPages(ctx, inst, data, e.opts.MaxPages)
		done <- result{ps, err}
	}()
	select {
	case r := <-done:
		if cerr := inst.Close(); r.err == nil && cerr != nil {
			r.err = fmt.Errorf("PDFium: %w", cerr)
		}
		return r.pages, r.err
	case <-ctx.Done():
		_ = inst.Kill() // interrupts the call in flight; the pool makes a fresh instance
		<-done
		return nil, ctx.Err()
	}
}

// readPages opens the document in inst and collects each page's characters.
func readPages(ctx context.Context, inst pdfium.Pdfium, data []byte, maxPages int) ([]page, error) {
	doc, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
	if err != nil {
		switch {
		case errors.Is(err, pdfiumerrors.ErrPassword), errors.Is(err, pdfiumerrors.ErrSecurity):
			return nil, ErrEncrypted
		default:
			return nil, fmt.Errorf("not a readable PDF (%s)", pdfiumReason(err))
		}
	}
	defer func() { _, _ = inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document}) }()
	count, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		return nil, fmt.Errorf("not a readable PDF (%s)", pdfiumReason(err))
	}
	if count.PageCount == 0 {
		return nil, errors.New("the PDF has no pages")
	}
	if count.PageCount > maxPages {
		return nil, fmt.Errorf("the PDF has %d pages, more than the %d a briefing may have", count.PageCount, maxPages)
	}
	pages := make([]page, 0, count.PageCount)
	for i := range count.PageCount {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p, err := readPage(inst, doc.Document, i)
		if err != nil {
			return nil, fmt.Errorf("page %d: %s", i+1, pdfiumReason(err))
		}
		pages = append(pages, p)
	}
	return pages, nil
}

// readPage collects one page's characters with their boxes and fonts, and counts its images
// when it has no text (to tell a scan from a blank page).
func readPage(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT, index int) (page, error) {
	ref := requests.Page{ByIndex: &requests.PageByIndex{Document: doc, Index: index}}
	st, err := inst.GetPageTextStructured(&requests.GetPageTextStructured{
		Page: ref, Mode: requests.GetPageTextStructuredModeChars, CollectFontInformation: true,
	})
	if err != nil {
		return page{}, err
	}
	p := page{number: index + 1, glyphs: make([]glyph, 0, len(st.Chars))}
	for _, c := range st.Chars {
		for _, g := range glyphsOf(c.Text, c.Angle, c.PointPosition.Left, c.PointPosition.Right,
			c.PointPosition.Bottom, c.PointPosition.Top, c.FontInformation) {
			g.seq = len(p.glyphs)
			p.glyphs = append(p.glyphs, g)
		}
	}
	if !p.hasText() {
		if p.images, err = countImages(inst, ref); err != nil {
			return page{}, err
		}
	}
	return p, nil
}

// countImages counts the image objects of a page.
func countImages(inst pdfium.Pdfium, ref requests.Page) (int, error) {
	n, err := inst.FPDFPage_CountObjects(&requests.FPDFPage_CountObjects{Page: ref})
	if err != nil {
		return 0, err
	}
	images := 0
	for i := range n.Count {
		obj, err := inst.FPDFPage_GetObject(&requests.FPDFPage_GetObject{Page: ref, Index: i})
		if err != nil {
			return 0, err
		}
		t, err := inst.FPDFPageObj_GetType(&requests.FPDFPageObj_GetType{PageObject: obj.PageObject})
		if err != nil {
			return 0, err
		}
		if t.Type == enums.FPDF_PAGEOBJ_IMAGE {
			images++
		}
	}
	return images, nil
}

// pdfiumReason turns PDFium's error codes ("3: incorrect format") into words.
func pdfiumReason(err error) string {
	switch {
	case errors.Is(err, pdfiumerrors.ErrFormat):
		return "damaged or not a PDF"
	case errors.Is(err, pdfiumerrors.ErrFile):
		return "cannot be read"
	case errors.Is(err, pdfiumerrors.ErrPage):
		return "damaged page"
	}
	s := err.Error()
	if _, after, ok := strings.Cut(s, ": "); ok && len(s) < 40 {
		return after
	}
	return s
}
