// Package kernelbuild builds a Go (ActiVis) kernel with more packages
// compiled in: what `activis-kernel build --with MODULE/...` runs.
//
// The kernel interprets third-party packages from source (kernel/gosession,
// `%go get`), which is slow for large packages and impossible for packages
// that need assembly or cgo. Build compiles them instead:
//
//  1. It writes a temporary Go module that requires
//     github.com/activis-go/activis: the checkout this binary was built
//     from, through a replace directive, when its source is on disk (a
//     repository checkout, or the module cache after `go install`);
//     otherwise the module version recorded in the binary.
//  2. It resolves the patterns (`go list`, `/...` expanded; `go get` for a
//     module not yet in the build list, or a pattern with @VERSION),
//     leaving out commands, internal and testdata packages, and compiles
//     them once (`go build`), so that a package that does not compile is
//     skipped with its error instead of failing the kernel.
//  3. It extracts each package's exported symbols with `yaegi extract`
//     (the tool that made kernel/gosession/symbols), several at a time,
//     through a GOPATH of links to the build list's modules (much faster
//     than module-mode type checking; module mode is the fallback). A
//     package whose API yaegi cannot bind from compiled code (only generic
//     functions and types) is skipped with a warning.
//  4. It writes the generated package "symbols", whose init functions add
//     the tables to the kernel's own (kernel/gosession/symbols.Symbols), and
//     a main of a few lines calling kernelcmd.Main with the new kernelspec
//     name, and builds it with `go build`.
//  5. It installs a kernelspec (package install) whose argv runs the new
//     binary, kept inside the kernelspec directory unless Options.Out says
//     otherwise, so that `activis-kernel uninstall --name NAME` removes both.
//
// Progress goes to Options.Log, one line per step with its duration.
// Interpreted code imports a compiled-in package as any other
// (`import "gonum.org/v1/plot"`); it is never fetched from source.
package kernelbuild
