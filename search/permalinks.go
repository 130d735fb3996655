package search

// Permalinks: an item named by its content hash (archive.Item.ShortHash) rather than by its
// position id, which moves when a corrected issue drops an item before it. The generation's
// briefing records list every item's hash; its history (index.PastItem) the items earlier
// generations held that it does not, with what became of them.

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"briefsearch/archive"
	"briefsearch/index"
)

// What a permalink's item is now.
const (
	PermalinkCurrent = "current" // the index holds this text: ID is where
	PermalinkChanged = "changed" // an edited version replaced it: ID is the current version's
	PermalinkRemoved = "removed" // its issue no longer holds it, nor any version of it
)

// Permalink says what a content hash names in the generation served.
type Permalink struct {
	Hash   string `json:"hash"`   // the short hash asked for
	Status string `json:"status"` // PermalinkCurrent, PermalinkChanged or PermalinkRemoved
	// ID is the position id of the item (current) or of its current version (changed).
	ID string `json:"id,omitempty"`
	// CurrentHash is the short hash of the current version (changed).
	CurrentHash string `json:"current_hash,omitempty"`
	// SameText are the other items holding the same text (an item reprinted in another issue);
	// ID is the earliest.
	SameText []string `json:"same_text,omitempty"`
	// Past are the versions from the one asked for to the last before the current one, oldest
	// first, as the builds that replaced or dropped them recorded them (changed, removed).
	Past []PastVersion `json:"past,omitempty"`
}

// PastVersion is an item as an earlier generation held it.
type PastVersion struct {
	Hash       string       `json:"hash"`
	BriefingID string       `json:"briefing_id"`
	Item       archive.Item `json:"item"` // with the position id it had
	Status     string       `json:"status"`
	Successor  string       `json:"successor,omitempty"`
	Generation string       `json:"generation"` // the first generation without it
	Recorded   time.Time    `json:"recorded"`
}

// hashRef is one item of the generation under its hash's first 64 bits.
type hashRef struct {
	key      uint64
	briefing int32 // in gen.Briefings
	item     int32 // in its ItemIDs
}

// permalinkState is a view's lookup tables, built on the first permalink asked for.
type permalinkState struct {
	once    sync.Once
	refs    []hashRef // sorted by key, then item id
	history map[string]index.PastItem
	err     error
}

// maxChain bounds the versions followed from a permalink to the current one.
const maxChain = 64

// Permalink resolves a short (or full) content hash. An unknown hash is ErrNotFound; one that
// is not a hash a *RequestError.
func (s *Searcher) Permalink(ctx context.Context, hash string) (*Permalink, error) {
	hash = strings.TrimPrefix(strings.ToLower(hash), "sha256:")
	if !archive.IsShortHash(hash) {
		return nil, BadRequestf("%q is not an item hash: it has %d to 64 hex digits", hash, archive.ShortHashLen)
	}
	hash = hash[:archive.ShortHashLen]
	v, err := s.acquire()
	if err != nil {
		return nil, err
	}
	defer v.mu.RUnlock()
	st := v.permalinkTables()
	if st.err != nil {
		return nil, st.err
	}
	p := &Permalink{Hash: hash}
	seen := map[string]bool{}
	for h := hash; ; {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if ids := v.itemsWithHash(st, h); len(ids) > 0 {
			p.ID, p.SameText = ids[0], ids[1:]
			p.Status = PermalinkCurrent
			if h != hash {
				p.Status, p.CurrentHash = PermalinkChanged, h
			}
			return p, nil
		}
		past, ok := st.history[h]
		if !ok || seen[h] || len(seen) >= maxChain {
			break
		}
		seen[h] = true
		p.Past = append(p.Past, pastVersion(past))
		if past.Status != index.PastChanged || past.Successor == "" {
			break
		}
		h = past.Successor
	}
	if len(p.Past) == 0 {
		return nil, fmt.Errorf("item hash %s: %w", hash, ErrNotFound)
	}
	p.Status = PermalinkRemoved
	return p, nil
}

func pastVersion(p index.PastItem) PastVersion {
	return PastVersion{Hash: p.Hash, BriefingID: p.BriefingID, Item: p.Item, Status: p.Status,
		Successor: p.Successor, Generation: p.Generation, Recorded: p.Recorded}
}

// permalinkTables builds the view's hash lookup once: ~16 bytes an item, sorted for binary
// search, and the generation's history.
func (v *view) permalinkTables() *permalinkState {
	st := &v.permalinks
	st.once.Do(func() {
		for bi, b := range v.gen.Briefings {
			if len(b.ItemHashes) != len(b.ItemIDs) {
				st.err = fmt.Errorf("generation %s was built before items had content hashes: rebuild the index (briefsearch index --full) for permalinks", v.gen.ID)
				return
			}
			for ii, h := range b.ItemHashes {
				key, err := strconv.ParseUint(h, 16, 64)
				if err != nil {
					st.err = fmt.Errorf("generation %s: item %s has a malformed hash %q", v.gen.ID, b.ItemIDs[ii], h)
					return
				}
				st.refs = append(st.refs, hashRef{key: key, briefing: int32(bi), item: int32(ii)})
			}
		}
		slices.SortFunc(st.refs, func(a, b hashRef) int {
			if a.key != b.key {
				if a.key < b.key {
					return -1
				}
				return 1
			}
			return strings.Compare(v.refID(a), v.refID(b))
		})
		past, err := index.ReadHistory(v.gen.Dir)
		if err != nil {
			st.err = fmt.Errorf("generation %s: %w", v.gen.ID, err)
			return
		}
		st.history = make(map[string]index.PastItem, len(past))
		for _, p := range past {
			st.history[p.Hash] = p
		}
	})
	return st
}

func (v *view) refID(r hashRef) string {
	return v.gen.Briefings[r.briefing].ItemIDs[r.item]
}

// itemsWithHash are the ids of the items whose short hash is h, earliest first.
func (v *view) itemsWithHash(st *permalinkState, h string) []string {
	key, err := strconv.ParseUint(h, 16, 64)
	if err != nil {
		return nil
	}
	i, _ := slices.BinarySearchFunc(st.refs, key, func(r hashRef, k uint64) int {
		switch {
		case r.key < k:
			return -1
		case r.key > k:
			return 1
		}
		return 0
	})
	var ids []string
	for ; i < len(st.refs) && st.refs[i].key == key; i++ {
		ids = append(ids, v.refID(st.refs[i]))
	}
	return ids
}
