package search

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"briefsearch/index"
	"briefsearch/index/indextest"
)

// The child side of TestKillDuringBuild: this test binary, re-executed with these variables,
// builds a large index into the root and reports its progress on stdout until it is killed.
const (
	killChildEnv = "BRIEFSEARCH_KILL_CHILD_ROOT"
	killStageEnv = "BRIEFSEARCH_KILL_CHILD_STAGE"
)

func runKillChild() int {
	root, stage := os.Getenv(killChildEnv), os.Getenv(killStageEnv)
	opts := index.BuildOptions{BatchSize: 100}
	opts.Progress = func(done, total int) {
		if stage == "batch" {
			fmt.Printf("progress %d/%d\n", done, total)
		}
	}
	opts.Written = func(id, dir string) {
		if stage == "written" {
			fmt.Printf("written %s\n", id)
			time.Sleep(time.Hour) // complete on disk, not yet current: the parent kills here
		}
	}
	weeks := 5 // "written": small, it stops once complete anyway
	if stage == "batch" {
		weeks = 100 // 20 batches: the parent kills it after the first
	}
	if _, err := index.Build(context.Background(), root, indextest.Synthetic(weeks, 20), opts); err != nil {
		fmt.Println("error", err)
		return 1
	}
	fmt.Println("finished") // the parent was too slow: the test fails
	return 0
}

func TestKillDuringBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a subprocess")
	}
	for _, stage := range []string{"batch", "written"} {
		t.Run(stage, func(t *testing.T) {
			root := t.TempDir()
			sample, err := loadDir(sampleDir)
			if err != nil {
				t.Fatal(err)
			}
			first, err := index.Build(context.Background(), root, sample, index.BuildOptions{})
			if err != nil {
				t.Fatal(err)
			}

			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), killChildEnv+"="+root, killStageEnv+"="+stage)
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			cmd.Stderr = os.Stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			lines := bufio.NewScanner(out)
			if !lines.Scan() {
				t.Fatalf("child said nothing: %v", lines.Err())
			}
			line := lines.Text()
			if !strings.HasPrefix(line, map[string]string{"batch": "progress", "written": "written"}[stage]) {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("child said %q before it could be killed mid-build", line)
			}
			if err := cmd.Process.Kill(); err != nil { // SIGKILL: no cleanup runs
				t.Fatal(err)
			}
			err = cmd.Wait()
			if ws, ok := cmd.ProcessState.Sys().(interface{ Signaled() bool }); !ok || !ws.Signaled() {
				t.Fatalf("child was not killed by a signal: %v", err)
			}
			gens, _ := os.ReadDir(filepath.Join(root, "generations"))
			if len(gens) != 2 {
				t.Fatalf("%d generation folders after the kill, want the served one and the partial one", len(gens))
			}

			// The previous generation is still current, opens and answers.
			s := open(t, root, Options{})
			if c := s.Corpus(); c.Generation != first.Generation || c.Items != 18 {
				t.Errorf("after the kill: serving %+v, want generation %s with 18 items", c, first.Generation)
			}
			if res := mustSearch(t, s, Request{Query: "Bayramov"}); !slices.Equal(ordinals(res), []int{5, 10, 14, 15}) {
				t.Errorf("after the kill: Bayramov finds %v", ordinals(res))
			}

			// The next build succeeds, clears the debris, and a reload serves it.
			next, err := index.Build(context.Background(), root, indextest.Synthetic(2, 3), index.BuildOptions{})
			if err != nil {
				t.Fatalf("build after the kill: %v", err)
			}
			gens, _ = os.ReadDir(filepath.Join(root, "generations"))
			var names []string
			for _, g := range gens {
				names = append(names, g.Name())
			}
			if want := []string{first.Generation, next.Generation}; !slices.Equal(names, want) {
				t.Errorf("generations after the next build = %v, want %v", names, want)
			}
			if err := s.Reload(context.Background()); err != nil {
				t.Fatal(err)
			}
			if c := s.Corpus(); c.Generation != next.Generation || c.Items != 6 {
				t.Errorf("after reload: %+v, want generation %s with 6 items", c, next.Generation)
			}
		})
	}
}
