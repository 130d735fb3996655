package archive

import (
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Each rule of the format, checked on a small file written for it (testdata/*.txt).

// TestBriefingRules checks the briefing-level reading of every rule file, warnings included.
func TestBriefingRules(t *testing.T) {
	tests := []struct {
		rule, file              string
		id, weekEnd             string
		title, subtitle, issuer string
		sections                []string // "number title key"
		items                   int
		warnings                []string // without the "file:" prefix
	}{
		{
			rule: "fullwidth and spaceless headings, 〜 range, header lines without blank lines",
			file: "fullwidth-headings.txt", id: "2026-06-06", weekEnd: "2026-06-12",
			title: "アゼルバイジャン政治・治安情報", subtitle: "(公開情報とりまとめ)", issuer: "在アゼルバイジャン大使館",
			sections: []string{"1 軍事・治安関係 military-security", "2 内政関連 domestic", "3 外政関連 foreign"},
			items:    3, warnings: []string{},
		},
		{
			rule: "week crossing New Year; many blank lines between header lines",
			file: "new-year.txt", id: "2025-12-27", weekEnd: "2026-01-02",
			title: "アゼルバイジャン政治・治安情報", subtitle: "（公開情報とりまとめ）", issuer: "在アゼルバイジャン大使館",
			sections: []string{"1 軍事・治安関係 military-security", "2 外政関連 foreign"},
			items:    2, warnings: []string{},
		},
		{
			rule: "CRLF, BOM, trailing spaces and tabs, no final newline, no END, ASCII ~ with spaces",
			file: "crlf-bom.txt", id: "2026-06-13", weekEnd: "2026-06-19",
			title: "アゼルバイジャン政治・治安情報", issuer: "在アゼルバイジャン大使館",
			sections: []string{"1 軍事・治安関係 military-security", "2 内政関連 domestic"},
			items:    2, warnings: []string{},
		},
		{
			rule: "economy, society, unknown Japanese and English sections, empty section, 以上 as END, weekdays",
			file: "sections.txt", id: "2026-07-04", weekEnd: "2026-07-10",
			title: "アゼルバイジャン政治・治安情報", issuer: "在アゼルバイジャン大使館",
			sections: []string{"4 経済関連 economy", "5 社会関連 society", "6 宇宙開発関連 " + SectionKey("宇宙開発関連"),
				"7 その他 other", "8 Regional Outlook regional-outlook", "9 エネルギー関連 energy"},
			items: 5, warnings: []string{},
		},
		{
			rule: "items before any heading; headline layouts; end date with its year",
			file: "headline-layouts.txt", id: "2026-05-30", weekEnd: "2026-06-05",
			title: "アゼルバイジャン政治・治安情報", issuer: "在アゼルバイジャン大使館",
			sections: []string{"1 軍事・治安関係 military-security"},
			items:    7,
			warnings: []string{
				"7: item 2026-05-30-01 comes before any section heading",
				"13: item 2026-05-30-02 has no Japanese headline",
				"17: item 2026-05-30-03 has no English headline",
				"27: item 2026-05-30-05 has no English headline",
			},
		},
		{
			rule: "sources: several, odd names, own line, no slash, impossible date, fullwidth, none",
			file: "sources.txt", id: "2026-05-16", weekEnd: "2026-05-22",
			title: "アゼルバイジャン政治・治安情報", issuer: "在アゼルバイジャン大使館",
			sections: []string{"2 内政関連 domestic"},
			items:    9,
			warnings: []string{
				"19: item 2026-05-16-02 has no source attribution; dated by the week start",
				`33: item 2026-05-16-04: source attribution "(TREND 22.05.2026)" has no "/" in "TREND 22.05.2026"; read as TREND / 2026-05-22`,
				`39: item 2026-05-16-05: source attribution "(APA / 31.04.2026)" has an impossible date in "APA / 31.04.2026"`,
				"39: item 2026-05-16-05 has no readable source attribution; dated by the week start",
				"51: item 2026-05-16-07 has no source attribution; dated by the week start",
			},
		},
		{
			rule: "notes", file: "notes.txt", id: "2026-05-16", weekEnd: "2026-05-22",
			title: "アゼルバイジャン政治・治安情報", issuer: "在アゼルバイジャン大使館",
			sections: []string{"3 外政関連 foreign"},
			items:    5,
			warnings: []string{"50: item 2026-05-16-05: text after the source attribution kept as its note"},
		},
		{
			rule: "hard-wrapped bodies and page breaks", file: "hard-wrapped.txt", id: "2026-05-30", weekEnd: "2026-06-05",
			title: "アゼルバイジャン政治・治安情報", issuer: "在アゼルバイジャン大使館",
			sections: []string{"1 軍事・治安関係 military-security", "3 外政関連 foreign"},
			items:    3, warnings: []string{},
		},
		{
			rule: "wrapped headlines in every layout", file: "wrapped-headlines.txt", id: "2026-05-23", weekEnd: "2026-05-29",
			title: "アゼルバイジャン政治・治安情報", issuer: "在アゼルバイジャン大使館",
			sections: []string{"3 外政関連 foreign"},
			items:    6, warnings: []string{},
		},
		{
			rule: "title on the week line, heading with a colon, repeated heading continues its section, rule lines, （了）",
			file: "variants.txt", id: "2026-06-20", weekEnd: "2026-06-26",
			title: "アゼルバイジャン政治・治安情報", issuer: "在アゼルバイジャン大使館",
			sections: []string{"1 軍事・治安関係 military-security", "2 外政関連 foreign"},
			items:    3, warnings: []string{"31: text after END ignored"},
		},
		{
			rule: "no blank lines anywhere", file: "no-blank-lines.txt", id: "2026-06-27", weekEnd: "2026-07-03",
			title: "アゼルバイジャン政治・治安情報", issuer: "在アゼルバイジャン大使館",
			sections: []string{"1 軍事・治安関係 military-security"},
			items:    2, warnings: []string{"7: item 2026-06-27-01 has no source attribution; dated by the week start"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			file := filepath.Join("testdata", tt.file)
			b := parseFile(t, file)
			if b.ID != tt.id || b.WeekStart.String() != tt.id || b.WeekEnd.String() != tt.weekEnd {
				t.Errorf("%s: week %s %s..%s, want %s..%s", tt.rule, b.ID, b.WeekStart, b.WeekEnd, tt.id, tt.weekEnd)
			}
			if b.Title != tt.title || b.Subtitle != tt.subtitle || b.Issuer != tt.issuer {
				t.Errorf("%s: header %q %q %q, want %q %q %q", tt.rule, b.Title, b.Subtitle, b.Issuer, tt.title, tt.subtitle, tt.issuer)
			}
			var sections []string
			for _, s := range b.Sections {
				sections = append(sections, strings.Join([]string{strconv.Itoa(s.Number), s.Title, s.Key}, " "))
			}
			if !slices.Equal(sections, tt.sections) {
				t.Errorf("%s: sections\n got  %q\n want %q", tt.rule, sections, tt.sections)
			}
			if len(b.Items) != tt.items {
				t.Errorf("%s: %d items, want %d", tt.rule, len(b.Items), tt.items)
			}
			want := make([]string, len(tt.warnings))
			for i, w := range tt.warnings {
				want[i] = file + ":" + w
			}
			if b.Warnings == nil || !slices.Equal(b.Warnings, want) {
				t.Errorf("%s: warnings\n got  %q\n want %q", tt.rule, b.Warnings, want)
			}
			for i, it := range b.Items {
				if it.Ordinal != i+1 || it.ID != fmt.Sprintf("%s-%02d", b.ID, i+1) {
					t.Errorf("item %d: id %s ordinal %d", i, it.ID, it.Ordinal)
				}
			}
		})
	}
}

// TestItemRules checks single items, one rule each; every listed field is compared exactly
// ("" means the field must be empty).
func TestItemRules(t *testing.T) {
	tests := []struct {
		rule    string
		file    string
		ordinal int
		want    map[string]string // field -> value; sources as "NAME DATE; NAME DATE"
	}{
		{"Japanese headline wraps, English headline after a blank line wraps", "wrapped-headlines.txt", 1, map[string]string{
			"ja": "アリエフ大統領、アルメニアとの平和条約の早期署名に向けて同国の憲法改正が必要であると改めて強調",
			"en": "President Aliyev reiterates that Armenia must amend its constitution before the peace treaty can be signed"}},
		{"bold English on the ● line wraps onto the next line", "wrapped-headlines.txt", 2, map[string]string{
			"ja":   "バイラモフ外相、中央アジア諸国との連結性強化に関する閣僚会合に出席",
			"en":   "FM Bayramov attends ministerial meeting on connectivity with Central Asian states",
			"body": "FM Bayramov took part in a ministerial meeting in Tashkent on transport and digital connectivity between the South Caucasus and Central Asia."}},
		{"bold Japanese wraps, English on the very next line", "wrapped-headlines.txt", 3, map[string]string{
			"ja": "アゼルバイジャンとトルクメニスタン、カスピ海横断ガスパイプライン構想について協議",
			"en": "Azerbaijan and Turkmenistan discuss the Trans-Caspian gas pipeline"}},
		{"bold Japanese, English on the next line wraps", "wrapped-headlines.txt", 4, map[string]string{
			"ja": "EU・アゼルバイジャン、エネルギー対話を開催",
			"en": "EU and Azerbaijan hold energy dialogue on the green corridor and gas supplies to Europe"}},
		{"bold Japanese with plain English on the same line", "wrapped-headlines.txt", 5, map[string]string{
			"ja": "アリエフ大統領、ドイツ首相と電話会談", "en": "President Aliyev holds phone call with German Chancellor"}},
		{"plain Japanese with English on the very next line", "wrapped-headlines.txt", 6, map[string]string{
			"ja": "大統領補佐官、記者団に対し和平プロセスの現状を説明", "en": "Presidential aide briefs journalists on the state of the peace process"}},
		{"both headlines on one line without markup", "headline-layouts.txt", 1, map[string]string{
			"ja": "大統領、ロシア大統領と会談", "en": "President Aliyev meets Russian President in Moscow", "section": ""}},
		{"English-only headline", "headline-layouts.txt", 2, map[string]string{
			"ja": "", "en": "Ministry of Defense announces snap drills", "section": "military-security"}},
		{"no English headline: the paragraph after the Japanese one is body", "headline-layouts.txt", 3, map[string]string{
			"en": "", "body": "President Aliyev signed a decree on the procurement of defense equipment, the Presidential Administration reported on Monday. The decree takes effect immediately."}},
		{"an English headline may end in a question mark", "headline-layouts.txt", 4, map[string]string{
			"en": "Is the defense industry ready for export?"}},
		{"a short sentence with a full stop is body, not a headline", "headline-layouts.txt", 5, map[string]string{
			"en": "", "body": "The State Security Service reported a cyber attack on state websites.\n\nThe attack was repelled without damage."}},
		{"a bullet alone on its line takes the headlines that follow", "headline-layouts.txt", 6, map[string]string{
			"ja": "国境警備庁、新たな監視所を開設", "en": "State Border Service opens new observation posts"}},
		{"the body follows the English headline without a blank line (text from a PDF)", "headline-layouts.txt", 7, map[string]string{
			"en":   "Air defense units hold drills",
			"body": "The air defense units of the Azerbaijan Army held tactical drills with live firing at a training ground on the Absheron peninsula."}},
		{"hard-wrapped body rejoined, hyphenated wrap kept, paragraphs kept", "hard-wrapped.txt", 1, map[string]string{
			"body": "Joint tactical exercises of the Azerbaijani and Turkish armed forces were held in Nakhchivan with the participation of armoured units, artillery and army aviation. The exercises focused on improving interoperability and military-technical cooperation between the two armies.\n\n" +
				"The Ministry of Defense said the exercises will continue until June 4, and that the results will be reviewed by the leadership of both ministries at a joint meeting in Baku.",
			"sources": "MOD.GOV.AZ 2026-06-01"}},
		{"page break mid-sentence (with a page number) and after an abbreviation rejoined", "hard-wrapped.txt", 2, map[string]string{
			"body": "President Ilham Aliyev met with the Prime Minister of Georgia in Baku. The two leaders discussed cooperation in the fields of energy, transport and regional security, as well as the implementation of joint infrastructure projects. They also met the head of the U.S. delegation attending the Baku Energy Week.",
			"date": "2026-06-02"}},
		{"Japanese lines rejoin without spaces", "hard-wrapped.txt", 3, map[string]string{
			"body": "外務省は、在外自国民向けのオンライン領事サービスを開始すると発表した。", "sources": "APA 2026-06-03"}},
		{"source dates before the week; date is the first source's", "new-year.txt", 1, map[string]string{
			"sources": "MOD.GOV.AZ 2025-12-26", "date": "2025-12-26"}},
		{"several sources across New Year, mixed-case name", "new-year.txt", 2, map[string]string{
			"sources": "TREND 2025-12-29; APA 2025-12-30; Report.az 2026-01-01", "date": "2025-12-29"}},
		{"CRLF file: paragraphs and attribution read as with LF", "crlf-bom.txt", 1, map[string]string{
			"en":      "Border guards prevent smuggling attempt on the Iranian border",
			"body":    "The State Border Service said border guards prevented an attempt to smuggle narcotics across the border with Iran.\n\nTwo suspects were detained.",
			"sources": "APA 2026-06-15"}},
		{"file without final newline: last attribution read", "crlf-bom.txt", 2, map[string]string{
			"sources": "TREND 2026-06-17", "section": "domestic"}},
		{"name with a slash, name with dots and hyphens", "sources.txt", 1, map[string]string{
			"sources": "RFE/RL 2026-05-20; JAM-NEWS.NET 2026-05-21", "date": "2026-05-20"}},
		{"no attribution: dated by the week start, sources empty", "sources.txt", 2, map[string]string{
			"sources": "", "date": "2026-05-16",
			"body": "Several rights groups issued a joint statement calling for the release of detained journalists."}},
		{"attribution on a line of its own", "sources.txt", 3, map[string]string{
			"sources": "Caliber.Az 2026-05-22", "body": "A new station of the Baku Metro opened on the green line."}},
		{"attribution without a slash is read", "sources.txt", 4, map[string]string{"sources": "TREND 2026-05-22"}},
		{"attribution with an impossible date stays in the body", "sources.txt", 5, map[string]string{
			"sources": "", "date": "2026-05-16", "body": "The Supreme Court rejected the appeal of the opposition politician. (APA / 31.04.2026)"}},
		{"fullwidth attribution", "sources.txt", 6, map[string]string{
			"sources": "TREND 2026-05-20", "body": "The Milli Majlis passed amendments to the law on media in the first reading."}},
		{"a final parenthesis without a date is not an attribution", "sources.txt", 7, map[string]string{
			"sources": "", "body": "The government said that more than 270,000 hectares have been cleared so far, according to the national mine action agency (ANAMA)"}},
		{"attributions ending two paragraphs are both read", "sources.txt", 8, map[string]string{
			"sources": "APA 2026-05-18; TREND 2026-05-19", "date": "2026-05-18",
			"body": "President Aliyev signed a decree on the reform of the civil service.\n\nHe also signed a decree on the development of the creative industries."}},
		{"sources separated by commas", "sources.txt", 9, map[string]string{
			"sources": "Turan 2026-05-17; Interfax-Azerbaijan 2026-05-18"}},
		{"NOTE: after the attribution", "notes.txt", 1, map[string]string{
			"note": "The resolution was adopted by a large majority and called for sanctions against officials.",
			"body": "FM Bayramov said the resolution of the European Parliament was biased and unfounded."}},
		{"*NOTE: …* in italics", "notes.txt", 2, map[string]string{
			"note": "Observers in Tehran saw the visit as a sign of improving relations."}},
		{"**NOTE:** over several paragraphs, with a page break", "notes.txt", 3, map[string]string{
			"note": "The statement in question was made by the Armenian Speaker of Parliament at a conference in Yerevan on May 19.\n\nIt was not commented on by the Armenian government."}},
		{"注： right after the attribution line", "notes.txt", 4, map[string]string{
			"note": "本件は在京大使館のSNSでも発信された。", "sources": "REPORT 2026-05-21"}},
		{"unmarked text after the attribution is the note", "notes.txt", 5, map[string]string{
			"body": "The presidents discussed bilateral relations and regional issues.",
			"note": "The Kremlin's readout of the call was shorter and did not mention regional issues."}},
		{"English on the ● line, Japanese under it; a full stop after the attribution", "variants.txt", 1, map[string]string{
			"ja": "国防省、カザフスタンと参謀協議", "en": "Defense Ministry holds staff talks with Kazakhstan",
			"body": "The defense ministries of Azerbaijan and Kazakhstan held staff talks in Astana.", "sources": "MOD.GOV.AZ 2026-06-22"}},
		{"an item under a repeated heading keeps the first title", "variants.txt", 3, map[string]string{
			"section": "foreign", "section_title": "外政関連"}},
		{"without blank lines the English headline is the line under the ●, the body the rest", "no-blank-lines.txt", 1, map[string]string{
			"en": "Leadership of Ministry of Defense visits Türkiye", "body": "The delegation took part in the exercise.", "sources": ""}},
		{"without blank lines a NOTE: line still starts the note", "no-blank-lines.txt", 2, map[string]string{
			"body": "The sides discussed the Partnership for Peace programme.", "note": "The meeting was not reported by NATO.",
			"sources": "MOD.GOV.AZ 2026-06-30"}},
		{"economy section", "sections.txt", 1, map[string]string{"section": "economy", "section_title": "経済関連"}},
		{"unknown English section gets a slug", "sections.txt", 5, map[string]string{"section": "regional-outlook", "section_title": "Regional Outlook"}},
		{"fullwidth heading without a space", "fullwidth-headings.txt", 2, map[string]string{"section": "domestic", "section_title": "内政関連"}},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+strconv.Itoa(tt.ordinal), func(t *testing.T) {
			b := parseFile(t, filepath.Join("testdata", tt.file))
			if tt.ordinal > len(b.Items) {
				t.Fatalf("%s: only %d items", tt.rule, len(b.Items))
			}
			it := b.Items[tt.ordinal-1]
			for field, want := range tt.want {
				if got := itemField(t, it, field); got != want {
					t.Errorf("%s: %s\n got  %q\n want %q", tt.rule, field, got, want)
				}
			}
			if it.Sources == nil {
				t.Errorf("%s: Sources is nil, want an empty slice", tt.rule)
			}
		})
	}
}

func itemField(t *testing.T, it Item, field string) string {
	t.Helper()
	switch field {
	case "ja":
		return it.HeadlineJA
	case "en":
		return it.HeadlineEN
	case "body":
		return it.Body
	case "note":
		return it.Note
	case "date":
		return it.Date.String()
	case "section":
		return it.Section
	case "section_title":
		return it.SectionTitle
	case "sources":
		var s []string
		for _, src := range it.Sources {
			s = append(s, src.Name+" "+src.Date.String())
		}
		return strings.Join(s, "; ")
	}
	t.Fatalf("unknown field %q", field)
	return ""
}

// The gap between Japanese and Latin letters or digits is layout, however it was typed or
// extracted; spaces inside English, and between Japanese characters, are text.
func TestTightenJapanese(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"2025 年 12 月 27 日～1 月 2 日", "2025年12月27日～1月2日"},
		{"第 7 回 EU・アゼルバイジャン安全保障対話", "第7回EU・アゼルバイジャン安全保障対話"},
		{"アゼルバイジャンと D-8、協力", "アゼルバイジャンとD-8、協力"},
		{"EU  当局", "EU当局"},
		{"トルコ 及び アルメニア", "トルコ 及び アルメニア"},
		{"Azerbaijan and EU hold talks", "Azerbaijan and EU hold talks"},
		{"（NATO） 代表", "（NATO） 代表"},
		{" 2026 年 ", " 2026年 "},
	} {
		if got := tightenJapanese(tt.in); got != tt.want {
			t.Errorf("tightenJapanese(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// English text quoting a Japanese term keeps its spaces.
	if s := "The term 地雷除去 was used 3 times"; tightenJapaneseText(s) != s {
		t.Errorf("tightenJapaneseText changed English text: %q", tightenJapaneseText(s))
	}
	if got := tightenJapaneseText("注： 2025 年に開始"); got != "注：2025年に開始" {
		t.Errorf("tightenJapaneseText(Japanese note) = %q", got)
	}
}
