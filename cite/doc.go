// Package cite formats citations of an item or a briefing: plain text in the Chicago manner,
// BibTeX, RIS and CSL-JSON. The HTTP API and the `cite` command serve the same bytes, from
// the same Work.
//
// Each citation holds the issuer (as printed in the briefing header), the briefing's title
// and week, both headlines, the original sources and their dates, the permalink (by content
// hash, which outlives renumbering), the access date and the item's content hash.
//
// Every format escapes for its reader: BibTeX's special characters (\ { } $ & # ^ _ % ~) as
// LaTeX commands, RIS values kept to one line (a newline would start a tag), CSL-JSON through
// encoding/json; the plain text is text, for the caller to escape where it is shown.
package cite
