package web

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"briefsearch/replica"
	"briefsearch/search"
)

// A replica's /readyz and /metrics say which generation it serves, which its source
// publishes, and how far behind it is; the answer fits the documented schema.
func TestReplicaStatusReported(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	if _, err := buildTestIndex(src, testdataArchive); err != nil {
		t.Fatal(err)
	}
	rep, err := replica.New(replica.Options{Source: src, Root: dst})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rep.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	// The writer publishes two more, and the replica's transfers fail (an rsync that answers
	// for meta.json only): it knows it is two behind.
	for range 2 {
		if _, err := buildTestIndex(src, testdataArchive); err != nil {
			t.Fatal(err)
		}
	}
	real, err := exec.LookPath("rsync")
	if err != nil {
		t.Fatal(err)
	}
	failing := filepath.Join(t.TempDir(), "rsync")
	script := "#!/bin/sh\ncase \"$*\" in *generations/*) echo 'connection reset' >&2; exit 12 ;; esac\nexec '" + real + "' \"$@\"\n"
	if err := os.WriteFile(failing, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	rep, err = replica.New(replica.Options{Source: src, Root: dst, Rsync: failing})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rep.Sync(context.Background()); err == nil {
		t.Fatal("a sync through a failing rsync succeeded")
	}
	s, err := search.Open(search.Options{Root: dst, LoadLexicon: search.LoadLexicon})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	srv, err := New(Options{Index: s, Replica: rep})
	if err != nil {
		t.Fatal(err)
	}
	doc := loadOpenAPI(t)
	rec := do(t, srv, "GET", "/readyz", nil)
	checkDocumented(t, schemaChecker{doc: doc}, doc["paths"].(map[string]any)["/readyz"].(map[string]any)["get"].(map[string]any), "GET /readyz", rec)
	var st struct {
		Corpus  search.Corpus `json:"corpus"`
		Replica replicaStatus `json:"replica"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &st); err != nil {
		t.Fatal(err)
	}
	newest, _ := filepath.EvalSymlinks(filepath.Join(src, "current"))
	if r := st.Replica; r.Generation != st.Corpus.Generation || r.SourceGeneration != filepath.Base(newest) || r.Behind != 2 || !r.Lagging ||
		r.Sequence != 1 || r.SourceSequence != 3 || !strings.Contains(r.Error, "connection reset") {
		t.Errorf("readyz replica %+v (serving %s), want 2 behind %s", r, st.Corpus.Generation, filepath.Base(newest))
	}
	m := do(t, srv, "GET", "/metrics", nil).Body.String()
	for _, want := range []string{"briefsearch_replica_generations_behind 2\n", "briefsearch_replica_source_sequence 3\n", "briefsearch_replica_sequence 1\n", "briefsearch_replica_installs_total 0\n", "briefsearch_replica_failing 1\n"} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}
