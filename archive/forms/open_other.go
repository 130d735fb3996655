//go:build !unix

package forms

import "os"

// openNoBlock opens path for reading; the scan has already refused non-regular files.
func openNoBlock(path string) (*os.File, error) { return os.Open(path) }
