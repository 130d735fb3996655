package web

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"mime"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"briefsearch/archive"
	"briefsearch/cite"
	"briefsearch/search"
)

// exportRows is the export of target as Python's csv module reads it (utf-8-sig, as a
// spreadsheet-minded script would open the file).
func exportRows(t *testing.T, srv *Server, target string) [][]string {
	t.Helper()
	rec := do(t, srv, "GET", target, nil)
	if rec.Code != 200 {
		t.Fatalf("%s: %d %s", target, rec.Code, rec.Body)
	}
	cmd := exec.Command(debianPython(t), "-c", `
import csv, io, json, sys
print(json.dumps(list(csv.reader(io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", newline="")))))`)
	cmd.Stdin = bytes.NewReader(rec.Body.Bytes())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python csv: %v\n%s", err, stderr.String())
	}
	var rows [][]string
	if err := json.Unmarshal(out, &rows); err != nil {
		t.Fatal(err)
	}
	return rows
}

// wantRow is an item's CSV row as the columns document it, from the parsed briefing.
func wantRow(it archive.Item, links cite.Links) map[string]string {
	var names, dates []string
	for _, s := range it.Sources {
		names, dates = append(names, s.Name), append(dates, s.Date.String())
	}
	return map[string]string{"id": it.ID, "date": it.Date.String(), "headline_ja": it.HeadlineJA, "headline_en": it.HeadlineEN,
		"body": it.Body, "source_names": strings.Join(names, "; "), "source_dates": strings.Join(dates, "; "),
		"url": links.Item(it.ID), "permalink": links.Permalink(it), "content_hash": it.ContentHash()}
}

func TestCSVReadByPython(t *testing.T) {
	env := newTestEnv(t)
	srv := env.server(t, Options{PublicURL: "https://briefs.example.org"})
	links := cite.Links{Base: "https://briefs.example.org"}
	rows := exportRows(t, srv, "/api/v1/search.csv?sort=date")
	if !slices.Equal(rows[0], csvHeader) {
		t.Fatalf("header %v", rows[0])
	}
	if len(rows)-1 != env.items {
		t.Fatalf("%d rows, the archive has %d items", len(rows)-1, env.items)
	}
	for _, row := range rows[1:] {
		if len(row) != len(csvHeader) {
			t.Fatalf("row %s has %d columns", row[0], len(row))
		}
		want := wantRow(env.item(row[0]), links)
		for k, v := range want {
			if got := row[slices.Index(csvHeader, k)]; got != v {
				t.Errorf("%s %s = %q, want %q", row[0], k, got, v)
			}
		}
	}
	rec := do(t, srv, "GET", "/api/v1/search.csv?q=Bayramov&bom=0", nil)
	if strings.HasPrefix(rec.Body.String(), "\ufeff") || !strings.HasPrefix(rec.Body.String(), "id,") {
		t.Error("bom=0 still starts with a BOM")
	}
	if rec := do(t, srv, "GET", "/api/v1/search.csv?q=Bayramov&bom=maybe", nil); rec.Code != 400 {
		t.Errorf("bom=maybe: %d", rec.Code)
	}
}

// The file is named after the search; a Japanese query keeps its name in filename*.
func TestExportFileNames(t *testing.T) {
	env := newTestEnv(t)
	srv := env.server(t, Options{Now: fixedNow})
	day := fixedNow().Format("2006-01-02")
	for target, want := range map[string][2]string{
		"/api/v1/search.csv?q=Bayramov":                                {"briefsearch-bayramov-" + day + ".csv", ""},
		"/api/v1/search.jsonl?q=%22Middle+Corridor%22&section=foreign": {"briefsearch-middle-corridor-foreign-" + day + ".jsonl", ""},
		"/api/v1/search.csv?q=地雷除去":                                    {"briefsearch-" + day + ".csv", "briefsearch-地雷除去-" + day + ".csv"},
		"/api/v1/search.csv?q=バイラモフ+Bayramov":                          {"briefsearch-bayramov-" + day + ".csv", "briefsearch-バイラモフ-bayramov-" + day + ".csv"},
		"/api/v1/search.csv":                                           {"briefsearch-" + day + ".csv", ""},
	} {
		cd := do(t, srv, "GET", target, nil).Header().Get("Content-Disposition")
		// Go's MIME parser decodes RFC 2231/5987 filename* and prefers it, as browsers do.
		typ, params, err := mime.ParseMediaType(cd)
		if err != nil || typ != "attachment" {
			t.Fatalf("%s: %q: %v", target, cd, err)
		}
		ascii := strings.TrimSuffix(strings.TrimPrefix(strings.Split(cd, ";")[1], ` filename="`), `"`)
		if ascii != want[0] {
			t.Errorf("%s: filename %q, want %q", target, ascii, want[0])
		}
		full := want[1]
		if full == "" {
			full = want[0]
		}
		if params["filename"] != full {
			t.Errorf("%s: the name a browser saves is %q, want %q (%s)", target, params["filename"], full, cd)
		}
	}
}

// An export cut at the cap says so in its last line, with the link to the rest; following
// the links gives every match once.
func TestExportSaysItWasTruncated(t *testing.T) {
	env := newTestEnv(t)
	s, err := search.Open(search.Options{Root: env.root, LoadLexicon: search.LoadLexicon, MaxExport: 7})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	srv, err := New(Options{Index: s})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	target := "/api/v1/search.jsonl?sort=date"
	files := 0
	for ; target != ""; files++ {
		rec := do(t, srv, "GET", target, nil)
		lines := strings.Split(strings.TrimSpace(rec.Body.String()), "\n")
		target = ""
		for _, l := range lines {
			var m map[string]any
			if err := json.Unmarshal([]byte(l), &m); err != nil {
				t.Fatal(err)
			}
			if m["truncated"] == true {
				if l != lines[len(lines)-1] || m["sent"] != float64(7) || m["total"] != float64(env.items) {
					t.Errorf("truncation line %s", l)
				}
				target = m["next"].(string)
				continue
			}
			got = append(got, m["id"].(string))
		}
	}
	if files != (env.items+6)/7 || len(got) != env.items {
		t.Errorf("%d files, %d items, want %d files of 7 and %d items", files, len(got), (env.items+6)/7, env.items)
	}
	rows := exportRows(t, srv, "/api/v1/search.csv?q=Azerbaijan")
	last := rows[len(rows)-1]
	if len(rows) != 1+7+1 || len(last) != 1 || !strings.HasPrefix(last[0], "# truncated: the first 7 of ") ||
		!strings.Contains(last[0], "/api/v1/search.csv?after=") {
		t.Errorf("the CSV's last row: %v (%d rows)", last, len(rows))
	}
}

// LibreOffice opens the export as Excel would be asked to (a UTF-8 CSV, the BOM telling the
// encoding; no charset given), saves it as XLSX, and from that back to CSV: the Japanese
// text and every column survive.
func TestCSVThroughLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping LibreOffice")
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Fatal("soffice is needed (apt-get install libreoffice-calc-nogui; scripts/test installs it)")
	}
	env := newTestEnv(t)
	srv := env.server(t, Options{})
	rec := do(t, srv, "GET", "/api/v1/search.csv?sort=date", nil)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "export.csv"), rec.Body.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command(soffice, append([]string{"--headless", "--norestore",
			"-env:UserInstallation=file://" + filepath.Join(dir, "profile")}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "HOME="+dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice %v: %v\n%s", args, err, out)
		}
	}
	// Comma-separated, double-quoted, first line 1, every column as text (no date or number
	// guessing): what a reader does in the import dialog. The character set is left out.
	run("--infilter=CSV:44,34,,1,"+strings.Repeat("2/", len(csvHeader)-1)+"2", "--convert-to", "xlsx", "export.csv", "--outdir", "xlsx")
	run("--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", filepath.Join("xlsx", "export.xlsx"), "--outdir", "back")
	back, err := os.ReadFile(filepath.Join(dir, "back", "export.csv"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := csv.NewReader(bytes.NewReader(back)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(rec.Body.String(), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("LibreOffice gives back %d rows of %d", len(got), len(want))
	}
	for i := range want {
		if !slices.Equal(got[i], want[i]) {
			for j := range want[i] {
				if j >= len(got[i]) || got[i][j] != want[i][j] {
					t.Errorf("row %d column %s: %q, was %q", i, csvHeader[j], at(got[i], j), want[i][j])
				}
			}
		}
	}
	if !bytes.Contains(back, []byte(env.briefings[0].Items[0].HeadlineJA)) {
		t.Error("the Japanese headline did not survive")
	}
}

func at(row []string, i int) string {
	if i < len(row) {
		return row[i]
	}
	return fmt.Sprintf("<no column %d>", i)
}
