package docx_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"briefsearch/archive/docx"
)

func TestErrors(t *testing.T) {
	deep := strings.Repeat("<w:sdt><w:sdtContent>", 300) + p(r("x")) + strings.Repeat("</w:sdtContent></w:sdt>", 300)
	for _, tc := range []struct {
		name string
		data []byte
		want string // a regular expression for the whole message
	}{
		{"not a zip", []byte("アゼルバイジャン政治・治安情報\n"),
			`^not a Word document \(\.docx\): zip: not a valid zip file$`},
		{"an RTF file", []byte(`{\rtf1\ansi Hello}`),
			`^not a Word document \(\.docx\): zip: not a valid zip file \(it is an RTF file: save it as \.docx\)$`},
		{"no bytes", nil,
			`^not a Word document \(\.docx\): zip: not a valid zip file$`},
		{"a Word 97-2003 file", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...),
			`^not a \.docx \(an OLE2 file: a Word 97-2003 \.doc or a password-protected document\)$`},
		{"a zip without a document", zipOf(t, map[string]string{"readme.txt": "hello"}),
			`^not a Word document \(\.docx\): no word/document\.xml$`},
		{"a spreadsheet", zipOf(t, map[string]string{"xl/workbook.xml": "<workbook/>"}),
			`^not a Word document \(\.docx\): no word/document\.xml \(it is an Excel workbook, \.xlsx\)$`},
		{"an OpenDocument file", zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"}),
			`^not a Word document \(\.docx\): no word/document\.xml \(it is an OpenDocument file such as \.odt: save it as \.docx\)$`},
		{"malformed XML", zipOf(t, map[string]string{"word/document.xml": `<w:document xmlns:w="` + nsW + `"><w:body><w:p></w:body></w:document>`}),
			`^word/document\.xml is not valid XML at byte \d+: element <p> closed by </body>$`},
		{"truncated XML", zipOf(t, map[string]string{"word/document.xml": document(p(r("x")))[:150]}),
			`^word/document\.xml is not valid XML at byte 150: unexpected EOF$`},
		{"an empty document part", zipOf(t, map[string]string{"word/document.xml": " "}),
			`^word/document\.xml is empty$`},
		{"not WordprocessingML", zipOf(t, map[string]string{"word/document.xml": `<html><body>x</body></html>`}),
			`^word/document\.xml is not WordprocessingML: its root element is <html>, not <w:document>$`},
		{"another text encoding", zipOf(t, map[string]string{"word/document.xml": `<?xml version="1.0" encoding="ISO-8859-1"?><w:document/>`}),
			`^word/document\.xml is in the text encoding "ISO-8859-1"; only UTF-8 is read$`},
		{"malformed styles", docxOf(t, p(r("x")), "<w:style>", ""),
			`^word/styles\.xml is not valid XML at byte \d+: element <style> closed by </styles>$`},
		{"malformed numbering", docxOf(t, p(r("x")), "", "<w:num w:numId='1'></w:abstractNum>"),
			`^word/numbering\.xml is not valid XML at byte \d+: element <num> closed by </abstractNum>$`},
		{"nesting too deep", docxOf(t, deep, "", ""),
			`^word/document\.xml nests elements more than 512 deep$`},
		{"a compression method zip does not know", rawZip(t, "word/document.xml", 99, []byte(document(p(r("x")))), 0),
			`^word/document\.xml cannot be read: zip: unsupported compression algorithm$`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := docx.Text(tc.data)
			if err == nil {
				t.Fatalf("no error, text %q", got)
			}
			if !regexp.MustCompile(tc.want).MatchString(err.Error()) {
				t.Errorf("error %q, want %s", err, tc.want)
			}
			if got != "" {
				t.Errorf("text %q along with the error", got)
			}
		})
	}
}

// rawZip builds a zip of one part whose header declares what the caller says: method, and an
// uncompressed size (0: the true one).
func rawZip(t testing.TB, name string, method uint16, content []byte, declaredSize uint64) []byte {
	t.Helper()
	var compressed bytes.Buffer
	if method == zip.Deflate {
		fw, _ := flate.NewWriter(&compressed, flate.BestSpeed)
		fw.Write(content)
		fw.Close()
	} else {
		compressed.Write(content)
	}
	if declaredSize == 0 {
		declaredSize = uint64(len(content))
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name: name, Method: method, CRC32: crc32.ChecksumIEEE(content),
		CompressedSize64: uint64(compressed.Len()), UncompressedSize64: declaredSize,
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(compressed.Bytes()); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The sizes in a zip's headers are written by whoever made the file: nothing is allocated by
// them, and a part that does not hold what it declares is reported as damaged.
func TestDeclaredSizesAreNotTrusted(t *testing.T) {
	content := []byte(document(p(r("text"))))
	for _, tc := range []struct {
		name     string
		declared uint64
		want     string
	}{
		{"a part declaring an exabyte", 1 << 60, "word/document.xml cannot be read: the .docx is damaged (unexpected EOF)"},
		{"a part holding more than it declares", 40, "word/document.xml cannot be read: the .docx is damaged (zip: not a valid zip file)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := rawZip(t, "word/document.xml", zip.Deflate, content, tc.declared)
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := docx.Text(data)
			runtime.ReadMemStats(&after)
			if err == nil || err.Error() != tc.want {
				t.Errorf("error %v, want %q", err, tc.want)
			}
			if n := after.TotalAlloc - before.TotalAlloc; n > 4<<20 {
				t.Errorf("allocated %d bytes for a %d-byte part", n, len(content))
			}
		})
	}
}

// bomb writes a part of a valid start, then filler repeated until the part is more than size
// bytes, then a valid end: a few hundred KB compressed, more than the cap uncompressed.
func bomb(t testing.TB, name, start, filler, end string, size int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	chunk := []byte(strings.Repeat(filler, 64<<10/len(filler)))
	io.WriteString(w, start)
	for written := len(start); written <= size; written += len(chunk) {
		if _, err := w.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	io.WriteString(w, end)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSizeCaps(t *testing.T) {
	// Empty paragraphs with a long attribute: valid XML all the way, so only the cap stops it.
	filler := `<w:p w:rsidR="` + strings.Repeat("0", 1000) + `"/>`
	for _, tc := range []struct {
		name string
		data func() []byte
		want string
	}{
		{"document", func() []byte {
			d := document("")
			cut := strings.Index(d, "</w:body>")
			return bomb(t, "word/document.xml", d[:cut], filler, d[cut:], docx.MaxDocumentSize)
		}, "word/document.xml is larger than 64 MiB uncompressed"},
		{"styles", func() []byte {
			s := stylesPart(`<w:style w:styleId="x"/>`)
			cut := strings.Index(s, "</w:styles>")
			b := bomb(t, "word/styles.xml", s[:cut], `<w:style w:styleId="`+strings.Repeat("s", 1000)+`"/>`, s[cut:], docx.MaxStylesSize)
			return mergeZips(t, b, docxOf(t, p(r("x")), "", ""))
		}, "word/styles.xml is larger than 8 MiB uncompressed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := tc.data()
			if len(data) > 1<<20 {
				t.Fatalf("the bomb is %d bytes compressed: not a bomb", len(data))
			}
			_, err := docx.Text(data)
			if err == nil || err.Error() != tc.want {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

// mergeZips returns a zip of the entries of a, then those of b not in a.
func mergeZips(t testing.TB, a, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	seen := map[string]bool{}
	for _, data := range [][]byte{a, b} {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range zr.File {
			if !seen[f.Name] {
				seen[f.Name] = true
				if err := zw.Copy(f); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
