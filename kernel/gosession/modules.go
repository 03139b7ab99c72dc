package gosession

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/build"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/activis-go/activis/kernel/session"
)

// Third-party packages are interpreted from source. The notebook's
// directory (the kernel's working directory) gets a small module,
// .activis-go/go.mod, that records what `%go get` (or the first import of
// an unknown package) added; the go tool downloads the modules into the
// kernel's own module cache; .activis-go/gopath/src/<module path> links to
// each module of the build list in that cache, and the interpreter is
// created with that directory as its GOPATH, so later sessions in the same
// directory import the packages without running the go tool.

// moduleDirName is the directory, in the notebook's directory, of the
// notebook module and its GOPATH.
const moduleDirName = ".activis-go"

// buildTags choose pure-Go fallbacks over assembly in interpreted packages.
var buildTags = []string{"purego", "noasm", "safe"}

// unixOS lists the GOOS values the build tag "unix" holds for (as in the
// go command's internal/syslist).
var unixOS = map[string]bool{
	"aix": true, "android": true, "darwin": true, "dragonfly": true, "freebsd": true, "hurd": true,
	"illumos": true, "ios": true, "linux": true, "netbsd": true, "openbsd": true, "solaris": true,
}

// goPathContext returns a build context that lists the packages of the
// interpreter's GOPATH with the build tags tags, cgo enabled or not.
func goPathContext(tags []string, cgo bool) build.Context {
	ctx := build.Default
	ctx.GOPATH = goPath()
	ctx.BuildTags = tags
	ctx.CgoEnabled = cgo
	return ctx
}

// interpTags are the interpreter's build tags: buildTags, and "unix" on
// a Unix system. yaegi v0.16.1 evaluates a build constraint's tags itself
// and knows GOOS, GOARCH and go1.N but not "unix": a file marked
// //go:build unix was left out on Linux and its //go:build !unix twin
// taken in its place (a package's path separator or default shell from
// the wrong file, without an error).
func interpTags(goos string) []string {
	tags := slices.Clone(buildTags)
	if unixOS[goos] {
		tags = append(tags, "unix")
	}
	return tags
}

// moduleRoot is the notebook module's directory: $ACTIVIS_GO_MODULES, else
// .activis-go in the working directory.
func moduleRoot() string {
	if d := os.Getenv("ACTIVIS_GO_MODULES"); d != "" {
		return d
	}
	wd, err := os.Getwd()
	if err != nil {
		wd = os.TempDir()
	}
	return filepath.Join(wd, moduleDirName)
}

// goPath is the interpreter's GOPATH.
func goPath() string { return filepath.Join(moduleRoot(), "gopath") }

// moduleCache is the kernel's own module cache: $ACTIVIS_GOMODCACHE or
// <user cache dir>/activis-go/mod.
func moduleCache(env []string) string {
	if d := lookupEnv(env, "ACTIVIS_GOMODCACHE"); d != "" {
		return d
	}
	d, err := os.UserCacheDir()
	if err != nil {
		d = os.TempDir()
	}
	return filepath.Join(d, "activis-go", "mod")
}

func lookupEnv(env []string, key string) string {
	for i := len(env) - 1; i >= 0; i-- {
		if k, v, ok := strings.Cut(env[i], "="); ok && k == key {
			return v
		}
	}
	return ""
}

// goTool finds the go command: on PATH, else in the GOROOT the kernel was
// built with.
func goTool() (string, error) {
	if p, err := exec.LookPath("go"); err == nil {
		return p, nil
	}
	p := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(p); err == nil {
		return p, nil
	}
	return "", errors.New("the go command is not installed (https://go.dev/dl/): it downloads third-party modules; " +
		"or compile them into a kernel: activis-kernel build --with MODULE")
}

// goGet adds module (MODULE[@VERSION] or a package path) to the notebook
// module with `go get`, then links the build list into the GOPATH. GOPROXY,
// GOFLAGS, GONOSUMDB, GOPRIVATE and the rest come from env (the session's
// environment, %env included); GOMODCACHE is the kernel's own cache.
func goGet(ctx context.Context, env []string, module string, log func(string)) error {
	gobin, err := goTool()
	if err != nil {
		return err
	}
	root := moduleRoot()
	if err := os.MkdirAll(root, 0o755); err != nil {
		return fmt.Errorf("go get: %w", err)
	}
	env = append(append([]string{}, env...), "GOMODCACHE="+moduleCache(env), "GOWORK=off")
	run := func(args ...string) ([]byte, error) {
		cmd := exec.CommandContext(ctx, gobin, args...)
		cmd.Dir, cmd.Env = root, env
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return out, fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
		}
		return out, nil
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		if _, err := run("mod", "init", "notebook"); err != nil {
			return err
		}
	}
	start := time.Now()
	log(fmt.Sprintf("go get %s (module cache %s)\n", module, moduleCache(env)))
	// Another go command writing the same go.mod (a second notebook's
	// kernel in the same directory) makes the go command fail with
	// "updating go.mod: existing contents have changed since last read"
	// (seen when two sessions of gocorpus -packages shared the directory
	// through a bug of its own): a second try reads the file again.
	_, err = run("get", module)
	if err != nil && strings.Contains(err.Error(), "existing contents have changed since last read") {
		_, err = run("get", module)
	}
	if err != nil {
		return err
	}
	out, err := run("list", "-m", "-f", "{{.Path}} {{.Dir}}", "all")
	if err != nil {
		return err
	}
	n, err := linkModules(goPath(), out)
	if err != nil {
		return err
	}
	log(fmt.Sprintf("go get %s: %d modules linked in %s (%v)\n", module, n, goPath(), time.Since(start).Round(time.Millisecond)))
	return nil
}

// linkModules makes gopath/src/<path> a link to the module cache directory
// of each line "<path> <dir>" of list (modules without a directory are not
// downloaded: not needed to build). A module nested in another one's path
// is left to the outer link.
func linkModules(gopath string, list []byte) (int, error) {
	type mod struct{ path, dir string }
	var mods []mod
	sc := bufio.NewScanner(bytes.NewReader(list))
	for sc.Scan() {
		p, d, ok := strings.Cut(sc.Text(), " ")
		if ok && d != "" && p != "notebook" {
			mods = append(mods, mod{p, d})
		}
	}
	sort.Slice(mods, func(i, j int) bool { return mods[i].path < mods[j].path })
	n := 0
	for _, m := range mods {
		link := filepath.Join(gopath, "src", filepath.FromSlash(m.path))
		if insideLink(gopath, m.path) {
			continue
		}
		if cur, err := os.Readlink(link); err == nil {
			if cur == m.dir {
				n++
				continue
			}
			os.Remove(link)
		}
		if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
			return n, fmt.Errorf("linking %s: %w", m.path, err)
		}
		if err := os.Symlink(m.dir, link); err != nil {
			return n, fmt.Errorf("linking %s: %w", m.path, err)
		}
		n++
	}
	return n, nil
}

// insideLink reports whether a proper prefix of path is already a link.
func insideLink(gopath, path string) bool {
	parts := strings.Split(path, "/")
	for i := 1; i < len(parts); i++ {
		fi, err := os.Lstat(filepath.Join(gopath, "src", filepath.FromSlash(strings.Join(parts[:i], "/"))))
		if err == nil && fi.Mode()&os.ModeSymlink != 0 {
			return true
		}
	}
	return false
}

// missingImports returns the third-party import paths of a cell that are
// neither compiled into the kernel nor in the GOPATH.
func missingImports(src string) []string {
	var miss []string
	for _, p := range thirdPartyImports(src) {
		if _, err := os.Stat(filepath.Join(goPath(), "src", filepath.FromSlash(p))); err != nil {
			miss = append(miss, p)
		}
	}
	return miss
}

// thirdPartyImports returns the import paths of a cell whose first element
// has a dot and that are not compiled into the kernel.
func thirdPartyImports(src string) []string {
	body := src
	if !strings.HasPrefix(strings.TrimSpace(src), "package ") {
		body = "package p\n" + src
	}
	f, err := parser.ParseFile(token.NewFileSet(), "", body, parser.ImportsOnly)
	if err != nil || f == nil {
		return nil
	}
	var miss []string
	for _, im := range f.Imports {
		p, err := strconv.Unquote(im.Path.Value)
		if err != nil || !strings.Contains(strings.Split(p, "/")[0], ".") {
			continue
		}
		if _, ok := packages().syms[p]; ok {
			continue
		}
		miss = append(miss, p)
	}
	return miss
}

// goMagic runs `%go get MODULE[@VERSION]...`.
func (s *Session) goMagic(c *cell, arg string) *session.ExecError {
	f := strings.Fields(arg)
	if len(f) < 2 || f[0] != "get" {
		return usageError("usage: %go get MODULE[@VERSION]...")
	}
	for _, m := range f[1:] {
		if err := goGet(c.ctx, s.environ(), m, func(l string) { c.out.Stream("stderr", l) }); err != nil {
			return moduleError(err)
		}
	}
	return nil
}

// fetchImports downloads, before a cell runs, the third-party packages it
// imports that are not there yet, saying so on stderr.
func (s *Session) fetchImports(c *cell, src string) *session.ExecError {
	for _, p := range missingImports(src) {
		c.out.Stream("stderr", fmt.Sprintf("%s is not downloaded yet: fetching it (as %%go get %s)\n", p, p))
		if err := goGet(c.ctx, s.environ(), p, func(l string) { c.out.Stream("stderr", l) }); err != nil {
			// The cell then fails on the import, after this explanation.
			c.out.Stream("stderr", fmt.Sprintf("fetching %s failed: %v\n", p, err))
		}
	}
	for _, p := range thirdPartyImports(src) {
		if err := checkInterpretable(p); err != nil { // nativepkg.go
			return moduleError(err)
		}
		if err := s.probeImport(c.ctx, p); err != nil { // importprobe.go
			if f, ok := err.(*probeFailure); ok {
				return &session.ExecError{Name: f.Name, Value: f.Value, Traceback: []string{f.Name + ": " + f.Value}}
			}
			return moduleError(err)
		}
	}
	return nil
}

func usageError(msg string) *session.ExecError {
	return &session.ExecError{Name: "UsageError", Value: msg, Traceback: []string{"UsageError: " + msg}}
}

func moduleError(err error) *session.ExecError {
	return &session.ExecError{Name: "ModuleError", Value: err.Error(), Traceback: []string{"ModuleError: " + err.Error()}}
}
