package archive

import (
	"regexp"
	"testing"
)

var urlSafeKey = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

func TestSectionKey(t *testing.T) {
	tests := []struct{ title, want string }{
		{"軍事・治安関係", "military-security"},
		{"軍事・治安関連", "military-security"},
		{"軍事･治安関係", "military-security"},
		{"軍事 ・ 治安 関係", "military-security"},
		{"**軍事・治安関係**", "military-security"},
		{"内政関連", "domestic"},
		{"内政関係", "domestic"},
		{"外政関連", "foreign"},
		{"外交関係", "foreign"},
		{"経済関連", "economy"},
		{"経済関連（エネルギーを含む）", "economy"},
		{"社会関連", "society"},
		{"エネルギー関連", "energy"},
		{"人権問題", "human-rights"},
		{"地域情勢", "region"},
		{"日本との関係", "japan"},
		{"その他", "other"},
		{"Domestic Politics", "domestic"},
		{"Regional Outlook", "regional-outlook"},
		{"EU & NATO relations", "eu-nato-relations"},
	}
	for _, tt := range tests {
		if got := SectionKey(tt.title); got != tt.want {
			t.Errorf("SectionKey(%q) = %q, want %q", tt.title, got, tt.want)
		}
	}
}

// TestSectionKeyUnknown: an unknown title gets a URL-safe key that is stable and differs
// from that of another unknown title.
func TestSectionKeyUnknown(t *testing.T) {
	titles := []string{"宇宙開発関連", "宇宙開発", "観光関連", "EU関係", "ＥＵ関係", "!!!", "Ça va", "1", "・"}
	seen := map[string]string{}
	for _, title := range titles {
		key := SectionKey(title)
		if !urlSafeKey.MatchString(key) {
			t.Errorf("SectionKey(%q) = %q: not URL-safe", title, key)
		}
		if again := SectionKey(title); again != key {
			t.Errorf("SectionKey(%q) not stable: %q then %q", title, key, again)
		}
		norm := normaliseHeading(title)
		if prev, dup := seen[key]; dup && normaliseHeading(prev) != norm {
			t.Errorf("%q and %q share the key %q", prev, title, key)
		}
		seen[key] = title
	}
	if SectionKey("EU関係") != SectionKey("ＥＵ関係") {
		t.Errorf("fullwidth and ASCII spellings of one title get different keys")
	}
}

// TestHeadingCandidate: what counts as a section heading line.
func TestHeadingCandidate(t *testing.T) {
	tests := []struct {
		line   string
		number int
		title  string
		ok     bool
	}{
		{"1. 軍事・治安関係", 1, "軍事・治安関係", true},
		{"１．軍事・治安関係", 1, "軍事・治安関係", true},
		{"2.内政関連", 2, "内政関連", true},
		{"３． 外政関連", 3, "外政関連", true},
		{"12、経済関連", 12, "経済関連", true},
		{"１２．ＥＵ関係", 12, "ＥＵ関係", true},
		{"**4. 経済関連**", 4, "経済関連", true},
		{"5. Economy", 5, "Economy", true},
		{"1. 両国は協力の拡大で合意した。", 0, "", false},
		{"2.5 million people were affected", 0, "", false},
		{"2026年5月16日～5月22日", 0, "", false},
		{"1. ● 見出し", 0, "", false},
		{"3. 123", 0, "", false},
	}
	for _, tt := range tests {
		number, title, _, ok := headingCandidate(stripMarkup(tt.line))
		if number != tt.number || title != tt.title || ok != tt.ok {
			t.Errorf("headingCandidate(%q) = %d %q %v, want %d %q %v", tt.line, number, title, ok, tt.number, tt.title, tt.ok)
		}
	}
}

// TestEnglishHeadingNeedsAnItem: an English numbered line is a heading only when an item or
// another heading follows; inside a body it stays text.
func TestEnglishHeadingNeedsAnItem(t *testing.T) {
	data := "2026年5月16日～5月22日\n在アゼルバイジャン大使館\n\n1. Domestic\n\n● 見出し\n\nHeadline\n\n" +
		"The sides agreed on two points:\n\n1. Trade\n\n2. Transport (APA / 16.05.2026)\n\n2. Foreign\n\n● 見出し二\n\nHeadline two\n\nBody. (APA / 17.05.2026)\n"
	b, err := Parse("x.txt", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Sections) != 2 || b.Sections[0].Key != "domestic" || b.Sections[1].Key != "foreign" {
		t.Fatalf("sections %+v", b.Sections)
	}
	if want := "The sides agreed on two points:\n\n1. Trade\n\n2. Transport"; b.Items[0].Body != want {
		t.Errorf("body %q, want %q", b.Items[0].Body, want)
	}
}
