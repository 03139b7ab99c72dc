package gosession

import (
	"fmt"
	"go/build"
	"os"
	"path/filepath"
	"strings"
)

// checkInterpretable reports, for a third-party import path in the GOPATH,
// the first package it needs (itself or a third-party dependency) that the
// interpreter cannot run: one whose Go files all need cgo, or one that
// still has assembly with the build tags purego, noasm and safe; and
// whether the path itself is one of wrongInterpreted.
func checkInterpretable(path string) error {
	ctx := goPathContext(buildTags, false)
	seen := map[string]bool{}
	var visit func(p string) error
	visit = func(p string) error {
		if seen[p] || !sourceModule(p) { // typeimport.go
			return nil
		}
		seen[p] = true
		if why := wrongInterpreted[p]; why != "" && p == path {
			return fmt.Errorf("package %s is refused: interpreted, %s; compile it into a kernel: %s", p, why, buildCommand(path))
		}
		pkg, err := ctx.ImportDir(filepath.Join(goPath(), "src", filepath.FromSlash(p)), 0)
		var noGo *build.NoGoError
		if err != nil {
			if asNoGo(err, &noGo) && hasCgo(p) {
				return fmt.Errorf("package %s needs cgo (import \"C\"), which the interpreter cannot run; "+
					"use a pure-Go package instead, or compile it into a kernel (a C compiler needed): %s", p, buildCommand(path))
			}
			return nil // the interpreter's own error says more
		}
		if len(pkg.SFiles) > 0 {
			return fmt.Errorf("package %s needs assembly (%s) even with the build tags %s, which the interpreter "+
				"cannot run; compile it into a kernel: %s",
				p, strings.Join(pkg.SFiles, ", "), strings.Join(buildTags, ","), buildCommand(path))
		}
		for _, im := range pkg.Imports {
			if err := visit(im); err != nil {
				if p != path {
					return err
				}
				return fmt.Errorf("importing %s: %w", p, err)
			}
		}
		return nil
	}
	return visit(path)
}

// wrongInterpreted holds packages that import and run in the interpreter
// but print wrong results without an error for every value, with why.
// Imported directly they are refused; a package using one is not.
var wrongInterpreted = map[string]string{
	// pretty.Println([]int{1, 2}) printed `{<[]int Value> true false}`
	// (Go: [1 2]), checked at stop 39 with v0.3.1.
	"github.com/kr/pretty": "its printers hand fmt values of its own type with a Format method, which fmt does not call for a type " +
		"the interpreter declares: pretty.Println([]int{1, 2}) printed {<[]int Value> true false}, not [1 2]",
}

// buildCommand is the command that makes a kernel with the module of
// import path compiled in, and what to do next.
func buildCommand(path string) string {
	return fmt.Sprintf("`activis-kernel build --with %s/...`, then switch the notebook to the kernel it installs", moduleOf(path))
}

// moduleOf returns the module path of an import path in the GOPATH: the
// longest prefix that is a link to a module (modules.go); the path itself
// if none is.
func moduleOf(path string) string {
	parts := strings.Split(path, "/")
	for i := len(parts); i > 0; i-- {
		p := strings.Join(parts[:i], "/")
		fi, err := os.Lstat(filepath.Join(goPath(), "src", filepath.FromSlash(p)))
		if err == nil && fi.Mode()&os.ModeSymlink != 0 {
			return p
		}
	}
	return path
}

func asNoGo(err error, target **build.NoGoError) bool {
	e, ok := err.(*build.NoGoError)
	if ok {
		*target = e
	}
	return ok
}

// hasCgo reports whether package p has files that need cgo.
func hasCgo(p string) bool {
	ctx := goPathContext(buildTags, true)
	pkg, err := ctx.ImportDir(filepath.Join(goPath(), "src", filepath.FromSlash(p)), 0)
	return err == nil && len(pkg.CgoFiles) > 0
}
