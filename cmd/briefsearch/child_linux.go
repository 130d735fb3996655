package main

import "syscall"

// dieWithParent makes a build child end with the server that started it.
func dieWithParent() *syscall.SysProcAttr { return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} }
