package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"briefsearch/search"
)

func TestClassify(t *testing.T) {
	secret := errors.New("open /srv/index/gen-7/root.bolt: permission denied")
	tests := []struct {
		name         string
		err          error
		status       int
		code         string
		msg          string // substring
		wantInternal bool
	}{
		{"request error keeps its message", fmt.Errorf("parse: %w", search.BadRequestf("unclosed quote at column %d", 9)), 400, "bad_query", "unclosed quote at column 9", false},
		{"bare bad-request kind", fmt.Errorf("x: %w", search.ErrBadRequest), 400, "bad_query", "not valid", false},
		{"not found", fmt.Errorf("item 9: %w", search.ErrNotFound), 404, "not_found", "no such item", false},
		{"timeout", fmt.Errorf("search: %w", search.ErrTimeout), 503, "timeout", "too long", false},
		{"deadline", fmt.Errorf("search: %w", context.DeadlineExceeded), 503, "timeout", "too long", false},
		{"overloaded", search.ErrOverloaded, 503, "overloaded", "too many", false},
		{"body too large", &http.MaxBytesError{Limit: 10}, 413, "body_too_large", "10 bytes", false},
		{"router 404", echo.ErrNotFound, 404, "not_found", "no such page", false},
		{"router 405", echo.ErrMethodNotAllowed, 405, "method_not_allowed", "GET", false},
		{"internal error is hidden", fmt.Errorf("opening: %w", secret), 500, "internal", "internal error", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, internal := classify(tt.err)
			if h.Status != tt.status || h.Code != tt.code || !strings.Contains(h.Msg, tt.msg) || internal != tt.wantInternal {
				t.Errorf("classify = %+v internal=%v, want %d %s %q internal=%v", h, internal, tt.status, tt.code, tt.msg, tt.wantInternal)
			}
			if strings.Contains(h.Msg, "/srv/") || strings.Contains(h.Msg, "bolt") {
				t.Errorf("internal detail leaked: %q", h.Msg)
			}
		})
	}
}
