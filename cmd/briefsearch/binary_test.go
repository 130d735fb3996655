package main

// The binary as a researcher runs it: built, run from a folder of their own with no config
// file, pointed at an archive of year folders holding every form, then serving it.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"

	"briefsearch/archive/forms/formstest"
	"briefsearch/search"
)

func TestInstalledBinaryFromAnywhere(t *testing.T) {
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "bin", "briefsearch")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	home := filepath.Join(tmp, "home")
	briefings := filepath.Join(home, "briefings")
	work := filepath.Join(home, "work") // where the researcher runs it: no config.yaml
	for _, d := range []string{work, filepath.Join(briefings, "2024"), filepath.Join(briefings, "2025"), filepath.Join(briefings, "2026"), filepath.Join(tmp, "make")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}

	// The archive, made by the programs that make briefings: the sample as a LibreOffice PDF
	// (from pandoc's DOCX), other weeks as DOCX, Markdown and Shift_JIS text, one scanned PDF,
	// and what else such a folder holds.
	docs := filepath.Join(tmp, "make")
	weeks := syntheticWeeks(t, 4)
	writeFile(t, filepath.Join(docs, "2026-05-16.txt"), string(mustRead(t, sampleBriefing)))
	writeFile(t, filepath.Join(docs, weeks[0].Name), string(weeks[0].Data))
	writeFile(t, filepath.Join(docs, weeks[3].Name), string(weeks[3].Data))
	sampleDOCX, weekDOCX, lateDOCX := filepath.Join(docs, "2026-05-16.docx"), filepath.Join(docs, "w0.docx"), filepath.Join(docs, "w3.docx")
	formstest.DOCX(t, filepath.Join(docs, "2026-05-16.txt"), sampleDOCX)
	formstest.DOCX(t, filepath.Join(docs, weeks[0].Name), weekDOCX)
	formstest.DOCX(t, filepath.Join(docs, weeks[3].Name), lateDOCX)
	pdfs := formstest.LibreOfficePDF(t, filepath.Join(docs, "pdf"), "", sampleDOCX, lateDOCX)
	copyFile(t, pdfs[0], filepath.Join(briefings, "2026", "2026-05-16.pdf"))
	copyFile(t, weekDOCX, filepath.Join(briefings, "2026", strings.TrimSuffix(weeks[0].Name, ".txt")+".docx"))
	writeFile(t, filepath.Join(briefings, "2025", strings.TrimSuffix(weeks[1].Name, ".txt")+".md"), string(weeks[1].Data))
	// As a Windows editor saves it: what Shift_JIS lacks (an en dash, ü) becomes "?".
	sjis, err := encoding.ReplaceUnsupported(japanese.ShiftJIS.NewEncoder()).Bytes([]byte(strings.ReplaceAll(string(weeks[2].Data), "〜", "～")))
	if err != nil {
		t.Fatal(err)
	}
	sjis = bytes.ReplaceAll(sjis, []byte{0x1A}, []byte("?")) // x/text writes SUB where Windows writes ?
	if err := os.WriteFile(filepath.Join(briefings, "2024", "briefing-sjis.txt"), sjis, 0o644); err != nil {
		t.Fatal(err)
	}
	formstest.ScanPDF(t, pdfs[0], filepath.Join(briefings, "2025", "scan.pdf"))
	writeFile(t, filepath.Join(briefings, "2025", "budget.xlsx"), "not a briefing")
	writeFile(t, filepath.Join(briefings, ".DS_Store"), "")

	env := append(os.Environ(), "HOME="+home, "XDG_DATA_HOME=", "XDG_CACHE_HOME=", "XDG_CONFIG_HOME=")
	run := func(args ...string) (string, string, int) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Dir, cmd.Env = work, env
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return out.String(), errOut.String(), code
	}

	out, errOut, code := run("index", "--archive", briefings)
	if code != 1 {
		t.Errorf("index exited %d, want 1 (a scan was rejected)\n%s%s", code, out, errOut)
	}
	for _, want := range []string{
		"indexed 4 briefings",
		"briefings by form: 1 pdf, 1 docx, 1 markdown, 1 text",
		filepath.Join(briefings, "2025", "scan.pdf") + ": no text layer: scanned image?",
		"skipped: 1 file of other types (.xlsx 1), 1 hidden file or folder",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("index report lacks %q:\n%s", want, out)
		}
	}
	if _, err := os.Stat(filepath.Join(home, ".local", "share", "briefsearch", "index", "current")); err != nil {
		t.Errorf("the index is not in the user data folder: %v", err)
	}

	// バイラモフ finds the sample's items as it does on the sample, read from the PDF.
	out, errOut, code = run("search", "バイラモフ", "--json", "--size", "100")
	if code != 0 {
		t.Fatalf("search exited %d: %s", code, errOut)
	}
	var res search.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	var fromSample []int
	for _, h := range res.Hits {
		if h.BriefingID == "2026-05-16" {
			fromSample = append(fromSample, h.Ordinal)
		}
	}
	slices.Sort(fromSample)
	if !slices.Equal(fromSample, []int{5, 10, 14, 15}) {
		t.Errorf("バイラモフ finds items %v of the sample's PDF, want [5 10 14 15]", fromSample)
	}
	if out, _, _ := run("version"); !regexp.MustCompile(`^briefsearch \S+.* go1\.`).MatchString(out) {
		t.Errorf("version: %q", out)
	}

	// Serving it: a PDF copied into a year folder is found, and an upload is taken.
	token := strings.Repeat("t", 40)
	cmd := exec.Command(bin, "serve", "--archive", briefings, "--addr", "127.0.0.1:0")
	cmd.Dir = work
	cmd.Env = append(env, "BRIEFSEARCH_SERVER_ADMIN_TOKEN="+token, "BRIEFSEARCH_SERVER_RATE_LIMIT=0")
	logs, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	}()
	base := make(chan string, 1)
	var logText syncBuffer
	go func() {
		sc := bufio.NewScanner(logs)
		for sc.Scan() {
			logText.Write([]byte(sc.Text() + "\n"))
			if m := regexp.MustCompile(`msg=serving url=(\S+)/`).FindStringSubmatch(sc.Text()); m != nil {
				base <- m[1]
			}
		}
	}()
	var url string
	select {
	case url = <-base:
	case <-time.After(time.Minute):
		t.Fatalf("serve did not start:\n%s", logText.String())
	}
	late := strings.TrimSuffix(weeks[3].Name, ".txt")
	copyFile(t, pdfs[1], filepath.Join(briefings, "2026", late+".pdf"))
	deadline := time.Now().Add(time.Minute)
	for {
		resp, err := http.Get(url + "/api/v1/briefings/" + late)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the PDF copied in is not served after a minute:\n%s", logText.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	status, body := upload(t, url, token, "uploaded.docx", mustRead(t, lateDOCX), "")
	if status != 409 || !strings.HasPrefix(errorCode(body), "week_exists") {
		t.Errorf("uploading the week the PDF brought: %d %v", status, body)
	}
	status, body = upload(t, url, token, "uploaded.docx", mustRead(t, lateDOCX), "?replace=true")
	if status != 201 || body["path"] != "2026/"+late+".docx" || body["searchable"] != true {
		t.Errorf("uploading a DOCX in its place: %d %v", status, body)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("serve did not stop cleanly on SIGTERM: %v\n%s", err, logText.String())
	}
}
