// Command pdffidelity measures how faithfully each PDF text engine gives back a briefing: for
// every name.pdf in a folder with its source name.txt beside it, the PDF's text is parsed as
// briefsearch parses a briefing, and each item is compared field by field with the source's.
//
//	go run ./bench/cmd/pdffidelity DIR
//
// The engines: PDFium with briefsearch's layout (archive/pdf), and poppler's pdftotext in its
// default, -layout and -raw modes (Debian's poppler-utils). It prints a Markdown table.
package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"briefsearch/archive"
	"briefsearch/archive/pdf"
)

type engine struct {
	name string
	text func(path string) (string, error)
}

// tally counts the items an engine gives back right, field by field.
type tally struct {
	files, failed, items, found, headlines, sources, sections, bodies, whole int
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: pdffidelity DIR")
		os.Exit(2)
	}
	pdfs, _ := filepath.Glob(filepath.Join(os.Args[1], "*.pdf"))
	slices.Sort(pdfs)
	e := pdf.NewEngine(pdf.Options{})
	defer e.Close()
	engines := []engine{{"PDFium + briefsearch layout", func(p string) (string, error) {
		data, err := os.ReadFile(p)
		if err != nil {
			return "", err
		}
		return e.Text(context.Background(), data)
	}}}
	for _, mode := range [][]string{nil, {"-layout"}, {"-raw"}} {
		args := append(slices.Clone(mode), "-enc", "UTF-8")
		engines = append(engines, engine{"pdftotext " + strings.Join(mode, " "), func(p string) (string, error) {
			out, err := exec.Command("pdftotext", append(args, p, "-")...).Output()
			return string(out), err
		}})
	}
	fmt.Println("| engine | files read | items found | both headlines | sources and dates | section | body and note | every field |")
	fmt.Println("|---|---|---|---|---|---|---|---|")
	for _, en := range engines {
		var t tally
		for _, p := range pdfs {
			src, err := os.ReadFile(strings.TrimSuffix(p, ".pdf") + ".txt")
			if err != nil {
				continue
			}
			want, err := archive.Parse("source.txt", src)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			t.files++
			t.items += len(want.Items)
			text, err := en.text(p)
			if err != nil {
				t.failed++
				continue
			}
			got, err := archive.Parse(filepath.Base(p), []byte(text))
			if err != nil {
				t.failed++
				continue
			}
			compare(&t, want, got)
		}
		pct := func(n int) string { return fmt.Sprintf("%d (%.0f%%)", n, 100*float64(n)/float64(max(t.items, 1))) }
		fmt.Printf("| %s | %d of %d | %s | %s | %s | %s | %s | %s |\n", en.name, t.files-t.failed, t.files,
			pct(t.found), pct(t.headlines), pct(t.sources), pct(t.sections), pct(t.bodies), pct(t.whole))
	}
}

// compare counts got's items that match want's, by id.
func compare(t *tally, want, got *archive.Briefing) {
	byID := map[string]archive.Item{}
	for _, it := range got.Items {
		byID[it.ID] = it
	}
	flat := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	for _, w := range want.Items {
		g, ok := byID[w.ID]
		if !ok {
			continue
		}
		t.found++
		h := g.HeadlineJA == w.HeadlineJA && g.HeadlineEN == w.HeadlineEN
		s := slices.Equal(g.Sources, w.Sources) && g.Date == w.Date
		sec := g.Section == w.Section
		b := flat(g.Body) == flat(w.Body) && flat(g.Note) == flat(w.Note)
		for _, c := range []struct {
			ok bool
			n  *int
		}{{h, &t.headlines}, {s, &t.sources}, {sec, &t.sections}, {b, &t.bodies}, {h && s && sec && b, &t.whole}} {
			if c.ok {
				*c.n++
			}
		}
	}
}
