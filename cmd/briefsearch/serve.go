package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"briefsearch/index"
	"briefsearch/ingest"
	"briefsearch/search"
	"briefsearch/web"
)

func newServeCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the search UI and JSON API (builds the index first if there is none)",
		Long: `Serve opens the current index generation read-only and answers HTTP on server.addr:
the HTML UI at /, the JSON API under /api/v1 (described at /api/v1/openapi.json), /healthz,
/readyz and /metrics. On a fresh checkout with no index yet it first builds one from the
archive, then serves. SIGINT or SIGTERM drains in-flight requests and exits.

With --replicate SOURCE it is a read-only replica instead: it reads no archive, and takes
each generation the writer at SOURCE publishes whole with rsync, verifies every file against
the checksums its build recorded, and only then switches to it (replica.* in config.yaml).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(cmd)
			if err != nil {
				return err
			}
			logger := newLogger(cfg)
			return runServe(cmd.Context(), cfg, logger, func(addr string) {
				logger.Info("serving", "url", "http://"+addr+"/")
			})
		},
	}
	cmd.Flags().String("addr", "", "listen address host:port (config: server.addr, default 127.0.0.1:8080)")
	cmd.Flags().Bool("watch", true, "watch the archive folder and index what changes (config: watch.enabled)")
	cmd.Flags().String("replicate", "", "serve as a read-only replica of this writer's index root, as rsync names it: a path, host:path or rsync://host/module (config: replica.source)")
	addLexiconFlags(cmd) // for the first-start build
	return cmd
}

// runServe serves until ctx is cancelled, then shuts down gracefully. ready is called with
// the bound address once the listener accepts connections (tests listen on 127.0.0.1:0).
func runServe(ctx context.Context, cfg Config, logger *slog.Logger, ready func(addr string)) error {
	var lib *ingest.Library
	rep, reload, err := startReplica(ctx, cfg, logger)
	if err != nil {
		return err
	}
	if cfg.Archive != "" && rep == nil {
		l, closeLib, err := openLibrary(cfg, logger, true)
		if err != nil {
			return err
		}
		defer closeLib()
		lib = l
	}
	backend, err := openBackend(ctx, cfg, lib, logger)
	if err != nil {
		return err
	}
	defer func() {
		if err := backend.Close(); err != nil {
			logger.Warn("closing the index", "err", err)
		}
	}()
	corpus := backend.Corpus()
	logger.Info("index open", "generation", corpus.Generation, "briefings", corpus.Briefings, "items", corpus.Items)
	if fb := corpus.Fallback; fb != nil {
		logger.Error("serving an older generation: the current one does not open (run `briefsearch verify`, or rebuild with `briefsearch index --full`)",
			"current", fb.Current, "reason", fb.Reason, "serving", corpus.Generation)
	}

	if rep != nil {
		reload(backend)
	}

	opts := web.Options{
		Index:          backend,
		Reloader:       backend,
		Logger:         logger,
		MaxBodyBytes:   cfg.Server.MaxBodyBytes,
		MaxConcurrent:  cfg.Server.MaxConcurrent,
		MaxQueue:       cfg.Server.MaxQueue,
		RateLimit:      cfg.Server.RateLimit,
		RateBurst:      cfg.Server.RateBurst,
		ExemptLoopback: cfg.Server.RateLimitExemptLoopback,
		TrustedProxies: cfg.Server.TrustedProxies,
		AdminToken:     cfg.Server.AdminToken,
		SearchTimeout:  cfg.Search.Timeout,
		UploadMaxBytes: cfg.Server.UploadMaxBytes,
		PublicURL:      cfg.Server.PublicBase(),
	}
	if lib != nil {
		opts.Uploader, opts.Archive = lib, lib
	}
	if rep != nil {
		opts.Replica = rep
	}
	srv, err := web.New(opts)
	if err != nil {
		return err
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: cfg.Server.ReadHeaderTimeout,
		ReadTimeout:       cfg.Server.ReadTimeout,
		WriteTimeout:      cfg.Server.WriteTimeout,
		IdleTimeout:       cfg.Server.IdleTimeout,
		MaxHeaderBytes:    web.MaxHeaderBytes, // room for a long URL to reach the JSON 414 (see web.MaxHeaderBytes)
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", cfg.Server.Addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", cfg.Server.Addr, err)
	}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	watching := make(chan struct{})
	switch {
	case rep != nil:
		go func() {
			defer close(watching)
			rep.Run(ctx)
		}()
	case lib != nil && cfg.Watch.Enabled:
		go func() {
			defer close(watching)
			watchArchive(ctx, cfg, lib, backend, logger)
		}()
	default:
		close(watching)
		logger.Info("not watching the archive folder", "archive", cfg.Archive, "watch", cfg.Watch.Enabled)
	}
	defer func() { <-watching }()
	if cfg.Server.AdminToken == "" {
		logger.Debug("admin routes off: server.admin_token is empty")
	}
	if ready != nil {
		ready(ln.Addr().String())
	}

	select {
	case err := <-served: // the listener failed; nothing to drain
		return fmt.Errorf("serving: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down", "grace", cfg.Server.ShutdownTimeout, "drain_delay", cfg.Server.DrainDelay)
	srv.Drain()
	if d := cfg.Server.DrainDelay; d > 0 {
		// Not ready, still answering: a load balancer's health check sees it and sends
		// nothing new before the listener closes. New connections are not kept alive.
		hs.SetKeepAlivesEnabled(false)
		time.Sleep(d)
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace(cfg))
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		_ = hs.Close()
		return fmt.Errorf("shutting down: %w", err)
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serving: %w", err)
	}
	logger.Info("stopped")
	return nil
}

func shutdownGrace(cfg Config) time.Duration {
	if cfg.Server.ShutdownTimeout > 0 {
		return cfg.Server.ShutdownTimeout
	}
	return 10 * time.Second
}

// backend is the opened index as the server uses it.
type backend interface {
	web.Index
	web.Reloader
	Close() error
}

// openBackend opens the current generation read-only. With none built yet it builds one from
// the archive first (lib; nil when no archive folder is configured), before anything
// listens, so no request ever sees a half-built index. So it does when no generation opens
// because each is damaged, or was written by a version with another index format (after an
// upgrade).
func openBackend(ctx context.Context, cfg Config, lib *ingest.Library, logger *slog.Logger) (backend, error) {
	opts := searchOptions(cfg)
	s, err := search.Open(opts)
	if err == nil {
		return s, nil
	}
	damaged := errors.Is(err, index.ErrDamaged)
	otherFormat := errors.Is(err, index.ErrOtherFormat)
	if !errors.Is(err, index.ErrNoIndex) && !((damaged || otherFormat) && lib != nil) {
		return nil, err
	}
	if lib == nil {
		return nil, fmt.Errorf("no index under %s, and no archive folder to build one from: pass --archive DIR", cfg.Index)
	}
	mode, why := ingest.Update, "no index yet"
	switch {
	case damaged:
		// No generation opens: the archive is the source of truth, so build the index anew.
		logger.Error("the index is damaged and no generation of it opens; rebuilding it from the archive", "err", err)
		mode, why = ingest.Rebuild, "the index is damaged"
	case otherFormat:
		logger.Warn("the index was written by another version of briefsearch and no generation of it opens; rebuilding it from the archive", "err", err)
		mode, why = ingest.Rebuild, "the index was written by another version"
	default:
		logger.Info("no index yet; building one from the archive first", "archive", cfg.Archive, "index", cfg.Index)
	}
	p := newProgress(logLines{logger})
	rep, err := lib.Build(ctx, mode, p.update)
	if rep != nil {
		logReport(logger, rep)
	}
	if err != nil {
		return nil, fmt.Errorf("%s under %s, and building one failed: %w", why, cfg.Index, err)
	}
	return search.Open(opts)
}

// watchArchive builds whenever the archive folder changes and switches the server to each new
// generation, until ctx ends. A build that fails leaves the server on the generation it has.
func watchArchive(ctx context.Context, cfg Config, lib *ingest.Library, backend web.Reloader, logger *slog.Logger) {
	if err := lib.RemoveStaleUploads(); err != nil {
		logger.Warn("removing unfinished uploads", "err", err)
	}
	logger.Info("watching the archive folder", "archive", cfg.Archive, "rescan", cfg.Watch.Rescan)
	_ = lib.Watch(ctx, ingest.WatchOptions{Rescan: cfg.Watch.Rescan, Settle: cfg.Watch.Settle, MaxBuild: cfg.Watch.MaxBuild,
		OnBuild: func(rep *ingest.Report, err error) {
			if err != nil {
				logger.Warn("building the index failed; still serving the last good generation", "err", err)
				return
			}
			logReport(logger, rep)
			if rerr := backend.Reload(ctx); rerr != nil && ctx.Err() == nil {
				logger.Warn("switching to the new generation failed", "err", rerr)
			}
		}})
}

// logReport logs what a build did and every file it could not read.
func logReport(logger *slog.Logger, rep *ingest.Report) {
	for _, e := range rep.Rejected {
		logger.Warn("briefing rejected", "err", e)
	}
	for _, d := range rep.Duplicates {
		logger.Info("second file of a week", "file", d.Skipped, "read instead", d.Kept)
	}
	switch rep.How {
	case ingest.Waiting:
		logger.Debug("waiting for files to settle", "pending", len(rep.Pending))
		return
	case ingest.Unchanged:
		logger.Debug("index up to date", "generation", rep.Generation)
		return
	}
	logger.Info("index built", "how", rep.How, "generation", rep.Generation, "briefings", rep.Briefings, "items", rep.Items,
		"added", rep.Added, "changed", rep.Changed, "removed", rep.Removed, "rejected", len(rep.Rejected),
		"took", rep.Took.Round(time.Millisecond))
}

// logLines turns the progress lines of a build into log records.
type logLines struct{ logger *slog.Logger }

func (l logLines) Write(p []byte) (int, error) {
	for line := range strings.Lines(string(p)) {
		if line = strings.TrimSpace(line); line != "" {
			l.logger.Info(line)
		}
	}
	return len(p), nil
}
