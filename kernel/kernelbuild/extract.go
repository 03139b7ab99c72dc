package kernelbuild

import (
	"bytes"
	"context"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// yaegiCmd is the tool that writes yaegi symbol tables; it is built from
// the yaegi version in the generated module's build list, the one the
// kernel's interpreter is.
const yaegiCmd = "github.com/traefik/yaegi/cmd/yaegi"

// extract writes the symbol table of each package into the symbols
// package, several packages at a time. `yaegi extract` type-checks a
// package and its dependencies from source; in module mode every import
// costs a `go list`, so it runs first in GOPATH mode over links to the
// build list's modules (about four times faster) and falls back to module
// mode for a package that fails there (a module nested in another's path).
func (b *builder) extract(ctx context.Context, pkgs []string) ([]string, []Skipped, error) {
	if len(pkgs) == 0 {
		return nil, nil, nil
	}
	t := time.Now()
	yaegi := filepath.Join(b.dir, "bin", "yaegi")
	if _, err := b.goCmd(ctx, b.dir, nil, "build", "-mod=mod", "-o", yaegi, yaegiCmd); err != nil {
		return nil, nil, fmt.Errorf("kernelbuild: building yaegi extract: %w", err)
	}
	gopath := filepath.Join(b.dir, "gopath")
	out, err := b.goCmd(ctx, b.dir, nil, "list", "-mod=mod", "-m", "-f", "{{.Path}}\t{{.Dir}}", "all")
	if err != nil {
		return nil, nil, fmt.Errorf("kernelbuild: listing the build list: %w", err)
	}
	workers := min(runtime.GOMAXPROCS(0), len(pkgs))
	n, err := linkModules(gopath, out)
	useGOPATH := err == nil
	if useGOPATH {
		b.logf("extracting the symbols of %d packages (yaegi extract, %d at a time, GOPATH of %d modules)", len(pkgs), workers, n)
	} else {
		b.logf("extracting the symbols of %d packages (yaegi extract, %d at a time, module mode: %v)", len(pkgs), workers, err)
	}

	type outcome struct {
		file, reason string
		moduleMode   bool
	}
	results := make([]outcome, len(pkgs))
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				dir := filepath.Join(b.dir, "extract", strconv.Itoa(i))
				var file, msg string
				if useGOPATH {
					file, msg = b.extractOne(ctx, yaegi, dir, pkgs[i], []string{"GO111MODULE=off", "GOPATH=" + gopath, "GOFLAGS="})
				}
				if file == "" && ctx.Err() == nil {
					// Module mode: slower, but it knows every module.
					file, msg = b.extractOne(ctx, yaegi, dir, pkgs[i], []string{"GOFLAGS=-mod=mod"})
					results[i].moduleMode = true
				}
				results[i].file, results[i].reason = file, msg
			}
		}()
	}
	for i := range pkgs {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}

	var ok []string
	var skipped []Skipped
	modMode, guardedMethods := 0, 0
	for i, r := range results {
		if r.moduleMode && r.file != "" {
			modMode++
		}
		if r.file == "" {
			skipped = append(skipped, Skipped{pkgs[i], "yaegi extract failed: " + oneLine(r.reason)})
			continue
		}
		src, err := os.ReadFile(r.file)
		if err != nil {
			return nil, nil, fmt.Errorf("kernelbuild: %w", err)
		}
		if !bytes.Contains(src, []byte("reflect.ValueOf(")) {
			l := b.listed[pkgs[i]]
			if exportsAny(l.Dir, l.GoFiles) {
				skipped = append(skipped, Skipped{pkgs[i], "exports only generic functions and types, which yaegi " +
					"cannot bind from compiled code; the kernel interprets it from source instead"})
				continue
			}
			// A package used for its side effects (import _): its table
			// is empty, and a blank import links it in.
			if src, err = blankImport(src, pkgs[i]); err != nil {
				return nil, nil, err
			}
			if err := os.WriteFile(r.file, src, 0o644); err != nil {
				return nil, nil, fmt.Errorf("kernelbuild: %w", err)
			}
		}
		guarded, n, err := guardSymbols(src) // see guard.go
		if err != nil {
			return nil, nil, fmt.Errorf("kernelbuild: %s: %w", pkgs[i], err)
		}
		if n > 0 {
			if err := os.WriteFile(r.file, guarded, 0o644); err != nil {
				return nil, nil, fmt.Errorf("kernelbuild: %w", err)
			}
			guardedMethods += n
		}
		if err := os.Rename(r.file, filepath.Join(b.dir, "symbols", filepath.Base(r.file))); err != nil {
			return nil, nil, fmt.Errorf("kernelbuild: %w", err)
		}
		ok = append(ok, pkgs[i])
	}
	b.logf("extracted %d packages in %v (%d in module mode; %d interface wrapper methods guarded)", len(ok), since(t), modMode, guardedMethods)
	return ok, skipped, nil
}

// exportsAny reports whether the Go files of a package declare an exported
// top-level name (or cannot be read: then it is assumed they do).
func exportsAny(dir string, files []string) bool {
	fset := token.NewFileSet()
	for _, f := range files {
		af, err := parser.ParseFile(fset, filepath.Join(dir, f), nil, parser.SkipObjectResolution)
		if err != nil {
			return true
		}
		for _, d := range af.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && d.Name.IsExported() {
					return true
				}
			case *ast.GenDecl:
				for _, sp := range d.Specs {
					switch sp := sp.(type) {
					case *ast.TypeSpec:
						if sp.Name.IsExported() {
							return true
						}
					case *ast.ValueSpec:
						for _, n := range sp.Names {
							if n.IsExported() {
								return true
							}
						}
					}
				}
			}
		}
	}
	return false
}

// blankImport adds `import _ "pkg"` to a generated symbols file.
func blankImport(src []byte, pkg string) ([]byte, error) {
	i := bytes.Index(src, []byte("\nimport ("))
	if i < 0 {
		return nil, fmt.Errorf("kernelbuild: the symbols file of %s has no import block", pkg)
	}
	i += len("\nimport (")
	out := append(append(append([]byte{}, src[:i]...), fmt.Sprintf("\n\t_ %q", pkg)...), src[i:]...)
	return format.Source(out)
}

// extractOne runs `yaegi extract` on one package in an empty directory
// (inside the generated module, so that module mode finds its go.mod) and
// returns the file it wrote, or "" and what it said.
func (b *builder) extractOne(ctx context.Context, yaegi, dir, pkg string, env []string) (file, msg string) {
	os.RemoveAll(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err.Error()
	}
	cmd := exec.CommandContext(ctx, yaegi, "extract", "-name", "symbols", pkg)
	cmd.Dir = dir
	cmd.Env = append(append([]string{}, b.env...), env...)
	out, err := cmd.CombinedOutput()
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	if len(files) == 1 {
		return files[0], ""
	}
	if err != nil {
		return "", fmt.Sprintf("%v: %s", err, out)
	}
	return "", strings.TrimSpace(string(out))
}

// linkModules makes gopath/src/<path> a link to the directory of each
// module of list (lines "<path>\t<dir>"; modules without a directory are
// not needed to build). A module nested in another one's path is left
// out: its packages are extracted in module mode.
func linkModules(gopath string, list []byte) (int, error) {
	type mod struct{ path, dir string }
	var mods []mod
	for _, line := range strings.Split(string(list), "\n") {
		p, d, ok := strings.Cut(line, "\t")
		if ok && d != "" && p != mainModule {
			mods = append(mods, mod{p, d})
		}
	}
	sort.Slice(mods, func(i, j int) bool { return mods[i].path < mods[j].path })
	n := 0
	var linked []string
	for _, m := range mods {
		nested := false
		for _, l := range linked {
			if strings.HasPrefix(m.path, l+"/") {
				nested = true
				break
			}
		}
		if nested {
			continue
		}
		link := filepath.Join(gopath, "src", filepath.FromSlash(m.path))
		if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
			return n, fmt.Errorf("kernelbuild: linking %s: %w", m.path, err)
		}
		os.Remove(link)
		if err := os.Symlink(m.dir, link); err != nil {
			return n, fmt.Errorf("kernelbuild: linking %s: %w", m.path, err)
		}
		linked = append(linked, m.path)
		n++
	}
	return n, nil
}
