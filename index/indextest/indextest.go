// Package indextest makes deterministic briefings for tests and benchmarks of index and search:
// enough items to exercise batching, merging and paging without shipping large testdata; and
// small readers of what an index holds (Terms).
package indextest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"briefsearch/archive"
)

var (
	sections = []archive.Section{
		{Number: 1, Title: "軍事・治安関係", Key: "military-security"},
		{Number: 2, Title: "内政関連", Key: "domestic"},
		{Number: 3, Title: "外政関連", Key: "foreign"},
		{Number: 4, Title: "経済関連", Key: "economy"},
	}
	sources  = []string{"TREND", "AZERTAG", "REPORT", "APA", "JAM-NEWS.NET", "OC-MEDIA"}
	subjects = []string{"President", "Minister", "Parliament", "Delegation", "Ambassador", "Council"}
	verbs    = []string{"visits", "meets", "discusses", "signs", "reviews", "hosts"}
	objects  = []string{"energy corridor", "peace agreement", "border commission", "trade route",
		"security dialogue", "reconstruction plan", "transport links", "water resources"}
	places = []string{"Baku", "Ankara", "Tbilisi", "Astana", "Brussels", "Shusha", "Ganja"}
	jaHead = []string{"大統領、", "外相、", "国会議長、", "代表団、", "大使、"}
	jaObj  = []string{"エネルギー回廊", "平和条約", "国境委員会", "貿易路", "安全保障対話", "復興計画"}
	jaVerb = []string{"について協議", "を訪問", "に署名", "を視察"}
)

// Synthetic returns n weekly briefings of perWeek items each, starting on 2020-01-04, the same
// for the same arguments. Item.Entities is left nil, as the parser leaves it.
func Synthetic(n, perWeek int) []*archive.Briefing {
	rng := rand.New(rand.NewPCG(uint64(n), uint64(perWeek)))
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	start := time.Date(2020, 1, 4, 0, 0, 0, 0, time.UTC)
	out := make([]*archive.Briefing, 0, n)
	for w := range n {
		ws := start.AddDate(0, 0, 7*w)
		b := &archive.Briefing{
			ID:         ws.Format(time.DateOnly),
			Title:      "アゼルバイジャン政治・治安情報",
			Issuer:     "在アゼルバイジャン大使館",
			WeekStart:  archive.Date{Time: ws},
			WeekEnd:    archive.Date{Time: ws.AddDate(0, 0, 6)},
			Sections:   sections,
			SourceFile: fmt.Sprintf("synthetic/%s.txt", ws.Format(time.DateOnly)),
			Warnings:   []string{},
		}
		for i := 1; i <= perWeek; i++ {
			sec := sections[rng.IntN(len(sections))]
			day := archive.Date{Time: ws.AddDate(0, 0, rng.IntN(7))}
			place := pick(places)
			en := fmt.Sprintf("%s %s %s in %s", pick(subjects), pick(verbs), pick(objects), place)
			var body strings.Builder
			for s := 0; s < 3+rng.IntN(4); s++ {
				fmt.Fprintf(&body, "The %s %s the %s with partners from %s. ", strings.ToLower(pick(subjects)), pick(verbs), pick(objects), pick(places))
			}
			b.Items = append(b.Items, archive.Item{
				ID:           fmt.Sprintf("%s-%02d", b.ID, i),
				Ordinal:      i,
				Section:      sec.Key,
				SectionTitle: sec.Title,
				HeadlineJA:   pick(jaHead) + pick(jaObj) + pick(jaVerb),
				HeadlineEN:   en,
				Body:         strings.TrimSpace(body.String()),
				Sources:      []archive.Source{{Name: pick(sources), Date: day}},
				Date:         day,
			})
		}
		out = append(out, b)
	}
	return out
}
