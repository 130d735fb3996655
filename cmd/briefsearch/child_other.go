//go:build !linux

package main

import "syscall"

// dieWithParent: elsewhere a build child outlives a server killed mid-build, holding the build
// lock until it ends.
func dieWithParent() *syscall.SysProcAttr { return nil }
