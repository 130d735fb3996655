package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"briefsearch/archive"
	"briefsearch/archive/forms"
)

const sampleBriefing = "../../archive/briefings/2026-05-16.txt"

// TestRunParseJSON: one compact JSON object per file per line, equal to what archive.Parse
// reads (whose full output the archive golden test pins), with the snake_case keys.
func TestRunParseJSON(t *testing.T) {
	var out, errOut bytes.Buffer
	files := []string{sampleBriefing, "../../archive/testdata/new-year.txt"}
	if err := runParse(context.Background(), testReader(t), &out, &errOut, files, parseOutput{json: true}); err != nil {
		t.Fatalf("runParse: %v (stderr %q)", err, errOut.String())
	}
	if errOut.Len() != 0 {
		t.Errorf("stderr: %q", errOut.String())
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != len(files) {
		t.Fatalf("%d lines of output, want %d", len(lines), len(files))
	}
	for i, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		want, err := archive.Parse(file, data)
		if err != nil {
			t.Fatal(err)
		}
		var got archive.Briefing
		if err := json.Unmarshal([]byte(lines[i]), &got); err != nil {
			t.Fatalf("line %d is not JSON: %v", i+1, err)
		}
		a, _ := json.Marshal(&got)
		b, _ := json.Marshal(want)
		if !bytes.Equal(a, b) {
			t.Errorf("line %d does not round-trip to archive.Parse's reading of %s", i+1, file)
		}
	}
	var keys map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &keys); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "title", "issuer", "week_start", "week_end", "sections", "items", "warnings", "source_file", "hash"} {
		if _, ok := keys[k]; !ok {
			t.Errorf("key %q missing", k)
		}
	}
	item := keys["items"].([]any)[0].(map[string]any)
	for _, k := range []string{"id", "ordinal", "section", "section_title", "headline_ja", "headline_en", "body", "note", "sources", "date"} {
		if _, ok := item[k]; !ok {
			t.Errorf("item key %q missing", k)
		}
	}
	if keys["week_start"] != "2026-05-16" || len(keys["items"].([]any)) != 18 || len(keys["sections"].([]any)) != 3 {
		t.Errorf("sample read as %v, %d items, %d sections", keys["week_start"], len(keys["items"].([]any)), len(keys["sections"].([]any)))
	}
}

// TestRunParseRejected: good files are still printed, each bad one goes to stderr as
// file:line: reason, and the error is a reportedError so main prints nothing more.
func TestRunParseRejected(t *testing.T) {
	var out, errOut bytes.Buffer
	files := []string{
		"../../archive/testdata/bad/not-utf8.txt",
		sampleBriefing,
		"../../archive/testdata/bad/empty.txt",
		"does-not-exist.txt",
	}
	err := runParse(context.Background(), testReader(t), &out, &errOut, files, parseOutput{})
	if err == nil || !isReported(err) {
		t.Fatalf("error %v: want a reportedError", err)
	}
	if err.Error() != "3 of 4 files rejected" {
		t.Errorf("error %q", err)
	}
	want := "../../archive/testdata/bad/not-utf8.txt:3: not UTF-8 text (byte 0xe9 at offset 55)\n" +
		"../../archive/testdata/bad/empty.txt: empty file\n" +
		"does-not-exist.txt: cannot open: no such file or directory\n"
	if errOut.String() != want {
		t.Errorf("stderr\n got  %q\n want %q", errOut.String(), want)
	}
	if !strings.HasPrefix(out.String(), "2026-05-16  アゼルバイジャン政治・治安情報") {
		t.Errorf("the good file was not printed: %q", out.String())
	}
}

// TestRunParseSummary: the readable summary names the week, sections with item counts and
// one line per item with ordinal, section, date, sources and both headlines, and warnings.
func TestRunParseSummary(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := runParse(context.Background(), testReader(t), &out, &errOut, []string{"../../archive/testdata/sources.txt"}, parseOutput{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"2026-05-16  アゼルバイジャン政治・治安情報\n",
		"  week     2026-05-16 .. 2026-05-22\n",
		"  issuer   在アゼルバイジャン大使館\n",
		"    2. 内政関連 [domestic] 9 items\n",
		"    01 domestic 2026-05-20 [RFE/RL 2026-05-20; JAM-NEWS.NET 2026-05-21] 独立系メディアの記者が拘束 | Independent journalist detained in Baku\n",
		"    02 domestic 2026-05-16 [] 人権団体が声明を発表 | Rights groups issue joint statement\n",
		"  warnings 5\n",
		"    ../../archive/testdata/sources.txt:19: item 2026-05-16-02 has no source attribution; dated by the week start\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, out.String())
		}
	}
}

// TestRunParseFolder: a folder argument parses every *.txt in it.
func TestRunParseFolder(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(sampleBriefing)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "b.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	err = runParse(context.Background(), testReader(t), &out, &errOut, []string{dir}, parseOutput{json: true})
	if !isReported(err) || strings.Count(out.String(), "\n") != 1 || errOut.String() != filepath.Join(dir, "b.txt")+": empty file\n" {
		t.Errorf("err %v, stdout %d lines, stderr %q", err, strings.Count(out.String(), "\n"), errOut.String())
	}
}

// TestParseCommand runs the command through cobra, flags included.
func TestParseCommand(t *testing.T) {
	cmd := newRootCmd()
	var out, errOut bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SetArgs([]string{"parse", "--json", sampleBriefing})
	if err := cmd.ExecuteContext(context.Background()); err != nil {
		t.Fatalf("%v (stderr %q)", err, errOut.String())
	}
	if !strings.HasPrefix(out.String(), `{"id":"2026-05-16",`) || strings.Count(out.String(), "\n") != 1 {
		t.Errorf("output %.80q", out.String())
	}
}

// testReader is a reader of every form, closed with the test.
func testReader(t *testing.T) *forms.Reader {
	t.Helper()
	r := forms.NewReader(forms.Options{})
	t.Cleanup(func() { r.Close() })
	return r
}
