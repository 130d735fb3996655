package archive

// Section headings ("1. 軍事・治安関係", "２．経済関連") and their canonical keys. The key is
// what the index and the UI filter on, so the same heading must always give the same key,
// and headings that mean the same thing (内政関連, 内政関係) give one key.

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// headingPattern matches a numbered heading after width folding: ASCII or fullwidth digits,
// a dot (or 、), an optional space, the title.
var headingPattern = regexp.MustCompile(`^(\d{1,3})\s*[.、]\s*(\S.*)$`)

// Headings are short; a numbered line longer than this is a numbered paragraph of a body.
const maxHeadingRunes = 40

// headingCandidate reads a line (markup removed) as a section heading. A Japanese title is a heading on its
// own; an English one ("4. Economy") only when an item or another heading follows, which the
// caller checks, since a body may contain numbered English lists.
func headingCandidate(plain string) (number int, title string, japanese, ok bool) {
	if r, _ := utf8.DecodeRuneInString(plain); !unicode.IsDigit(r) {
		return 0, "", false, false // most lines: not worth the regexp
	}
	folded := foldWidth(plain)
	m := headingPattern.FindStringSubmatchIndex(folded)
	if m == nil {
		return 0, "", false, false
	}
	// The title as printed: folding maps rune to rune, so the title starts at the same rune.
	title = strings.TrimSpace(string([]rune(plain)[utf8.RuneCountInString(folded[:m[4]]):]))
	title = strings.TrimRight(title, ":： ") // "1. 軍事・治安関係："
	if title == "" || runeLen(title) > maxHeadingRunes || endsSentence(title) || strings.HasPrefix(title, "●") ||
		folded[m[4]] >= '0' && folded[m[4]] <= '9' || dateLike.MatchString(folded[m[4]:]) {
		return 0, "", false, false
	}
	if hasJapanese(title) {
		return atoi(folded[m[2]:m[3]]), tightenJapaneseText(title), true, true
	}
	if !hasLatinLetter(title) {
		return 0, "", false, false
	}
	return atoi(folded[m[2]:m[3]]), title, false, true
}

// sectionKeys maps a normalised heading (spaces and suffixes such as 関連/関係 removed) to its
// canonical key. English headings are looked up lowercased.
var sectionKeys = map[string]string{
	"軍事・治安": "military-security", "治安・軍事": "military-security",
	"軍事・安全保障": "military-security", "安全保障・軍事": "military-security",
	"軍事": "military", "防衛": "military", "国防": "military",
	"治安": "security", "安全保障": "security", "テロ": "security",
	"内政": "domestic", "国内政治": "domestic", "国内": "domestic", "内政・治安": "domestic",
	"政治": "politics",
	"外政": "foreign", "外交": "foreign", "対外": "foreign", "外交・安全保障": "foreign",
	"経済": "economy", "経済・エネルギー": "economy", "経済・財政": "economy", "経済・貿易": "economy",
	"エネルギー": "energy", "エネルギー・資源": "energy",
	"社会": "society", "社会・文化": "society", "社会・人権": "society",
	"文化": "culture", "文化・スポーツ": "culture", "スポーツ": "culture",
	"人権": "human-rights", "報道": "media", "メディア": "media", "報道・メディア": "media",
	"地域": "region", "周辺国": "region", "周辺地域": "region", "南コーカサス": "region",
	"日本": "japan", "対日": "japan", "日本との": "japan", "我が国": "japan",
	"環境": "environment", "科学技術": "technology", "IT": "technology",
	"主要日程": "schedule", "日程": "schedule", "今後の予定": "schedule", "今週の予定": "schedule",
	"その他": "other", "その他の動き": "other",
	"military-security": "military-security", "military and security": "military-security",
	"military & security": "military-security", "security": "security", "military": "military",
	"domestic": "domestic", "domestic politics": "domestic", "domestic affairs": "domestic", "internal affairs": "domestic",
	"foreign": "foreign", "foreign policy": "foreign", "foreign affairs": "foreign", "foreign relations": "foreign",
	"economy": "economy", "economic": "economy", "economic affairs": "economy", "energy": "energy",
	"society": "society", "social": "society", "culture": "culture", "human rights": "human-rights",
	"media": "media", "region": "region", "regional": "region", "japan": "japan",
	"other": "other", "others": "other", "miscellaneous": "other",
}

// suffixes are dropped from a heading before the lookup: 内政関連 and 内政関係 are one section.
var suffixes = []string{"関係事項", "関連事項", "関係", "関連", "情勢", "問題", "分野", "事項", "全般", "動向", "の動き", "等"}

// SectionKey is the canonical key of a section title: a known key for the usual headings,
// else a stable URL-safe slug of the title. It never fails and the same title always gives
// the same key.
func SectionKey(title string) string {
	norm := normaliseHeading(title)
	if key, ok := lookupHeading(norm); ok {
		return key
	}
	// "経済関連（エネルギーを含む）": try without the trailing explanation.
	if i := strings.IndexAny(norm, "(（"); i > 0 {
		if key, ok := lookupHeading(norm[:i]); ok {
			return key
		}
	}
	return slug(norm)
}

func lookupHeading(norm string) (string, bool) {
	if key, ok := sectionKeys[strings.ToLower(norm)]; ok {
		return key, true
	}
	for _, suf := range suffixes {
		if core, ok := strings.CutSuffix(norm, suf); ok && core != "" {
			if key, ok := sectionKeys[core]; ok {
				return key, true
			}
		}
	}
	return "", false
}

// normaliseHeading folds widths, removes markup and the spaces a typist may put anywhere in
// a Japanese heading, and unifies the separators between two topics.
func normaliseHeading(title string) string {
	s := foldWidth(stripMarkup(title))
	if hasJapanese(s) {
		s = strings.ReplaceAll(s, " ", "")
		s = strings.NewReplacer("･", "・", "·", "・", "/", "・", "、", "・", "及び", "・").Replace(s)
	}
	return strings.TrimSpace(s)
}

// slug turns an unknown heading into a URL-safe key: its ASCII words, lowercased and
// hyphenated, plus a short hash of the whole title whenever it has other characters, so that
// two different Japanese headings never share a key.
func slug(norm string) string {
	var words []string
	var word strings.Builder
	ascii := true
	flush := func() {
		if word.Len() > 0 {
			words = append(words, word.String())
			word.Reset()
		}
	}
	for _, r := range strings.ToLower(norm) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			word.WriteRune(r)
		case r < 0x80:
			flush()
		default:
			ascii = false
			flush()
		}
	}
	flush()
	s := strings.Join(words, "-")
	if ascii && s != "" {
		return s
	}
	sum := sha256.Sum256([]byte(norm))
	if s == "" {
		s = "section"
	}
	return s + "-" + hex.EncodeToString(sum[:4])
}
