package labtest

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// App returns the directory of the built JupyterLab application (static/,
// schemas/, themes/), building it with install/frontend/build.sh when the
// cache has none; it skips the test when npm is needed and missing.
func App(t testing.TB) string {
	t.Helper()
	return frontend(t, "app")
}

func frontend(t testing.TB, what string) string {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("sh", filepath.Join(root, "install", "frontend", "build.sh"), what)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 3 {
		t.Skipf("JupyterLab test skipped: %s", strings.TrimSpace(stderr.String()))
	}
	if err != nil {
		t.Fatalf("install/frontend/build.sh %s: %v\n%s", what, err, stderr.String())
	}
	return strings.TrimSpace(string(out))
}

// kernelBinary returns o.Kernel, else $ACTIVIS_KERNEL, else a kernel built
// from this tree.
func kernelBinary(t testing.TB, o Options) string {
	t.Helper()
	if o.Kernel != "" {
		return o.Kernel
	}
	if k := os.Getenv("ACTIVIS_KERNEL"); k != "" {
		return k
	}
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	return buildKernel(t, root)
}

var (
	kernelOnce sync.Once
	kernelPath string
	kernelErr  error
)

// buildKernel builds the kernel once per test binary, with the prebuilt
// extensions embedded (build.sh embed fills install/labext first).
func buildKernel(t testing.TB, root string) string {
	t.Helper()
	frontend(t, "embed")
	kernelOnce.Do(func() {
		dir := filepath.Join(root, "build", "labtest")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			kernelErr = err
			return
		}
		removeStaleKernels(dir)
		kernelPath = filepath.Join(dir, fmt.Sprintf("activis-kernel-%d", os.Getpid()))
		cmd := exec.Command(goTool(), "build", "-o", kernelPath, "./kernel/cmd/activis-kernel")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			kernelErr = fmt.Errorf("building the kernel: %v\n%s", err, out)
		}
	})
	if kernelErr != nil {
		t.Fatal(kernelErr)
	}
	return kernelPath
}

// removeStaleKernels removes the kernels built by test processes that have
// exited (each test binary builds its own, named by its process id).
func removeStaleKernels(dir string) {
	old, _ := filepath.Glob(filepath.Join(dir, "activis-kernel-*"))
	for _, p := range old {
		var pid int
		if _, err := fmt.Sscanf(filepath.Base(p), "activis-kernel-%d", &pid); err != nil {
			continue
		}
		if syscall.Kill(pid, 0) != nil {
			_ = os.Remove(p)
		}
	}
}

func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(os.Getenv("GOROOT"), "bin", "go")
}

// moduleRoot finds the directory of this module's go.mod above the working
// directory (tests run in their package's directory).
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && bytes.Contains(b, []byte("module github.com/activis-go/activis\n")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("labtest: no go.mod of github.com/activis-go/activis above the working directory")
		}
		dir = parent
	}
}
