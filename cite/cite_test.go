package cite

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"briefsearch/archive"
	"briefsearch/search"
)

const samplePath = "../archive/briefings/2026-05-16.txt"

var (
	links    = Links{Base: "https://briefs.example.org/"}
	accessed = time.Date(2026, 12, 7, 15, 4, 5, 0, time.FixedZone("JST", 9*3600))
)

// works are the citations of the sample's items, and of one with every character a format
// must escape in its headlines, body and source.
func works(t *testing.T) ([]Work, *archive.Briefing) {
	t.Helper()
	data, err := os.ReadFile(samplePath)
	if err != nil {
		t.Fatal(err)
	}
	b, err := archive.Parse(samplePath, data)
	if err != nil {
		t.Fatal(err)
	}
	hostile := b.Items[0]
	hostile.ID = b.ID + "-99"
	hostile.HeadlineJA = `<script>alert(1)</script> {括弧} 100% & $x$ の_件 #1 ~ ^ \end`
	hostile.HeadlineEN = "Braces {unbalanced } and % comments \\ & $5 #tag_x ~ ^\nTY  - JOUR"
	hostile.Sources = []archive.Source{{Name: "A&B {News}%", Date: archive.DateOf(2026, 5, 20)}}
	var out []Work
	for _, it := range append(b.Items, hostile) {
		out = append(out, ForItem(&search.ItemPage{Item: it, BriefingID: b.ID, BriefingTitle: b.Title,
			Issuer: b.Issuer, WeekStart: b.WeekStart, WeekEnd: b.WeekEnd}, links, accessed))
	}
	return out, b
}

func render(t *testing.T, w Work, f Format) string {
	t.Helper()
	out, err := Render(w, f)
	if err != nil {
		t.Fatalf("%s %s: %v", w.Key(), f, err)
	}
	return string(out)
}

func TestTextHoldsEverything(t *testing.T) {
	ws, b := works(t)
	if b.Issuer == "" || b.Title == "" {
		t.Fatal("the sample's header has no issuer or title")
	}
	for _, w := range ws {
		txt := render(t, w, Text)
		want := []string{oneLine(b.Issuer), oneLine(w.Item.HeadlineJA), oneLine(w.Item.HeadlineEN), oneLine(b.Title),
			w.Item.ID, w.ContentHash, links.Permalink(*w.Item), "December 7, 2026",
			b.WeekStart.Format("January 2"), b.WeekEnd.Format("2, 2006")}
		for _, s := range w.Item.Sources {
			want = append(want, oneLine(s.Name)+", "+s.Date.Format("02.01.2006"))
		}
		for _, s := range want {
			if !strings.Contains(txt, s) {
				t.Errorf("%s: the text citation lacks %q:\n%s", w.Key(), s, txt)
			}
		}
		if strings.Count(txt, "\n") != 1 || !strings.HasSuffix(txt, ".\n") {
			t.Errorf("%s: the text citation is not one line: %q", w.Key(), txt)
		}
	}
	// The permalink is the hash's, which the position id is not part of.
	w := ws[3]
	moved := *w.Item
	moved.ID, moved.Ordinal = "2026-05-16-03", 3
	if links.Permalink(moved) != w.URL {
		t.Error("the permalink changed with the position")
	}
}

// pandoc (citeproc) renders a document citing each item from the CSL-JSON and from the
// BibTeX: both are read by a real consumer, and the rendering shows the headlines and issuer.
func TestPandocRendersCSLAndBibTeX(t *testing.T) {
	pandoc, err := exec.LookPath("pandoc")
	if err != nil {
		t.Fatal("pandoc is needed (apt-get install pandoc; scripts/test installs it)")
	}
	ws, b := works(t)
	dir := t.TempDir()
	for _, f := range []Format{CSLJSON, BibTeX} {
		var csl []any
		var bib bytes.Buffer
		var doc strings.Builder
		for _, w := range ws {
			out := render(t, w, f)
			if f == CSLJSON {
				var one []any
				if err := json.Unmarshal([]byte(out), &one); err != nil || len(one) != 1 {
					t.Fatalf("%s: CSL-JSON is not an array of one item: %v", w.Key(), err)
				}
				csl = append(csl, one...)
			} else {
				bib.WriteString(out + "\n")
			}
			doc.WriteString("Item [@" + w.Key() + "].\n\n")
		}
		bibFile := filepath.Join(dir, "items"+f.Ext())
		data := bib.Bytes()
		if f == CSLJSON {
			data, _ = json.Marshal(csl)
		}
		if err := os.WriteFile(bibFile, data, 0o644); err != nil {
			t.Fatal(err)
		}
		md := filepath.Join(dir, "doc.md")
		if err := os.WriteFile(md, []byte(doc.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(pandoc, "--citeproc", "--bibliography", bibFile, "-t", "plain", "--wrap=none", md)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil || stderr.Len() > 0 {
			t.Fatalf("pandoc on %s: %v\n%s", f, err, stderr.String())
		}
		text := strings.ReplaceAll(string(out), "’", "'") // pandoc's typographic apostrophes
		for _, w := range ws {
			for _, s := range []string{w.Item.HeadlineJA, w.Item.HeadlineEN} {
				if !strings.Contains(text, oneLine(s)) {
					t.Errorf("pandoc's rendering of the %s lacks %q:\n%s", f, oneLine(s), text)
				}
			}
			if !strings.Contains(text, w.URL) {
				t.Errorf("pandoc's rendering of the %s lacks the permalink %s", f, w.URL)
			}
		}
		if n := strings.Count(text, b.Issuer); n < len(ws) {
			t.Errorf("pandoc's rendering of the %s names the issuer %d times for %d items", f, n, len(ws))
		}
		if strings.Contains(text, "???") || strings.Contains(text, "citation not found") {
			t.Errorf("pandoc did not find every citation in the %s:\n%s", f, text)
		}
	}
}

// debianPython is the Python that Debian's python3-* packages install into: /usr/bin/python3
// (a python3 earlier in PATH, from pyenv or a venv, lacks them).
func debianPython(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat("/usr/bin/python3"); err == nil {
		return "/usr/bin/python3"
	}
	p, err := exec.LookPath("python3")
	if err != nil {
		t.Fatal("python3 is needed")
	}
	return p
}

// bibtexparser reads every entry; each field, with the escapes undone, is the text given.
const bibtexRead = `
import bibtexparser, json, re, sys
from bibtexparser.bparser import BibTexParser
db = bibtexparser.loads(sys.stdin.read(), parser=BibTexParser(common_strings=True))
undo = [(r"\textbackslash{}", "\\"), (r"\textasciicircum{}", "^"), (r"\textasciitilde{}", "~"),
        (r"\{", "{"), (r"\}", "}"), (r"\$", "$"), (r"\&", "&"), (r"\#", "#"), (r"\_", "_"), (r"\%", "%")]
def plain(v):
    if v.startswith("{") and v.endswith("}"):
        v = v[1:-1]
    out, i = "", 0
    while i < len(v):
        for a, b in undo:
            if v.startswith(a, i):
                out += b; i += len(a); break
        else:
            out += v[i]; i += 1
    return out
print(json.dumps([{k: plain(v) for k, v in e.items()} for e in db.entries], ensure_ascii=False))
`

func TestBibtexparserReadsBibTeX(t *testing.T) {
	ws, b := works(t)
	var all bytes.Buffer
	for _, w := range ws {
		all.WriteString(render(t, w, BibTeX) + "\n")
	}
	cmd := exec.Command(debianPython(t), "-c", bibtexRead)
	cmd.Stdin = &all
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("bibtexparser (apt-get install python3-bibtexparser): %v\n%s", err, stderr.String())
	}
	var entries []map[string]string
	if err := json.Unmarshal(out, &entries); err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(ws) {
		t.Fatalf("bibtexparser read %d entries of %d", len(entries), len(ws))
	}
	for i, w := range ws {
		e := entries[i]
		want := map[string]string{"ID": w.Key(), "ENTRYTYPE": "misc", "author": oneLine(b.Issuer), "title": w.Title(),
			"url": w.URL, "urldate": "2026-12-07", "year": b.WeekStart.Format("2006"),
			"date": b.WeekStart.String() + "/" + b.WeekEnd.String(), "note": w.note()}
		for k, v := range want {
			if e[k] != v {
				t.Errorf("%s: bibtexparser reads %s = %q, want %q", w.Key(), k, e[k], v)
			}
		}
	}
}

// risLine is a RIS line: a two-character tag, two spaces, a hyphen, a space, the value.
var risLine = regexp.MustCompile(`^([A-Z][A-Z0-9])  - (.*)$`)

// readRIS reads RIS records as the format defines them, refusing what it does not.
func readRIS(t *testing.T, data string) []map[string][]string {
	t.Helper()
	var records []map[string][]string
	var cur map[string][]string
	for i, line := range strings.Split(strings.TrimSuffix(data, "\r\n"), "\r\n") {
		m := risLine.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("RIS line %d is not TAG  - VALUE: %q", i+1, line)
		}
		switch {
		case m[1] == "TY":
			if cur != nil {
				t.Fatalf("RIS line %d: TY before the ER of the record before", i+1)
			}
			cur = map[string][]string{}
		case cur == nil:
			t.Fatalf("RIS line %d: %s outside a record", i+1, m[1])
		case m[1] == "ER":
			records = append(records, cur)
			cur = nil
			continue
		}
		cur[m[1]] = append(cur[m[1]], m[2])
	}
	if cur != nil {
		t.Fatal("RIS: the last record has no ER")
	}
	return records
}

func TestRISRecords(t *testing.T) {
	ws, b := works(t)
	for _, w := range ws {
		recs := readRIS(t, render(t, w, RIS))
		if len(recs) != 1 {
			t.Fatalf("%s: %d RIS records", w.Key(), len(recs))
		}
		r := recs[0]
		want := map[string]string{"TY": "RPRT", "AU": oneLine(b.Issuer), "TI": oneLine(w.Item.HeadlineJA),
			"TT": oneLine(w.Item.HeadlineEN), "T2": b.Title, "UR": w.URL, "Y2": "2026/12/07/", "M1": w.Item.ID,
			"PY": b.WeekStart.Format("2006"), "N1": w.note()}
		for k, v := range want {
			if len(r[k]) != 1 || r[k][0] != v {
				t.Errorf("%s: RIS %s = %q, want %q", w.Key(), k, r[k], v)
			}
		}
		if !strings.Contains(r["N1"][0], w.ContentHash) {
			t.Errorf("%s: the RIS note lacks the content hash", w.Key())
		}
	}
}

func TestBriefingCitation(t *testing.T) {
	_, b := works(t)
	w := ForBriefing(b, links, accessed)
	txt := render(t, w, Text)
	for _, s := range []string{b.Issuer, b.Title, b.Subtitle, "May 16–22, 2026", links.Briefing(b.ID), "Accessed December 7, 2026"} {
		if !strings.Contains(txt, s) {
			t.Errorf("briefing citation lacks %q: %s", s, txt)
		}
	}
	r := readRIS(t, render(t, w, RIS))
	if len(r) != 1 || r[0]["TI"][0] != b.Title || r[0]["UR"][0] != links.Briefing(b.ID) {
		t.Errorf("briefing RIS: %v", r)
	}
	if _, err := ParseFormat("docx"); err == nil {
		t.Error("ParseFormat accepted docx")
	}
}
