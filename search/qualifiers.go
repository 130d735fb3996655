package search

import (
	"fmt"
	"strings"
	"time"
)

// A word written like a qualifier whose key is none (after:2026-05-20, foo:bar) is searched as
// text, as it always was: it may be text (a ratio, "COP29:Baku"), and refusing it would make
// a pasted sentence an error. But it rarely matches, so the result says so in
// query.warnings, with the qualifier that was probably meant.

// qualifierOrder lists the qualifiers for messages.
var qualifierOrder = []string{qualSection, qualSource, qualPerson, qualOrg, qualPlace, qualMonth, qualFrom, qualTo}

// qualifierMeanings are words people use for a qualifier's meaning ("after" for from:).
var qualifierMeanings = map[string]string{
	"after": qualFrom, "since": qualFrom, "start": qualFrom, "begin": qualFrom, "starting": qualFrom,
	"before": qualTo, "until": qualTo, "till": qualTo, "end": qualTo, "through": qualTo,
	"organization": qualOrg, "organisation": qualOrg, "company": qualOrg, "agency": qualOrg,
	"people": qualPerson, "who": qualPerson, "name": qualPerson,
	"location": qualPlace, "where": qualPlace, "country": qualPlace, "city": qualPlace, "region": qualPlace,
	"src": qualSource, "by": qualSource, "outlet": qualSource, "media": qualSource,
	"category": qualSection, "topic": qualSection, "sec": qualSection,
	"date": "", "day": "", "year": "", // a date: month: or from:/to:, by the value (dateSuggestion)
}

// qualifierLike returns the key of a word written key:value where key is a word of ASCII
// letters that is no qualifier; "" for anything else (a URL, a time like 10:30, Japanese).
func qualifierLike(word string) string {
	k := strings.IndexByte(word, ':')
	if k < 2 || k > 20 || k == len(word)-1 || strings.HasPrefix(word[k+1:], "/") {
		return ""
	}
	for _, r := range word[:k] {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_') {
			return ""
		}
	}
	key := strings.ToLower(word[:k])
	if qualifiers[key] {
		return ""
	}
	return key
}

// unknownQualifier is the warning for t, a word with an unknown qualifier key.
func unknownQualifier(t term) Warning {
	w := Warning{Code: "unknown_qualifier", Term: t.text}
	value := t.text[strings.IndexByte(t.text, ':')+1:]
	w.Suggestion = qualifierSuggestion(t.unknownKey, value)
	w.Message = fmt.Sprintf("%s: is not a qualifier (they are %s:); %q was searched as text",
		t.unknownKey, strings.Join(qualifierOrder, ":, "), t.text)
	if w.Suggestion != "" {
		w.Message += fmt.Sprintf("; did you mean %s?", w.Suggestion)
	}
	return w
}

// qualifierSuggestion is the term key:value was probably meant as, or "" when no qualifier
// is close or the value would not fit it.
func qualifierSuggestion(key, value string) string {
	q, known := qualifierMeanings[key]
	if !known {
		q = closestQualifier(key)
	}
	var s string
	switch {
	case known && q == "":
		s = dateSuggestion(value)
	case q != "":
		s = q + ":" + value
	}
	if s == "" {
		return ""
	}
	if _, err := parseQuery(s); err != nil {
		return "" // from:yesterday would only be refused
	}
	return s
}

// closestQualifier is the qualifier within a small edit distance of key (sectoin, plcae).
func closestQualifier(key string) string {
	k := []rune(key)
	limit := 2
	if len(k) <= 4 {
		limit = 1
	}
	best, bestD := "", limit+1
	for _, q := range qualifierOrder {
		if d := editDistance(k, []rune(q), bestD); d < bestD {
			best, bestD = q, d
		}
		// orgs, persons, sources: a plural
		if strings.TrimSuffix(key, "s") == q {
			return q
		}
	}
	if bestD > limit {
		return ""
	}
	return best
}

// dateSuggestion turns date:V into the qualifiers that mean it: a month for YYYY-MM, the day
// or year as from: and to: for the others.
func dateSuggestion(v string) string {
	if isMonth(v) {
		return qualMonth + ":" + v
	}
	for _, layout := range []string{time.DateOnly, "2006"} {
		if _, err := time.Parse(layout, v); err == nil {
			return qualFrom + ":" + v + " " + qualTo + ":" + v
		}
	}
	return ""
}
