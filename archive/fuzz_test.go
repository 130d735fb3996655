package archive

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

var itemID = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}-\d{2,}$`)

// FuzzParse: no input panics, and whatever Parse accepts is a well-formed briefing.
// Seeds: the sample, every rule file, every bad file (testdata/fuzz/FuzzParse keeps any
// crasher found as a regression).
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.txt")
	bad, _ := filepath.Glob("testdata/bad/*.txt")
	for _, file := range append(append([]string{sampleFile}, seeds...), bad...) {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Parse("f.txt", data)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.File != "f.txt" || pe.Line < 0 || pe.Reason == "" || b != nil {
				t.Fatalf("bad error %#v (briefing %v)", err, b)
			}
			return
		}
		if err := checkBriefing(b); err != nil {
			t.Fatal(err)
		}
	})
}

// checkBriefing asserts what every parsed briefing must satisfy.
func checkBriefing(b *Briefing) error {
	if b.ID != b.WeekStart.String() || b.WeekStart.IsZero() || b.WeekEnd.Before(b.WeekStart.Time) {
		return fmt.Errorf("week %s %s..%s", b.ID, b.WeekStart, b.WeekEnd)
	}
	if len(b.Items) == 0 || b.Warnings == nil || b.Sections == nil {
		return fmt.Errorf("%d items, warnings %v, sections %v", len(b.Items), b.Warnings, b.Sections)
	}
	if !strings.HasPrefix(b.Hash, "sha256:") || len(b.Hash) != len("sha256:")+64 {
		return fmt.Errorf("hash %q", b.Hash)
	}
	keys := map[string]bool{"": true}
	texts := []string{b.Title, b.Subtitle, b.Issuer}
	for _, s := range b.Sections {
		if !urlSafeKey.MatchString(s.Key) || s.Key != SectionKey(s.Title) {
			return fmt.Errorf("section %+v: bad key", s)
		}
		keys[s.Key] = true
		texts = append(texts, s.Title)
	}
	for i, it := range b.Items {
		if it.Ordinal != i+1 || it.ID != fmt.Sprintf("%s-%02d", b.ID, i+1) || !itemID.MatchString(it.ID) {
			return fmt.Errorf("item %d: id %q ordinal %d", i, it.ID, it.Ordinal)
		}
		if !keys[it.Section] {
			return fmt.Errorf("%s: section %q is not a section of the briefing", it.ID, it.Section)
		}
		if it.Sources == nil || it.Date.IsZero() {
			return fmt.Errorf("%s: sources %v date %s", it.ID, it.Sources, it.Date)
		}
		if len(it.Sources) > 0 && !it.Date.Equal(it.Sources[0].Date.Time) || len(it.Sources) == 0 && !it.Date.Equal(b.WeekStart.Time) {
			return fmt.Errorf("%s: date %s, sources %v", it.ID, it.Date, it.Sources)
		}
		for _, s := range it.Sources {
			if s.Name == "" || s.Date.IsZero() {
				return fmt.Errorf("%s: source %+v", it.ID, s)
			}
			texts = append(texts, s.Name)
		}
		if it.HeadlineJA == "" && it.HeadlineEN == "" && it.Body == "" && it.Note == "" {
			return fmt.Errorf("%s: an item with no text at all", it.ID)
		}
		texts = append(texts, it.HeadlineJA, it.HeadlineEN, it.Body, it.Note, it.SectionTitle)
		for _, h := range []string{it.HeadlineJA, it.HeadlineEN} {
			if strings.Contains(h, "\n") {
				return fmt.Errorf("%s: headline %q spans lines", it.ID, h)
			}
		}
		if hasJapanese(it.HeadlineEN) {
			return fmt.Errorf("%s: Japanese in the English headline %q", it.ID, it.HeadlineEN)
		}
	}
	for _, s := range texts {
		if strings.ContainsRune(s, '*') || !utf8.ValidString(s) || s != strings.TrimSpace(s) || strings.Contains(s, "\n\n\n") {
			return fmt.Errorf("text %q: markup, bad UTF-8 or untrimmed", s)
		}
	}
	for _, w := range b.Warnings {
		if !strings.HasPrefix(w, b.SourceFile+":") {
			return fmt.Errorf("warning %q does not name the file", w)
		}
	}
	out, err := json.Marshal(b)
	if err != nil {
		return err
	}
	var back Briefing
	if err := json.Unmarshal(out, &back); err != nil {
		return fmt.Errorf("JSON does not read back: %v", err)
	}
	return nil
}

// TestInvariantsOnTestdata runs the fuzz invariants on the files themselves, so they are
// checked on every test run, not only while fuzzing.
func TestInvariantsOnTestdata(t *testing.T) {
	for _, file := range goodFiles(t) {
		if err := checkBriefing(parseFile(t, file)); err != nil {
			t.Errorf("%s: %v", file, err)
		}
	}
}
