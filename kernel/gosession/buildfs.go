package gosession

import (
	"go/build/constraint"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// yaegi v0.16.1 reads only `// +build` lines, not `//go:build`, so the
// build tags (purego, noasm, GOOS/GOARCH files) did not select files of
// modern packages. buildFS is the interpreter's source file system: the
// real one, where a .go file whose header has a //go:build line and no
// // +build line gets the equivalent // +build lines in its place, and
// whose go statements start their goroutines through compiled code
// (pkgsource.go). A package directory lists one more file, last,
// declaredHookFile: yaegi reads a package's files one after the other,
// running its declaration pass over each, and compiles their bodies only
// after the last, so reading that file calls declared (when set) between
// the two (genericnames.go).
type buildFS struct {
	declared func()
}

// declaredHookFile is the name of the file buildFS adds to a package
// directory; it sorts after the names of Go files. Its source is left
// out by its build constraint, so that yaegi skips it whatever the
// package's name.
const (
	declaredHookFile   = "zzzzactivisdeclared.go"
	declaredHookSource = "// +build ignore\n\npackage ignored\n"
)

func (*buildFS) Open(name string) (fs.File, error) { return os.Open(name) }

func (*buildFS) Stat(name string) (fs.FileInfo, error) { return os.Stat(name) }

func (*buildFS) ReadDir(name string) ([]fs.DirEntry, error) {
	ents, err := os.ReadDir(name)
	if err != nil {
		return ents, err
	}
	for _, e := range ents {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".go") && !strings.HasSuffix(e.Name(), "_test.go") {
			return append(ents, hookEntry{}), nil
		}
	}
	return ents, nil
}

func (b *buildFS) ReadFile(name string) ([]byte, error) {
	if filepath.Base(name) == declaredHookFile {
		if b.declared != nil {
			b.declared()
		}
		return []byte(declaredHookSource), nil
	}
	b2, err := os.ReadFile(name)
	if err != nil || !strings.HasSuffix(name, ".go") {
		return b2, err
	}
	return rewritePackageGo(name, preSource(b2)), nil // pkgsource.go
}

// hookEntry is the directory entry of declaredHookFile.
type hookEntry struct{}

func (hookEntry) Name() string               { return declaredHookFile }
func (hookEntry) IsDir() bool                { return false }
func (hookEntry) Type() fs.FileMode          { return 0 }
func (hookEntry) Info() (fs.FileInfo, error) { return nil, fs.ErrNotExist }

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
