// Command activis-kernel is the Go (ActiVis) Jupyter kernel.
//
// Usage:
//
//	activis-kernel CONNECTION_FILE     serve a front end (what kernel.json runs)
//	activis-kernel install [flags]     write the kernelspec "activis"
//	activis-kernel uninstall [flags]   remove it
//	activis-kernel doctor [--name N]   say what each front end will render and what to install
//	activis-kernel build --with M/...  build a kernel with more packages compiled in
//	activis-kernel version             print the versions
//
// The command is package kernelcmd (see its documentation for the flags,
// the environment and the signals); `activis-kernel build` is package
// kernelbuild.
package main

import (
	"io"
	"os"

	"github.com/activis-go/activis/kernel/kernelcmd"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the command with the standard packages.
func run(args []string, stdout, stderr io.Writer) int {
	return kernelcmd.Main(kernelcmd.Config{}, args, stdout, stderr)
}
