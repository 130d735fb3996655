package search

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"briefsearch/archive"
)

// MinPrefixLen is the fewest characters a prefix search (word*) may have before the *.
const MinPrefixLen = 3

// termKind tells the kinds of query terms apart.
type termKind int

const (
	kindWord      termKind = iota // matched in every text field
	kindPhrase                    // "quoted": its words adjacent, in order
	kindPrefix                    // word*: any indexed word that starts with text
	kindQualifier                 // key:value on a keyword field
)

// Qualifier keys. org: is short for organization, as in the Filters' JSON names.
const (
	qualSection = "section"
	qualSource  = "source"
	qualPerson  = "person"
	qualOrg     = "org"
	qualPlace   = "place"
	qualMonth   = "month"
	qualFrom    = "from"
	qualTo      = "to"
)

var qualifiers = map[string]bool{qualSection: true, qualSource: true, qualPerson: true,
	qualOrg: true, qualPlace: true, qualMonth: true, qualFrom: true, qualTo: true}

type term struct {
	kind termKind
	text string // the word, the phrase's words, the prefix without *, the qualifier's value
	key  string // qualifier key
	col  int    // 1-based column (in characters) where the term starts, for error messages
	// unknownKey is set on a word written like a qualifier with a key that is none
	// (after:2026-05-20): it is searched as text, and the result warns (qualifiers.go).
	unknownKey string
	end        int // for a qualifier, the rune offset just after it (QueryBounds cuts it out)
}

// clause is one conjunct of the query: alternatives joined by OR, possibly excluded.
type clause struct {
	negated bool
	alts    []term
}

// parsedQuery is the parse tree of a query string.
type parsedQuery struct {
	clauses  []clause
	from, to archive.Date // from:/to: qualifiers; zero = not given
	// fromText and toText are the from:/to: values as typed (2026-05), for the explanation.
	fromText, toText string
	warnings         []Warning
}

// hasText reports whether some included clause matches text (so relevance means something).
func (p *parsedQuery) hasText() bool {
	for _, c := range p.clauses {
		if c.negated {
			continue
		}
		for _, a := range c.alts {
			if a.kind != kindQualifier {
				return true
			}
		}
	}
	return false
}

// token is one lexical unit: a term (possibly negated) or the OR operator.
type token struct {
	t       term
	or      bool
	negated bool
}

func parseError(col int, format string, args ...any) error {
	return BadRequestf("%s at column %d", fmt.Sprintf(format, args...), col)
}

// parseQuery parses s. Errors are *RequestError naming the column at fault.
func parseQuery(s string) (*parsedQuery, error) {
	if n := utf8.RuneCountInString(s); n > MaxQueryLen {
		return nil, BadRequestf("the query is %d characters long; the limit is %d", n, MaxQueryLen)
	}
	if !utf8.ValidString(s) {
		return nil, BadRequestf("the query is not valid UTF-8 text")
	}
	toks, err := lex([]rune(s))
	if err != nil {
		return nil, err
	}
	p := &parsedQuery{}
	terms := 0
	pendingOR := 0 // column of an OR waiting for its right-hand term
	for _, tk := range toks {
		switch {
		case tk.or:
			if pendingOR > 0 || len(p.clauses) == 0 {
				return nil, parseError(tk.t.col, "OR needs a term before it")
			}
			if p.clauses[len(p.clauses)-1].negated {
				return nil, parseError(tk.t.col, "OR cannot join an excluded (-) term")
			}
			pendingOR = tk.t.col
			continue
		case tk.t.kind == kindQualifier && (tk.t.key == qualFrom || tk.t.key == qualTo):
			if tk.negated || pendingOR > 0 {
				return nil, parseError(tk.t.col, "%s: is a date bound; it cannot be excluded or joined with OR", tk.t.key)
			}
			d, err := parseBound(tk.t.key, tk.t.text)
			if err != nil {
				return nil, parseError(tk.t.col, "%v", err)
			}
			if tk.t.key == qualFrom {
				p.from, p.fromText = d, tk.t.text
			} else {
				p.to, p.toText = d, tk.t.text
			}
		case tk.t.kind == kindQualifier && tk.t.key == qualMonth && !isMonth(tk.t.text):
			// As the month filter refuses it: an impossible month would match nothing, silently.
			return nil, parseError(tk.t.col, "%s", monthError(tk.t.text))
		case pendingOR > 0:
			if tk.negated {
				return nil, parseError(pendingOR, "OR cannot join an excluded (-) term")
			}
			last := &p.clauses[len(p.clauses)-1]
			last.alts = append(last.alts, tk.t)
			pendingOR = 0
		default:
			p.clauses = append(p.clauses, clause{negated: tk.negated, alts: []term{tk.t}})
		}
		if tk.t.unknownKey != "" {
			p.warnings = append(p.warnings, unknownQualifier(tk.t))
		}
		terms++
		if terms > MaxQueryTerms {
			return nil, BadRequestf("the query has more than %d terms; remove some", MaxQueryTerms)
		}
	}
	if pendingOR > 0 {
		return nil, parseError(pendingOR, "OR needs a term after it")
	}
	if !p.from.IsZero() && !p.to.IsZero() && p.to.Before(p.from.Time) {
		return nil, BadRequestf("from: %s is after to: %s", p.from, p.to)
	}
	return p, nil
}

// Quote pairs: "…", “…” (as typed by phones and word processors) and 「…」.
func closingQuotes(open rune) string {
	switch open {
	case '"':
		return `"”`
	case '“':
		return `”"`
	case '「':
		return "」"
	}
	return ""
}

func isOpenQuote(r rune) bool { return closingQuotes(r) != "" }

// lex splits the query into terms and ORs. Whitespace (including the ideographic space)
// separates terms; a quote starts a phrase wherever it appears.
func lex(r []rune) ([]token, error) {
	var out []token
	i := 0
	for {
		for i < len(r) && unicode.IsSpace(r[i]) {
			i++
		}
		if i >= len(r) {
			return out, nil
		}
		col := i + 1
		negated := false
		if r[i] == '-' {
			if i+1 >= len(r) || unicode.IsSpace(r[i+1]) {
				i++ // a lone dash is punctuation, not an operator
				continue
			}
			negated = true
			i++
		}
		if isOpenQuote(r[i]) {
			text, next, err := readPhrase(r, i)
			if err != nil {
				return nil, err
			}
			out = append(out, token{t: term{kind: kindPhrase, text: text, col: col}, negated: negated})
			i = next
			continue
		}
		j := i
		for j < len(r) && !unicode.IsSpace(r[j]) && !isOpenQuote(r[j]) {
			j++
		}
		word := string(r[i:j])
		if k := strings.IndexByte(word, ':'); k > 0 && qualifiers[strings.ToLower(word[:k])] {
			key, value := strings.ToLower(word[:k]), word[k+1:]
			if value == "" && j < len(r) && isOpenQuote(r[j]) {
				text, next, err := readPhrase(r, j)
				if err != nil {
					return nil, err
				}
				value, j = text, next
			}
			if strings.TrimSpace(value) == "" {
				return nil, parseError(col, "%s: needs a value", key)
			}
			out = append(out, token{t: term{kind: kindQualifier, key: key, text: value, col: col, end: j}, negated: negated})
			i = j
			continue
		}
		if word == "OR" && !negated {
			out = append(out, token{or: true, t: term{col: col}})
			i = j
			continue
		}
		t, err := wordTerm(word, col)
		if err != nil {
			return nil, err
		}
		t.unknownKey = qualifierLike(word)
		out = append(out, token{t: t, negated: negated})
		i = j
	}
}

// readPhrase reads the quoted text opened at r[open]; it returns the text and the index after
// the closing quote.
func readPhrase(r []rune, open int) (string, int, error) {
	closers := closingQuotes(r[open])
	for j := open + 1; j < len(r); j++ {
		if strings.ContainsRune(closers, r[j]) {
			text := strings.Join(strings.Fields(string(r[open+1:j])), " ")
			if text == "" {
				return "", 0, parseError(open+1, "empty quotes")
			}
			return text, j + 1, nil
		}
	}
	return "", 0, parseError(open+1, "unclosed quote")
}

// wordTerm classifies a bare word: a prefix when it ends in *, else a plain word.
func wordTerm(word string, col int) (term, error) {
	stem := strings.TrimRight(word, "*")
	if stem == word {
		if strings.Contains(word, "*") {
			return term{}, parseError(col, "* is only allowed at the end of a word (prefix search)")
		}
		return term{kind: kindWord, text: word, col: col}, nil
	}
	if strings.Contains(stem, "*") {
		return term{}, parseError(col, "* is only allowed at the end of a word (prefix search)")
	}
	if n := utf8.RuneCountInString(stem); n < MinPrefixLen {
		return term{}, parseError(col, "a prefix search needs at least %d characters before the *", MinPrefixLen)
	}
	return term{kind: kindPrefix, text: stem, col: col}, nil
}

// parseBound reads a from:/to: value with the one parser of date bounds (ParseBound).
func parseBound(key, v string) (archive.Date, error) {
	d, err := ParseBound(v, key == qualTo)
	if err != nil {
		return d, fmt.Errorf("%s: %w", key, err)
	}
	return d, nil
}

// isMonth reports whether v is a month as the month facet and filter write it: YYYY-MM.
func isMonth(v string) bool {
	_, err := time.Parse("2006-01", v)
	return err == nil
}

// monthError is the one message for a month that is not one, as a filter or a qualifier.
// A year given for a month gets the range that means it.
func monthError(v string) string {
	if isYear(v) {
		return fmt.Sprintf("month %q is a year, not YYYY-MM: for the whole year use from=%s&to=%s (from:%s to:%s in the query, --from %s --to %s on the command line)", v, v, v, v, v, v, v)
	}
	return fmt.Sprintf("month %q is not YYYY-MM", v)
}

// String re-prints the parse tree: what the query was understood as.
func (p *parsedQuery) String() string {
	var parts []string
	for _, c := range p.clauses {
		alts := make([]string, len(c.alts))
		for i, a := range c.alts {
			alts[i] = a.String()
		}
		s := strings.Join(alts, " OR ")
		if c.negated {
			s = "-" + s
		}
		parts = append(parts, s)
	}
	if !p.from.IsZero() {
		parts = append(parts, "from:"+p.from.String())
	}
	if !p.to.IsZero() {
		parts = append(parts, "to:"+p.to.String())
	}
	return strings.Join(parts, " ")
}

func (t term) String() string {
	switch t.kind {
	case kindPhrase:
		return quote(t.text)
	case kindPrefix:
		return t.text + "*"
	case kindQualifier:
		if strings.ContainsFunc(t.text, func(r rune) bool { return unicode.IsSpace(r) || isOpenQuote(r) }) {
			return t.key + ":" + quote(t.text)
		}
		return t.key + ":" + t.text
	}
	return t.text
}

func quote(s string) string {
	if strings.ContainsAny(s, `"”`) {
		return "「" + s + "」"
	}
	return `"` + s + `"`
}
