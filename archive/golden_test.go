package archive

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// sampleFile is the shipped sample, the briefing the Done-when criteria are about.
const sampleFile = "briefings/2026-05-16.txt"

// goodFiles are every briefing the golden test pins: the sample and the rule files.
func goodFiles(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata briefings: %v", err)
	}
	return append([]string{sampleFile}, files...)
}

func parseFile(t testing.TB, file string) *Briefing {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Parse(file, data)
	if err != nil {
		t.Fatalf("Parse(%s): %v", file, err)
	}
	return b
}

// marshalGolden is how the golden files are written: indented for reviewable diffs, and
// without HTML escaping, like `briefsearch parse --json`.
func marshalGolden(t testing.TB, b *Briefing) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(b); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestGolden pins the full JSON of the sample and of every rule file.
func TestGolden(t *testing.T) {
	for _, file := range goodFiles(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			got := marshalGolden(t, parseFile(t, file))
			golden := filepath.Join("testdata", "golden", strings.TrimSuffix(filepath.Base(file), ".txt")+".json")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./archive -run TestGolden -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s; diff the output of -update to review:\n%s", file, golden, firstDiff(string(got), string(want)))
			}
		})
	}
}

// firstDiff shows the first differing line, enough to see what changed.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + strconv.Itoa(i+1) + ":\n got  " + gl + "\n want " + wl
		}
	}
	return "(no line differs)"
}

// TestSampleDoneWhen checks the acceptance criteria on the sample directly, so that
// an -update cannot quietly bless a regression in them.
func TestSampleDoneWhen(t *testing.T) {
	b := parseFile(t, sampleFile)
	if b.ID != "2026-05-16" || b.WeekStart.String() != "2026-05-16" || b.WeekEnd.String() != "2026-05-22" {
		t.Errorf("week = %s %s..%s, want 2026-05-16 2026-05-16..2026-05-22", b.ID, b.WeekStart, b.WeekEnd)
	}
	if len(b.Sections) != 3 || len(b.Items) != 18 {
		t.Fatalf("%d sections, %d items; want 3 and 18", len(b.Sections), len(b.Items))
	}
	if len(b.Warnings) != 0 {
		t.Errorf("warnings on the sample: %q", b.Warnings)
	}
	for _, it := range b.Items {
		if it.HeadlineJA == "" || it.HeadlineEN == "" || hasJapanese(it.HeadlineEN) || !hasJapanese(it.HeadlineJA) {
			t.Errorf("%s: headlines %q / %q not cleanly split", it.ID, it.HeadlineJA, it.HeadlineEN)
		}
	}
	// The five items in the two bold layouts.
	for _, want := range []struct{ id, ja, en string }{
		{"2026-05-16-07", "アゼルバイジャン、新植民地主義に焦点を当てた「グローバル・サウス」会議を主催", "Azerbaijan hosts neocolonialism-focused Global South conference"},
		{"2026-05-16-08", "アリエフ大統領、トカエフ・カザフスタン大統領と電話会談", "President Aliyev made a phone call to President of Kazakhstan Tokayev"},
		{"2026-05-16-15", "アゼルバイジャンとD-8、協力の展望について協議", "Azerbaijan, D-8 discuss prospects for cooperation"},
		{"2026-05-16-16", "アリエフ大統領、マクロン仏大統領と電話会談", "President Ilham Aliyev and President of France held phone conversation"},
		{"2026-05-16-17", "第7回EU・アゼルバイジャン安全保障対話、バクーで開催", "Seventh EU-Azerbaijan Security Dialogue held in Baku"},
	} {
		it := itemByID(t, b, want.id)
		if it.HeadlineJA != want.ja || it.HeadlineEN != want.en {
			t.Errorf("%s headlines = %q / %q, want %q / %q", want.id, it.HeadlineJA, it.HeadlineEN, want.ja, want.en)
		}
	}
	if tokayev := itemByID(t, b, "2026-05-16-08"); strings.Contains(tokayev.Body, "\n") || !strings.Contains(tokayev.Body, "brotherly relations between Azerbaijan") {
		t.Errorf("the Tokayev body is not one rejoined paragraph: %q", tokayev.Body)
	}
	cumhuriyet := 0
	for _, it := range b.Items {
		if len(it.Sources) == 1 && it.Sources[0].Name == "Cumhuriyet" {
			cumhuriyet++
			if it.Date.String() != "2026-05-18" || !strings.HasPrefix(it.Note, "Criticism appeared") {
				t.Errorf("%s: Cumhuriyet item date %s, note %.30q", it.ID, it.Date, it.Note)
			}
		}
	}
	if cumhuriyet != 1 {
		t.Errorf("%d items sourced from Cumhuriyet, want 1", cumhuriyet)
	}
	out, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.ContainsRune(out, '*') {
		t.Errorf("markup left in the JSON")
	}
}

func itemByID(t testing.TB, b *Briefing, id string) Item {
	t.Helper()
	for _, it := range b.Items {
		if it.ID == id {
			return it
		}
	}
	t.Fatalf("no item %s in %s", id, b.SourceFile)
	return Item{}
}
