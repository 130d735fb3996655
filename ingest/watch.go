package ingest

// Watching the archive folder: a file added, changed or removed leads to a build. Events come
// from fsnotify; a periodic rescan catches what events miss (network and FUSE file systems
// lose them, and a flood overflows the kernel's queue).

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"briefsearch/archive/forms"
)

// maxWait bounds how long a watched build waits for every file to settle: past it, the files
// that have settled are built, and the one still changing waits alone.
const maxWait = 30 * time.Second

// WatchOptions configure Watch.
type WatchOptions struct {
	// Rescan is how often the whole folder is checked, events or not; 0 = one minute.
	Rescan time.Duration
	// Quiet is how long events must stop before a build starts, so that a file copied in
	// pieces, or a folder of files, makes one build; 0 = 300 ms.
	Quiet time.Duration
	// Settle is how long a file must stay unchanged before a build reads it: a file still
	// being copied is left for a later build, not reported as broken; 0 = half a second.
	Settle time.Duration
	// MaxBuild bounds one build; 0 = 30 minutes.
	MaxBuild time.Duration
	// OnBuild hears every build's outcome (the server reloads its index there).
	OnBuild func(*Report, error)
}

// Watch builds whenever the archive folder changes, until ctx ends. A build that fails, or
// leaves files pending (still being written), is retried. It returns ctx's error; not being
// able to watch for events is no error: the rescans go on.
func (l *Library) Watch(ctx context.Context, opts WatchOptions) error {
	if opts.Rescan <= 0 {
		opts.Rescan = time.Minute
	}
	if opts.Quiet <= 0 {
		opts.Quiet = 300 * time.Millisecond
	}
	if opts.MaxBuild <= 0 {
		opts.MaxBuild = 30 * time.Minute
	}
	if opts.Settle <= 0 {
		opts.Settle = 500 * time.Millisecond
	}
	events, errs := make(<-chan fsnotify.Event), make(<-chan error)
	w, err := fsnotify.NewWatcher()
	if err != nil {
		l.opts.Logger.Warn("cannot watch the archive folder for changes; rescanning it instead", "every", opts.Rescan, "err", err)
	} else {
		defer w.Close()
		l.watchTree(w, l.opts.Archive)
		events, errs = w.Events, w.Errors
	}

	rescan := time.NewTicker(opts.Rescan)
	defer rescan.Stop()
	settle := time.NewTimer(0) // a first build at once: the archive may have changed while no one watched
	defer settle.Stop()
	warm := false
	var waitingSince time.Time // since when builds have waited for files to settle
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case ev, ok := <-events:
			if !ok {
				events = nil
				continue
			}
			if hidden(ev.Name) {
				continue // editors' and uploads' temporary files
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Lstat(ev.Name); err == nil && info.IsDir() {
					l.watchTree(w, ev.Name) // a new year folder
				}
			}
			settle.Reset(opts.Quiet)
		case err, ok := <-errs:
			if !ok {
				errs = nil
				continue
			}
			l.opts.Logger.Warn("watching the archive folder", "err", err) // an overflow: rescan
			settle.Reset(opts.Quiet)
		case <-rescan.C:
			settle.Reset(0)
		case <-settle.C:
			bctx, cancel := context.WithTimeout(ctx, opts.MaxBuild)
			// While files arrive, wait for all of them; but a file that never stops changing
			// does not hold the others back for longer than maxWait.
			if waitingSince.IsZero() {
				waitingSince = time.Now()
			}
			s := Settling{Settle: opts.Settle, Whole: time.Since(waitingSince) < maxWait}
			rep, err := l.buildSettled(bctx, Update, s, nil)
			cancel()
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if opts.OnBuild != nil {
				opts.OnBuild(rep, err)
			}
			if !warm && rep != nil && rep.Forms[forms.FormPDF] > 0 {
				// The archive is kept as PDF: the next issue will be one. Have the engine ready.
				warm = true
				go func() {
					if err := l.opts.Reader.StartPDF(); err != nil {
						l.opts.Logger.Warn("starting the PDF engine", "err", err)
					}
				}()
			}
			switch {
			case err != nil && !errors.Is(err, errNothingToIndex):
				settle.Reset(min(opts.Rescan, 10*time.Second))
			case rep != nil && len(rep.Pending) > 0:
				// Again once they have all been still for Settle.
				settle.Reset(max(time.Until(rep.Settled), 10*time.Millisecond))
			default:
				waitingSince = time.Time{}
			}
		}
	}
}

// watchTree adds dir and its folders (not hidden ones) to w.
func (l *Library) watchTree(w *fsnotify.Watcher, dir string) {
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return nil
		case !d.IsDir():
			return nil
		case p != dir && strings.HasPrefix(d.Name(), "."):
			return fs.SkipDir
		}
		if err := w.Add(p); err != nil {
			l.opts.Logger.Warn("cannot watch a folder for changes; rescans will find them", "folder", p, "err", err)
		}
		return nil
	})
}

// hidden reports a path whose file name is hidden.
func hidden(p string) bool { return strings.HasPrefix(filepath.Base(p), ".") }
