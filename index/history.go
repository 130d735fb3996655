package index

// What a generation remembers of items that earlier generations held and it does not: the
// permalinks' memory. An item's permalink names its content hash (archive.Item.ShortHash); the
// briefing records list the hash of every item they hold, so a permalink of a current item is
// found there whatever its position. When a corrected issue edits or drops an item, its hash
// leaves the records; the build that sees it go records it here, with the text it had (read
// from the previous generation, the last to hold it) and, when the issue still holds a
// recognisable successor, that item's hash. Each build carries the history forward, so a
// permalink made from any earlier generation still finds its item, or says plainly what
// became of it.

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	bindex "github.com/blevesearch/bleve_index_api"

	"briefsearch/archive"
)

// historyName is the generation file of past items.
const historyName = "history.json"

// MaxHistory bounds the past items a generation keeps (the oldest go first). Corrections are
// rare: a few a year in a weekly archive.
const MaxHistory = 5000

// What became of a past item.
const (
	PastChanged = "changed" // its issue holds an edited version (Successor)
	PastRemoved = "removed" // its issue holds no version of it, or the issue itself is gone
)

// PastItem is an item as it was before a build left it out.
type PastItem struct {
	Hash       string       `json:"hash"`                // its short hash
	Status     string       `json:"status"`              // PastChanged or PastRemoved
	Successor  string       `json:"successor,omitempty"` // the short hash of its edited version
	BriefingID string       `json:"briefing_id"`
	Item       archive.Item `json:"item"`       // as it was, with the position id it had
	Generation string       `json:"generation"` // the first generation without it
	Recorded   time.Time    `json:"recorded"`
}

// ReadHistory reads the past items of the generation in dir; none for a generation built
// before histories were kept.
func ReadHistory(dir string) ([]PastItem, error) {
	var h []PastItem
	err := readJSON(filepath.Join(dir, historyName), &h)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return h, err
}

// writeHistory writes the history of the generation being built in dir from the previous
// generation in prevDir (none: "") and the new generation's records and added briefings
// (whose items are the only ones a lost item can have turned into: a full build adds all).
func writeHistory(dir, id string, builtAt time.Time, prevDir string, records []BriefingRecord, added []*archive.Briefing) error {
	var history []PastItem
	if prevDir != "" {
		var err error
		if history, err = pastItems(prevDir, id, builtAt, records, added); err != nil {
			return err
		}
	}
	if len(history) == 0 {
		return nil
	}
	return writeJSON(filepath.Join(dir, historyName), history)
}

// pastItems is the previous generation's history, less the items current again, plus the
// items of its records whose hashes the new records lack.
func pastItems(prevDir, id string, builtAt time.Time, records []BriefingRecord, added []*archive.Briefing) ([]PastItem, error) {
	current := map[string]bool{}
	for _, r := range records {
		for _, h := range r.ItemHashes {
			current[h] = true
		}
	}
	old, err := ReadHistory(prevDir)
	if err != nil {
		return nil, fmt.Errorf("reading the previous generation's history: %w", err)
	}
	history := slices.DeleteFunc(old, func(p PastItem) bool { return current[p.Hash] })
	prevRecords, err := ReadRecords(prevDir)
	if err != nil {
		return history, nil // nothing to compare with: the history goes on as it was
	}
	known := map[string]bool{}
	for _, p := range history {
		known[p.Hash] = true
	}
	type lostItem struct {
		id, briefing, hash string
		items              int // in its issue then
	}
	var lost []lostItem
	for _, r := range prevRecords {
		for i, h := range r.ItemHashes {
			if !current[h] && !known[h] && i < len(r.ItemIDs) {
				known[h] = true
				lost = append(lost, lostItem{id: r.ItemIDs[i], briefing: r.ID, hash: h, items: len(r.ItemIDs)})
			}
		}
	}
	if len(lost) == 0 {
		return history, nil
	}
	idx, err := bleve.OpenUsing(filepath.Join(prevDir, bleveDir), map[string]any{"read_only": true})
	if err != nil {
		return nil, fmt.Errorf("opening the previous generation for the items it held: %w", err)
	}
	defer idx.Close()
	byID := map[string]*archive.Briefing{}
	for _, b := range added {
		byID[b.ID] = b
	}
	prevHashes := map[string]bool{}
	for _, r := range prevRecords {
		for _, h := range r.ItemHashes {
			prevHashes[h] = true
		}
	}
	for _, l := range lost {
		it, ok, err := storedItem(idx, l.id)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		p := PastItem{Hash: l.hash, Status: PastRemoved, BriefingID: l.briefing, Item: it, Generation: id, Recorded: builtAt}
		if succ := successor(it, byID[l.briefing], l.items, prevHashes); succ != "" {
			p.Status, p.Successor = PastChanged, succ
		}
		history = append(history, p)
	}
	if len(history) > MaxHistory {
		history = history[len(history)-MaxHistory:]
	}
	return history, nil
}

// successor is the short hash of the item of b (the issue as rebuilt) that is an edited
// version of old, or "": the item with the same headline in either language, else the same
// sources and body, else, when the issue has as many items as it had (items), the new text at
// old's position. Only items the previous generation did not hold as they are qualify.
func successor(old archive.Item, b *archive.Briefing, items int, prevHashes map[string]bool) string {
	if b == nil {
		return ""
	}
	best, bestScore := "", 0
	for _, it := range b.Items {
		h := it.ShortHash()
		if prevHashes[h] {
			continue // an item the previous generation held as it is: not an edit of old
		}
		score := 0
		if same(it.HeadlineEN, old.HeadlineEN) {
			score += 2
		}
		if same(it.HeadlineJA, old.HeadlineJA) {
			score += 2
		}
		if same(it.Body, old.Body) {
			score += 2
		}
		if slices.Equal(it.Sources, old.Sources) {
			score++
		}
		if score > bestScore {
			best, bestScore = h, score
		}
	}
	if bestScore >= 2 {
		return best
	}
	if i := old.Ordinal - 1; len(b.Items) == items && i >= 0 && i < len(b.Items) && !prevHashes[b.Items[i].ShortHash()] {
		return b.Items[i].ShortHash()
	}
	return ""
}

func same(a, b string) bool {
	a, b = strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " ")
	return a != "" && a == b
}

// storedItem reads the item id stored in idx, as index wrote it (document).
func storedItem(idx bleve.Index, id string) (archive.Item, bool, error) {
	doc, err := idx.Document(id)
	if err != nil {
		return archive.Item{}, false, fmt.Errorf("reading item %s of the previous generation: %w", id, err)
	}
	if doc == nil {
		return archive.Item{}, false, nil
	}
	var it archive.Item
	var meta []byte
	doc.VisitFields(func(f bindex.Field) {
		switch f.Name() {
		case FieldMeta:
			meta = f.Value()
		case FieldHeadlineJA:
			it.HeadlineJA = string(f.Value())
		case FieldHeadlineEN:
			it.HeadlineEN = string(f.Value())
		case FieldBody:
			it.Body = string(f.Value())
		case FieldNote:
			it.Note = string(f.Value())
		}
	})
	var m ItemMeta
	if err := json.Unmarshal(meta, &m); err != nil {
		return archive.Item{}, false, fmt.Errorf("item %s of the previous generation: %w", id, err)
	}
	it.ID, it.Ordinal, it.Section, it.SectionTitle, it.Date, it.Sources = m.ID, m.Ordinal, m.Section, m.SectionTitle, m.Date, m.Sources
	if it.Sources == nil {
		it.Sources = []archive.Source{}
	}
	return it, true, nil
}
