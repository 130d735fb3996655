package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"briefsearch/index"
)

func TestVerifyCommand(t *testing.T) {
	cfg := indexedConfig(t)
	var out bytes.Buffer
	if err := runVerify(context.Background(), cfg, false, &out); err != nil || !strings.HasSuffix(out.String(), "(current): intact\n") {
		t.Fatalf("an intact index: %v\n%s", err, out.String())
	}
	dir, err := index.CurrentDir(cfg.Index)
	if err != nil {
		t.Fatal(err)
	}
	zaps, _ := filepath.Glob(filepath.Join(dir, "index", "store", "*.zap"))
	data, err := os.ReadFile(zaps[0])
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/3] ^= 0x55 // same size: only reading every byte finds it
	if err := os.WriteFile(zaps[0], data, 0o644); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	err = runVerify(context.Background(), cfg, true, &out)
	if !isReported(err) || !strings.Contains(out.String(), "(current): damaged: segment "+filepath.Base(zaps[0])+" has changed since its build") {
		t.Errorf("a damaged segment: %v\n%s", err, out.String())
	}
	os.Remove(filepath.Join(cfg.Index, "current"))
	os.WriteFile(filepath.Join(cfg.Index, "current"), []byte("x"), 0o644)
	out.Reset()
	if err := runVerify(context.Background(), cfg, false, &out); !isReported(err) || !strings.Contains(out.String(), "current: ") || !strings.Contains(out.String(), "is a regular file") {
		t.Errorf("current replaced by a file: %v\n%s", err, out.String())
	}
}
