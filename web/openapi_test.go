package web

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

// redoclyCLI is pinned: a linter that changes under us would make this test flaky. 2.77.0
// supports node >=20.19 <21 and >=22.12 (checked with `npm view @redocly/cli@2.77.0 engines`).
const redoclyCLI = "@redocly/cli@2.77.0"

// TestOpenAPILint runs a real OpenAPI 3.1 validator over the embedded document, with
// Redocly's recommended rules; warnings fail too.
func TestOpenAPILint(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the npx download of " + redoclyCLI)
	}
	npx, err := exec.LookPath("npx")
	if err != nil {
		t.Fatal("npx (node >= 20.19) is needed to validate openapi.json with " + redoclyCLI + "; install nodejs and npm, or run with -short")
	}
	dir := t.TempDir()
	doc := filepath.Join(dir, "openapi.json")
	if err := os.WriteFile(doc, openAPIDoc, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, npx, "--yes", redoclyCLI, "lint", "--format=stylish", doc)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "REDOCLY_TELEMETRY=off", "REDOCLY_SUPPRESS_UPDATE_NOTICE=true", "NO_COLOR=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("redocly lint failed: %v\n%s", err, out)
	}
	// Exit status 0 still allows warnings; the summary line names them.
	if regexp.MustCompile(`You have \d+ warnings?`).Match(out) {
		t.Fatalf("redocly lint reported warnings:\n%s", out)
	}
}

func loadOpenAPI(t *testing.T) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	return doc
}

// TestSchemaCheckerCatches proves the response check used by TestOpenAPIPathsAnswer can fail.
func TestSchemaCheckerCatches(t *testing.T) {
	c := schemaChecker{doc: loadOpenAPI(t)}
	errSchema := map[string]any{"$ref": "#/components/schemas/Error"}
	tests := []struct {
		name, body string
		ok         bool
	}{
		{"valid", `{"error":{"code":"bad_query","message":"m"}}`, true},
		{"missing field", `{"error":{"code":"bad_query"}}`, false},
		{"wrong type", `{"error":{"code":1,"message":"m"}}`, false},
		{"extra field", `{"error":{"code":"x","message":"m","detail":"leak"}}`, false},
		{"not an object", `[]`, false},
	}
	for _, tt := range tests {
		var v any
		if err := json.Unmarshal([]byte(tt.body), &v); err != nil {
			t.Fatal(err)
		}
		errs := c.check("$", errSchema, v)
		if (len(errs) == 0) != tt.ok {
			t.Errorf("%s: errors %v, want ok=%v", tt.name, errs, tt.ok)
		}
	}
	if errs := c.check("$", map[string]any{"oneOf": []any{}}, nil); len(errs) == 0 {
		t.Error("an unsupported keyword went unnoticed")
	}
}
