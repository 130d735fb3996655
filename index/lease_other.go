//go:build !unix

package index

const leaseName = "lease"

func isLease(rel string) bool { return rel == leaseName }

// takeLease: without flock, generations are served without a lease.
func takeLease(string) func() { return nil }

// inUse cannot tell here: nothing is taken for in use.
func inUse(string) bool { return false }
