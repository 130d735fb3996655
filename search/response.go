package search

import (
	"slices"
	"strconv"
	"strings"
)

// Response is a search as the JSON API serves it and `briefsearch search --json` prints it:
// the Result, the request as it was run (defaults filled in) and the corpus it ran on. One
// type for both, so the two cannot drift apart.
type Response struct {
	*Result
	Request Request `json:"request"`
	Corpus  Corpus  `json:"corpus"`
}

// NewResponse pairs res with the request that produced it, its defaults filled in as the
// search applied them, and the corpus.
func NewResponse(req Request, res *Result, corpus Corpus) Response {
	if res.Page > 0 {
		req.Page = res.Page
	}
	req.Size = res.Size // 0 for a request of the total and facets only (NoHits)
	if res.Query.Sort != "" {
		req.Sort = res.Query.Sort
	}
	if req.Facets == nil {
		req.Facets = []FacetRequest{}
		for _, f := range res.Facets {
			req.Facets = append(req.Facets, FacetRequest{Name: f.Name})
		}
	}
	return Response{Result: res, Request: req, Corpus: corpus}
}

// ParseFacets reads facet specifications as the API's facets parameter and the CLI's --facet
// flag write them: each a comma-separated list of names with optional value counts
// ("section,month:24", "person:5"). Blank specifications ask for no facets at all.
func ParseFacets(specs ...string) ([]FacetRequest, error) {
	out := []FacetRequest{}
	for _, spec := range specs {
		for part := range strings.SplitSeq(spec, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			name, sizeText, hasSize := strings.Cut(part, ":")
			if names := FacetNames(); !slices.Contains(names, name) {
				return nil, BadRequestf("facets: %q is not one of %s", name, strings.Join(names, ", "))
			}
			fr := FacetRequest{Name: name}
			if hasSize {
				n, err := strconv.Atoi(sizeText)
				if err != nil || n < 1 || n > MaxFacetSize {
					return nil, BadRequestf("facets: size %q of %s is not a number from 1 to %d", sizeText, name, MaxFacetSize)
				}
				fr.Size = n
			}
			out = append(out, fr)
		}
	}
	return out, nil
}

// ParseSize reads a page size as the API's size parameter and the CLI's --size flag write it:
// "" is the default, 0 asks for the total and facets only (NoHits), 1 to MaxSize hits a page.
func ParseSize(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	switch {
	case err != nil || n < 0:
		return 0, BadRequestf("size: %q is not a whole number from 0 to %d", truncateRunes(s, 40), MaxSize)
	case n == 0:
		return NoHits, nil
	}
	return n, nil
}
