package forms

// A Markdown copy of a briefing is briefing text with a little markup: ATX headings ("# "),
// backslash escapes ("1\." keeps a number from becoming a list), inline links and hard line
// breaks. Bold and italic stay: the parser reads ** as the text format does. Lines are kept
// one for one, so a line number in an error is the line in the .md file.

import (
	"regexp"
	"strings"
)

var (
	atxHeading = regexp.MustCompile(`^\s{0,3}#{1,6}(?:\s+|$)`)
	atxClosing = regexp.MustCompile(`\s+#+\s*$`)
	mdEscape   = regexp.MustCompile("\\\\([!-/:-@\\[-`{-~])")
	mdLink     = regexp.MustCompile(`!?\[([^\]]*)\]\([^)\s]*(?:\s+"[^"]*")?\)`)
)

// markdownText removes Markdown markup that is not part of the briefing's text.
func markdownText(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		l = strings.TrimRight(l, "\r")
		if atxHeading.MatchString(l) {
			l = atxClosing.ReplaceAllString(atxHeading.ReplaceAllString(l, ""), "")
		}
		if strings.HasSuffix(l, "\\") && !strings.HasSuffix(l, "\\\\") { // a hard line break
			l = strings.TrimSuffix(l, "\\")
		}
		l = mdLink.ReplaceAllString(l, "$1")
		lines[i] = mdEscape.ReplaceAllString(l, "$1")
	}
	return strings.Join(lines, "\n")
}
