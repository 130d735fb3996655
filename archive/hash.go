package archive

// An item's content hash: what a permalink (/p/<short hash>) and a citation name the item by,
// so that a link outlives the item's position id, which moves when a corrected issue drops an
// item before it.
//
// The recipe, version 1, frozen (a change makes every permalink a new one, so it would be a
// version 2 beside this one, never an edit of it):
//
//	text(s) = NFKC(s), every run of white space (newlines included) one space, trimmed
//	canonical = "briefsearch-item-v1"
//	          + "\nja:" + text(HeadlineJA) + "\nen:" + text(HeadlineEN)
//	          + "\nbody:" + text(Body) + "\nnote:" + text(Note)
//	          + for each source in order: "\nsource:" + lower(text(Name)) + "|" + Date (YYYY-MM-DD)
//	ContentHash = "sha256:" + lowercase hex of SHA-256(canonical, UTF-8)
//	ShortHash   = the first 16 hex digits of that
//
// So a re-wrapped paragraph, a full-width letter or a source name's case does not change it;
// any other change of the headlines, body, note, sources or their dates does. The position,
// section and entities are not part of it: they say where the item is and what the program
// found in it, not what it says. The same text in two issues has one hash.

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// HashRecipe names the recipe above; it is the first line of what is hashed.
const HashRecipe = "briefsearch-item-v1"

// ShortHashLen is the number of hex digits of a short hash (64 bits: no two items of an
// archive of millions share one by chance).
const ShortHashLen = 16

// ContentHash is the item's content hash, "sha256:<64 hex digits>" (see the recipe above).
// The canonical text streams into the hash, never built whole.
func (it Item) ContentHash() string {
	h := sha256.New()
	w := bufio.NewWriterSize(h, 4096)
	w.WriteString(HashRecipe)
	for _, f := range []struct{ key, text string }{
		{"ja", it.HeadlineJA}, {"en", it.HeadlineEN}, {"body", it.Body}, {"note", it.Note},
	} {
		w.WriteString("\n" + f.key + ":")
		writeHashText(w, f.text, false)
	}
	for _, s := range it.Sources {
		w.WriteString("\nsource:")
		writeHashText(w, s.Name, true)
		w.WriteString("|")
		w.WriteString(s.Date.String())
	}
	w.Flush()
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// ShortHash is the first ShortHashLen hex digits of the content hash: the permalink's name.
func (it Item) ShortHash() string {
	return strings.TrimPrefix(it.ContentHash(), "sha256:")[:ShortHashLen]
}

// writeHashText writes s in NFKC (ASCII is its own NFKC: the common case skips it) with its
// white space runs made one space and trimmed; lower-cased when lower is set.
func writeHashText(w *bufio.Writer, s string, lower bool) {
	if !isASCII(s) {
		s = norm.NFKC.String(s)
	}
	if lower {
		s = strings.ToLower(s)
	}
	first := true
	for word := range strings.FieldsFuncSeq(s, unicode.IsSpace) {
		if !first {
			w.WriteByte(' ')
		}
		w.WriteString(word)
		first = false
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// IsShortHash reports whether s could name an item: ShortHashLen to 64 lowercase hex digits (a
// full hash is accepted and read by its first ShortHashLen).
func IsShortHash(s string) bool {
	if len(s) < ShortHashLen || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f') {
			return false
		}
	}
	return true
}
