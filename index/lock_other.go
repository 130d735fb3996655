//go:build !unix

package index

// lockFile is a no-op where flock is unavailable: concurrent builds are then the operator's
// responsibility.
func lockFile(string) (func(), error) { return func() {}, nil }
