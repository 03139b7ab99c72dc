package kernelbuild

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
)

// modulePath is the module the generated kernel requires.
const modulePath = "github.com/activis-go/activis"

// source is the activis module a kernel is built against: a directory
// (through a replace directive) or a module version.
type source struct {
	dir     string
	version string
}

func (s source) String() string {
	if s.dir != "" {
		return modulePath + " in " + s.dir
	}
	return modulePath + "@" + s.version
}

// findSource returns, in order: the explicit checkout; the directory this
// binary's build replaced the module with (a kernel made by Build); the
// source directory of this package as compiled (a repository checkout, or
// the module cache after `go install`), if it is still there; the module
// version recorded in the binary, if it is a real one.
func findSource(explicit string) (source, error) {
	if explicit != "" {
		dir, err := filepath.Abs(explicit)
		if err != nil {
			return source{}, fmt.Errorf("kernelbuild: source %q: %w", explicit, err)
		}
		if err := checkModuleDir(dir); err != nil {
			return source{}, err
		}
		return source{dir: dir}, nil
	}
	var version string
	if bi, ok := debug.ReadBuildInfo(); ok {
		mods := append([]*debug.Module{&bi.Main}, bi.Deps...)
		for _, m := range mods {
			if m.Path != modulePath {
				continue
			}
			if r := m.Replace; r != nil && r.Version == "" && filepath.IsAbs(r.Path) && checkModuleDir(r.Path) == nil {
				return source{dir: r.Path}, nil
			}
			version = m.Version
		}
	}
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		dir := filepath.Dir(filepath.Dir(filepath.Dir(file))) // <root>/kernel/kernelbuild/source.go
		if checkModuleDir(dir) == nil {
			return source{dir: dir}, nil
		}
	}
	if version != "" && version != "(devel)" && !strings.Contains(version, "+") {
		return source{version: version}, nil
	}
	return source{}, fmt.Errorf("kernelbuild: cannot tell which %s to build against (this binary was built from source that is no longer there, version %q); "+
		"pass --src DIR, a checkout of it", modulePath, version)
}

// checkModuleDir reports whether dir holds the module's go.mod.
func checkModuleDir(dir string) error {
	f, err := os.Open(filepath.Join(dir, "go.mod"))
	if err != nil {
		return fmt.Errorf("kernelbuild: %s is not a checkout of %s: %w", dir, modulePath, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) == 2 && f[0] == "module" {
			if f[1] == modulePath {
				return nil
			}
			break
		}
	}
	return fmt.Errorf("kernelbuild: %s is not a checkout of %s (its go.mod names another module)", dir, modulePath)
}

// goVersion is the go directive of the generated module: the language
// version of the toolchain this binary was built with, which is at least
// the one the activis module asks for.
func goVersion() string {
	v, ok := strings.CutPrefix(runtime.Version(), "go")
	parts := strings.SplitN(v, ".", 3)
	if ok && len(parts) >= 2 {
		minor := parts[1]
		if i := strings.IndexFunc(minor, func(r rune) bool { return r < '0' || r > '9' }); i >= 0 {
			minor = minor[:i]
		}
		return parts[0] + "." + minor
	}
	return "1.26"
}
