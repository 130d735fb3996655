// Package formstest makes briefing documents with the programs that make them in the field,
// for tests: pandoc writes DOCX, LibreOffice exports DOCX to PDF, Chromium prints HTML to
// PDF, and a page rasterized by poppler's pdftoppm and printed back is a scan. The test
// command installs them (scripts/test); a missing one fails the test, naming its package.
package formstest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// need returns the path of program, or fails t naming the Debian package to install.
func need(t testing.TB, program, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(program)
	if err != nil {
		t.Fatalf("%s is needed to make test documents: install Debian's %s (scripts/test does)", program, pkg)
	}
	return p
}

// run runs a program with a deadline and fails t with its output when it fails.
func run(t testing.TB, timeout time.Duration, dir, name string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, out)
	}
}

// markdown is how pandoc reads a briefing text: as Markdown (so **bold** becomes bold runs
// and "1. 軍事" a numbered list, as in the field), but without "smart" typography, which
// would turn the text's apostrophes and dashes into other characters before any reader.
const markdown = "markdown-smart"

// DOCX writes the briefing text file txt as a Word document with pandoc.
func DOCX(t testing.TB, txt, out string) {
	t.Helper()
	run(t, time.Minute, "", need(t, "pandoc", "pandoc"), "-f", markdown, "-t", "docx", "-o", out, txt)
}

// HTML renders the briefing text file txt as a standalone HTML page with pandoc.
func HTML(t testing.TB, txt, out string) {
	t.Helper()
	run(t, time.Minute, "", need(t, "pandoc", "pandoc"), "-f", markdown, "-t", "html5", "-s",
		"--metadata", "pagetitle=briefing", "-o", out, txt)
}

// LibreOfficePDF exports each document to PDF with LibreOffice (headless, one run for all)
// and returns the PDFs' paths, in outDir. filter, when set, replaces the PDF export filter
// (for its options, such as a password).
func LibreOfficePDF(t testing.TB, outDir, filter string, docs ...string) []string {
	t.Helper()
	soffice := need(t, "soffice", "libreoffice-writer-nogui")
	if filter == "" {
		filter = "pdf"
	}
	args := []string{"-env:UserInstallation=file://" + t.TempDir(), "--headless", "--convert-to", filter, "--outdir", outDir}
	run(t, 3*time.Minute, "", soffice, append(args, docs...)...)
	var out []string
	for _, d := range docs {
		p := filepath.Join(outDir, strings.TrimSuffix(filepath.Base(d), filepath.Ext(d))+".pdf")
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("LibreOffice made no %s", p)
		}
		out = append(out, p)
	}
	return out
}

// EncryptedFilter is the LibreOffice export filter for a PDF opened only with a password.
const EncryptedFilter = `pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},` +
	`"DocumentOpenPassword":{"type":"string","value":"secret"}}`

// ChromiumPDF prints the HTML file page to PDF with Debian's Chromium, headless. With
// furniture, every page carries the browser's header and footer: the date, the page title,
// the file's URL and "3/11", as a printout does.
func ChromiumPDF(t testing.TB, page, out string, furniture bool) {
	t.Helper()
	abs, err := filepath.Abs(page)
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(), "--print-to-pdf=" + out}
	if !furniture {
		args = append(args, "--no-pdf-header-footer")
	}
	run(t, 2*time.Minute, "", need(t, "chromium", "chromium"), append(args, "file://"+abs)...)
	if _, err := os.Stat(out); err != nil {
		t.Fatalf("chromium printed no %s", out)
	}
}

// ScanPDF makes an image-only PDF of the first page of pdf, as a scanner would: the page is
// rasterized by pdftoppm and the picture printed back to PDF by Chromium.
func ScanPDF(t testing.TB, pdf, out string) {
	t.Helper()
	dir := t.TempDir()
	run(t, time.Minute, dir, need(t, "pdftoppm", "poppler-utils"), "-r", "80", "-f", "1", "-l", "1", "-png", pdf, filepath.Join(dir, "page"))
	pngs, _ := filepath.Glob(filepath.Join(dir, "page*.png"))
	if len(pngs) != 1 {
		t.Fatalf("pdftoppm made %d pages, want 1", len(pngs))
	}
	html := filepath.Join(dir, "scan.html")
	body := `<!doctype html><html><head><style>@page{margin:0}body{margin:0}img{width:100%}</style></head>` +
		`<body><img src="` + filepath.Base(pngs[0]) + `"></body></html>`
	if err := os.WriteFile(html, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	ChromiumPDF(t, html, out, false)
}

// LibreOfficeDOCX saves each document again as a Word document with LibreOffice (its own
// DOCX writer, not pandoc's) and returns the new files' paths, in outDir.
func LibreOfficeDOCX(t testing.TB, outDir string, docs ...string) []string {
	t.Helper()
	soffice := need(t, "soffice", "libreoffice-writer-nogui")
	args := []string{"-env:UserInstallation=file://" + t.TempDir(), "--headless", "--convert-to", `docx:MS Word 2007 XML`, "--outdir", outDir}
	run(t, 3*time.Minute, "", soffice, append(args, docs...)...)
	var out []string
	for _, d := range docs {
		p := filepath.Join(outDir, filepath.Base(d))
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("LibreOffice made no %s", p)
		}
		out = append(out, p)
	}
	return out
}
