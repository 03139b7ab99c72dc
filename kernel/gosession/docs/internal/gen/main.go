// Command gen builds the documentation index of package docs with go/doc:
// for each package (standard library, gonum, ActiVis) the signature and doc
// comment of every exported function, type, method, field, constant and
// variable. Run through `go generate ./kernel/...`.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"go/ast"
	"go/build"
	"go/doc"
	"go/parser"
	"go/printer"
	"go/token"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// patterns are listed with `go list`; std is filtered to importable,
// non-internal packages.
var patterns = []string{
	"std",
	"gonum.org/v1/gonum/mat",
	"gonum.org/v1/gonum/stat",
	"gonum.org/v1/gonum/floats",
	"gonum.org/v1/gonum/floats/scalar",
	"gonum.org/v1/gonum/stat/distuv",
	"gonum.org/v1/gonum/stat/combin",
	"gonum.org/v1/gonum/mathext",
	"github.com/activis-go/activis/activis/...",
	"github.com/activis-go/activis/widgets/...",
}

const (
	maxDoc = 1500 // bytes of a doc comment kept
	maxSig = 1200 // bytes of a declaration kept
)

type entry struct {
	Sig string `json:"s,omitempty"`
	Doc string `json:"d,omitempty"`
}

type pkg struct {
	Name    string           `json:"n"`
	Doc     string           `json:"d,omitempty"`
	Members map[string]entry `json:"m"`
}

func main() {
	out := flag.String("o", "index.json.gz", "output file")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("docs/gen: ")
	args := append([]string{"list", "-e", "-f", "{{.ImportPath}}\t{{.Dir}}\t{{.Name}}"}, patterns...)
	b, err := exec.Command("go", args...).Output()
	if err != nil {
		log.Fatalf("go list: %v", err)
	}
	idx := map[string]*pkg{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 3 || f[1] == "" || f[2] == "main" {
			continue
		}
		path, dir := f[0], f[1]
		if strings.Contains(path, "internal") || strings.Contains(path, "vendor") ||
			strings.HasPrefix(path, "cmd/") || strings.Contains(path, "testdata") {
			continue
		}
		p, err := index(path, dir)
		if err != nil {
			log.Printf("skipping %s: %v", path, err)
			continue
		}
		idx[path] = p
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err := json.NewEncoder(zw).Encode(idx); err != nil {
		log.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("%d packages, %d bytes", len(idx), buf.Len())
}

// index documents the package in dir.
func index(path, dir string) (*pkg, error) {
	bp, err := build.ImportDir(dir, 0)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range bp.GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	d, err := doc.NewFromFiles(fset, files, path)
	if err != nil {
		return nil, err
	}
	p := &pkg{Name: d.Name, Doc: cut(d.Synopsis(d.Doc), maxDoc), Members: map[string]entry{}}
	add := func(name string, node any, text string) {
		p.Members[name] = entry{Sig: cut(sig(fset, node), maxSig), Doc: cut(strings.TrimSpace(text), maxDoc)}
	}
	values := func(vs []*doc.Value) {
		for _, v := range vs {
			for _, s := range v.Decl.Specs {
				vs := s.(*ast.ValueSpec)
				for _, n := range vs.Names {
					if !n.IsExported() {
						continue
					}
					text := v.Doc
					if vs.Doc != nil {
						text = vs.Doc.Text()
					}
					one := *vs
					one.Doc, one.Comment = nil, nil
					add(n.Name, &ast.GenDecl{Tok: v.Decl.Tok, Specs: []ast.Spec{&one}}, text)
				}
			}
		}
	}
	values(d.Consts)
	values(d.Vars)
	for _, f := range d.Funcs {
		add(f.Name, f.Decl, f.Doc)
	}
	for _, t := range d.Types {
		add(t.Name, t.Decl, t.Doc)
		values(t.Consts)
		values(t.Vars)
		for _, f := range t.Funcs {
			add(f.Name, f.Decl, f.Doc)
		}
		for _, m := range t.Methods {
			add(t.Name+"."+m.Name, m.Decl, m.Doc)
		}
		for _, s := range t.Decl.Specs {
			ts, ok := s.(*ast.TypeSpec)
			if !ok {
				continue
			}
			st, ok := ts.Type.(*ast.StructType)
			if !ok {
				continue
			}
			for _, fl := range st.Fields.List {
				for _, n := range fl.Names {
					if n.IsExported() {
						p.Members[t.Name+"."+n.Name] = entry{Sig: cut(n.Name+" "+sig(fset, fl.Type), maxSig), Doc: cut(strings.TrimSpace(fl.Doc.Text()), maxDoc)}
					}
				}
			}
		}
	}
	return p, nil
}

// sig prints a declaration without its body or comments.
func sig(fset *token.FileSet, node any) string {
	if fd, ok := node.(*ast.FuncDecl); ok {
		c := *fd
		c.Body, c.Doc = nil, nil
		node = &c
	}
	var b bytes.Buffer
	if err := (&printer.Config{Mode: printer.UseSpaces, Tabwidth: 4}).Fprint(&b, fset, node); err != nil {
		return ""
	}
	return b.String()
}

func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
