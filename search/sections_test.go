package search

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"briefsearch/archive"
	"briefsearch/index"
)

// fullWidth writes ASCII as its full-width form (１．), as some producers print headings.
func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r > ' ' && r < 0x7F {
			return r + 0xFEE0
		}
		return r
	}, s)
}

// shortPrefix is the shortest start of key (3+ characters) that starts no other key.
func shortPrefix(key string, keys []string) string {
	for n := 3; n < len(key); n++ {
		p := key[:n]
		if !slices.ContainsFunc(keys, func(k string) bool { return k != key && strings.HasPrefix(k, p) }) {
			return p
		}
	}
	return ""
}

// Every name a reader sees for a section finds what its key finds, as a filter and as a
// section: qualifier: the title as printed, numbered or not, full-width, the facet's label,
// the key in capitals and a start of it. The names come from the parsed sample and the index.
func TestSectionNamesResolveToKeys(t *testing.T) {
	s := open(t, sampleRoot, Options{})
	bs, err := loadDir(sampleDir)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, sec := range s.cur.Load().gen.Meta.Sections {
		keys = append(keys, sec.Key)
	}
	labels := map[string]string{}
	for _, f := range mustSearch(t, s, Request{}).Facets {
		if f.Name == FacetSection {
			for _, v := range f.Values {
				labels[v.Value] = v.Label
			}
		}
	}
	for _, sec := range bs[0].Sections {
		want := mustSearch(t, s, Request{Filters: Filters{Sections: []string{sec.Key}}}).Total
		if want == 0 {
			t.Fatalf("setup: section %s has no items", sec.Key)
		}
		numbered := fmt.Sprintf("%d. %s", sec.Number, sec.Title)
		names := []string{sec.Title, numbered, fullWidth(fmt.Sprintf("%d.", sec.Number)) + sec.Title,
			labels[sec.Key], strings.ToUpper(sec.Key)}
		if p := shortPrefix(sec.Key, keys); p != "" {
			names = append(names, p)
		}
		for _, name := range names {
			res := mustSearch(t, s, Request{Filters: Filters{Sections: []string{name}}})
			if res.Total != want {
				t.Errorf("section filter %q: %d items, want %d (section %s)", name, res.Total, want, sec.Key)
			}
			if f := res.Query.Explain.Filters; len(f) != 1 || !slices.Equal(f[0].Values, []string{sec.Key}) || !slices.Equal(f[0].Given, []string{name}) {
				t.Errorf("section filter %q: explained as %+v, want %s given as %q", name, f, sec.Key, name)
			}
			q := "section:" + quote(name)
			res = mustSearch(t, s, Request{Query: q})
			if res.Total != want || res.Query.Text != "section:"+sec.Key {
				t.Errorf("%s: %d items as %q, want %d as section:%s", q, res.Total, res.Query.Text, want, sec.Key)
			}
			if got := res.Query.Explain.Clauses[0].Terms[0].Given; got != "section:"+name {
				t.Errorf("%s: explained as given %q", q, got)
			}
		}
	}
}

// A value that names no section is a 400 naming the closest section and every key, never a
// silent zero.
func TestUnknownSectionIsRefused(t *testing.T) {
	s := open(t, sampleRoot, Options{})
	meta := s.cur.Load().gen.Meta.Sections
	// A typo of the first key's first word (militry for military-security).
	key := meta[0].Key
	word, _, _ := strings.Cut(key, "-")
	typo := word[:len(word)/2] + word[len(word)/2+1:]
	for _, req := range []Request{
		{Filters: Filters{Sections: []string{typo}}},
		{Query: "Azerbaijan section:" + typo},
	} {
		_, err := s.Search(context.Background(), req)
		var re *RequestError
		if !errors.As(err, &re) {
			t.Fatalf("%+v: err = %v, want a RequestError", req, err)
		}
		if want := fmt.Sprintf("unknown section %q; did you mean %s?", typo, key); !strings.Contains(re.Msg, want) {
			t.Errorf("%q, want it to contain %q", re.Msg, want)
		}
		for _, sec := range meta {
			if !strings.Contains(re.Msg, sec.Key) {
				t.Errorf("%q does not list section %s", re.Msg, sec.Key)
			}
		}
	}
	if _, err := s.Search(context.Background(), Request{Filters: Filters{Sections: []string{"zzzzzzzz"}}}); err == nil ||
		strings.Contains(err.Error(), "did you mean") {
		t.Errorf("a value close to nothing: %v, want a 400 without a guess", err)
	}
}

// Other producers head their sections otherwise: the names come from what the index
// recorded (key and title as printed), never from the sample's four.
func TestSectionVocabOfOtherProducers(t *testing.T) {
	titles := []string{"政治・安全保障", "経済関連（エネルギーを含む）", "Regional affairs", "社会・人権", "安全保障", "社会問題"}
	var infos []index.SectionInfo
	for _, title := range titles {
		infos = append(infos, index.SectionInfo{Key: archive.SectionKey(title), Title: title})
	}
	sv := newSectionVocab(infos)
	for i, title := range titles {
		for _, name := range []string{title, fmt.Sprintf("%d. %s", i+1, title), fullWidth(fmt.Sprintf("%d.", i+1)) + " " + title, infos[i].Key} {
			if got, err := sv.resolve(name); err != nil || got != infos[i].Key {
				t.Errorf("resolve(%q) = %q, %v; want %s", name, got, err, infos[i].Key)
			}
		}
	}
	// Two keys that start alike: a start shared by both is refused, not guessed.
	var shared string
	for _, a := range sv.keys {
		for _, b := range sv.keys {
			if a < b && len(a) > 2 && len(b) > 2 && a[:2] == b[:2] {
				shared = a[:2]
			}
		}
	}
	if shared == "" {
		t.Fatalf("setup: no two keys share a start: %v", sv.keys)
	}
	if key, err := sv.resolve(shared); err == nil {
		t.Errorf("resolve(%q) = %s; a start two sections share must be refused", shared, key)
	}
}
