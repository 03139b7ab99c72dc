// Package docs is the documentation index the Go (ActiVis) kernel uses to
// answer inspect requests (and `?name`): the signature and doc comment of
// every exported member of the standard library packages the interpreter
// offers, of gonum and of the ActiVis packages.
//
// The index is generated from the sources with go/doc by
// `go generate ./kernel/...` (internal/gen) and embedded gzip-compressed;
// rerun the command after changing a documented API.
package docs

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/json"
	"io"
	"sort"
	"strings"
	"sync"
)

//go:generate go run ./internal/gen -o index.json.gz

//go:embed index.json.gz
var indexGz []byte

// Entry documents one package or package member.
type Entry struct {
	// Sig is the declaration: "func Println(a ...any) (n int, err error)",
	// "type Dense struct{ ... }", "const Pi = ...". Empty for packages.
	Sig string `json:"s,omitempty"`
	// Doc is the doc comment (possibly cut, ending with "…").
	Doc string `json:"d,omitempty"`
}

// Package is the index of one package.
type Package struct {
	Name string `json:"n"`
	Doc  string `json:"d,omitempty"`
	// Members maps "Name" and, for methods and fields, "Type.Name" to entries.
	Members map[string]Entry `json:"m"`
}

// Index maps import paths to packages.
type Index map[string]*Package

// load decodes the embedded index once.
var load = sync.OnceValue(func() Index {
	zr, err := gzip.NewReader(bytes.NewReader(indexGz))
	if err != nil {
		return Index{}
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return Index{}
	}
	var idx Index
	if err := json.Unmarshal(b, &idx); err != nil {
		return Index{}
	}
	return idx
})

// Lookup returns the entry of name ("Println", "Dense.At") in the package
// with import path path.
func Lookup(path, name string) (Entry, bool) {
	p := load()[path]
	if p == nil {
		return Entry{}, false
	}
	e, ok := p.Members[name]
	return e, ok
}

// Pkg returns the index of the package with import path path.
func Pkg(path string) (*Package, bool) {
	p := load()[path]
	return p, p != nil
}

// Members returns the sorted top-level member names of a package (no
// methods or fields).
func Members(path string) []string {
	p := load()[path]
	if p == nil {
		return nil
	}
	var out []string
	for k := range p.Members {
		if !strings.Contains(k, ".") {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// Paths returns the sorted import paths in the index.
func Paths() []string {
	var out []string
	for k := range load() {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
