package gen

import "fmt"

// Stories of the military-security (軍事・治安関係) and domestic (内政関連) sections.

var militaryStories = []storyMaker{
	{"military-security", 5, func(s *scene) story {
		c := s.otherCountry("Armenia")
		ex := fmt.Sprintf("“%s-%d”", pick(s.r, []string{"EFES", "Anadolu Kartalı", "Birlik", "Caucasus Eagle", "Mustafa Kemal Atatürk"}), s.year)
		return story{
			ja: "国防省幹部が" + c.ja + "を訪問",
			en: "Leadership of Ministry of Defense visits " + c.en,
			paragraphs: []string{
				fmt.Sprintf("Minister of Defense Zakir Hasanov, the First Deputy Minister of Defense – Chief of the General Staff of the Azerbaijan Army Colonel General Karim Valiyev, along with other senior officials of the Ministry are on a working visit to %s to participate in the Distinguished Visitors Day of %s multinational joint exercise.", c.en, ex),
				fmt.Sprintf("The meetings discussed the current state and future prospects of cooperation between the two countries in the fields of military, military-technical, and military education. A total of %s military personnel from %d countries took part in the exercise.", number(s.r.between(20, 120)*100), s.r.between(5, 50)),
			},
		}
	}},
	{"military-security", 4, func(s *scene) story {
		c := pick(s.r, []string{"Türkiye", "Pakistan", "Georgia", "Kazakhstan", "Uzbekistan"})
		cj := map[string]string{"Türkiye": "トルコ", "Pakistan": "パキスタン", "Georgia": "ジョージア", "Kazakhstan": "カザフスタン", "Uzbekistan": "ウズベキスタン"}[c]
		return story{
			ja:         "アゼルバイジャン軍、" + cj + "軍と合同軍事演習を実施",
			en:         "Azerbaijan Army holds joint military exercise with " + c,
			paragraphs: []string{fmt.Sprintf("Joint tactical exercises of the Azerbaijan Army and the armed forces of %s were held in %s from %s %d to %d, with the participation of %s servicemen, armored vehicles, artillery units and army aviation. The exercises aimed to improve interoperability and the exchange of combat experience.", c, s.place().en, pick(s.r, monthsEN), s.r.between(1, 14), s.r.between(15, 28), number(s.r.between(5, 60)*100))},
		}
	}},
	{"military-security", 8, func(s *scene) story {
		p := s.liberated()
		ha := number(s.r.between(1, 300) * 1000)
		st := story{
			ja:         p.ja + "における地雷除去作業が進展",
			en:         "Demining operations continue in " + p.en,
			paragraphs: []string{fmt.Sprintf("More than %s hectares of land have been cleared of mines and unexploded ordnance in Azerbaijan since November 2020, Chairman of the Board of Directors of Azerbaijan National Agency for Mine Action (ANAMA) Vugar Suleymanov said. During the past week, %d anti-personnel mines, %d anti-tank mines and %d unexploded ordnance were detected and neutralized in %s.", ha, s.r.between(5, 400), s.r.between(1, 90), s.r.between(10, 900), p.en)},
		}
		if s.r.chance(0.3) {
			st.ja = "アゼルバイジャン、" + fmt.Sprint(s.year) + "年の全国的な地雷除去の進捗状況を報告"
			st.en = "Azerbaijan reports progress on nationwide mine clearance in " + fmt.Sprint(s.year)
		}
		return st
	}},
	{"military-security", 3, func(s *scene) story {
		p := s.liberated()
		n := s.r.between(1, 4)
		return story{
			ja:         p.ja + "で地雷爆発、民間人" + fmt.Sprint(n) + "人が負傷",
			en:         fmt.Sprintf("Landmine explosion injures %d civilians in %s", n, p.en),
			paragraphs: []string{fmt.Sprintf("A landmine exploded near a village of the %s district, injuring %d civilians who were working on the land. The injured were taken to hospital. Since the end of the 2020 war, more than %d people have become victims of landmines, ANAMA said.", p.en, n, s.r.between(300, 400))},
		}
	}},
	{"military-security", 3, func(s *scene) story {
		c := pick(s.r, []string{"Iran", "Russia", "Armenia"})
		cj := map[string]string{"Iran": "イラン", "Russia": "ロシア", "Armenia": "アルメニア"}[c]
		n := s.r.between(2, 9)
		return story{
			ja:         "国家保安庁、" + cj + "のためのスパイ容疑で" + fmt.Sprint(n) + "人を拘束",
			en:         fmt.Sprintf("State Security Service detains %d suspected of spying for %s", n, c),
			paragraphs: []string{fmt.Sprintf("The State Security Service (DTX) said it had detained %d citizens suspected of collecting information for the special services of %s. A criminal case was opened under the article on high treason; the investigation continues.", n, c)},
		}
	}},
	{"military-security", 3, func(s *scene) story {
		return story{
			ja:         "アゼルバイジャンとアルメニアの国境画定委員会が会合",
			en:         "Azerbaijani and Armenian border delimitation commissions hold meeting",
			paragraphs: []string{fmt.Sprintf("The %s meeting of the State Commissions on the delimitation of the state border between Azerbaijan and Armenia was held on the border, chaired by Deputy Prime Minister Shahin Mustafayev and his Armenian counterpart. The sides agreed on the regulations of joint activities and the next steps of delimitation.", ordinalEN(s.r.between(2, 14)))},
		}
	}},
	{"military-security", 2, func(s *scene) story {
		c := s.otherCountry("Armenia")
		return story{
			ja:         "アゼルバイジャンと" + c.ja + "、" + fmt.Sprint(s.year+1) + "年の軍事協力計画に署名",
			en:         fmt.Sprintf("Azerbaijan and %s sign military cooperation plan for %d", c.en, s.year+1),
			paragraphs: []string{fmt.Sprintf("A bilateral military cooperation plan between the Ministries of Defense of Azerbaijan and %s for %d was signed in Baku. The plan envisages joint exercises, training of personnel and cooperation in military education and military medicine.", c.en, s.year+1)},
		}
	}},
}

var domesticStories = []storyMaker{
	{"domestic", 3, func(s *scene) story {
		n := s.r.between(180, 380)
		return story{
			ja: "アゼルバイジャンで " + fmt.Sprint(n) + " 人の政治犯が収容中",
			en: fmt.Sprintf("Updated list shows %d political prisoners in Azerbaijan", n),
			paragraphs: []string{
				fmt.Sprintf("%d names have been included in a list of political prisoners in Azerbaijan published by the Union for the Freedom of Political Prisoners of Azerbaijan. The authors of the document - human rights defenders Leyla Yunus and Elshan Hasanov - said they compiled the list based on the definition of “political prisoner” outlined in Resolution 1900 of PACE.", n),
				"Azerbaijani authorities deny the existence of political prisoners in the country. According to the official position, no one has been arrested for their opinions or political views.",
			},
		}
	}},
	{"domestic", 4, func(s *scene) story {
		o := pick(s.r, outlets)
		n := s.r.between(2, 7)
		name, _ := s.minor()
		return story{
			ja:         o.ja + "のジャーナリスト" + fmt.Sprint(n) + "人が拘束",
			en:         fmt.Sprintf("%d journalists of %s detained", n, o.en),
			paragraphs: []string{fmt.Sprintf("Police detained %d journalists of %s, including its director %s, on charges of smuggling foreign currency. Their lawyers say the charges are politically motivated; international press freedom organizations called for their release.", n, o.en, name)},
		}
	}},
	{"domestic", 2, func(s *scene) story {
		o := pick(s.r, outlets)
		n := s.r.between(7, 12)
		return story{
			ja:         o.ja + "事件、被告に禁錮" + fmt.Sprint(n) + "年の判決",
			en:         fmt.Sprintf("Court sentences %s journalists to %d years in prison", o.en, n),
			paragraphs: []string{fmt.Sprintf("The Baku Grave Crimes Court sentenced the journalists of %s to prison terms of up to %d years. The defendants rejected the charges, and human rights defenders described the trial as retaliation for investigative reporting on corruption.", o.en, n)},
		}
	}},
	{"domestic", 3, func(s *scene) story {
		law := pick(s.r, []struct{ en, ja string }{{"media", "メディア"}, {"non-governmental organizations", "NGO"}, {"freedom of religion", "信教の自由"}, {"municipalities", "地方自治体"}, {"the state budget", "国家予算"}, {"cybersecurity", "サイバーセキュリティ"}, {"political parties", "政党"}})
		return story{
			ja:         "国会、" + law.ja + "に関する法律改正案を採択",
			en:         "Milli Majlis adopts amendments to the law on " + law.en,
			paragraphs: []string{fmt.Sprintf("The Milli Majlis adopted in the %s reading amendments to the law on %s. Speaker Sahiba Gafarova said the changes bring the legislation in line with current needs; opposition MPs criticized the short public discussion.", pick(s.r, []string{"first", "second", "third"}), law.en)},
		}
	}},
	{"domestic", 3, func(s *scene) story {
		name, ja := s.minor()
		post := pick(s.r, []struct{ en, ja string }{{"Deputy Minister of Economy", "経済次官"}, {"Head of the Executive Power of Ganja", "ギャンジャ市行政府長"}, {"Ambassador to Japan", "駐日大使"}, {"Deputy Minister of Education", "教育次官"}, {"Chairman of the State Tourism Agency", "国家観光庁長官"}})
		return story{
			ja:         ja + "氏、" + post.ja + "に任命",
			en:         name + " appointed " + post.en,
			paragraphs: []string{fmt.Sprintf("By a decree of President Ilham Aliyev, %s was appointed %s. %s previously served in the Presidential Administration.", name, post.en, name)},
		}
	}},
	{"domestic", 2, func(s *scene) story {
		n := s.r.between(100, 700)
		return story{
			ja:         "アリエフ大統領、恩赦令に署名",
			en:         "President Ilham Aliyev signs pardon decree",
			paragraphs: []string{fmt.Sprintf("President Ilham Aliyev signed a pardon decree covering %d people. According to human rights defenders, only a few of those released are on the list of political prisoners.", n)},
		}
	}},
	{"domestic", 3, func(s *scene) story {
		p := s.liberated()
		n := s.r.between(20, 400)
		return story{
			ja:         p.ja + "へ" + fmt.Sprint(n) + "世帯が帰還",
			en:         fmt.Sprintf("%d families return to %s under Great Return program", n, p.en),
			paragraphs: []string{fmt.Sprintf("Another %d families, former internally displaced persons, returned to %s under the Great Return program. They were provided with new apartments built as part of the reconstruction of the liberated territories.", n, p.en)},
		}
	}},
	{"domestic", 2, func(s *scene) story {
		name, ja := s.minor()
		return story{
			ja:         "人民戦線党の" + ja + "氏が拘束",
			en:         "Popular Front Party member " + name + " detained",
			paragraphs: []string{fmt.Sprintf("%s, a member of the opposition Popular Front Party of Azerbaijan (APFP), was detained and sentenced to %d days of administrative arrest. Party chairman Ali Karimli called the arrest part of a campaign against the opposition.", name, s.r.between(15, 30))},
		}
	}},
}
