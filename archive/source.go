package archive

// Source attributions: "(TREND / 22.05.2026)" at the end of an item's last body paragraph,
// possibly several separated by ";" ("(TREND / 29.12.2025; APA / 30.12.2025)").

import (
	"fmt"
	"regexp"
	"strings"
)

var (
	// dateLike tells an attribution from an ordinary parenthesis such as "(ANAMA)".
	dateLike = regexp.MustCompile(`\d{1,2}\s*[./]\s*\d{1,2}\s*[./]\s*\d{2,4}`)
	// sourceEntry is one "NAME / DD.MM.YYYY"; the name is matched lazily so that a name with
	// a slash of its own ("RFE/RL / 20.05.2026") keeps it.
	sourceEntry = regexp.MustCompile(`^(\S.*?)\s*/\s*(\d{1,2})\s*[./]\s*(\d{1,2})\s*[./]\s*(\d{4})$`)
	// sourceNoSlash is the common slip "(TREND 22.05.2026)": read, with a warning.
	sourceNoSlash = regexp.MustCompile(`^(\S.*?)\s+(\d{1,2})\s*[./]\s*(\d{1,2})\s*[./]\s*(\d{4})$`)
)

// attribution is what was found at the end of a paragraph.
type attribution struct {
	sources  []Source
	text     string   // the paragraph with the attribution removed
	warnings []string // reasons, for a malformed or half-readable attribution
	found    bool     // a dated parenthesis ends the paragraph, readable or not
}

// findAttribution looks for a dated parenthesis at the very end of text and reads it.
func findAttribution(text string) attribution {
	trimmed, open, inner, ok := locateAttribution(text)
	if !ok {
		return attribution{text: text}
	}
	a := attribution{found: true, text: strings.TrimRight(trimmed[:open], " ")}
	a.sources, a.warnings = readSources(trimmed[open:], inner)
	if len(a.sources) == 0 {
		a.text = text // unreadable: leave it in the body where a reader can still see it
	}
	return a
}

// endsWithAttribution is findAttribution(text).found without reading the sources.
func endsWithAttribution(text string) bool {
	_, _, _, ok := locateAttribution(text)
	return ok
}

// locateAttribution finds the parenthesis ending text: text without trailing spaces, the
// offset of its "(", and what is inside, width-folded. ok only when the inside has a date.
func locateAttribution(text string) (trimmed string, open int, inner string, ok bool) {
	// A stray full stop after the parenthesis ("(TREND / 22.05.2026).") is part of it.
	trimmed = strings.TrimRight(text, " .。")
	closeLen := len(")")
	switch {
	case strings.HasSuffix(trimmed, ")"):
	case strings.HasSuffix(trimmed, "）"):
		closeLen = len("）")
	default:
		return trimmed, 0, "", false
	}
	open = strings.LastIndexAny(trimmed, "(（")
	if open < 0 {
		return trimmed, 0, "", false
	}
	openLen := len("(")
	if strings.HasPrefix(trimmed[open:], "（") {
		openLen = len("（")
	}
	if open+openLen > len(trimmed)-closeLen {
		return trimmed, 0, "", false
	}
	inner = foldWidth(strings.TrimSpace(trimmed[open+openLen : len(trimmed)-closeLen]))
	return trimmed, open, inner, dateLike.MatchString(inner)
}

// readSources reads the entries of an attribution. Entries are separated by ";" (or, failing
// that, ","); each unreadable entry becomes a warning and the readable ones are kept.
func readSources(printed, inner string) ([]Source, []string) {
	entries := splitEntries(inner, ";；")
	if len(dateLike.FindAllStringIndex(inner, -1)) > len(entries) {
		// More dates than entries: the sources are separated by commas instead.
		entries = splitEntries(inner, ";；,，")
	}
	sources := []Source{}
	var warnings []string
	for _, e := range entries {
		if m := sourceEntry.FindStringSubmatch(e); m != nil {
			if s, ok := sourceOf(m); ok {
				sources = append(sources, s)
				continue
			}
			warnings = append(warnings, fmt.Sprintf("source attribution %q has an impossible date in %q", printed, e))
			continue
		}
		if m := sourceNoSlash.FindStringSubmatch(e); m != nil {
			if s, ok := sourceOf(m); ok {
				sources = append(sources, s)
				warnings = append(warnings, fmt.Sprintf("source attribution %q has no \"/\" in %q; read as %s / %s", printed, e, s.Name, s.Date))
				continue
			}
		}
		warnings = append(warnings, fmt.Sprintf("source attribution %q: %q is not NAME / DD.MM.YYYY", printed, e))
	}
	return sources, warnings
}

func splitEntries(s, seps string) []string {
	var out []string
	for _, e := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(seps, r) }) {
		if e = strings.TrimSpace(e); e != "" {
			out = append(out, e)
		}
	}
	return out
}

// sourceOf builds a Source from a sourceEntry/sourceNoSlash match: name, day, month, year.
func sourceOf(m []string) (Source, bool) {
	d, ok := validDate(atoi(m[4]), atoi(m[3]), atoi(m[2]))
	if !ok {
		return Source{}, false
	}
	return Source{Name: strings.TrimSpace(m[1]), Date: d}, true
}
