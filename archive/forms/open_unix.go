//go:build unix

package forms

import (
	"os"
	"syscall"
)

// openNoBlock opens path for reading without blocking: opening a named pipe with no writer
// would otherwise wait forever. The caller checks that what it opened is a regular file.
func openNoBlock(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
