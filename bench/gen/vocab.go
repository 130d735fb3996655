package gen

// The vocabulary is built from the sample briefing (archive/briefings/2026-05-16.txt): its
// officials, places, organizations and sources, with the katakana the embassy writes for them,
// plus a few real neighbours of theirs (marked "beyond the sample") so that the economy section
// and the long tail of rare names have something to say. Weights shape the frequencies: Aliyev
// and TREND are everywhere, Skoog and Trabzon are rare, like in the real archive.

// country is a partner state with its leader (empty when the texts never name one).
type country struct {
	en, ja, adj          string
	capital, capitalJA   string
	leader, leaderJA     string
	leaderTitle, titleJA string
	w                    int
}

var countries = []country{
	{"Türkiye", "トルコ", "Turkish", "Ankara", "アンカラ", "Recep Tayyip Erdoğan", "エルドアン", "President", "大統領", 30},
	{"Russia", "ロシア", "Russian", "Moscow", "モスクワ", "Vladimir Putin", "プーチン", "President", "大統領", 20},
	{"Armenia", "アルメニア", "Armenian", "Yerevan", "エレバン", "Nikol Pashinyan", "パシニャン", "Prime Minister", "首相", 20},
	{"Kazakhstan", "カザフスタン", "Kazakh", "Astana", "アスタナ", "Kassym-Jomart Tokayev", "トカエフ", "President", "大統領", 12},
	{"Georgia", "ジョージア", "Georgian", "Tbilisi", "トビリシ", "Irakli Kobakhidze", "コバヒゼ", "Prime Minister", "首相", 10},
	{"Iran", "イラン", "Iranian", "Tehran", "テヘラン", "Masoud Pezeshkian", "ペゼシュキアン", "President", "大統領", 10},
	{"China", "中国", "Chinese", "Beijing", "北京", "Xi Jinping", "習近平", "President", "国家主席", 9},
	{"France", "フランス", "French", "Paris", "パリ", "Emmanuel Macron", "マクロン", "President", "大統領", 8},
	{"Uzbekistan", "ウズベキスタン", "Uzbek", "Tashkent", "タシケント", "Shavkat Mirziyoyev", "ミルジヨエフ", "President", "大統領", 7},
	{"Ukraine", "ウクライナ", "Ukrainian", "Kyiv", "キーウ", "Volodymyr Zelensky", "ゼレンスキー", "President", "大統領", 6},
	{"Pakistan", "パキスタン", "Pakistani", "Islamabad", "イスラマバード", "Shehbaz Sharif", "シャリフ", "Prime Minister", "首相", 5},
	{"Turkmenistan", "トルクメニスタン", "Turkmen", "Ashgabat", "アシガバット", "Serdar Berdimuhamedov", "ベルディムハメドフ", "President", "大統領", 5},
	{"Italy", "イタリア", "Italian", "Rome", "ローマ", "Giorgia Meloni", "メローニ", "Prime Minister", "首相", 5},
	{"Hungary", "ハンガリー", "Hungarian", "Budapest", "ブダペスト", "Viktor Orbán", "オルバン", "Prime Minister", "首相", 4},
	{"Kyrgyzstan", "キルギス", "Kyrgyz", "Bishkek", "ビシュケク", "Sadyr Japarov", "ジャパロフ", "President", "大統領", 3},
	{"Moldova", "モルドバ", "Moldovan", "Chişinău", "キシナウ", "Maia Sandu", "サンドゥ", "President", "大統領", 2},
	{"Serbia", "セルビア", "Serbian", "Belgrade", "ベオグラード", "Aleksandar Vučić", "ヴチッチ", "President", "大統領", 2},
	{"Israel", "イスラエル", "Israeli", "Jerusalem", "エルサレム", "Benjamin Netanyahu", "ネタニヤフ", "Prime Minister", "首相", 3},
	{"the United States", "米国", "American", "Washington", "ワシントン", "", "", "", "", 8},
	{"Japan", "日本", "Japanese", "Tokyo", "東京", "", "", "", "", 3},
	{"Germany", "ドイツ", "German", "Berlin", "ベルリン", "", "", "", "", 4},
	{"Saudi Arabia", "サウジアラビア", "Saudi", "Riyadh", "リヤド", "", "", "", "", 3},
	{"Monaco", "モナコ", "Monegasque", "Monaco", "モナコ", "", "", "", "", 1},
}

// foreigner is a foreign official named in the sample (and a few more).
type foreigner struct {
	name, ja, role, roleJA string
	w                      int
}

var foreigners = []foreigner{
	{"Olof Skoog", "スコーグ", "Deputy Secretary-General for Political Affairs of the European External Action Service", "欧州対外活動庁政治担当副事務総長", 1},
	{"Kaja Kallas", "カラス", "EU High Representative for Foreign Affairs and Security Policy", "EU外務・安全保障政策上級代表", 3},
	{"António Costa", "コスタ", "President of the European Council", "欧州理事会議長", 3},
	{"Zhang Guoqing", "張国清", "Vice Premier of the State Council of China", "中国国務院副総理", 1},
	{"Yaşar Güler", "ギュレル", "Minister of National Defense of Türkiye", "トルコ国防相", 3},
	{"Sohail Mahmood", "マフムード", "Secretary General of the D-8 Organization for Economic Cooperation", "D-8事務局長", 1},
	{"Yuriy Husyev", "フシエフ", "Ukrainian Ambassador to Azerbaijan", "駐アゼルバイジャン・ウクライナ大使", 1},
	{"Kubanychbek Omuraliev", "オムラリエフ", "Secretary General of the Organization of Turkic States", "テュルク諸国機構事務局長", 2},
	{"Selçuk Bayraktaroğlu", "バイラクタルオール", "Chief of the General Staff of Türkiye", "トルコ参謀総長", 1},
}

// org is an international organization.
type org struct {
	en, short, ja string
	w             int
}

var orgs = []org{
	{"the European Union", "EU", "EU", 20},
	{"the Organization of Turkic States", "OTS", "テュルク諸国機構", 12},
	{"the Council of Europe", "Council of Europe", "欧州評議会", 6},
	{"the Parliamentary Assembly of the Council of Europe", "PACE", "欧州評議会議員会議", 5},
	{"the United Nations", "UN", "国連", 8},
	{"the Organization for Security and Co-operation in Europe", "OSCE", "欧州安全保障協力機構", 4},
	{"the Commonwealth of Independent States", "CIS", "独立国家共同体", 4},
	{"NATO", "NATO", "NATO", 4},
	{"the Non-Aligned Movement", "Non-Aligned Movement", "非同盟運動", 3},
	{"the Organization of Islamic Cooperation", "OIC", "イスラム協力機構", 3},
	{"the D-8 Organization for Economic Cooperation", "D-8", "D-8", 1},
	{"the Shanghai Cooperation Organization", "SCO", "上海協力機構", 2},
	{"the European External Action Service", "EEAS", "欧州対外活動庁", 2},
	{"GUAM", "GUAM", "GUAM", 1},
}

// place is a place in Azerbaijan.
type place struct {
	en, ja    string
	liberated bool // in the territories returned in 2020–2023: demining and reconstruction
	w         int
}

var places = []place{
	{"Baku", "バクー", false, 30},
	{"Shusha", "シュシャ", true, 10},
	{"Aghdam", "アグダム", true, 6},
	{"Fuzuli", "フズリ", true, 6},
	{"Lachin", "ラチン", true, 4},
	{"Kalbajar", "ケルバジャル", true, 4},
	{"Jabrayil", "ジャブライル", true, 3},
	{"Zangilan", "ザンギラン", true, 3},
	{"Gubadli", "グバドリ", true, 2},
	{"Khankendi", "ハンケンディ", true, 3},
	{"Khojaly", "ホジャリ", true, 2},
	{"Tartar", "テルテル", true, 2},
	{"Ganja", "ギャンジャ", false, 4},
	{"Sumgait", "スムガイト", false, 3},
	{"Nakhchivan", "ナヒチェバン", false, 4},
	{"Lankaran", "レンコラン", false, 2},
	{"Gabala", "ガバラ", false, 2},
	{"Sheki", "シェキ", false, 1},
}

// source is a news source as printed in the attributions.
type source struct {
	name string
	w    int
}

var sources = []source{
	{"TREND", 35}, {"AZERTAG", 15}, {"REPORT", 15}, {"APA", 8}, {"MOD.GOV.AZ", 4},
	{"JAM-NEWS.NET", 5}, {"OC-MEDIA", 5}, {"Cumhuriyet", 2}, {"X.COM", 2},
}

// Given and family names for the long tail of minor people (journalists, MPs, experts).
var (
	givenNames = []string{"Anar", "Elchin", "Rauf", "Farid", "Tural", "Kamran", "Orkhan", "Nijat",
		"Samir", "Vusal", "Ramil", "Elvin", "Rashad", "Ilgar", "Emin", "Javid", "Nurlan", "Shahin",
		"Togrul", "Zaur", "Bakhtiyar", "Arif", "Ulvi", "Sevinj", "Aynur", "Gunel", "Narmin", "Aysel",
		"Jamila", "Leyla", "Ulviyya", "Khadija", "Nargiz", "Aytan", "Konul", "Lala"}
	familyNames = []struct{ en, ja string }{
		{"Mammadov", "ママドフ"}, {"Aliyev", "アリエフ"}, {"Huseynov", "フセイノフ"}, {"Hasanov", "ハサノフ"},
		{"Guliyev", "グリエフ"}, {"Ismayilov", "イスマイロフ"}, {"Abbasov", "アッバソフ"}, {"Rzayev", "ルザエフ"},
		{"Jafarov", "ジャファロフ"}, {"Babayev", "ババエフ"}, {"Karimov", "カリモフ"}, {"Nasirov", "ナシロフ"},
		{"Gasimov", "ガシモフ"}, {"Orujov", "オルジョフ"}, {"Safarov", "サファロフ"}, {"Ahmadov", "アフマドフ"},
		{"Musayev", "ムサエフ"}, {"Bagirov", "バギロフ"}, {"Rustamov", "ルスタモフ"}, {"Zeynalov", "ゼイナロフ"},
		{"Ibrahimov", "イブラヒモフ"}, {"Novruzov", "ノヴルゾフ"}, {"Sadigov", "サディゴフ"}, {"Hajiyev", "ハジエフ"},
	}
)

// Outlets whose staff appear in domestic items.
var outlets = []struct{ en, ja string }{
	{"Abzas Media", "アブザス・メディア"}, {"Meydan TV", "メイダンTV"}, {"Toplum TV", "トプルムTV"},
	{"Kanal 13", "カナル13"}, {"Kanal 11", "カナル11"},
}

// Companies for the economy section (beyond the sample).
var companies = []struct {
	en, ja string
	w      int
}{
	{"SOCAR", "SOCAR", 20}, {"bp", "bp", 10}, {"Masdar", "マスダール", 5}, {"ACWA Power", "ACWAパワー", 4},
	{"TotalEnergies", "トタルエナジーズ", 4}, {"Equinor", "エクイノール", 3}, {"Lukoil", "ルクオイル", 3},
	{"Azerbaijan Railways", "アゼルバイジャン鉄道", 5}, {"AZAL", "アゼルバイジャン航空", 3},
	{"China Energy", "中国能源建設", 2}, {"Azerenerji", "アゼルエネルギー", 3},
}

// Fields of cooperation, in English and Japanese.
var fields = []struct{ en, ja string }{
	{"energy", "エネルギー"}, {"transport", "運輸"}, {"trade", "貿易"}, {"military-technical", "軍事技術"},
	{"humanitarian", "人道"}, {"education", "教育"}, {"digital development", "デジタル開発"},
	{"agriculture", "農業"}, {"tourism", "観光"}, {"logistics", "物流"}, {"green energy", "グリーンエネルギー"},
	{"cybersecurity", "サイバーセキュリティ"}, {"culture", "文化"}, {"healthcare", "保健"},
	{"investment", "投資"}, {"space", "宇宙"},
}

var (
	weightedCountries  = newWeighted(countries, func(c country) int { return c.w })
	weightedForeigners = newWeighted(foreigners, func(f foreigner) int { return f.w })
	weightedOrgs       = newWeighted(orgs, func(o org) int { return o.w })
	weightedPlaces     = newWeighted(places, func(p place) int { return p.w })
	weightedSources    = newWeighted(sources, func(s source) int { return s.w })
	weightedCompanies  = newWeighted(companies, func(c struct {
		en, ja string
		w      int
	}) int {
		return c.w
	})
)

func liberatedPlaces() []place {
	var out []place
	for _, p := range places {
		if p.liberated {
			out = append(out, p)
		}
	}
	return out
}

var weightedLiberated = newWeighted(liberatedPlaces(), func(p place) int { return p.w })
