package search

import (
	"context"
	"errors"
	"slices"
	"testing"

	"briefsearch/archive"
	"briefsearch/index/indextest"
)

// TestPermalinksOutliveRenumbering builds the sample, then its corrected reissue (an item
// dropped, so later ids move, and one edited), and resolves the permalinks made from the
// first generation against the second.
func TestPermalinksOutliveRenumbering(t *testing.T) {
	c, err := indextest.CorrectedSample(sampleDir + "/2026-05-16.txt")
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	buildAt(t, root, []*archive.Briefing{c.Original})
	s, err := Open(Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	for _, it := range c.Original.Items {
		p, err := s.Permalink(ctx, it.ShortHash())
		if err != nil || p.Status != PermalinkCurrent || p.ID != it.ID {
			t.Fatalf("first generation: permalink of %s = %+v, %v", it.ID, p, err)
		}
	}

	buildAt(t, root, []*archive.Briefing{c.Reissue})
	if err := s.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	moved := 0
	now := map[string]string{}
	for _, it := range c.Reissue.Items {
		now[it.ShortHash()] = it.ID
	}
	for _, it := range c.Original.Items {
		p, err := s.Permalink(ctx, it.ContentHash()) // the full form works too
		switch it.ShortHash() {
		case c.Removed.ShortHash():
			if err != nil || p.Status != PermalinkRemoved || p.ID != "" || len(p.Past) != 1 ||
				p.Past[0].Item.Body != c.Removed.Body || p.Past[0].Item.ID != c.Removed.ID {
				t.Errorf("removed item %s: %+v, %v", it.ID, p, err)
			}
		case c.Edited.ShortHash():
			if err != nil || p.Status != PermalinkChanged || p.ID != c.EditedNow.ID || p.CurrentHash != c.EditedNow.ShortHash() ||
				len(p.Past) != 1 || p.Past[0].Item.Body != c.Edited.Body {
				t.Errorf("edited item %s: %+v, %v; want changed into %s", it.ID, p, err, c.EditedNow.ID)
			}
		default:
			if err != nil || p.Status != PermalinkCurrent || p.ID != now[it.ShortHash()] {
				t.Errorf("item %s: %+v, %v; want current at %s", it.ID, p, err, now[it.ShortHash()])
			}
			if p != nil && p.ID != it.ID {
				moved++
			}
		}
	}
	if moved == 0 {
		t.Error("no permalink led to a moved item: the reissue renumbered nothing")
	}
	if _, err := s.Permalink(ctx, "0123456789abcdef"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown hash: %v, want ErrNotFound", err)
	}
	for _, bad := range []string{"", "xyz", "0123", "0123456789abcdeg"} {
		if _, err := s.Permalink(ctx, bad); !errors.Is(err, ErrBadRequest) {
			t.Errorf("Permalink(%q): %v, want a bad request", bad, err)
		}
	}
	page, err := s.Item(ctx, c.EditedNow.ID)
	if err != nil || page.ContentHash != c.EditedNow.ContentHash() || page.Issuer != c.Reissue.Issuer || page.Issuer == "" {
		t.Errorf("item page: hash %q issuer %q, %v", page.ContentHash, page.Issuer, err)
	}
}

// The same text in two issues: its permalink names the earlier, and says where else it is.
func TestPermalinkOfReprintedText(t *testing.T) {
	c, err := indextest.CorrectedSample(sampleDir + "/2026-05-16.txt")
	if err != nil {
		t.Fatal(err)
	}
	later, err := archive.Parse("later.txt", c.ReissueText)
	if err != nil {
		t.Fatal(err)
	}
	later.ID = "2026-05-23"
	for i := range later.Items {
		later.Items[i].ID = later.ID + later.Items[i].ID[len(c.Reissue.ID):]
	}
	root := t.TempDir()
	buildAt(t, root, []*archive.Briefing{c.Original, later})
	s, err := Open(Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	it := c.Original.Items[0]
	p, err := s.Permalink(context.Background(), it.ShortHash())
	if err != nil || p.ID != it.ID || !slices.Equal(p.SameText, []string{later.Items[0].ID}) {
		t.Errorf("reprinted item: %+v, %v; want %s, also %s", p, err, it.ID, later.Items[0].ID)
	}
}
