package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"briefsearch/search"
)

// Compare: up to search.MaxCompare searches counted per month or year on one chart, with
// the table and the data. /compare?q=Bayramov&q=Hajiyev&q=地雷除去&by=year&from=2018: each q
// is a query of the search language (an entity: q=person:"Jeyhun Bayramov"); from and to
// narrow them all.

// compareParams reads a comparison; an empty q (a blank form field) is left out.
func compareParams(r *http.Request) (search.CompareRequest, error) {
	v, err := queryValues(r)
	if err != nil {
		return search.CompareRequest{}, err
	}
	var req search.CompareRequest
	for k, vals := range v {
		switch k {
		case paramQ:
		case paramBy, paramFrom, paramTo:
			if len(vals) > 1 {
				return req, errBadRequest(fmt.Sprintf("parameter %q is given %d times; give it once", k, len(vals)))
			}
		default:
			return req, errBadRequest(fmt.Sprintf("unknown parameter %q; compare takes q (1 to %d times), by, from and to", k, search.MaxCompare))
		}
	}
	for _, q := range v[paramQ] {
		if q = strings.TrimSpace(q); q != "" {
			req.Queries = append(req.Queries, q)
		}
	}
	if n := len(req.Queries); n > search.MaxCompare {
		return req, errBadRequest(fmt.Sprintf("compare takes at most %d queries; %d were given: remove %d", search.MaxCompare, n, n-search.MaxCompare))
	}
	for _, q := range req.Queries {
		if n := len([]rune(q)); n > search.MaxQueryLen {
			return req, errBadRequest(fmt.Sprintf("a q is %d characters; the limit is %d", n, search.MaxQueryLen))
		}
	}
	req.By = v.Get(paramBy)
	if err := search.CheckBy(req.By); err != nil {
		return req, err
	}
	if req.Filters.From, err = dateParam(v, paramFrom); err != nil {
		return req, err
	}
	if req.Filters.To, err = dateParam(v, paramTo); err != nil {
		return req, err
	}
	return req, nil
}

func (s *Server) comparison(c echo.Context) (*search.CompareResponse, error) {
	req, err := compareParams(c.Request())
	if err != nil {
		return nil, err
	}
	ctx, cancel := s.indexCtx(c)
	defer cancel()
	cmp, err := s.index.Compare(ctx, req)
	if err != nil {
		return nil, err
	}
	return &search.CompareResponse{Comparison: cmp, Request: req, Corpus: s.index.Corpus()}, nil
}

func (s *Server) handleCompareAPI(c echo.Context) error {
	r, err := s.comparison(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}

func (s *Server) handleCompareCSV(c echo.Context) error {
	r, err := s.comparison(c)
	if err != nil {
		return err
	}
	head := []string{"period", "start", "end"}
	for _, ser := range r.Series {
		head = append(head, ser.Query)
	}
	rows := [][]string{head}
	for i, p := range r.Periods {
		row := []string{p.Period, p.Start.String(), p.End.String()}
		for _, ser := range r.Series {
			row = append(row, strconv.Itoa(ser.Counts[i]))
		}
		rows = append(rows, row)
	}
	return writeCSV(c, "compare-"+r.By, strings.Join(r.Request.Queries, " vs "), rows)
}

// comparePage is /compare: the form, the chart, its legend and table, and links to the data.
type comparePage struct {
	Layout
	Inputs  []compareInput
	By      string
	ByLinks []link
	From    string
	To      string
	Error   string
	Chart   compareChart
	Table   compareTable
	JSONURL string
	CSVURL  string
}

type compareInput struct {
	N            int
	Class, Value string
}

// handleComparePage shows the form, and the chart once a query is given. A bad query shows
// the form with the message and status 400, as the search page does.
func (s *Server) handleComparePage(c echo.Context) error {
	p := comparePage{Layout: s.layout("compare", "Compare · 比較")}
	req, err := compareParams(c.Request())
	p.By, p.From, p.To = req.By, c.QueryParam(paramFrom), c.QueryParam(paramTo)
	for i := range search.MaxCompare {
		in := compareInput{N: i + 1, Class: seriesClass(i)}
		if i < len(req.Queries) {
			in.Value = req.Queries[i]
		}
		p.Inputs = append(p.Inputs, in)
	}
	if err == nil && len(req.Queries) > 0 {
		p.Title = strings.Join(req.Queries, " · ") + " · Compare"
		ctx, cancel := s.indexCtx(c)
		defer cancel()
		var cmp *search.Comparison
		if cmp, err = s.index.Compare(ctx, req); err == nil {
			v := compareValues(req)
			p.JSONURL = "/api/v1/compare?" + v.Encode()
			p.CSVURL = "/api/v1/compare.csv?" + v.Encode()
			p.ByLinks = byLinks(v, req.By)
			p.Chart = newCompareChart(req, cmp)
			p.Table = newCompareTable(cmp)
			return s.render(c, http.StatusOK, "compare", p)
		}
	}
	if err == nil {
		return s.render(c, http.StatusOK, "compare", p)
	}
	if h, _ := classify(err); h.Status == http.StatusBadRequest {
		p.Error = h.Msg
		return s.render(c, http.StatusBadRequest, "compare", p)
	}
	return err
}

// compareValues are the parameters of a comparison, as its links repeat them.
func compareValues(req search.CompareRequest) url.Values {
	v := url.Values{paramQ: req.Queries}
	if req.By != "" {
		v.Set(paramBy, req.By)
	}
	if !req.Filters.From.IsZero() {
		v.Set(paramFrom, req.Filters.From.String())
	}
	if !req.Filters.To.IsZero() {
		v.Set(paramTo, req.Filters.To.String())
	}
	return v
}

func byLinks(v url.Values, current string) []link {
	var out []link
	for _, b := range []struct{ by, label string }{{"", "Auto"}, {search.ByMonth, "By month"}, {search.ByYear, "By year"}} {
		w := url.Values{}
		for k, x := range v {
			w[k] = x
		}
		if b.by == "" {
			w.Del(paramBy)
		} else {
			w.Set(paramBy, b.by)
		}
		out = append(out, link{Label: b.label, URL: "/compare?" + w.Encode(), Current: b.by == current})
	}
	return out
}

// compareFrom is the compare page starting from a search: its text and filters as one
// query of the search language (values of one filter ORed), its dates as from and to.
func compareFrom(st state) string {
	parts := []string{}
	if q := search.WithoutBounds(st.v.Get(paramQ)); q != "" {
		parts = append(parts, q)
	}
	for _, fp := range filterParams {
		if fp.param == paramMonth {
			continue // a month filter is a timeline's click; the comparison draws the months
		}
		var alts []string
		for _, val := range st.v[fp.param] {
			alts = append(alts, fp.param+":"+quoteValue(val))
		}
		if len(alts) > 0 {
			parts = append(parts, strings.Join(alts, " OR "))
		}
	}
	v := url.Values{}
	if q := strings.Join(parts, " "); q != "" {
		v.Set(paramQ, q)
	}
	for _, b := range search.QueryBounds(st.v.Get(paramQ)) {
		v.Set(b.Key, b.Value)
	}
	for _, p := range []string{paramFrom, paramTo} {
		if x := st.v.Get(p); x != "" {
			v.Set(p, x)
		}
	}
	if len(v) == 0 {
		return "/compare"
	}
	return "/compare?" + v.Encode()
}

// quoteValue writes a qualifier's value so the query parser reads it back whole.
func quoteValue(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r == ' ' || r == '"' || r == '“' || r == '「' || r == '\u3000' }) {
		return s
	}
	if strings.ContainsAny(s, `"”`) {
		return "「" + s + "」"
	}
	return `"` + s + `"`
}
