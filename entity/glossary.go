package entity

import (
	"fmt"
	"strings"
)

// Group is one glossary entry: terms a researcher treats as the same topic.
type Group struct {
	Topic string   `json:"topic,omitempty"`
	Terms []string `json:"terms"`
	Line  int      `json:"-"`
}

type glossaryEntry struct {
	Topic string   `yaml:"topic"`
	Terms []string `yaml:"terms"`
}

// parseGlossary reads and checks the glossary. A term may belong to one group only: overlapping
// groups would make an expansion depend on which group was read first.
func parseGlossary(file string, data []byte) ([]Group, error) {
	root, err := parseDoc(file, data)
	if err != nil || root == nil {
		return nil, err
	}
	list, err := topList(file, root, "groups", "groups")
	if err != nil {
		return nil, err
	}
	var out []Group
	owner := map[string]int{}
	for _, node := range list {
		var g glossaryEntry
		if err := strictDecode(node, &g, "topic", "terms"); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", file, node.Line, err)
		}
		where := fmt.Sprintf("%s:%d: group", file, node.Line)
		if g.Topic != "" {
			where += fmt.Sprintf(" %q", g.Topic)
		}
		grp := Group{Topic: strings.TrimSpace(g.Topic), Line: node.Line}
		seen := map[string]bool{}
		for _, term := range g.Terms {
			term = strings.TrimSpace(term)
			k := Key(term)
			if k == "" {
				return nil, fmt.Errorf("%s: has an empty term", where)
			}
			if seen[k] {
				continue
			}
			seen[k] = true
			if j, ok := owner[k]; ok {
				return nil, fmt.Errorf("%s: term %q is already in the group at line %d", where, term, out[j].Line)
			}
			owner[k] = len(out)
			grp.Terms = append(grp.Terms, term)
		}
		if len(grp.Terms) < 2 {
			return nil, fmt.Errorf("%s: needs at least two different terms", where)
		}
		out = append(out, grp)
	}
	return out, nil
}
