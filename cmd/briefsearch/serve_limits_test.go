package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"briefsearch/web"
)

// TestLongURLsOverARealServer sends long URLs to the server runServe starts: what net/http
// does before any handler (MaxHeaderBytes) is only seen over a real connection.
func TestLongURLsOverARealServer(t *testing.T) {
	cfg := serveTestConfig(t, filepath.Join(t.TempDir(), "index"))
	base, stop := startServe(t, cfg, io.Discard)
	defer func() {
		if err := stop(); err != nil {
			t.Errorf("shutdown: %v", err)
		}
	}()
	addr := strings.TrimPrefix(base, "http://")

	// Up to web.MaxHeaderBytes, a URL over the 4 KB cap gets the JSON 414 of every other error.
	for _, n := range []int{5 << 10, 100 << 10, web.MaxHeaderBytes - 1024} {
		resp, err := http.Get(base + "/api/v1/search?q=" + strings.Repeat("a", n))
		if err != nil {
			t.Fatalf("a %d-byte URL: %v", n, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var e struct {
			Error struct{ Code, Message string }
		}
		if resp.StatusCode != http.StatusRequestURITooLong || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") ||
			json.Unmarshal(body, &e) != nil || e.Error.Code != "uri_too_long" || !strings.Contains(e.Error.Message, "4096") {
			t.Errorf("a %d-byte URL: %d %s %.200s, want the JSON 414", n, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
	}

	// Past it net/http answers for itself, 431 in plain text, and closes the connection: the
	// memory a connection may cost stays bounded. Sent raw, since Go's client would go on
	// writing a request the server has stopped reading.
	status := rawGetStatus(t, addr, "/api/v1/search?q="+strings.Repeat("a", web.MaxHeaderBytes+8<<10))
	if status != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("a URL past MaxHeaderBytes: %d, want net/http's 431", status)
	}

	// The server still answers after both.
	httpGet(t, base+"/healthz", 200, "application/json")
}

// rawGetStatus writes a GET for target on a fresh connection and returns the answer's status.
func rawGetStatus(t *testing.T, addr, target string) int {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	go func() { // the server may stop reading and answer before the request is all written
		_, _ = fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\n\r\n", target, addr)
	}()
	line, err := bufio.NewReader(conn).ReadBytes('\n')
	if err != nil {
		t.Fatalf("reading the status line: %v", err)
	}
	var proto string
	var code int
	if _, err := fmt.Sscanf(string(bytes.TrimSpace(line)), "%s %d", &proto, &code); err != nil {
		t.Fatalf("status line %q: %v", line, err)
	}
	return code
}
