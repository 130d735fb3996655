package gen

import "fmt"

// Stories of the foreign-affairs section (外政関連), the bulk of every issue.

var foreignStories = []storyMaker{
	{"foreign", 8, func(s *scene) story {
		c := s.otherCountry("Armenia")
		kind := pick(s.r, []string{"official", "working", "state"})
		kindJA := map[string]string{"official": "公式訪問", "working": "実務訪問", "state": "国賓訪問"}[kind]
		return story{
			ja: "アリエフ大統領、" + c.ja + "を" + kindJA,
			en: "President Ilham Aliyev arrived in " + c.en + " on " + kind + " visit",
			paragraphs: []string{
				fmt.Sprintf("President Ilham Aliyev arrived in %s on a %s visit. A welcoming ceremony was held in %s.", c.en, kind, c.capital),
				fmt.Sprintf("During the visit, the sides discussed cooperation in the fields of %s, and signed documents on %s cooperation.", s.fields3(), pick(s.r, fields).en),
			},
		}
	}},
	{"foreign", 8, func(s *scene) story {
		c := s.countryWithLeader()
		return story{
			ja:         "アリエフ大統領、" + c.leaderJA + "・" + c.ja + c.titleJA + "と電話会談",
			en:         "President Aliyev made a phone call to " + c.leaderTitle + " of " + c.en + " " + c.leader,
			paragraphs: []string{fmt.Sprintf("President Ilham Aliyev had a phone conversation with %s of %s %s. The leaders hailed the development of friendly relations between Azerbaijan and %s and exchanged views on expanding cooperation across various fields.", c.leaderTitle, c.en, c.leader, c.en)},
		}
	}},
	{"foreign", 5, func(s *scene) story {
		f := weightedForeigners.pick(s.r)
		return story{
			ja:         "アリエフ大統領、" + f.roleJA + "を迎える",
			en:         "President Ilham Aliyev receives " + f.role,
			paragraphs: []string{fmt.Sprintf("President Ilham Aliyev received %s, %s. The sides discussed the current state and prospects of cooperation in %s.", f.name, f.role, s.fields3())},
		}
	}},
	{"foreign", 8, func(s *scene) story {
		c := s.otherCountry("Armenia")
		return story{
			ja:         "バイラモフ外相、" + c.ja + "外相と会談",
			en:         "FM Jeyhun Bayramov met with Foreign Minister of " + c.en,
			paragraphs: []string{fmt.Sprintf("FM Jeyhun Bayramov met with the Foreign Minister of %s in %s. The ministers discussed the bilateral agenda, cooperation in %s, and regional security issues.", c.en, pick(s.r, []string{"Baku", c.capital}), s.fields3())},
		}
	}},
	{"foreign", 5, func(s *scene) story {
		o := s.org()
		return story{
			ja:         "バイラモフ外相、" + o.ja + "外相会合に出席",
			en:         "FM Jeyhun Bayramov attended " + o.short + " meeting of foreign ministers",
			paragraphs: []string{fmt.Sprintf("At a meeting of foreign ministers of %s, FM Bayramov said rising geopolitical tensions, conflicts, and hybrid threats require stronger solidarity and coordination. He stressed the importance of cooperation in security, energy, transport, cybersecurity, and digital development.", o.en)},
		}
	}},
	{"foreign", 3, func(s *scene) story {
		o := s.org()
		return story{
			ja:         "ママドフ外務次官、" + o.ja + "の会合に出席",
			en:         "Deputy FM Elnur Mammadov attended the meeting of " + o.short,
			paragraphs: []string{fmt.Sprintf("Deputy FM Elnur Mammadov attended the %s session of %s. He criticized what he called a biased approach toward Azerbaijan and discussed the normalization process between Azerbaijan and Armenia.", ordinalEN(s.r.between(20, 140)), o.en)},
		}
	}},
	{"foreign", 8, func(s *scene) story {
		venue := pick(s.r, []struct{ en, ja string }{{"Washington", "ワシントン"}, {"Abu Dhabi", "アブダビ"}, {"Brussels", "ブリュッセル"}, {"Almaty", "アルマトイ"}, {"the border", "国境"}})
		return story{
			ja: "アゼルバイジャンとアルメニア、" + venue.ja + "で平和条約交渉",
			en: "Azerbaijan and Armenia hold peace treaty talks in " + venue.en,
			paragraphs: []string{
				fmt.Sprintf("Delegations of Azerbaijan and Armenia held talks on the peace agreement in %s. Azerbaijan considers an amendment of the Armenian constitution, removing territorial claims against Azerbaijan, a prerequisite for signing the peace agreement.", venue.en),
				"The sides also discussed the opening of transport communications, including the Zangezur Corridor, and the delimitation of the border.",
			},
		}
	}},
	{"foreign", 4, func(s *scene) story {
		n := s.r.between(2, 9)
		topic := pick(s.r, []struct{ en, ja string }{{"Security", "安全保障"}, {"Energy", "エネルギー"}, {"Human Rights", "人権"}, {"Connectivity", "連結性"}})
		city := pick(s.r, []string{"Baku", "Brussels"})
		cityJA := map[string]string{"Baku": "バクー", "Brussels": "ブリュッセル"}[city]
		return story{
			ja:         fmt.Sprintf("第 %d 回 EU・アゼルバイジャン%s対話、%sで開催", n, topic.ja, cityJA),
			en:         fmt.Sprintf("%s EU-Azerbaijan %s Dialogue held in %s", ordinalEN(n), topic.en, city),
			paragraphs: []string{fmt.Sprintf("Azerbaijan and the EU held the %s round of their %s Dialogue in %s, discussing energy security, connectivity and the Middle Corridor transport route. The meeting was co-chaired by Hikmat Hajiyev and Olof Skoog.", ordinalEN(n), topic.en, city)},
		}
	}},
	{"foreign", 4, func(s *scene) story {
		c := pick(s.r, []string{"France", "the United States", "Armenia", "Iran"})
		cj := map[string]string{"France": "フランス", "the United States": "米国", "Armenia": "アルメニア", "Iran": "イラン"}[c]
		return story{
			ja:         "ハジエフ大統領補佐官、" + cj + "の立場を批判",
			en:         "Hikmat Hajiyev criticizes the position of " + c,
			paragraphs: []string{fmt.Sprintf("Hikmat Hajiyev, Assistant to the President, criticized the statements of officials of %s about Azerbaijan, calling them biased and an interference in internal affairs. He said colonialism still exists in modern forms.", c)},
			note:       pick(s.r, []string{"", "Azerbaijan's relations with France have been tense since 2020, when Paris backed Armenia."}),
		}
	}},
	{"foreign", 3, func(s *scene) story {
		c := s.otherCountry("Armenia")
		return story{
			ja:         "ガファロヴァ国会議長、" + c.ja + "を訪問",
			en:         "Speaker of the Parliament Sahiba Gafarova is visiting " + c.en,
			paragraphs: []string{fmt.Sprintf("Sahiba Gafarova paid a working visit to %s. Discussions focused on strengthening interparliamentary cooperation, expanding regional dialogue, and deepening bilateral relations between Azerbaijan and %s.", c.en, c.en)},
		}
	}},
	{"foreign", 1, func(s *scene) story {
		a := s.place()
		b := pick(s.r, []struct{ en, ja string }{{"Trabzon", "トラブゾン"}, {"Bursa", "ブルサ"}, {"Samarkand", "サマルカンド"}, {"Turkistan", "トルキスタン"}, {"Kutaisi", "クタイシ"}})
		return story{
			ja:         a.ja + "と" + b.ja + "が姉妹都市提携を開始",
			en:         a.en + " and " + b.en + " become twin cities",
			paragraphs: []string{fmt.Sprintf("The Azerbaijani city of %s and the city of %s have become twin cities. A corresponding memorandum of understanding was signed by the heads of the two cities.", a.en, b.en)},
		}
	}},
	{"foreign", 4, func(s *scene) story {
		topic := pick(s.r, []struct{ en, ja string }{{"neocolonialism", "新植民地主義"}, {"climate change", "気候変動"}, {"humanitarian demining", "人道的地雷除去"}, {"urban reconstruction", "都市復興"}, {"the Global South", "グローバル・サウス"}})
		return story{
			ja:         "アゼルバイジャン、" + topic.ja + "に関する国際会議を主催",
			en:         "Azerbaijan hosts international conference on " + topic.en,
			paragraphs: []string{fmt.Sprintf("An international conference on %s was held in Baku with the participation of delegations from %d countries. Azerbaijani officials presented it as part of the country's broader outreach to the Global South.", topic.en, s.r.between(20, 120))},
		}
	}},
	{"foreign", 6, func(s *scene) story {
		c := s.otherCountry("Armenia")
		fEN, fJA := s.field()
		return story{
			ja:         "アゼルバイジャンと" + c.ja + "、" + fJA + "分野の覚書に署名",
			en:         "Azerbaijan and " + c.en + " sign memorandum on " + fEN + " cooperation",
			paragraphs: []string{fmt.Sprintf("Azerbaijan and %s signed a memorandum of understanding on cooperation in the field of %s. The document was signed on the sidelines of the intergovernmental commission meeting.", c.en, fEN)},
		}
	}},
}

var economyStories = []storyMaker{
	{"economy", 5, func(s *scene) story {
		bcm := s.r.between(20, 140)
		return story{
			ja:         fmt.Sprintf("南ガス回廊経由の欧州向けガス輸出、%d億立方メートルに", bcm),
			en:         fmt.Sprintf("Gas exports to Europe via Southern Gas Corridor reach %d.%d bcm", bcm/10, bcm%10),
			paragraphs: []string{fmt.Sprintf("Azerbaijan exported %d.%d billion cubic meters of natural gas to Europe via the Southern Gas Corridor since the beginning of the year, Minister of Energy Parviz Shahbazov said. Italy, Greece, Bulgaria and Hungary are among the buyers of Azerbaijani gas.", bcm/10, bcm%10)},
		}
	}},
	{"economy", 4, func(s *scene) story {
		co := weightedCompanies.pick(s.r)
		fEN, fJA := pick(s.r, []string{"offshore wind", "solar energy", "oil exploration", "gas processing", "green hydrogen"}), ""
		fJA = map[string]string{"offshore wind": "洋上風力", "solar energy": "太陽光発電", "oil exploration": "石油探査", "gas processing": "ガス処理", "green hydrogen": "グリーン水素"}[fEN]
		if co.en == "SOCAR" {
			co = weightedCompanies.pick(s.r)
		}
		return story{
			ja:         "SOCAR、" + co.ja + "と" + fJA + "分野で合意",
			en:         "SOCAR signs agreement with " + co.en + " on " + fEN,
			paragraphs: []string{fmt.Sprintf("The State Oil Company of Azerbaijan Republic (SOCAR) and %s signed an agreement on cooperation in %s. The total investment is estimated at $%d million.", co.en, fEN, s.r.between(50, 3000))},
		}
	}},
	{"economy", 4, func(s *scene) story {
		m := s.r.between(2, 11)
		g := s.r.between(0, 60)
		return story{
			ja:         fmt.Sprintf("%d年1～%d月のGDP成長率は%d.%d％", s.year, m, g/10, g%10),
			en:         fmt.Sprintf("Azerbaijan's GDP grows %d.%d%% in January–%s %d", g/10, g%10, monthsEN[m-1], s.year),
			paragraphs: []string{fmt.Sprintf("Azerbaijan's gross domestic product grew by %d.%d%% in January–%s, the State Statistics Committee said. The non-oil sector grew by %d.%d%%, while the oil and gas sector declined.", g/10, g%10, monthsEN[m-1], s.r.between(1, 9), s.r.between(0, 9))},
		}
	}},
	{"economy", 4, func(s *scene) story {
		pct := s.r.between(5, 90)
		return story{
			ja:         "中央回廊経由の貨物輸送量が増加",
			en:         fmt.Sprintf("Cargo transit via Middle Corridor increases by %d%%", pct),
			paragraphs: []string{fmt.Sprintf("Cargo transportation along the Middle Corridor (Trans-Caspian International Transport Route) through Azerbaijan increased by %d%% year on year, Azerbaijan Railways said. Container trains from China to Europe now cross the Caspian Sea via the port of Alat.", pct)},
		}
	}},
	{"economy", 3, func(s *scene) story {
		co := pick(s.r, []struct{ en, ja string }{{"Masdar", "マスダール"}, {"ACWA Power", "ACWAパワー"}, {"China Energy", "中国能源建設"}})
		p := s.place()
		mw := s.r.between(1, 10) * 100
		return story{
			ja:         co.ja + "、" + p.ja + "で太陽光発電所の建設を開始",
			en:         fmt.Sprintf("%s begins construction of %d MW solar power plant in %s", co.en, mw, p.en),
			paragraphs: []string{fmt.Sprintf("%s began construction of a %d MW solar power plant in %s. The project is part of Azerbaijan's plan to raise the share of renewable energy and export green energy to Europe via the Caspian–Black Sea–Europe Green Energy Corridor.", co.en, mw, p.en)},
		}
	}},
	{"economy", 2, func(s *scene) story {
		usd := s.r.between(50, 75)
		return story{
			ja:         fmt.Sprintf("%d年国家予算案、原油価格を1バレル%dドルと想定", s.year+1, usd),
			en:         fmt.Sprintf("State budget for %d assumes oil price of $%d per barrel", s.year+1, usd),
			paragraphs: []string{fmt.Sprintf("The draft state budget for %d is based on an oil price of $%d per barrel. Minister of Economy Mikayil Jabbarov said revenues from the State Oil Fund (SOFAZ) will cover about half of expenditures.", s.year+1, usd)},
		}
	}},
	{"economy", 2, func(s *scene) story {
		r := s.r.between(60, 90)
		return story{
			ja:         fmt.Sprintf("中央銀行、政策金利を%d.%d％に据え置き", r/10, r%10),
			en:         fmt.Sprintf("Central Bank keeps refinancing rate at %d.%d%%", r/10, r%10),
			paragraphs: []string{fmt.Sprintf("The Central Bank of Azerbaijan kept its refinancing rate unchanged at %d.%d%%, citing annual inflation of %d.%d%%. The manat exchange rate remains stable at 1.70 per dollar.", r/10, r%10, s.r.between(2, 8), s.r.between(0, 9))},
		}
	}},
	{"economy", 2, func(s *scene) story {
		return story{
			ja:         "ザンゲズール回廊の鉄道建設が進展",
			en:         "Construction of Horadiz–Aghband railway on Zangezur Corridor advances",
			paragraphs: []string{fmt.Sprintf("%d%% of the construction work on the Horadiz–Aghband railway, part of the Zangezur Corridor, has been completed, Azerbaijan Railways said. The line will connect mainland Azerbaijan with Nakhchivan.", s.r.between(30, 95))},
		}
	}},
}
