package web

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"briefsearch/cite"
	"briefsearch/index/indextest"
	"briefsearch/search"
)

var fixedNow = func() time.Time { return time.Date(2026, 12, 7, 23, 30, 0, 0, time.UTC) }

// The API serves exactly cite's bytes for the item as the index holds it, in every format,
// with a file name a reference manager recognizes.
func TestCiteAPI(t *testing.T) {
	env := newTestEnv(t)
	srv := env.server(t, Options{Now: fixedNow, PublicURL: "https://briefs.example.org"})
	b := env.briefings[0]
	it := b.Items[3]
	page := &search.ItemPage{Item: it, BriefingID: b.ID, BriefingTitle: b.Title, Issuer: b.Issuer,
		WeekStart: b.WeekStart, WeekEnd: b.WeekEnd}
	w := cite.ForItem(page, cite.Links{Base: "https://briefs.example.org"}, fixedNow())
	for _, f := range cite.Formats {
		rec := do(t, srv, "GET", "/api/v1/items/"+it.ID+"/cite?format="+string(f), nil)
		want, err := cite.Render(w, f)
		if err != nil {
			t.Fatal(err)
		}
		if rec.Code != 200 || rec.Body.String() != string(want) {
			t.Errorf("%s: %d\n%s\nwant\n%s", f, rec.Code, rec.Body, want)
		}
		if ct := rec.Header().Get("Content-Type"); ct != f.ContentType() {
			t.Errorf("%s: Content-Type %q", f, ct)
		}
		if cd := rec.Header().Get("Content-Disposition"); !strings.Contains(cd, `filename="briefsearch-`+it.ID+f.Ext()+`"`) {
			t.Errorf("%s: Content-Disposition %q", f, cd)
		}
	}
	if rec := do(t, srv, "GET", "/api/v1/items/"+it.ID+"/cite", nil); !strings.Contains(rec.Body.String(), b.Issuer) ||
		rec.Header().Get("Content-Type") != cite.Text.ContentType() {
		t.Errorf("the default format is not text: %s", rec.Header().Get("Content-Type"))
	}
	rec := do(t, srv, "GET", "/api/v1/briefings/"+b.ID+"/cite?format=ris", nil)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "TI  - "+b.Title+"\r\n") ||
		!strings.Contains(rec.Body.String(), "UR  - https://briefs.example.org/briefings/"+b.ID+"\r\n") {
		t.Errorf("briefing RIS: %d %s", rec.Code, rec.Body)
	}
	for _, bad := range []string{"?format=docx", "?format=ris&format=text", "?style=apa"} {
		if rec := do(t, srv, "GET", "/api/v1/items/"+it.ID+"/cite"+bad, nil); rec.Code != 400 {
			t.Errorf("cite%s: %d, want 400", bad, rec.Code)
		}
	}
}

// metaContent reads the content of every <meta name=…> of a page, unescaped.
func metaContent(page string) map[string][]string {
	out := map[string][]string{}
	for _, m := range regexp.MustCompile(`<meta name="([^"]+)" content="([^"]*)">`).FindAllStringSubmatch(page, -1) {
		out[m[1]] = append(out[m[1]], html.UnescapeString(m[2]))
	}
	return out
}

// An item page carries the citation to copy, links to the four formats, the permalink, and
// Highwire citation_* tags for Zotero; stored markup in a headline stays text everywhere.
func TestItemPageCiteAndMetaTags(t *testing.T) {
	env := newTestEnv(t)
	srv := env.server(t, Options{Now: fixedNow, PublicURL: "https://briefs.example.org"})
	links := cite.Links{Base: "https://briefs.example.org"}
	for _, b := range env.briefings {
		for _, it := range b.Items {
			rec := do(t, srv, "GET", "/items/"+it.ID, nil)
			body := rec.Body.String()
			w := cite.ForItem(&search.ItemPage{Item: it, BriefingID: b.ID, BriefingTitle: b.Title, Issuer: b.Issuer,
				WeekStart: b.WeekStart, WeekEnd: b.WeekEnd}, links, fixedNow())
			m := metaContent(body)
			want := map[string]string{"citation_title": w.Title(), "citation_author": b.Issuer,
				"citation_publication_date": b.WeekStart.Format("2006/01/02"), "citation_public_url": links.Permalink(it),
				"citation_technical_report_number": it.ID, "citation_id": it.ContentHash()}
			for k, v := range want {
				if len(m[k]) != 1 || m[k][0] != v {
					t.Errorf("%s: <meta %s> = %q, want %q", it.ID, k, m[k], v)
				}
			}
			if strings.Join(m["citation_language"], ",") != "ja,en" {
				t.Errorf("%s: citation_language %v", it.ID, m["citation_language"])
			}
			cit := regexp.MustCompile(`<p class="citation" id="citation-text">([^<]*)</p>`).FindStringSubmatch(body)
			if cit == nil || html.UnescapeString(cit[1]) != w.Text() {
				t.Errorf("%s: the page's citation is not cite's text:\n%v\nwant\n%s", it.ID, cit, w.Text())
			}
			for _, f := range cite.Formats {
				if !strings.Contains(body, `href="/api/v1/items/`+it.ID+`/cite?format=`+string(f)+`"`) {
					t.Errorf("%s: no %s link", it.ID, f)
				}
			}
			if !strings.Contains(body, `href="`+links.Permalink(it)+`" class="permalink-url"`) {
				t.Errorf("%s: no permalink", it.ID)
			}
			if strings.Contains(body, "<script>") {
				t.Errorf("%s: stored markup reached the page unescaped", it.ID)
			}
		}
	}
	rec := do(t, srv, "GET", "/briefings/"+env.briefings[0].ID, nil)
	if !strings.Contains(rec.Body.String(), `href="/api/v1/briefings/`+env.briefings[0].ID+`/cite?format=bibtex"`) {
		t.Error("the briefing page has no BibTeX link")
	}
}

// TestPermalinksOverHTTP serves the sample, then its corrected reissue (an item dropped, so
// later ids shift, and one edited) after a reload, and follows permalinks made before it.
func TestPermalinksOverHTTP(t *testing.T) {
	c, err := indextest.CorrectedSample(filepath.Join(testdataArchive, "2026-05-16.txt"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	archiveDir := filepath.Join(dir, "archive")
	if err := os.MkdirAll(archiveDir, 0o755); err != nil {
		t.Fatal(err)
	}
	sample, _ := os.ReadFile(filepath.Join(testdataArchive, "2026-05-16.txt"))
	if err := os.WriteFile(filepath.Join(archiveDir, "2026-05-16.txt"), sample, 0o644); err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(dir, "index")
	env, err := buildTestIndex(root, archiveDir)
	if err != nil {
		t.Fatal(err)
	}
	srv := env.server(t, Options{})
	before := map[string]string{} // permalink -> the id it led to
	for _, it := range c.Original.Items {
		rec := do(t, srv, "GET", "/p/"+it.ShortHash(), nil)
		if rec.Code != http.StatusFound || rec.Header().Get("Location") != "/items/"+it.ID {
			t.Fatalf("/p/ of %s: %d to %q", it.ID, rec.Code, rec.Header().Get("Location"))
		}
		before[it.ShortHash()] = it.ID
	}

	if err := os.WriteFile(filepath.Join(archiveDir, "2026-05-16.txt"), c.ReissueText, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := buildTestIndex(root, archiveDir); err != nil {
		t.Fatal(err)
	}
	if err := srv.opts.Reloader.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	now := map[string]string{}
	for _, it := range c.Reissue.Items {
		now[it.ShortHash()] = it.ID
	}
	moved := 0
	for hash, oldID := range before {
		rec := do(t, srv, "GET", "/p/"+hash, nil)
		api := do(t, srv, "GET", "/api/v1/p/"+hash, nil)
		var p permalinkResponse
		if err := json.Unmarshal(api.Body.Bytes(), &p); err != nil {
			t.Fatalf("/api/v1/p/%s: %v %s", hash, err, api.Body)
		}
		switch hash {
		case c.Removed.ShortHash():
			if rec.Code != http.StatusGone || !strings.Contains(rec.Body.String(), html.EscapeString(c.Removed.HeadlineEN)) ||
				!strings.Contains(rec.Body.String(), `data-status="removed"`) {
				t.Errorf("removed %s: %d", oldID, rec.Code)
			}
			if p.Status != "removed" || len(p.Past) != 1 || p.Past[0].Item.Body != c.Removed.Body || p.ID != "" {
				t.Errorf("API, removed %s: %+v", oldID, p)
			}
		case c.Edited.ShortHash():
			page := rec.Body.String()
			// Both versions: the sentence as it was and as it is now.
			if rec.Code != 200 || !strings.Contains(page, "past nine months") || !strings.Contains(page, "past ten months") ||
				!strings.Contains(page, `href="/items/`+c.EditedNow.ID+`" class="current-link"`) {
				t.Errorf("edited %s: %d, both versions shown: %v %v", oldID, rec.Code,
					strings.Contains(page, "past nine months"), strings.Contains(page, "past ten months"))
			}
			if p.Status != "changed" || p.ID != c.EditedNow.ID || p.CurrentHash != c.EditedNow.ShortHash() || p.PageURL != "/items/"+c.EditedNow.ID {
				t.Errorf("API, edited %s: %+v", oldID, p)
			}
		default:
			if rec.Code != http.StatusFound || rec.Header().Get("Location") != "/items/"+now[hash] {
				t.Errorf("%s: /p/ gave %d to %q, want the item now at %s", oldID, rec.Code, rec.Header().Get("Location"), now[hash])
			}
			if p.Status != "current" || p.ID != now[hash] || p.ItemURL != "/api/v1/items/"+now[hash] {
				t.Errorf("API, %s: %+v", oldID, p)
			}
			if now[hash] != oldID {
				moved++
			}
		}
	}
	if moved == 0 {
		t.Error("no item moved: the reissue renumbered nothing")
	}
	for target, code := range map[string]int{"/p/0123456789abcdef": 404, "/p/nothex": 400, "/api/v1/p/0123456789abcdef": 404, "/p/" + c.EditedNow.ShortHash() + "?x=1": 400} {
		if rec := do(t, srv, "GET", target, nil); rec.Code != code {
			t.Errorf("%s: %d, want %d", target, rec.Code, code)
		}
	}
}

// hostileWeek is a briefing whose headlines, body and source carry what every output must
// escape: HTML, XML, LaTeX, RIS and spreadsheet specials.
const hostileWeek = `アゼルバイジャン政治・治安情報

(公開情報とりまとめ)

2026年6月13日～6月19日

在アゼルバイジャン大使館 <b>&amp;</b>

1. 軍事・治安関係

● 見出し <script>alert("ja")</script> {括弧} 100% & $x$ ]]> 訂正

Headline <script>alert(1)</script> {braces} 100% & $5 #tag_x ~ ^ \end ]]>

=HYPERLINK("http://evil.example") body with {braces}, 50% & <i>tags</i> and "quotes". (A&B {Wire} / 14.06.2026)
`

func hostileEnv(t *testing.T) *testEnv {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "2026-06-13.txt"), []byte(hostileWeek), 0o644); err != nil {
		t.Fatal(err)
	}
	env, err := buildTestIndex(filepath.Join(t.TempDir(), "index"), dir)
	if err != nil {
		t.Fatal(err)
	}
	return env
}

// The hostile headline stays text in the item page (its citation and meta tags), and every
// citation format carries it as its reader will read it back (the cite package's tests run
// pandoc and bibtexparser on such text; here the server's answers are checked).
func TestCiteEscapesHostileText(t *testing.T) {
	env := hostileEnv(t)
	srv := env.server(t, Options{Now: fixedNow})
	it := env.briefings[0].Items[0]
	page := do(t, srv, "GET", "/items/"+it.ID, nil).Body.String()
	if strings.Contains(page, "<script>") || strings.Contains(page, "<b>") || strings.Contains(page, "<i>") {
		t.Error("stored markup reached the item page unescaped")
	}
	if m := metaContent(page); !strings.Contains(strings.Join(m["citation_title"], ""), `<script>alert(1)</script> {braces} 100% &`) {
		t.Errorf("citation_title does not read back as the headline: %q", m["citation_title"])
	}
	bib := do(t, srv, "GET", "/api/v1/items/"+it.ID+"/cite?format=bibtex", nil).Body.String()
	for _, s := range []string{`\{braces\} 100\% \& \$5 \#tag\_x \textasciitilde{} \textasciicircum{} \textbackslash{}end`, `A\&B \{Wire\}, 14.06.2026`} {
		if !strings.Contains(bib, s) {
			t.Errorf("BibTeX lacks %q:\n%s", s, bib)
		}
	}
	if bare := strings.NewReplacer(`\{`, "", `\}`, "").Replace(bib); strings.Count(bare, "{") != strings.Count(bare, "}") {
		t.Errorf("BibTeX braces do not balance:\n%s", bib)
	}
	ris := do(t, srv, "GET", "/api/v1/items/"+it.ID+"/cite?format=ris", nil).Body.String()
	if !strings.HasPrefix(ris, "TY  - RPRT\r\n") || !strings.HasSuffix(ris, "ER  - \r\n") || strings.Count(ris, "TY  - ") != 1 {
		t.Errorf("RIS record broken:\n%s", ris)
	}
	var csl []map[string]any
	if err := json.Unmarshal(do(t, srv, "GET", "/api/v1/items/"+it.ID+"/cite?format=csl-json", nil).Body.Bytes(), &csl); err != nil ||
		len(csl) != 1 || !strings.Contains(csl[0]["title"].(string), it.HeadlineEN) {
		t.Errorf("CSL-JSON: %v %v", err, csl)
	}
}
