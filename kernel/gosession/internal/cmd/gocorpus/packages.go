package main

// Package mode (-packages): the same question as the cell corpus — does
// interpreted Go print what compiled Go prints? — asked of code imported
// from source, the route third-party packages take (modules.go,
// pkgsource.go). Two corpora, both from GOROOT:
//
//	run      each `// run` program of test/ and test/typeparam turned into
//	         a package (package p, main renamed Main), imported by a cell
//	         that calls p.Main(); expected: the .out file, as for cells
//	example  each standard-library package's external example files
//	         (package x_test) turned into one package; a cell imports it
//	         and one cell per example with an output comment calls it;
//	         expected: the comment, compared as go test compares it
//	         (spaces trimmed, lines sorted for "Unordered output")
//	cells    the same examples as cells: the files merged into one cell
//	         (package main, cellSource), then a cell per example
//
// Each module is served by a file:// module proxy written into a temporary
// directory, so the session fetches it with the go tool exactly as it
// fetches a module from the Go module proxy. Each package runs in its own
// child process with a fresh session and its own notebook module
// directory and module cache.

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"fmt"
	"go/ast"
	"go/build/constraint"
	"go/doc"
	"go/format"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/activis-go/activis/kernel/gosession"
	"github.com/activis-go/activis/kernel/session"
)

// callMarker starts the line a package child writes on stdout before the
// output of each call.
const callMarker = "\x00gocorpus-call: "

// pkgCase is one module of the package corpus and the calls made into it.
type pkgCase struct {
	corpus string            // "run", "example" or "cells"
	name   string            // GOROOT test path or standard package path
	dir    string            // the directory it runs in, as go test would
	module string            // module path served by the proxy
	files  map[string]string // file name -> source
	calls  []pkgCall
}

// pkgCall is one call into a package and what it should print.
type pkgCall struct {
	fn        string // exported function of package p
	want      string
	cellsWant string // an example's want run as a cell, of package main
	example   bool   // compare as go test compares an example's output
	unordered bool
}

// runCases lists GOROOT's `// run` programs as packages.
func runCases(goroot string, match *regexp.Regexp) ([]pkgCase, error) {
	ps, err := programs(goroot, match)
	if err != nil {
		return nil, err
	}
	var cs []pkgCase
	for i, p := range ps {
		src, err := os.ReadFile(p.path)
		if err != nil {
			return nil, err
		}
		out, err := asPackage(p.path, src, "main", "Main")
		if err != nil {
			continue // not a single-file program of package main
		}
		cs = append(cs, pkgCase{
			corpus: "run", name: p.rel, dir: filepath.Dir(p.path),
			module: fmt.Sprintf("example.com/corpus/run/m%d", i),
			files:  map[string]string{"p.go": string(out)},
			calls:  []pkgCall{{fn: "Main", want: p.want}},
		})
	}
	return cs, nil
}

// asPackage renames the file's package to p and the package-level function
// from (with the identifiers that refer to it) to to.
func asPackage(name string, src []byte, from, to string) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	if from == "main" && f.Name.Name != "main" {
		return nil, fmt.Errorf("%s: package %s", name, f.Name.Name)
	}
	f.Name.Name = "p"
	if from != "" {
		var obj *ast.Object
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == from {
				obj = fd.Name.Obj
				fd.Name.Name = to
			}
		}
		if obj == nil {
			return nil, fmt.Errorf("%s: no func %s", name, from)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && id.Obj == obj {
				id.Name = to
			}
			return true
		})
	}
	var b bytes.Buffer
	if err := format.Node(&b, fset, f); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// exampleCases lists the standard library's external example files as
// packages, one per standard package, with the examples that have an
// output comment.
func exampleCases(goroot string, match *regexp.Regexp) ([]pkgCase, error) {
	src := filepath.Join(goroot, "src")
	var cs []pkgCase
	err := filepath.WalkDir(src, func(dir string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(src, dir)
		rel = filepath.ToSlash(rel)
		switch base := d.Name(); {
		case base == "testdata" || base == "vendor" || base == "internal" || strings.HasPrefix(base, "."),
			rel == "cmd", rel == "runtime/cgo", rel == "simd", rel == "plugin":
			return filepath.SkipDir
		}
		c, ok, err := examplePackage(dir, rel, len(cs))
		if err != nil || !ok || (match != nil && !match.MatchString(rel)) {
			return err
		}
		cs = append(cs, c)
		return nil
	})
	return cs, err
}

// examplePackage makes the case of one directory's external example files.
func examplePackage(dir, rel string, i int) (pkgCase, bool, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	if err != nil {
		return pkgCase{}, false, err
	}
	c := pkgCase{corpus: "example", name: rel, dir: dir, module: fmt.Sprintf("example.com/corpus/example/m%d", i), files: map[string]string{}}
	// The files with examples, and the package's other files that declare
	// what they use (helpers such as mustParse), transitively.
	fset := token.NewFileSet()
	var files, others []*ast.File
	src := map[*ast.File][]byte{}
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			return c, false, err
		}
		if !buildHolds(b) {
			continue
		}
		f, err := parser.ParseFile(fset, name, b, parser.ParseComments)
		if err != nil || !strings.HasSuffix(f.Name.Name, "_test") {
			continue
		}
		src[f] = b
		if bytes.Contains(b, []byte("func Example")) {
			files = append(files, f)
		} else {
			others = append(others, f)
		}
	}
	if len(files) == 0 {
		return c, false, nil
	}
	need := map[string]bool{}
	use := func(f *ast.File) {
		for _, id := range f.Unresolved {
			need[id.Name] = true
		}
	}
	for _, f := range files {
		use(f)
	}
	for added := true; added; {
		added = false
		for i, f := range others {
			if f != nil && declaresAny(f, need) {
				files, others[i], added = append(files, f), nil, true
				use(f)
			}
		}
	}
	for _, f := range files {
		name := fset.File(f.Pos()).Name()
		out, err := asPackage(name, src[f], "", "")
		if err != nil {
			return c, false, nil
		}
		c.files[strings.TrimSuffix(filepath.Base(name), "_test.go")+"_ex.go"] = string(out)
	}
	// As package files they are package p, which %T prints where go test
	// prints errors_test: the expected output names p too (main as a cell).
	ownName := regexp.MustCompile(`\b` + regexp.QuoteMeta(files[0].Name.Name) + `\.`)
	for _, ex := range doc.Examples(files...) {
		if ex.Output == "" && !ex.EmptyOutput {
			continue
		}
		c.calls = append(c.calls, pkgCall{fn: "Example" + ex.Name, want: ownName.ReplaceAllString(ex.Output, "p."),
			cellsWant: ownName.ReplaceAllString(ex.Output, "main."), example: true, unordered: ex.Unordered})
	}
	return c, len(c.calls) > 0, nil
}

// declaresAny reports whether f declares one of names at package level.
func declaresAny(f *ast.File, names map[string]bool) bool {
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && names[d.Name.Name] {
				return true
			}
		case *ast.GenDecl:
			for _, sp := range d.Specs {
				switch sp := sp.(type) {
				case *ast.TypeSpec:
					if names[sp.Name.Name] {
						return true
					}
				case *ast.ValueSpec:
					for _, n := range sp.Names {
						if names[n.Name] {
							return true
						}
					}
				}
			}
		}
	}
	return false
}

// buildHolds reports whether the //go:build line of src's header, if any,
// holds (constraintHolds).
func buildHolds(src []byte) bool {
	sc := bufio.NewScanner(bytes.NewReader(src))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "package ") {
			return true
		}
		if constraint.IsGoBuild(line) {
			return constraintHolds(line)
		}
	}
	return true
}

// writeProxy writes the cases' modules as a file:// module proxy in dir.
func writeProxy(dir, goVersion string, cs []pkgCase) error {
	for _, c := range cs {
		vdir := filepath.Join(dir, filepath.FromSlash(c.module), "@v")
		if err := os.MkdirAll(vdir, 0o755); err != nil {
			return err
		}
		const v = "v0.1.0"
		gomod := "module " + c.module + "\n\ngo " + goVersion + "\n"
		for name, s := range map[string]string{
			"list":      v + "\n",
			v + ".info": `{"Version":"` + v + `","Time":"2024-01-01T00:00:00Z"}`,
			v + ".mod":  gomod,
		} {
			if err := os.WriteFile(filepath.Join(vdir, name), []byte(s), 0o644); err != nil {
				return err
			}
		}
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		files := map[string]string{"go.mod": gomod}
		for k, s := range c.files {
			files[k] = s
		}
		for name, s := range files {
			w, err := zw.Create(c.module + "@" + v + "/" + name)
			if err != nil {
				return err
			}
			io.WriteString(w, s)
		}
		if err := zw.Close(); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(vdir, v+".zip"), b.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// packageCorpus runs the package corpora and the examples as cells, and
// prints their totals and every call that did not pass.
func packageCorpus(goroot, match string, timeout time.Duration, jobs int, verbose bool) error {
	re, err := matchRegexp(match)
	if err != nil {
		return err
	}
	runs, err := runCases(goroot, re)
	if err != nil {
		return err
	}
	exs, err := exampleCases(goroot, re)
	if err != nil {
		return err
	}
	cs := append(runs, exs...)
	for _, c := range exs {
		c.corpus = "cells" // the same examples as cells (exampleCells)
		cs = append(cs, c)
	}
	if len(cs) == 0 {
		return fmt.Errorf("no programs or examples in %s", goroot)
	}
	tmp, err := os.MkdirTemp("", "gocorpus-packages-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	proxy := filepath.Join(tmp, "proxy")
	goVersion := strings.Join(strings.SplitN(strings.TrimPrefix(runtime.Version(), "go"), ".", 3)[:2], ".")
	if err := writeProxy(proxy, goVersion, runs); err != nil {
		return err
	}
	if err := writeProxy(proxy, goVersion, exs); err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	// Clipped: each child appends its own directories to a copy.
	env := slices.Clip(append(os.Environ(),
		"GOPROXY=file://"+filepath.ToSlash(proxy), "GONOSUMDB=example.com", "GOSUMDB=off",
		"GOFLAGS=-modcacherw"))

	res := make([][]result, len(cs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, max(jobs, 1))
	start := time.Now()
	for i, c := range cs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			nb := filepath.Join(tmp, fmt.Sprintf("nb%d", i))
			res[i] = runPackage(self, c, append(env, "ACTIVIS_GO_MODULES="+nb, "ACTIVIS_GOMODCACHE="+nb+"-mod"), timeout)
			if verbose {
				for j, r := range res[i] {
					fmt.Fprintf(os.Stderr, "%-7s %-40s %-5s %s\n", c.corpus, c.name+" "+c.calls[j].fn, r.class, r.note)
				}
			}
		}()
	}
	wg.Wait()
	for i, c := range cs {
		for j, r := range res[i] {
			if why, ok := asPackageUnspecified(c); ok && r.class == "wrong" {
				res[i][j] = result{class: "unspecified", note: r.note + ": " + why}
			}
		}
	}

	fmt.Printf("GOROOT %s as packages imported from source, timeout %v per package, %v\n\n", goroot, timeout, time.Since(start).Round(time.Second))
	fmt.Printf("%-44s %14s %22s %24s %14s\n", "", "pass", "fail with error", "silently wrong", "unspecified")
	for _, corpus := range []string{"run", "example", "cells"} {
		count, n := map[string]int{}, 0
		for i, c := range cs {
			if c.corpus == corpus {
				for _, r := range res[i] {
					count[r.class]++
					n++
				}
			}
		}
		label := map[string]string{"run": "`// run` programs (p.Main)", "example": "standard-library examples (p.ExampleX)",
			"cells": "the same examples as cells (ExampleX())"}[corpus]
		fmt.Printf("%-44s %6d (%4.1f%%) %14d (%4.1f%%) %16d (%4.1f%%) %14d\n", fmt.Sprintf("%s, %d", label, n),
			count["pass"], pct(count["pass"], n), count["error"], pct(count["error"], n), count["wrong"], pct(count["wrong"], n),
			count["unspecified"])
	}
	for _, class := range []string{"wrong", "unspecified", "error"} {
		fmt.Printf("\n%s:\n", map[string]string{"wrong": "silently wrong", "error": "failed with an error",
			"unspecified": "different where Go leaves the behaviour unspecified, or where the program checks its own package name"}[class])
		for i, c := range cs {
			for j, r := range res[i] {
				if r.class == class {
					fmt.Printf("  %s %s %s: %s\n", c.corpus, c.name, c.calls[j].fn, r.note)
				}
			}
		}
	}
	return nil
}

// childPaths matches the children's GOPATH prefixes in messages, which
// runPackage drops.
var childPaths = regexp.MustCompile(`\S*/gocorpus-packages-[^/]*/nb\d+/gopath/src/`)

// runPackage runs one case's calls in a child process and classifies each.
func runPackage(self string, c pkgCase, env []string, timeout time.Duration) []result {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	args := []string{"-one", c.module, "-mode", "package", "-stdout=" + fmt.Sprint(c.corpus != "run")}
	if c.corpus == "cells" {
		src, err := cellSource(c.files)
		if err != nil {
			return []result{{"error", "merging the files: " + err.Error()}}
		}
		f := filepath.Join(os.TempDir(), fmt.Sprintf("gocorpus-cells-%d-%s.go", os.Getpid(), strings.ReplaceAll(c.name, "/", "_")))
		if err := os.WriteFile(f, src, 0o644); err != nil {
			return []result{{"error", err.Error()}}
		}
		defer os.Remove(f)
		args = []string{"-one", f, "-mode", "cells", "-stdout=true"}
	}
	for _, call := range c.calls {
		args = append(args, call.fn)
	}
	if c.name == "time" {
		// go test of package time sets its Local zone to US Pacific
		// time, which its examples print.
		env = append(env, "TZ=America/Los_Angeles")
	}
	cmd := exec.CommandContext(ctx, self, args...)
	cmd.Env = env
	cmd.Dir = c.dir
	cmd.WaitDelay = time.Second
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	runErr := cmd.Run()

	// The child's output: an import error, or per call a marker line, the
	// call's output and, after errMarker, its error.
	stdout := childPaths.ReplaceAllString(out.String(), "")
	got := map[string]string{}
	errs := map[string]string{}
	parts := strings.Split(stdout, callMarker)
	for _, part := range parts[1:] {
		fn, body, _ := strings.Cut(part, "\n")
		if i := strings.Index(body, errMarker); i >= 0 {
			errs[fn] = firstLine(body[i+len(errMarker):])
			body = body[:i]
		}
		got[fn] = body
	}
	fatal := ""
	if i := strings.Index(stdout, errMarker); i >= 0 && len(got) == 0 {
		fatal = firstLine(stdout[i+len(errMarker):])
	} else if ctx.Err() != nil {
		fatal = fmt.Sprintf("timeout after %v", timeout)
	} else if runErr != nil {
		fatal = fmt.Sprintf("%v: %s", runErr, firstLine(errb.String()))
	}
	rs := make([]result, len(c.calls))
	for j, call := range c.calls {
		if c.corpus == "cells" {
			call.want = call.cellsWant
		}
		g, ran := got[call.fn]
		switch {
		case errs[call.fn] != "":
			rs[j] = result{"error", errs[call.fn]}
		case !ran || (fatal != "" && j == len(got)-1):
			rs[j] = result{"error", "not run: " + fatal}
		case !sameOutput(g, call):
			rs[j] = result{"wrong", diffNote(g, call.want)}
		default:
			rs[j] = result{"pass", ""}
		}
	}
	return rs
}

// exFile matches the names the example files have as package files in
// what a call printed (log's and slog's source positions).
var exFile = regexp.MustCompile(`\b(\w+)_ex\.go:`)

// sameOutput compares a call's output as go test compares an example's
// (or exactly, for a program), with the example files' own names.
func sameOutput(got string, c pkgCall) bool {
	if !c.example {
		return got == c.want
	}
	got = exFile.ReplaceAllString(got, "${1}_test.go:")
	g, w := strings.TrimSpace(got), strings.TrimSpace(c.want)
	if c.unordered {
		sortLines := func(s string) string {
			l := strings.Split(s, "\n")
			sort.Strings(l)
			return strings.Join(l, "\n")
		}
		g, w = sortLines(g), sortLines(w)
	}
	return g == w
}

// cellSource merges an example case's files into one cell: package main,
// the files' imports in one declaration, then their declarations.
func cellSource(files map[string]string) ([]byte, error) {
	fset := token.NewFileSet()
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	merged := &ast.File{Name: ast.NewIdent("main")}
	imports := &ast.GenDecl{Tok: token.IMPORT, Lparen: 1}
	seen := map[string]bool{}
	var decls []ast.Decl
	for _, name := range names {
		f, err := parser.ParseFile(fset, name, files[name], 0)
		if err != nil {
			return nil, err
		}
		for _, im := range f.Imports {
			key := im.Path.Value
			if im.Name != nil {
				key = im.Name.Name + " " + key
			}
			if !seen[key] {
				seen[key] = true
				imports.Specs = append(imports.Specs, &ast.ImportSpec{Name: im.Name, Path: &ast.BasicLit{Kind: token.STRING, Value: im.Path.Value}})
			}
		}
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
				continue
			}
			decls = append(decls, d)
		}
	}
	merged.Decls = append([]ast.Decl{imports}, decls...)
	var b bytes.Buffer
	if err := format.Node(&b, fset, merged); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// cellsChild runs the cell in file (cellSource's) in a fresh session and
// calls each of fns in its own cell, as packageChild does.
func cellsChild(file string, fns []string) int {
	src, err := os.ReadFile(file)
	if err != nil {
		fmt.Print(errMarker, err, "\n")
		return 3
	}
	return callCells(string(src), "", fns, true)
}

// packageChild imports module as p in a fresh session and calls each of
// fns in its own cell, writing callMarker lines between their outputs
// (standard output only when stdoutOnly, as go test compares examples').
func packageChild(module string, fns []string, stdoutOnly bool) int {
	return callCells("import p "+fmt.Sprintf("%q", module), "p.", fns, stdoutOnly)
}

// fetchFailed matches the session's message when the go command failed to
// fetch an imported module.
var fetchFailed = regexp.MustCompile(`fetching \S+ failed: ([^\n]*)`)

// callCells runs first in a fresh session (its output discarded), then
// prefix+fn() for each of fns in its own cell, writing callMarker lines
// between their outputs.
func callCells(first, prefix string, fns []string, stdoutOnly bool) int {
	s, err := gosession.New(gosession.Options{})
	if err != nil {
		fmt.Print(errMarker, err, "\n")
		return 3
	}
	o := &output{w: os.Stdout, stdoutOnly: stdoutOnly}
	var imp bytes.Buffer
	res := s.Execute(context.Background(), session.ExecuteRequest{Code: first}, &output{w: &imp})
	if res.Err != nil {
		msg := res.Err.Value
		if m := fetchFailed.FindStringSubmatch(imp.String()); m != nil {
			msg = "fetching failed: " + m[1]
		}
		fmt.Print(errMarker, "import: ", strings.ReplaceAll(msg, "\n", " | "), "\n")
		return 3
	}
	for _, fn := range fns {
		o.Stream("stdout", callMarker+fn+"\n")
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		res := s.Execute(ctx, session.ExecuteRequest{Code: prefix + fn + "()"}, o)
		cancel()
		if res.Err != nil {
			o.Stream("stdout", errMarker+res.Err.Name+": "+strings.ReplaceAll(res.Err.Value, "\n", " | ")+"\n")
		}
	}
	return 0
}

// packageNamed lists the programs that check their own package's name,
// main, which the same code as package p prints as p, with the reason.
var packageNamed = map[string]string{
	"typeparam/issue49547.go": "checks that %T of its generic type prints main.F[main.foo]; as package p Go prints p.F[p.foo]",
}

// asPackageUnspecified returns why a difference in the output of c, a
// program run as a package, is not a wrong result (unspecified, in
// main.go, or packageNamed), and whether there is such a reason.
func asPackageUnspecified(c pkgCase) (string, bool) {
	if c.corpus != "run" {
		return "", false
	}
	if why, ok := unspecified[c.name]; ok {
		return why, true
	}
	why, ok := packageNamed[c.name]
	return why, ok
}
