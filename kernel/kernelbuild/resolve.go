package kernelbuild

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// listed is what `go list -json` says of a package.
type listed struct {
	ImportPath string
	Name       string
	Dir        string
	GoFiles    []string
	Standard   bool
	Error      *struct{ Err string }
	DepsErrors []struct{ Err string }
}

// listPackages runs `go list -e -json` on one pattern in the generated
// module, adding what it needs to go.mod.
func (b *builder) listPackages(ctx context.Context, pat string) ([]listed, error) {
	out, err := b.goCmd(ctx, b.dir, nil, "list", "-mod=mod", "-e", "-json=ImportPath,Name,Dir,GoFiles,Standard,Error,DepsErrors", pat)
	if err != nil {
		return nil, err
	}
	var pkgs []listed
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listed
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, fmt.Errorf("go list %s: %w", pat, err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs, nil
}

// loadErr is the first error go list reports for p, "" if none.
func (p listed) loadErr() string {
	if p.Error != nil {
		return p.Error.Err
	}
	if len(p.DepsErrors) > 0 {
		return p.DepsErrors[0].Err
	}
	return ""
}

// leftOut reports whether an import path is one interpreted code cannot
// import anyway: internal, testdata and vendored packages.
func leftOut(path string) bool {
	for _, e := range strings.Split(path, "/") {
		if e == "internal" || e == "testdata" || e == "vendor" {
			return true
		}
	}
	return false
}

// resolve turns the patterns into import paths. A pattern without a
// version is first listed in the build list as it is (the versions the
// kernel already uses, no network); if nothing matches, or a version is
// given, `go get` adds its module first. Commands and internal packages are
// left out; packages that do not load are skipped.
func (b *builder) resolve(ctx context.Context, pats []pattern) ([]string, []Skipped, error) {
	t := time.Now()
	var pkgs []string
	var skipped []Skipped
	seen := map[string]bool{}
	for _, p := range pats {
		var list []listed
		var err error
		if p.version == "" {
			if list, err = b.listPackages(ctx, p.path); err != nil {
				return nil, nil, fmt.Errorf("kernelbuild: --with %s: %w", p, err)
			}
		}
		if p.version != "" || !anyLoads(list) {
			b.logf("go get %s", p)
			if _, err := b.goCmd(ctx, b.dir, nil, "get", p.String()); err != nil {
				return nil, nil, fmt.Errorf("kernelbuild: --with %s: module not found or not usable: %w", p, err)
			}
			if list, err = b.listPackages(ctx, p.path); err != nil {
				return nil, nil, fmt.Errorf("kernelbuild: --with %s: %w", p, err)
			}
		}
		n := 0
		for _, l := range list {
			switch {
			case seen[l.ImportPath]:
				continue
			case l.Name == "main" || leftOut(l.ImportPath):
				continue
			case l.Standard:
				skipped = append(skipped, Skipped{l.ImportPath, "standard library (in the kernel already)"})
			case l.loadErr() != "":
				skipped = append(skipped, Skipped{l.ImportPath, "does not load: " + oneLine(l.loadErr())})
			default:
				pkgs = append(pkgs, l.ImportPath)
				b.listed[l.ImportPath] = l
				n++
			}
			seen[l.ImportPath] = true
		}
		if n == 0 && len(list) == 0 {
			return nil, nil, fmt.Errorf("kernelbuild: --with %s: no package matches (is the path right? a module's packages are PATH/...)", p)
		}
	}
	slices.Sort(pkgs)
	b.logf("resolved %d packages in %v", len(pkgs), since(t))
	return pkgs, skipped, nil
}

// anyLoads reports whether a listed package loads.
func anyLoads(list []listed) bool {
	for _, l := range list {
		if l.loadErr() == "" {
			return true
		}
	}
	return false
}

// compile builds the packages once (which the kernel's build then finds in
// the build cache); when that fails, each alone, to skip those that do not
// compile (cgo without a C compiler, say) with the compiler's message.
func (b *builder) compile(ctx context.Context, pkgs []string) ([]string, []Skipped, error) {
	if len(pkgs) == 0 {
		return nil, nil, nil
	}
	t := time.Now()
	if _, err := b.goCmd(ctx, b.dir, nil, append([]string{"build", "-mod=mod"}, pkgs...)...); err == nil {
		b.logf("compiled %d packages in %v", len(pkgs), since(t))
		return pkgs, nil, nil
	} else if ctx.Err() != nil {
		return nil, nil, err
	}
	var ok []string
	var skipped []Skipped
	for _, p := range pkgs {
		if _, err := b.goCmd(ctx, b.dir, nil, "build", "-mod=mod", p); err != nil {
			if ctx.Err() != nil {
				return nil, nil, err
			}
			skipped = append(skipped, Skipped{p, "does not compile: " + oneLine(err.Error())})
			continue
		}
		ok = append(ok, p)
	}
	b.logf("compiled %d packages in %v (%d do not compile)", len(ok), since(t), len(skipped))
	return ok, skipped, nil
}

// oneLine shortens a multi-line message for a warning.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	const max = 400
	if len(s) > max {
		s = s[:max] + "..."
	}
	return s
}
