package entity

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Type is the kind of an entity.
type Type string

// The three entity types, as written in the gazetteer and in archive.Entities.
const (
	Person       Type = "person"
	Organization Type = "organization"
	Place        Type = "place"
)

// Entity is one gazetteer record.
type Entity struct {
	Slug    string   `json:"slug"`
	Name    string   `json:"name"` // canonical
	Type    Type     `json:"type"`
	Aliases []string `json:"aliases"` // in Latin and Japanese script, without the name itself
	Roles   []string `json:"roles,omitempty"`
	Line    int      `json:"-"` // where the record starts in the gazetteer file
}

type gazetteerEntry struct {
	Slug    string   `yaml:"slug"`
	Name    string   `yaml:"name"`
	Type    string   `yaml:"type"`
	Aliases []string `yaml:"aliases"`
	Roles   []string `yaml:"roles"`
}

// parseGazetteer reads and checks the gazetteer. Every error names file, line and entry, because
// the file is edited by hand and a researcher must find the mistake without reading Go.
func parseGazetteer(file string, data []byte) ([]Entity, error) {
	root, err := parseDoc(file, data)
	if err != nil || root == nil {
		return nil, err
	}
	list, err := topList(file, root, "entities", "entities")
	if err != nil {
		return nil, err
	}
	var (
		out      []Entity
		slugLine = map[string]int{}
		aliasOf  = map[string]int{} // fold of every name and alias -> index in out
	)
	for _, node := range list {
		var e gazetteerEntry
		if err := strictDecode(node, &e, "slug", "name", "type", "aliases", "roles"); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", file, node.Line, err)
		}
		where := fmt.Sprintf("%s:%d: entity %q", file, node.Line, e.Name)
		e.Name = strings.TrimSpace(e.Name)
		if e.Name == "" {
			return nil, fmt.Errorf("%s:%d: entity has no name", file, node.Line)
		}
		typ := Type(strings.TrimSpace(e.Type))
		switch typ {
		case Person, Organization, Place:
		default:
			return nil, fmt.Errorf("%s: unknown type %q (want person, organization or place)", where, e.Type)
		}
		slug := strings.TrimSpace(e.Slug)
		if slug == "" {
			slug = Slug(e.Name)
		} else if !validSlug(slug) {
			return nil, fmt.Errorf("%s: slug %q is not lower-case words joined by hyphens", where, slug)
		}
		if slug == "" {
			return nil, fmt.Errorf("%s: name gives an empty slug; add a slug", where)
		}
		if prev, ok := slugLine[slug]; ok {
			return nil, fmt.Errorf("%s: slug %q is already used by the entity at line %d", where, slug, prev)
		}
		slugLine[slug] = node.Line
		ent := Entity{Slug: slug, Name: e.Name, Type: typ, Roles: e.Roles, Line: node.Line}
		seen := map[string]bool{}
		for i, a := range append([]string{e.Name}, e.Aliases...) {
			a = strings.TrimSpace(a)
			if a == "" {
				return nil, fmt.Errorf("%s: alias %d is empty", where, i)
			}
			k := fold(a)
			if seen[k] {
				continue // "Turkiye" beside "Türkiye" is harmless
			}
			seen[k] = true
			if j, ok := aliasOf[k]; ok {
				return nil, fmt.Errorf("%s: alias %q is already claimed by %q (line %d)", where, a, out[j].Name, out[j].Line)
			}
			aliasOf[k] = len(out)
			if i > 0 {
				ent.Aliases = append(ent.Aliases, a)
			}
		}
		out = append(out, ent)
	}
	return out, nil
}

// parseDoc returns the document node of a YAML file, or nil for an empty file (an empty
// gazetteer or glossary is valid: extraction then runs on its rules alone).
func parseDoc(file string, data []byte) (*yaml.Node, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if len(root.Content) == 0 {
		return nil, nil
	}
	return root.Content[0], nil
}

// validSlug reports whether s is lower-case letters and digits in words joined by single
// hyphens, as Slug makes them.
func validSlug(s string) bool {
	return s != "" && Slug(s) == s
}

// topList returns the sequence under key in a mapping document.
func topList(file string, doc *yaml.Node, key, what string) ([]*yaml.Node, error) {
	if doc.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: want a mapping with a %q list", file, doc.Line, key)
	}
	var list *yaml.Node
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k := doc.Content[i]
		switch k.Value {
		case key:
			list = doc.Content[i+1]
		case "version":
		default:
			return nil, fmt.Errorf("%s:%d: unknown key %q (want %q)", file, k.Line, k.Value, key)
		}
	}
	if list == nil {
		return nil, nil
	}
	if list.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("%s:%d: %s must be a list", file, list.Line, what)
	}
	return list.Content, nil
}

// strictDecode decodes a mapping node, refusing keys outside allowed: a misspelt "alias:"
// silently ignored would cost a researcher an afternoon.
func strictDecode(node *yaml.Node, v any, allowed ...string) error {
	if node.Kind != yaml.MappingNode {
		return fmt.Errorf("entry must be a mapping (key: value), not %s", kindName(node.Kind))
	}
	for i := 0; i < len(node.Content); i += 2 {
		k := node.Content[i].Value
		ok := false
		for _, a := range allowed {
			ok = ok || k == a
		}
		if !ok {
			return fmt.Errorf("unknown key %q (want one of %s)", k, strings.Join(allowed, ", "))
		}
	}
	return node.Decode(v)
}

func kindName(k yaml.Kind) string {
	switch k {
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return "a single value"
	}
	return "this"
}
