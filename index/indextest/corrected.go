package indextest

import (
	"fmt"
	"os"
	"strings"

	"briefsearch/archive"
)

// Corrected is an issue and a corrected reissue of it, for tests of permalinks: in the reissue
// one item is dropped, so every later item of the week has another position id, and the
// next one is edited.
type Corrected struct {
	Original, Reissue *archive.Briefing
	Removed           archive.Item // of Original, absent from Reissue
	Edited            archive.Item // of Original, edited in Reissue
	EditedNow         archive.Item // the edited version, in Reissue
	ReissueText       []byte       // the reissue as briefing text
}

// CorrectedSample makes Corrected from the shipped sample at path
// (archive/briefings/2026-05-16.txt): the item at line 63 (FM Bayramov) is dropped and the
// next one (Deputy FM Mammadov) has "nine months" corrected to "ten months".
func CorrectedSample(path string) (*Corrected, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c := &Corrected{}
	if c.Original, err = archive.Parse(path, data); err != nil {
		return nil, err
	}
	lines := strings.Split(string(data), "\n")
	if len(lines) < 75 || !strings.HasPrefix(lines[62], "● バイラモフ外相") || !strings.HasPrefix(lines[74], "● ママドフ外務次官") {
		return nil, fmt.Errorf("%s changed: the items at lines 63 and 75 are not the ones to drop and edit", path)
	}
	text := strings.Join(append(append([]string{}, lines[:62]...), lines[74:]...), "\n")
	if !strings.Contains(text, "past nine months") {
		return nil, fmt.Errorf("%s changed: no %q to correct", path, "past nine months")
	}
	c.ReissueText = []byte(strings.Replace(text, "past nine months", "past ten months", 1))
	if c.Reissue, err = archive.Parse(path, c.ReissueText); err != nil {
		return nil, err
	}
	find := func(b *archive.Briefing, prefix string) archive.Item {
		for _, it := range b.Items {
			if strings.HasPrefix(it.HeadlineJA, prefix) {
				return it
			}
		}
		return archive.Item{}
	}
	c.Removed = find(c.Original, "バイラモフ外相")
	c.Edited = find(c.Original, "ママドフ外務次官")
	c.EditedNow = find(c.Reissue, "ママドフ外務次官")
	if len(c.Reissue.Items) != len(c.Original.Items)-1 || c.Removed.ID == "" || c.Edited.ID == "" || c.EditedNow.ID == "" {
		return nil, fmt.Errorf("the reissue has %d items of %d", len(c.Reissue.Items), len(c.Original.Items))
	}
	return c, nil
}
