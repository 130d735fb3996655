package main

import (
	"cmp"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// version is set at link time (go build -ldflags "-X main.version=v1.2.0"); otherwise the
// module version go install records, or "devel".
var version = ""

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version and how the binary was built",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return writeVersion(cmd.OutOrStdout())
		},
	}
}

// writeVersion prints "briefsearch v1.2.0 (commit 1a2b3c4d5e6f, 2026-12-06T10:00:00Z, modified)
// go1.26.8 linux/amd64".
func writeVersion(w io.Writer) error {
	v, build := buildVersion()
	if build != "" {
		build = " (" + build + ")"
	}
	_, err := fmt.Fprintf(w, "briefsearch %s%s %s %s/%s\n", v, build, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return err
}

// buildVersion reads the version and the commit the binary was built from.
func buildVersion() (v, build string) {
	v = version
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return cmp.Or(v, "devel"), ""
	}
	if v == "" && info.Main.Version != "" && info.Main.Version != "(devel)" {
		v = info.Main.Version
	}
	var rev, at, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = ", modified"
			}
		}
	}
	if rev != "" {
		build = "commit " + rev[:min(12, len(rev))] + ", " + at + dirty
	}
	return cmp.Or(v, "devel"), build
}
