package entity

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"briefsearch/archive"
)

// A small gazetteer, so these tests exercise the rules rather than the shipped data.
const testGazetteer = `entities:
  - {name: Ilham Aliyev, type: person, aliases: [Aliyev, アリエフ]}
  - {name: Zakir Hasanov, type: person, aliases: [ハサノフ]}
  - {name: Jeyhun Bayramov, type: person, aliases: [Bayramov, バイラモフ]}
  - {name: Azerbaijan, type: place, aliases: [アゼルバイジャン]}
  - {name: Kazakhstan, type: place, aliases: [カザフスタン]}
  - {name: Türkiye, type: place, aliases: [Turkey, トルコ]}
  - {name: Organization of Turkic States, type: organization, aliases: [OTS]}
  - {name: Council of Europe, type: organization, aliases: [欧州評議会]}
`

func testLexicon(t testing.TB) *Lexicon {
	t.Helper()
	lx, err := Parse([]byte(testGazetteer), nil)
	if err != nil {
		t.Fatal(err)
	}
	return lx
}

// names lists an item's entities as "type:name" in a stable order.
func names(lx *Lexicon, it archive.Item) []string {
	e := EntitiesOf(lx.Extract(&it))
	var out []string
	for _, p := range e.Persons {
		out = append(out, "person:"+p)
	}
	for _, o := range e.Organizations {
		out = append(out, "organization:"+o)
	}
	for _, p := range e.Places {
		out = append(out, "place:"+p)
	}
	return out
}

func TestExtractRules(t *testing.T) {
	lx := testLexicon(t)
	for _, tc := range []struct {
		name string
		item archive.Item
		want []string // exactly these, "type:canonical"
	}{
		{"title before name, title not swallowed",
			archive.Item{Body: "Minister of Defense Colonel General Rauf Mirzayev met Army General Metin Gürak."},
			[]string{"person:Metin Gürak", "person:Rauf Mirzayev"}},
		{"title with a complement: the complement is a place",
			archive.Item{Body: "Ukrainian Ambassador to Moldova Petro Sytnyk said so. President of Latvia Karlis Ozols agreed."},
			[]string{"person:Karlis Ozols", "person:Petro Sytnyk", "place:Latvia", "place:Moldova"}},
		{"title after a comma",
			archive.Item{Body: "The Minister of Education of Georgia, Nino Kiknadze, visited. Aydin Karimov, Special Representative of the President, spoke."},
			[]string{"person:Aydin Karimov", "person:Nino Kiknadze", "place:Georgia"}},
		{"holder of its own is no apposition",
			archive.Item{Body: "It will be held in Gdansk, Poland, Ukrainian Ambassador Yuriy Husyev said."},
			[]string{"person:Yuriy Husyev", "place:Gdansk"}},
		{"role nouns and lists",
			archive.Item{Body: "Human rights defenders Leyla Yunus and Elshan Hasanov compiled it, as did researcher Fuad Karimli."},
			[]string{"person:Elshan Hasanov", "person:Fuad Karimli", "person:Leyla Yunus"}},
		{"two name-like words are a person; a surname alone is that person",
			archive.Item{Body: "Aliyev met with Zhang Guoqing in Baku. Zhang conveyed greetings."},
			[]string{"person:Ilham Aliyev", "person:Zhang Guoqing", "place:Baku"}},
		{"a surname goes to the full name of the same item first",
			archive.Item{Body: "Human rights defender Elshan Hasanov said Hasanov would publish it."},
			[]string{"person:Elshan Hasanov"}},
		{"acronym definition and later use",
			archive.Item{Body: "Chairman of the Board of Azerbaijan National Agency for Mine Action (ANAMA) Vugar Suleymanov said ANAMA cleared land."},
			[]string{"person:Vugar Suleymanov", "organization:Azerbaijan National Agency for Mine Action"}},
		{"acronym of an event is no organization",
			archive.Item{Body: "It was signed at the World Urban Forum (WUF13) in Baku."},
			[]string{"place:Baku"}},
		{"organization head nouns, with of/for extensions",
			archive.Item{Body: "The Union for the Freedom of Political Prisoners of Azerbaijan and the Trabzon Metropolitan Municipality agreed."},
			[]string{"organization:Trabzon Metropolitan Municipality", "organization:Union for the Freedom of Political Prisoners of Azerbaijan"}},
		{"right to left: one name, not two",
			archive.Item{Body: "He addressed the United Nations Security Council."},
			[]string{"organization:United Nations Security Council"}},
		{"generic head alone is no name",
			archive.Item{Body: "The Ministry said the Parliament would vote."},
			nil},
		{"event names hide their modifiers",
			archive.Item{Body: "Kazakhstan hosted the 13th Azerbaijan World Urban Forum and the Ukraine Recovery Conference."},
			[]string{"place:Kazakhstan"}},
		{"a session is not a body",
			archive.Item{Body: "The first General Assembly of the Global South NGOs Platform was held."},
			[]string{"organization:Global South NGOs Platform"}},
		{"buildings hide the names inside",
			archive.Item{Body: "They visited the Mausoleum of Khoja Ahmed Yasawi."},
			nil},
		{"place cues",
			archive.Item{Body: "Delegates met in Saint Petersburg, the Turkish city of Trabzon and the cities of Aghdam and Fuzuli, and the Shusha district."},
			[]string{"place:Aghdam", "place:Fuzuli", "place:Saint Petersburg", "place:Shusha", "place:Trabzon"}},
		{"corridors and compass words",
			archive.Item{Body: "The Middle Corridor, the Aras corridor and East Kazakhstan were discussed."},
			[]string{"place:Aras corridor", "place:East Kazakhstan", "place:Middle Corridor"}},
		{"hyphenated project names are not places",
			archive.Item{Body: "The Baku-Tbilisi-Kars railway and the Ichan Kala historical complex."},
			nil},
		{"newspaper and alliance",
			archive.Item{Body: "He told the Turkish newspaper Cumhuriyet that the Hayastan alliance objected."},
			[]string{"organization:Cumhuriyet", "organization:Hayastan"}},
		{"non-ASCII letters survive",
			archive.Item{Body: "Mayor of Trabzon Ahmet Metin Genç met Yaşar Güler and Selçuk Bayraktaroğlu in Chişinău."},
			[]string{"person:Ahmet Metin Genç", "person:Selçuk Bayraktaroğlu", "person:Yaşar Güler", "place:Chişinău", "place:Trabzon"}},
		{"possessives",
			archive.Item{Body: "Azerbaijan's ambassador to Turkey, Rashad Mammadov, spoke. Mammadov’s remarks followed."},
			[]string{"person:Rashad Mammadov", "place:Azerbaijan", "place:Türkiye"}},
		{"an organization named by the start of a longer one",
			archive.Item{Body: "The Committee of Ministers of the Council of Europe met; Moldova chaired the Committee of Ministers."},
			[]string{"organization:Committee of Ministers of the Council of Europe"}},
		{"Title Case headline: capitals prove nothing",
			archive.Item{HeadlineEN: "Azerbaijan Reports Progress On Nationwide Mine Clearance Since Spring"},
			[]string{"place:Azerbaijan"}},
		{"Title Case headline: a name the body confirms",
			archive.Item{HeadlineEN: "Foreign Minister Meets Maka Botchorishvili In Tbilisi", Body: "FM Bayramov met Minister of Foreign Affairs of Georgia Maka Botchorishvili."},
			[]string{"person:Jeyhun Bayramov", "person:Maka Botchorishvili", "place:Georgia"}},
		{"Japanese aliases; katakana inside a longer word is no match",
			archive.Item{HeadlineJA: "アリエフ大統領、カザフスタンを公式訪問"},
			[]string{"person:Ilham Aliyev", "place:Kazakhstan"}},
		{"katakana with a title confirms a lone surname",
			archive.Item{HeadlineJA: "ママドフ外務次官、欧州評議会に出席", Body: "Mammadov criticized the Parliament."},
			[]string{"person:Mammadov", "organization:Council of Europe"}},
		{"a lone capitalized word without support is nothing",
			archive.Item{Body: "Mammadov criticized the Parliament. GovTech solutions were shown."},
			nil},
		{"katakana after 駐 is a country, not a name",
			archive.Item{HeadlineJA: "駐トルコ・モンテネグロ大使、会見", Body: "Montenegro was praised."},
			[]string{"place:Türkiye"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := names(lx, tc.item)
			slices.Sort(tc.want)
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// Mentions point at their text: Surface is the field's bytes [Start, End), without a title.
func TestMentionSpans(t *testing.T) {
	lx := testLexicon(t)
	it := archive.Item{
		HeadlineJA: "バイラモフ外相、OTS 外相非公式会合に出席",
		HeadlineEN: "FM Jeyhun Bayramov attended OTS informal meeting of foreign ministers",
		Body:       "On May 15, FM Bayramov said Deputy FM Elnur Mammadov agreed.",
		Note:       "NOTE: Mammadov’s remarks.",
	}
	fields := map[string]string{"headline_ja": it.HeadlineJA, "headline_en": it.HeadlineEN, "body": it.Body, "note": it.Note}
	var got []string
	for _, m := range lx.Extract(&it) {
		if f := fields[m.Field]; f[m.Start:m.End] != m.Surface {
			t.Errorf("%s[%d:%d] = %q, Surface %q", m.Field, m.Start, m.End, f[m.Start:m.End], m.Surface)
		}
		got = append(got, fmt.Sprintf("%s %s=%s known=%v slug=%s", m.Field, m.Surface, m.Canonical, m.Known, m.Slug))
	}
	want := []string{
		"headline_ja バイラモフ=Jeyhun Bayramov known=true slug=jeyhun-bayramov",
		"headline_ja OTS=Organization of Turkic States known=true slug=organization-of-turkic-states",
		"headline_en Jeyhun Bayramov=Jeyhun Bayramov known=true slug=jeyhun-bayramov",
		"headline_en OTS=Organization of Turkic States known=true slug=organization-of-turkic-states",
		"body Bayramov=Jeyhun Bayramov known=true slug=jeyhun-bayramov",
		"body Elnur Mammadov=Elnur Mammadov known=false slug=elnur-mammadov",
		"note Mammadov’s=Elnur Mammadov known=false slug=elnur-mammadov",
	}
	if !slices.Equal(got, want) {
		t.Errorf("mentions\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
}

func TestAnnotate(t *testing.T) {
	lx := testLexicon(t)
	b := &archive.Briefing{Items: []archive.Item{
		{HeadlineJA: "アリエフ大統領", HeadlineEN: "President Ilham Aliyev", Body: "Aliyev and Zakir Hasanov visited Turkey and Kazakhstan."},
		{Body: "Nothing to see."},
	}}
	lx.Annotate(b)
	e := b.Items[0].Entities
	if e == nil || !slices.Equal(e.Persons, []string{"Ilham Aliyev", "Zakir Hasanov"}) || !slices.Equal(e.Places, []string{"Kazakhstan", "Türkiye"}) {
		t.Errorf("item 1 entities = %+v", e)
	}
	if e := b.Items[1].Entities; e == nil || e.Persons == nil || e.Organizations == nil || e.Places == nil || len(e.Persons)+len(e.Places)+len(e.Organizations) != 0 {
		t.Errorf("item 2 entities = %+v; want empty, non-nil lists", e)
	}
}

// A Lexicon is shared by the indexer's goroutines; run with -race.
func TestExtractConcurrent(t *testing.T) {
	lx := shippedLexicon(t)
	b, _ := loadLabels(t)
	want := make([][]Mention, len(b.Items))
	for i := range b.Items {
		want[i] = lx.Extract(&b.Items[i])
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range b.Items {
				if got := lx.Extract(&b.Items[i]); !slices.Equal(got, want[i]) {
					t.Errorf("item %d: concurrent Extract differs", i+1)
				}
				lx.Entity("バイラモフ")
				lx.Synonyms("demining")
			}
		}()
	}
	wg.Wait()
}

// A surname alias yields to a full name of the same item: "Aliyev" is the gazetteer's Ilham
// Aliyev, unless the item names another Aliyev.
func TestSurnameAliasYieldsToItem(t *testing.T) {
	lx := testLexicon(t)
	got := names(lx, archive.Item{Body: "The Heydar Aliyev era began in 1993. Aliyev returned to Baku."})
	want := []string{"person:Heydar Aliyev", "place:Baku"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	got = names(lx, archive.Item{Body: "Aliyev returned to Baku."})
	if want := []string{"person:Ilham Aliyev", "place:Baku"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
