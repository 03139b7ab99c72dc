package gosession

import (
	"go/build/constraint"
	"io/fs"
	"os"
	"strings"
)

// yaegi v0.16.1 reads only `// +build` lines, not `//go:build`, so the
// build tags (purego, noasm, GOOS/GOARCH files) did not select files of
// modern packages. buildFS is the interpreter's source file system: the
// real one, where a .go file whose header has a //go:build line and no
// // +build line gets the equivalent // +build lines in its place, and
// whose go statements start their goroutines through compiled code
// (pkgsource.go).
type buildFS struct{}

func (buildFS) Open(name string) (fs.File, error) { return os.Open(name) }

func (buildFS) Stat(name string) (fs.FileInfo, error) { return os.Stat(name) }

func (buildFS) ReadDir(name string) ([]fs.DirEntry, error) { return os.ReadDir(name) }

func (buildFS) ReadFile(name string) ([]byte, error) {
	b, err := os.ReadFile(name)
	if err != nil || !strings.HasSuffix(name, ".go") {
		return b, err
	}
	return rewritePackageGo(name, preSource(b)), nil // pkgsource.go
}

// preSource is the text of a package file the interpreter and the package
// rewrite's type check read: plusBuild's header, and labels that share a
// name with another identifier renamed (labelname.go), with the file's
// offsets kept.
func preSource(b []byte) []byte { return renameLabels(plusBuild(b)) }

// plusBuild replaces the header's //go:build line by the equivalent
// // +build lines, written on that one line (as /*+build …*/ comments when
// there are several, which yaegi reads as lines of the comment group), so
// that the file keeps its line numbers.
func plusBuild(src []byte) []byte {
	lines := strings.SplitAfter(string(src), "\n")
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "package ") {
			return src
		}
		if constraint.IsPlusBuild(t) {
			return src
		}
		if !constraint.IsGoBuild(t) {
			continue
		}
		expr, err := constraint.Parse(t)
		if err != nil {
			return src
		}
		plus, err := constraint.PlusBuildLines(expr)
		if err != nil || len(plus) == 0 {
			return src
		}
		var b strings.Builder
		for _, x := range lines[:i] {
			b.WriteString(x)
		}
		if len(plus) == 1 {
			b.WriteString(plus[0])
		} else {
			for j, p := range plus {
				if j > 0 {
					b.WriteString(" ")
				}
				b.WriteString("/*+build " + strings.TrimSpace(strings.TrimPrefix(p, "// +build")) + "*/")
			}
		}
		b.WriteString(l[len(strings.TrimRight(l, "\r\n")):]) // the line's end
		for _, x := range lines[i+1:] {
			b.WriteString(x)
		}
		return []byte(b.String())
	}
	return src
}
