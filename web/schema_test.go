package web

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// schemaChecker validates JSON values against the subset of JSON Schema that openapi.json
// uses. It refuses keywords it does not know, so the document cannot drift into constructs
// this check silently ignores.
type schemaChecker struct {
	doc map[string]any
}

// annotations carry no constraint.
var schemaAnnotations = []string{"description", "example", "examples", "format", "title", "summary"}

func (c schemaChecker) check(path string, schema map[string]any, v any) []string {
	if ref, ok := schema["$ref"].(string); ok {
		target, err := c.resolve(ref)
		if err != nil {
			return []string{path + ": " + err.Error()}
		}
		return c.check(path, target, v)
	}
	var errs []string
	keys := make([]string, 0, len(schema))
	for k := range schema {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		switch k {
		case "type", "properties", "required", "additionalProperties", "items", "enum",
			"minimum", "maximum", "minLength", "maxLength":
		default:
			if !slices.Contains(schemaAnnotations, k) {
				errs = append(errs, fmt.Sprintf("%s: schema keyword %q is not supported by this checker", path, k))
			}
		}
	}
	if t, ok := schema["type"]; ok && !typeMatches(t, v) {
		return append(errs, fmt.Sprintf("%s: %s is not of type %v", path, describe(v), t))
	}
	if enum, ok := schema["enum"].([]any); ok && !slices.ContainsFunc(enum, func(e any) bool { return e == v }) {
		errs = append(errs, fmt.Sprintf("%s: %v is not one of %v", path, v, enum))
	}
	switch x := v.(type) {
	case map[string]any:
		props, _ := schema["properties"].(map[string]any)
		for _, r := range asStrings(schema["required"]) {
			if _, ok := x[r]; !ok {
				errs = append(errs, fmt.Sprintf("%s: required property %q missing", path, r))
			}
		}
		for k, val := range x {
			if ps, ok := props[k].(map[string]any); ok {
				errs = append(errs, c.check(path+"."+k, ps, val)...)
				continue
			}
			switch ap := schema["additionalProperties"].(type) {
			case bool:
				if !ap {
					errs = append(errs, fmt.Sprintf("%s: property %q is not in the schema", path, k))
				}
			case map[string]any:
				errs = append(errs, c.check(path+"."+k, ap, val)...)
			}
		}
	case []any:
		if items, ok := schema["items"].(map[string]any); ok {
			for i, el := range x {
				errs = append(errs, c.check(fmt.Sprintf("%s[%d]", path, i), items, el)...)
			}
		}
	case float64:
		if m, ok := schema["minimum"].(float64); ok && x < m {
			errs = append(errs, fmt.Sprintf("%s: %v < minimum %v", path, x, m))
		}
		if m, ok := schema["maximum"].(float64); ok && x > m {
			errs = append(errs, fmt.Sprintf("%s: %v > maximum %v", path, x, m))
		}
	case string:
		n := float64(utf8.RuneCountInString(x))
		if m, ok := schema["minLength"].(float64); ok && n < m {
			errs = append(errs, fmt.Sprintf("%s: shorter than %v", path, m))
		}
		if m, ok := schema["maxLength"].(float64); ok && n > m {
			errs = append(errs, fmt.Sprintf("%s: longer than %v", path, m))
		}
	}
	return errs
}

func (c schemaChecker) resolve(ref string) (map[string]any, error) {
	p, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil, fmt.Errorf("only local refs are supported: %s", ref)
	}
	var cur any = c.doc
	for part := range strings.SplitSeq(p, "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("ref %s: %q is not an object", ref, part)
		}
		if cur, ok = m[strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")]; !ok {
			return nil, fmt.Errorf("ref %s does not resolve", ref)
		}
	}
	m, ok := cur.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("ref %s is not an object", ref)
	}
	return m, nil
}

func typeMatches(t any, v any) bool {
	var types []string
	switch x := t.(type) {
	case string:
		types = []string{x}
	case []any:
		types = asStrings(x)
	}
	for _, ty := range types {
		switch ty {
		case "null":
			if v == nil {
				return true
			}
		case "object":
			if _, ok := v.(map[string]any); ok {
				return true
			}
		case "array":
			if _, ok := v.([]any); ok {
				return true
			}
		case "string":
			if _, ok := v.(string); ok {
				return true
			}
		case "boolean":
			if _, ok := v.(bool); ok {
				return true
			}
		case "number":
			if _, ok := v.(float64); ok {
				return true
			}
		case "integer":
			if f, ok := v.(float64); ok && f == math.Trunc(f) {
				return true
			}
		}
	}
	return false
}

func asStrings(v any) []string {
	xs, _ := v.([]any)
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func describe(v any) string {
	b, _ := json.Marshal(v)
	return truncate(string(b), 80)
}
