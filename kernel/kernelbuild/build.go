package kernelbuild

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/activis-go/activis/install"
)

// ErrNoPackages: no package of the patterns could be compiled in.
var ErrNoPackages = errors.New("kernelbuild: no package to compile in")

// Options say what to compile in and where the kernel goes.
type Options struct {
	// With are the packages to compile in: import paths or patterns
	// ending in "/..." (all the packages below), each optionally followed
	// by @VERSION (a module version query, as `go get` takes).
	With []string
	// Name is the kernelspec name; "" means "activis-" and the short
	// names of With ("activis-plot" for gonum.org/v1/plot/...).
	Name string
	// DisplayName is shown by front ends; "" means "Go (ActiVis + plot)"
	// with the short names of With.
	DisplayName string
	// Out is the directory of the binary; "" means the kernelspec
	// directory, or the working directory with NoInstall.
	Out string
	// NoInstall only builds the binary.
	NoInstall bool
	// Install says where the kernelspec goes (User, Prefix, SysPrefix);
	// its Name, DisplayName and Binary are set by Build.
	Install install.Options
	// Source is a checkout of github.com/activis-go/activis to build
	// against; "" means the one this binary was built from (see the
	// package documentation).
	Source string
	// WorkDir keeps the generated module in this directory (created if
	// needed) instead of a temporary one removed at the end.
	WorkDir string
	// Log receives the progress lines; nil discards them.
	Log io.Writer
}

// Skipped is a package left out of the kernel, and why.
type Skipped struct {
	Path   string
	Reason string
}

// Result is what Build made.
type Result struct {
	// Binary is the kernel executable.
	Binary string
	// KernelDir is the installed kernelspec's directory ("" with NoInstall).
	KernelDir string
	// Name and DisplayName are the kernelspec's.
	Name, DisplayName string
	// Packages are the compiled-in packages, Skipped those left out.
	Packages []string
	Skipped  []Skipped
	// Size is the binary's size in bytes.
	Size int64
	// Duration is the whole build's wall time.
	Duration time.Duration
}

// builder holds the state of one Build.
type builder struct {
	opt   Options
	gobin string
	dir   string   // the generated module
	env   []string // the go command's environment
	log   io.Writer
	// listed holds what go list said of each package to compile in.
	listed map[string]listed
}

// Build makes a kernel binary with the packages of opt.With compiled in
// and, unless opt.NoInstall, installs its kernelspec. It needs the go
// command (on PATH, or in the GOROOT this binary was built with) and, for
// modules not yet in the module cache, the module proxy.
func Build(ctx context.Context, opt Options) (*Result, error) {
	start := time.Now()
	if len(opt.With) == 0 {
		return nil, errors.New("kernelbuild: no package given (--with MODULE/...)")
	}
	pats, err := parsePatterns(opt.With)
	if err != nil {
		return nil, err
	}
	res := &Result{Name: opt.Name, DisplayName: opt.DisplayName}
	if res.Name == "" {
		res.Name = defaultName(pats)
	}
	if res.DisplayName == "" {
		res.DisplayName = defaultDisplayName(pats)
	}
	b := &builder{opt: opt, log: opt.Log, listed: map[string]listed{}}
	if b.log == nil {
		b.log = io.Discard
	}
	if b.gobin, err = goTool(); err != nil {
		return nil, err
	}
	src, err := findSource(opt.Source)
	if err != nil {
		return nil, err
	}
	b.logf("building kernel %q (%s) against %s", res.Name, res.DisplayName, src)

	// The kernelspec directory first: a bad name or prefix fails now,
	// not after minutes of building.
	inst := opt.Install
	inst.Name, inst.DisplayName = res.Name, res.DisplayName
	var kdir string
	if !opt.NoInstall {
		if kdir, err = install.KernelDir(inst); err != nil {
			return nil, err
		}
	}

	if b.dir = opt.WorkDir; b.dir == "" {
		if b.dir, err = os.MkdirTemp("", "activis-kernel-build-"); err != nil {
			return nil, fmt.Errorf("kernelbuild: %w", err)
		}
		defer os.RemoveAll(b.dir)
	} else if b.dir, err = filepath.Abs(b.dir); err != nil {
		return nil, fmt.Errorf("kernelbuild: work dir: %w", err)
	}
	b.env = append(os.Environ(), "GOWORK=off", "GO111MODULE=on")
	if os.Getenv("GOEXPERIMENT") == "" {
		// The experiments this binary was built with (make build: simd).
		if exp := buildSetting("GOEXPERIMENT"); exp != "" {
			b.env = append(b.env, "GOEXPERIMENT="+exp)
		}
	}
	if err := writeModule(b.dir, src); err != nil {
		return nil, err
	}

	pkgs, skipped, err := b.resolve(ctx, pats)
	if err != nil {
		return nil, err
	}
	res.Skipped = append(res.Skipped, skipped...)
	pkgs, skipped, err = b.compile(ctx, pkgs)
	if err != nil {
		return nil, err
	}
	res.Skipped = append(res.Skipped, skipped...)
	pkgs, skipped, err = b.extract(ctx, pkgs)
	if err != nil {
		return nil, err
	}
	res.Skipped = append(res.Skipped, skipped...)
	if len(pkgs) == 0 {
		return res, fmt.Errorf("%w: every package of %s was skipped (see the warnings)", ErrNoPackages, strings.Join(opt.With, " "))
	}
	res.Packages = pkgs
	for _, s := range res.Skipped {
		b.logf("warning: skipped %s: %s", s.Path, s.Reason)
	}

	if err := writeMain(b.dir, res); err != nil {
		return nil, err
	}
	tmpBin := filepath.Join(b.dir, "bin", binaryName(res.Name))
	t := time.Now()
	if _, err := b.goCmd(ctx, b.dir, nil, "build", "-mod=mod", "-o", tmpBin, "."); err != nil {
		return nil, fmt.Errorf("kernelbuild: building the kernel: %w", err)
	}
	out := opt.Out
	switch {
	case out != "":
	case !opt.NoInstall:
		out = kdir
	default:
		out = "."
	}
	if res.Binary, err = filepath.Abs(filepath.Join(out, binaryName(res.Name))); err != nil {
		return nil, fmt.Errorf("kernelbuild: %w", err)
	}
	if err := moveFile(tmpBin, res.Binary); err != nil {
		return nil, err
	}
	if fi, err := os.Stat(res.Binary); err == nil {
		res.Size = fi.Size()
	}
	b.logf("go build: %s (%.1f MB) in %v", res.Binary, float64(res.Size)/1e6, since(t))

	if !opt.NoInstall {
		inst.Binary = res.Binary
		if res.KernelDir, err = install.Install(inst); err != nil {
			return nil, err
		}
		b.logf("installed kernelspec %s (%s) in %s", res.Name, res.DisplayName, res.KernelDir)
	}
	res.Duration = time.Since(start)
	b.logf("done in %v: %d packages compiled in, %d skipped", since(start), len(res.Packages), len(res.Skipped))
	return res, nil
}

// logf writes one progress line.
func (b *builder) logf(format string, args ...any) {
	fmt.Fprintf(b.log, "activis-kernel build: "+format+"\n", args...)
}

// goCmd runs the go command in dir with the builder's environment and
// extra variables, returning its standard output; the error carries the
// command line and its standard error.
func (b *builder) goCmd(ctx context.Context, dir string, env []string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, b.gobin, args...)
	cmd.Dir = dir
	cmd.Env = append(append([]string{}, b.env...), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return out, fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

// goTool finds the go command: on PATH, else in the GOROOT this binary was
// built with.
func goTool() (string, error) {
	if p, err := exec.LookPath("go"); err == nil {
		return p, nil
	}
	p := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(p); err == nil {
		return p, nil
	}
	return "", errors.New("kernelbuild: the go command is needed to build a kernel (https://go.dev/dl/)")
}

// buildSetting returns a setting recorded in this binary's build
// information ("" if none).
func buildSetting(key string) string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	for _, s := range bi.Settings {
		if s.Key == key {
			return s.Value
		}
	}
	return ""
}

// binaryName is the executable's name for kernelspec name.
func binaryName(name string) string {
	n := "activis-kernel-" + strings.TrimPrefix(name, "activis-")
	if runtime.GOOS == "windows" {
		n += ".exe"
	}
	return n
}

// moveFile renames src to dst, copying when they are on different file
// systems; dst is replaced atomically either way, so a kernel running the
// old binary keeps it.
func moveFile(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("kernelbuild: %w", err)
	}
	if err := os.Rename(src, dst); err == nil {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("kernelbuild: %w", err)
	}
	defer in.Close()
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".activis-kernel-*")
	if err != nil {
		return fmt.Errorf("kernelbuild: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, in); err != nil {
		tmp.Close()
		return fmt.Errorf("kernelbuild: copying the binary: %w", err)
	}
	if err := tmp.Chmod(0o755); err != nil {
		tmp.Close()
		return fmt.Errorf("kernelbuild: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("kernelbuild: %w", err)
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return fmt.Errorf("kernelbuild: %w", err)
	}
	return nil
}

// since is the time since t, rounded for the log.
func since(t time.Time) time.Duration {
	return time.Since(t).Round(100 * time.Millisecond)
}
