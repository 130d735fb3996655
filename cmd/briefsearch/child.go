package main

// A server builds in a child process: `briefsearch index` on the same archive and index, which
// reports as JSON. A build's crash (bleve has panicked on a disk that filled) or its memory (2
// GiB at the peak of a 200k-item rebuild) then never touch the searches being served; the
// index's build lock and its atomic switch do the rest.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"briefsearch/ingest"
)

// childEnv marks a process started as a server's build (tests re-execute their own binary,
// and its TestMain runs the command line when it sees this).
const childEnv = "BRIEFSEARCH_BUILD_CHILD"

// childFlags are the index command's hidden flags for a server's build.
type childFlags struct {
	report bool
	settle time.Duration
	whole  bool
}

func (c *childFlags) add(cmd *cobra.Command) {
	f := cmd.Flags()
	f.BoolVar(&c.report, "report-json", false, "report as JSON on stdout (a server's build)")
	f.DurationVar(&c.settle, "settle", 0, "leave files changed this recently for a later build")
	f.BoolVar(&c.whole, "whole", false, "while any file is still changing, build nothing")
	for _, name := range []string{"report-json", "settle", "whole"} {
		_ = f.MarkHidden(name)
	}
}

func (c childFlags) settling() ingest.Settling {
	return ingest.Settling{Settle: c.settle, Whole: c.whole}
}

// childResult is what a build child prints.
type childResult struct {
	Report *ingest.Report `json:"report"`
	Error  string         `json:"error,omitempty"`
}

// runChildBuild builds, in this process, for a server, and prints the outcome as JSON.
func runChildBuild(ctx context.Context, cfg Config, mode ingest.Mode, s ingest.Settling, logger *slog.Logger, out io.Writer) error {
	var res childResult
	lib, closeLib, err := openLibrary(cfg, logger, false)
	if err == nil {
		defer closeLib()
		res.Report, err = lib.BuildSettled(ctx, mode, s, nil)
	}
	if err != nil {
		res.Error = err.Error()
	}
	if jerr := json.NewEncoder(out).Encode(res); jerr != nil {
		return jerr
	}
	if err != nil {
		return reportedError{err}
	}
	return nil
}

// childBuilder runs a server's builds as child processes of this program.
func childBuilder(cfg Config, logger *slog.Logger) (func(context.Context, ingest.Mode, ingest.Settling) (*ingest.Report, error), error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("finding this program to run builds: %w", err)
	}
	return func(ctx context.Context, mode ingest.Mode, s ingest.Settling) (*ingest.Report, error) {
		args := []string{"index", "--report-json", "--archive", cfg.Archive, "--index", cfg.Index,
			"--gazetteer", lexiconArg(cfg.Gazetteer), "--glossary", lexiconArg(cfg.Glossary)}
		if mode == ingest.Rebuild {
			args = append(args, "--full")
		}
		if s.Settle > 0 {
			args = append(args, "--settle", s.Settle.String())
		}
		if s.Whole {
			args = append(args, "--whole")
		}
		cmd := exec.CommandContext(ctx, exe, args...)
		cmd.Env = append(os.Environ(), childEnv+"=1", envName("cache_dir")+"="+cfg.CacheDir,
			envName("log.level")+"="+cfg.Log.Level, envName("log.format")+"="+cfg.Log.Format)
		cmd.SysProcAttr = dieWithParent()
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		runErr := runLocked(cmd)
		if s := strings.TrimSpace(stderr.String()); s != "" {
			logger.Debug("build process", "output", s)
		}
		var res childResult
		if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, fmt.Errorf("the build process failed (%v): %s", runErr, lastLine(stderr.String()))
		}
		if res.Error != "" {
			return res.Report, errors.New(res.Error)
		}
		return res.Report, nil
	}, nil
}

// lexiconArg passes a lexicon setting to the child as a flag: an empty value means none.
func lexiconArg(v string) string {
	if v == "" {
		return noLexicon
	}
	return v
}

// runLocked runs cmd from a goroutine locked to its thread for the child's whole life: the
// child's death signal (dieWithParent) fires when the thread that started it ends, and Go may
// end an idle thread; a locked one it does not.
func runLocked(cmd *exec.Cmd) error {
	done := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		done <- cmd.Run()
	}()
	return <-done
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}
