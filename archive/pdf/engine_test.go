package pdf

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"briefsearch/archive/forms/formstest"
)

// sample is the real briefing, as text.
const sample = "../briefings/2026-05-16.txt"

// cacheDir keeps PDFium's compiled code for every engine of the test binary.
var cacheDir = filepath.Join(os.TempDir(), "briefsearch-test-pdfium")

var (
	docsOnce sync.Once
	docs     struct{ libreoffice, chromium, encrypted, scan string }
)

// testDocs makes, once per test binary, the sample as PDF from LibreOffice (via pandoc's
// DOCX), as printed by Chromium with its header and footer on every page, encrypted, and
// scanned.
func testDocs(t *testing.T) {
	t.Helper()
	docsOnce.Do(func() {
		dir, err := os.MkdirTemp("", "pdf-test-docs")
		if err != nil {
			t.Fatal(err)
		}
		docx := filepath.Join(dir, "sample.docx")
		formstest.DOCX(t, sample, docx)
		docs.libreoffice = formstest.LibreOfficePDF(t, dir, "", docx)[0]
		encDir := filepath.Join(dir, "encrypted")
		docs.encrypted = formstest.LibreOfficePDF(t, encDir, formstest.EncryptedFilter, docx)[0]
		html := filepath.Join(dir, "sample.html")
		formstest.HTML(t, sample, html)
		docs.chromium = filepath.Join(dir, "chromium.pdf")
		formstest.ChromiumPDF(t, html, docs.chromium, true)
		docs.scan = filepath.Join(dir, "scan.pdf")
		formstest.ScanPDF(t, docs.libreoffice, docs.scan)
	})
	if docs.scan == "" {
		t.Fatal("making the test documents failed in an earlier test")
	}
}

func extract(t *testing.T, e *Engine, path string) (string, error) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return e.Text(context.Background(), data)
}

func TestRealPDFs(t *testing.T) {
	testDocs(t)
	e := NewEngine(Options{CacheDir: cacheDir})
	defer e.Close()
	for _, doc := range []struct{ name, path string }{{"libreoffice", docs.libreoffice}, {"chromium", docs.chromium}} {
		t.Run(doc.name, func(t *testing.T) {
			text, err := extract(t, e, doc.path)
			if err != nil {
				t.Fatal(err)
			}
			if n := strings.Count(text, "●"); n != 18 {
				t.Errorf("%d items (●), want 18", n)
			}
			if !strings.Contains(text, "\n\nLeadership of Ministry of Defense visits Türkiye\n\n") {
				t.Error("the English headline is not a paragraph of its own")
			}
			// Line breaks aside (they depend on the producer's fonts), the words are the sample's.
			flat := strings.ReplaceAll(strings.Join(strings.Fields(text), " "), "- ", "-")
			for _, want := range []string{
				"2026年5月16日～5月22日",   // the layout's gap between Japanese and digits dropped
				"military-technical", // a hyphen at a line end is part of the word
				"(TREND / 22.05.2026)",
				"Union for the Freedom of Political Prisoners of Azerbaijan",
				"more than 650 NGOs from 116 countries",
			} {
				if !strings.Contains(flat, want) {
					t.Errorf("text lacks %q", want)
				}
			}
			// The printout's header and footer (date, title, file URL, "3/11") are furniture.
			for _, furniture := range []*regexp.Regexp{regexp.MustCompile(`file://`), regexp.MustCompile(`(?m)^\d+/\d+$`), regexp.MustCompile(`\d+/\d+/\d+, \d+:\d+`)} {
				if loc := furniture.FindStringIndex(text); loc != nil {
					t.Errorf("page furniture %q left in the text", text[loc[0]:loc[1]])
				}
			}
		})
	}
}

func TestRefusedPDFs(t *testing.T) {
	testDocs(t)
	e := NewEngine(Options{CacheDir: cacheDir})
	defer e.Close()
	if _, err := extract(t, e, docs.scan); !errors.Is(err, ErrNoTextLayer) || err.Error() != "no text layer: scanned image?" {
		t.Errorf("scan: %v", err)
	}
	if _, err := extract(t, e, docs.encrypted); !errors.Is(err, ErrEncrypted) {
		t.Errorf("encrypted: %v", err)
	}
	good, err := os.ReadFile(docs.libreoffice)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{
		"truncated": good[:len(good)/3],
		"not a PDF": []byte("%PDF-1.7\nnothing else"),
	} {
		if _, err := e.Text(context.Background(), data); err == nil || !strings.HasPrefix(err.Error(), "not a readable PDF") {
			t.Errorf("%s: %v, want not a readable PDF", name, err)
		}
	}
}

// A cancelled context stops an extraction, and the engine goes on serving.
func TestCancel(t *testing.T) {
	testDocs(t)
	e := NewEngine(Options{Instances: 1, CacheDir: cacheDir})
	defer e.Close()
	data, err := os.ReadFile(docs.chromium)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.Text(ctx, data); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	ctx, cancel = context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	_, err = e.Text(ctx, data)
	if err != nil && !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("deadline: %v", err)
	}
	if _, err := e.Text(context.Background(), data); err != nil {
		t.Errorf("after a cancelled extraction: %v", err)
	}
}
