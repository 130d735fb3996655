package entity

import "testing"

func TestRomanize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"バイラモフ", "bairamofu"},
		{"ガファロヴァ", "gafarova"},
		{"トカエフ", "tokaefu"},
		{"ママドフ", "mamadofu"},
		{"ジェイフン", "jeifun"},
		{"シュシャ", "shusha"},
		{"プーチン", "puchin"},
		{"ティムール", "timuru"},
		{"ウィーン", "win"},
		{"ハチャトゥリャン", "hachaturyan"},
		{"ﾊﾞｲﾗﾓﾌ", "bairamofu"},
	} {
		if got := Romanize(tc.in); got != tc.want {
			t.Errorf("Romanize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// The pairs are names of the region's politics in their usual Japanese spelling, chosen to
// cover the sound classes (final -v as フ, -va as ヴァ, y as イ/エ, kh, gh, ç, ş, ğ, l/r).
func TestTransliterationMatches(t *testing.T) {
	same := []struct{ kana, latin string }{
		{"バイラモフ", "Bayramov"}, {"ガファロヴァ", "Gafarova"}, {"トカエフ", "Tokayev"},
		{"ママドフ", "Mammadov"}, {"アリエフ", "Aliyev"}, {"ハジエフ", "Hajiyev"},
		{"ハサノフ", "Hasanov"}, {"マクロン", "Macron"}, {"パシニャン", "Pashinyan"},
		{"ミルゾヤン", "Mirzoyan"}, {"エルドアン", "Erdoğan"}, {"フィダン", "Fidan"},
		{"プーチン", "Putin"}, {"ラヴロフ", "Lavrov"}, {"ギュレル", "Güler"}, {"ゲンチ", "Genç"},
		{"トラブゾン", "Trabzon"}, {"アグダム", "Aghdam"}, {"フズリ", "Fuzuli"}, {"シュシャ", "Shusha"},
		{"ミルジヨエフ", "Mirziyoyev"}, {"ゼレンスキー", "Zelensky"}, {"グテーレス", "Guterres"},
		{"ハチャトゥリャン", "Khachaturyan"}, {"スレイマノフ", "Suleymanov"}, {"カリモフ", "Karimov"},
		{"ヴァリエフ", "Valiyev"}, {"アサドフ", "Asadov"}, {"ペゼシュキアン", "Pezeshkian"},
		{"カラス", "Kallas"}, {"スコーグ", "Skoog"}, {"マフムード", "Mahmood"}, {"フシエフ", "Husyev"},
		{"ナヒチェヴァン", "Nakhchivan"}, {"ザンゲズール", "Zangezur"}, {"ハンケンディ", "Khankendi"},
	}
	for _, p := range same {
		if d := phoneticDistance(kanaPhonetic(p.kana), phonetic(p.latin)); d > sameName {
			t.Errorf("%s / %s: distance %.2f, want ≤ %.2f (%s vs %s)", p.kana, p.latin, d, sameName, kanaPhonetic(p.kana), phonetic(p.latin))
		}
	}
	different := []struct{ kana, latin string }{
		{"バイラモフ", "Mammadov"}, {"アリエフ", "Hajiyev"}, {"トカエフ", "Tokmakov"},
		{"ママドフ", "Muradov"}, {"ハサノフ", "Hajiyev"}, {"ガファロヴァ", "Aliyeva"},
		{"アリエフ", "Asadov"}, {"パシニャン", "Mirzoyan"}, {"プーチン", "Peskov"},
		{"カリモフ", "Karimli"}, {"トラブゾン", "Trabzonspor"}, {"グローバル", "Gabala"},
		{"エネルギー", "Ganja"}, {"ロシア", "Lachin"},
	}
	for _, p := range different {
		if d := phoneticDistance(kanaPhonetic(p.kana), phonetic(p.latin)); d <= sameName+0.1 {
			t.Errorf("%s / %s: distance %.2f, want > %.2f (%s vs %s)", p.kana, p.latin, d, sameName+0.1, kanaPhonetic(p.kana), phonetic(p.latin))
		}
	}
}
