package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"briefsearch/index"
	"briefsearch/replica"
	"briefsearch/web"
)

// startReplica makes this server a replica when replica.source is set: it receives the
// source's current generation first when there is no index here yet, and returns the loop
// to run and a func that tells it which backend to switch. A replica reads no archive.
func startReplica(ctx context.Context, cfg Config, logger *slog.Logger) (*replica.Replica, func(web.Reloader), error) {
	if cfg.Replica.Source == "" {
		return nil, nil, nil
	}
	var backend web.Reloader
	rep, err := replica.New(replica.Options{Source: cfg.Replica.Source, Root: cfg.Index, Rsync: cfg.Replica.Rsync,
		RsyncArgs: cfg.Replica.RsyncArgs, Interval: cfg.Replica.Interval, Timeout: cfg.Replica.Timeout, Logger: logger,
		Installed: func(ctx context.Context, _ string) error {
			if backend == nil {
				return nil // the first install, before the index is opened
			}
			return backend.Reload(ctx)
		}})
	if err != nil {
		return nil, nil, err
	}
	if cfg.Archive != "" {
		logger.Info("replica: the archive folder is the writer's business; not reading it", "archive", cfg.Archive)
	}
	if _, err := index.CurrentDir(cfg.Index); errors.Is(err, index.ErrNoIndex) {
		logger.Info("replica: no index yet; receiving the source's current generation first", "source", cfg.Replica.Source, "index", cfg.Index)
		if _, err := rep.Sync(ctx); err != nil {
			return nil, nil, fmt.Errorf("no index under %s, and receiving one from %s failed: %w", cfg.Index, cfg.Replica.Source, err)
		}
	}
	return rep, func(b web.Reloader) { backend = b }, nil
}
