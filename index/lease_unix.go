//go:build unix

package index

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
)

// leaseName is a file every process serving a generation holds a shared lock on, so that no
// build prunes it from under them. The kernel drops the lock when the process ends.
const leaseName = "lease"

func isLease(rel string) bool { return rel == leaseName }

// takeLease holds a shared lock on dir's lease until the returned func is called. A generation
// that cannot have one (a read-only file system) is served without: pruning is then the only
// risk, and a build on a read-only file system cannot prune either.
func takeLease(dir string) func() {
	f, err := os.OpenFile(filepath.Join(dir, leaseName), os.O_CREATE|os.O_RDONLY, 0o644)
	if err != nil {
		return nil
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH); err != nil {
		f.Close()
		return nil
	}
	return func() { f.Close() } // closing drops the lock
}

// inUse reports whether a process holds dir's lease.
func inUse(dir string) bool {
	f, err := os.OpenFile(filepath.Join(dir, leaseName), os.O_RDONLY, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if err == nil {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		return false
	}
	return errors.Is(err, syscall.EWOULDBLOCK)
}
