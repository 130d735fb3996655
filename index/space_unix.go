//go:build unix

package index

import "syscall"

// freeSpace is the space unprivileged writers have left on the file system holding path.
func freeSpace(path string) (uint64, bool) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(path, &st); err != nil {
		return 0, false
	}
	return st.Bavail * uint64(st.Bsize), true
}
