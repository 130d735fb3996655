package main

import (
	"bytes"
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"briefsearch/cite"
	"briefsearch/web"
)

// `briefsearch cite` prints exactly what the API serves, for an item, its permalink hash and
// a briefing, in every format.
func TestCitePrintsWhatTheAPIServes(t *testing.T) {
	cfg := indexedConfig(t)
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	s, err := openSearcher(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	srv, err := web.New(web.Options{Index: s, PublicURL: cfg.Server.PublicBase(), Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	list, err := s.Briefings(context.Background())
	if err != nil || len(list) == 0 {
		t.Fatal(err)
	}
	b, err := s.Briefing(context.Background(), list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	it := b.Items[3]
	for _, f := range cite.Formats {
		for id, api := range map[string]string{
			it.ID:          "/api/v1/items/" + it.ID + "/cite",
			it.ShortHash(): "/api/v1/items/" + it.ID + "/cite",
			b.ID:           "/api/v1/briefings/" + b.ID + "/cite",
		} {
			var out bytes.Buffer
			if err := runCite(context.Background(), cfg, id, f, now, &out); err != nil {
				t.Fatalf("cite %s --format %s: %v", id, f, err)
			}
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, httptest.NewRequest("GET", api+"?format="+string(f), nil))
			if rec.Code != 200 || out.String() != rec.Body.String() {
				t.Errorf("cite %s --format %s:\n%s\nthe API (%d):\n%s", id, f, out.String(), rec.Code, rec.Body)
			}
		}
	}
	var out bytes.Buffer
	if err := runCite(context.Background(), cfg, "1999-01-01-01", cite.Text, now, &out); err == nil || !strings.Contains(err.Error(), "no item or briefing") {
		t.Errorf("an unknown id: %v", err)
	}
	if !strings.Contains(cfg.Server.PublicBase(), cfg.Server.Addr) {
		t.Errorf("without public_url the base is %s, not the server's address %s", cfg.Server.PublicBase(), cfg.Server.Addr)
	}
}
