package archive

// The header: every line before the first section heading or item. It holds the title, an
// optional parenthesised subtitle, the week range and the issuing mission, one per line with
// any number of blank lines between them and in no fixed order.

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// weekRange matches "2026年5月16日～5月22日" after width folding. The end may omit its year
// (and its month); the start may carry a weekday "(土)"; the range may use ～ 〜 ~ - – — or
// から; the year may be written in the Reiwa era (令和8年 = 2026).
var weekRange = regexp.MustCompile(
	`(?:(\d{4})|令和\s*(\d{1,2}|元))\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\s*\([^)]{0,4}\))?` +
		`\s*(?:[~〜～\-–—―]|から)\s*` +
		`(?:(?:(\d{4})|令和\s*(\d{1,2}|元))\s*年\s*)?(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*日`)

// issuerWords mark the line naming who issued the briefing.
var issuerWords = regexp.MustCompile(`大使館|総領事館|領事館|代表部|(?i:embassy|consulate)`)

// maxWeekDays bounds a week range; anything longer is a typo that would mis-date every item.
const maxWeekDays = 31

type header struct {
	title, subtitle, issuer string
	start, end              Date
}

// parseHeader reads the header lines. A missing week range is fatal (the briefing's id is its
// week start); a missing title or issuer is only a warning.
func (p *parser) parseHeader(lines []line) (header, *ParseError) {
	var h header
	weekLine := 0
	var rest []line // title, subtitle and issuer candidates
	for _, l := range lines {
		text := l.plain
		if text == "" {
			continue
		}
		if weekLine == 0 {
			if loc := weekRange.FindStringSubmatchIndex(foldWidth(text)); loc != nil {
				start, end, reason := weekDates(foldWidth(text), loc)
				if reason != "" {
					return h, &ParseError{File: p.file, Line: l.no, Reason: fmt.Sprintf("week range %q %s", text, reason)}
				}
				h.start, h.end, weekLine = start, end, l.no
				// A title printed on the same line as the range ("…情報（2026年5月16日～5月22日）").
				folded := foldWidth(text)
				if other := strings.Trim(folded[:loc[0]]+" "+folded[loc[1]:], " ()[]【】「」"); runeLen(other) >= 2 {
					rest = append(rest, newLine(l.no, other))
				}
				continue
			}
		}
		rest = append(rest, l)
	}
	if weekLine == 0 {
		return h, &ParseError{File: p.file, Line: p.firstBodyLine, Reason: "no week range such as 2026年5月16日～5月22日 before the first section or item"}
	}
	var others []line
	for _, l := range rest {
		switch {
		case h.issuer == "" && issuerWords.MatchString(l.plain):
			h.issuer = l.plain
		case h.subtitle == "" && isParenthesised(l.plain):
			h.subtitle = l.plain
		default:
			others = append(others, l)
		}
	}
	if len(others) > 0 {
		h.title = others[0].plain
		others = others[1:]
	}
	if h.issuer == "" && len(others) > 0 {
		// No line names a mission: the last header line is the issuer, as in the sample layout.
		h.issuer = others[len(others)-1].plain
		others = others[:len(others)-1]
	}
	for _, l := range others {
		p.warnf(l.no, "header line %q not understood; ignored", l.plain)
	}
	h.title, h.subtitle, h.issuer = tightenJapaneseText(h.title), tightenJapaneseText(h.subtitle), tightenJapaneseText(h.issuer)
	if h.title == "" {
		p.warnf(weekLine, "the header has no title line")
	}
	if h.issuer == "" {
		p.warnf(weekLine, "the header does not name the issuer")
	}
	return h, nil
}

func isParenthesised(s string) bool {
	return (strings.HasPrefix(s, "(") || strings.HasPrefix(s, "（")) &&
		(strings.HasSuffix(s, ")") || strings.HasSuffix(s, "）"))
}

// weekDates turns a weekRange match into dates, or says what is wrong with it.
func weekDates(s string, loc []int) (start, end Date, reason string) {
	group := func(i int) string {
		if loc[2*i] < 0 {
			return ""
		}
		return s[loc[2*i]:loc[2*i+1]]
	}
	sy, ok := year(group(1), group(2))
	if !ok {
		return start, end, "has an impossible year"
	}
	sm, sd := atoi(group(3)), atoi(group(4))
	start, ok = validDate(sy, sm, sd)
	if !ok {
		return start, end, "has an impossible start date"
	}
	ey, em, ed := sy, sm, atoi(group(8))
	yearGiven := group(5) != "" || group(6) != ""
	if yearGiven {
		if ey, ok = year(group(5), group(6)); !ok {
			return start, end, "has an impossible year"
		}
	}
	if group(7) != "" {
		em = atoi(group(7))
	}
	if !yearGiven && (em < sm || em == sm && ed < sd) {
		if group(7) == "" { // "16日～2日": the next month
			em++
			if em > 12 {
				em, ey = 1, ey+1
			}
		} else { // "12月27日～1月2日": the week crosses New Year
			ey++
		}
	}
	end, ok = validDate(ey, em, ed)
	if !ok {
		return start, end, "has an impossible end date"
	}
	days := int(end.Sub(start.Time) / (24 * time.Hour))
	switch {
	case days < 0:
		return start, end, "ends before it starts"
	case days > maxWeekDays:
		return start, end, fmt.Sprintf("spans %d days; more than %d is taken for a typo", days, maxWeekDays)
	}
	return start, end, ""
}

// year reads a Western year or a Reiwa era year (元 = the first year, 2019).
func year(western, reiwa string) (int, bool) {
	switch {
	case western != "":
		y := atoi(western)
		return y, y >= 1900 && y <= 2200
	case reiwa == "元":
		return 2019, true
	case reiwa != "":
		n := atoi(reiwa)
		return 2018 + n, n >= 1
	}
	return 0, false
}

// validDate builds y-m-d, refusing dates that time.Date would silently normalise (31.02).
func validDate(y, m, d int) (Date, bool) {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return Date{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return Date{}, false
	}
	return Date{t}, true
}

// atoi reads a short run of ASCII digits; the regexps guarantee the shape, so an error
// cannot happen, and -1 would fail every range check if it did.
func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}
