package gen

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Sections in the order and with the titles the embassy prints; w is the share of items.
var sectionOrder = []struct {
	key, title string
	w          int
	stories    []storyMaker
}{
	{"military-security", "軍事・治安関係", 20, militaryStories},
	{"domestic", "内政関連", 15, domesticStories},
	{"foreign", "外政関連", 50, foreignStories},
	{"economy", "経済関連", 15, economyStories},
}

var notes = []string{
	"Criticism appeared in parts of the media and in online discussions regarding the statement. Some commentators questioned whether the announced steps would be implemented.",
	"The announcement follows earlier remarks by officials this month; it remains unclear whether the matter was addressed during the latest meeting.",
	"Independent media noted that the official readout did not mention the issue of detained journalists.",
	"Pro-government media presented the statements positively and emphasized them as part of the “one nation, two states” doctrine.",
	"Observers noted that the figures could not be independently verified.",
}

type genItem struct {
	section int
	story   story
	sources []source
	dates   []time.Time
}

// Render writes one issue in the real briefing format. The random stream depends only on the
// seed and the week start, so an issue reads the same in archives of every size.
func Render(seed int64, is Issue) []byte {
	r := newRNG(seed, uint64(is.Start.Unix()))
	items := make([]genItem, is.Items)
	sectionW := newWeighted([]int{0, 1, 2, 3}, func(i int) int { return sectionOrder[i].w })
	for i := range items {
		sec := sectionW.pick(r)
		maker := newWeighted(sectionOrder[sec].stories, func(m storyMaker) int { return m.w }).pick(r)
		it := genItem{section: sec}
		nsrc := 1
		if r.chance(0.05) {
			nsrc = 2
		}
		for range nsrc {
			src := weightedSources.pick(r)
			if sec == 0 && r.chance(0.3) {
				src = source{name: "MOD.GOV.AZ"}
			}
			it.sources = append(it.sources, src)
			// Sources date from three days before the week to its last day.
			it.dates = append(it.dates, is.Start.AddDate(0, 0, r.between(-3, 6)))
		}
		sort.Slice(it.dates, func(a, b int) bool { return it.dates[a].Before(it.dates[b]) })
		sc := &scene{r: r, year: it.dates[0].Year()}
		it.story = maker.make(sc)
		// 1–4 paragraphs: the story's own, then background.
		for want := r.between(1, 4); len(it.story.paragraphs) < want; {
			p := sc.contextParagraph(sectionOrder[sec].key)
			if p == "" {
				break
			}
			it.story.paragraphs = append(it.story.paragraphs, p)
		}
		if it.story.note == "" && r.chance(0.06) {
			it.story.note = pick(r, notes)
		}
		items[i] = it
	}
	// Sections in print order, items in each by date, as the embassy arranges them.
	sort.SliceStable(items, func(a, b int) bool {
		if items[a].section != items[b].section {
			return items[a].section < items[b].section
		}
		return items[a].dates[0].Before(items[b].dates[0])
	})

	var b bytes.Buffer
	end := is.Start.AddDate(0, 0, 6)
	sep := "～"
	if r.chance(0.1) {
		sep = "〜"
	}
	fmt.Fprintf(&b, "\n\nアゼルバイジャン政治・治安情報\n\n(公開情報とりまとめ・合成テストデータ)\n\n%d年%d月%d日%s%d月%d日\n\n%s (briefsearch bench/gen, seed %d: not real news)\n\n",
		is.Start.Year(), is.Start.Month(), is.Start.Day(), sep, end.Month(), end.Day(), Marker, seed)
	number, last := 0, -1
	for _, it := range items {
		if it.section != last {
			last = it.section
			number++
			heading := fmt.Sprintf("%d. %s", number, sectionOrder[it.section].title)
			if r.chance(0.05) {
				heading = fmt.Sprintf("%c．%s", '０'+rune(number), sectionOrder[it.section].title)
			}
			b.WriteString(heading + "\n\n")
		}
		writeItem(&b, r, it)
	}
	b.WriteString("END\n")
	return b.Bytes()
}

// writeItem prints one item in one of the sample's three headline layouts.
func writeItem(b *bytes.Buffer, r *rng, it genItem) {
	st := it.story
	switch x := r.intn(10); {
	case x < 6: // Japanese, blank line, English
		fmt.Fprintf(b, "● %s\n\n%s\n\n", st.ja, st.en)
	case x < 8: // both on one line, English in bold
		fmt.Fprintf(b, "● %s **%s**\n\n", st.ja, st.en)
	default: // bold Japanese, English on the very next line
		fmt.Fprintf(b, "● **%s**\n%s\n\n", st.ja, st.en)
	}
	attrib := make([]string, len(it.sources))
	for i, s := range it.sources {
		attrib[i] = s.name + " / " + it.dates[i].Format("02.01.2006")
	}
	for i, p := range st.paragraphs {
		if i == len(st.paragraphs)-1 {
			p += " (" + strings.Join(attrib, "; ") + ")"
		}
		b.WriteString(p + "\n\n")
	}
	if st.note != "" {
		if r.chance(0.3) {
			fmt.Fprintf(b, "NOTE: *%s*\n\n", st.note)
		} else {
			fmt.Fprintf(b, "NOTE: %s\n\n", st.note)
		}
	}
}
