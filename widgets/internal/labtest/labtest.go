package labtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Python is Debian's Python, which has python3-jupyterlab-server and
// python3-jupyter-server (the python3 first on PATH may not).
const Python = "/usr/bin/python3"

// Chromium is the browser the tests drive.
const Chromium = "/usr/bin/chromium"

// Options tune [Start]; the zero value is what most tests want.
type Options struct {
	// Kernel is the activis-kernel binary; "" means $ACTIVIS_KERNEL, else
	// one built from this tree (with the prebuilt extensions embedded).
	Kernel string
	// InstallArgs are extra arguments of `activis-kernel install`, e.g.
	// "--no-frontend" to see JupyterLab without the widget extensions.
	InstallArgs []string
	// Env is added to the server's (and so the kernel's) environment.
	Env []string
	// Width and Height of the browser window; 0 means 1280 × 1000.
	Width, Height int
	// Timeout bounds the whole browser session; 0 means 10 minutes.
	Timeout time.Duration
}

// Lab is a running JupyterLab server with a Chromium page on it.
type Lab struct {
	// URL is the server's base URL, http://127.0.0.1:PORT.
	URL string
	// Root is the server's notebook directory.
	Root string
	// DataDir is the JUPYTER_DATA_DIR the kernel was installed into.
	DataDir string
	// Kernel is the kernel binary.
	Kernel string
	// InstallOutput is what `activis-kernel install` printed.
	InstallOutput string
	// Timings of Start.
	Timings Timings

	t       testing.TB
	ctx     context.Context
	logPath string

	mu      sync.Mutex
	console []string
	opened  []string // notebook paths, for Reload
}

// Timings says how long the steps of [Start] took: the application build
// (or cache look-up), the kernel build and install, the server start and the
// first page load.
type Timings struct {
	App, Kernel, Server, Page time.Duration
}

// Start builds (or reuses) what JupyterLab needs, starts it and a browser,
// and returns the Lab; everything stops when the test ends. It skips the
// test when a tool is missing and fails it on any other problem.
func Start(t testing.TB, o Options) *Lab {
	t.Helper()
	skipWithoutTools(t)
	var tm Timings
	t0 := time.Now()
	app := App(t)
	tm.App = time.Since(t0)

	t0 = time.Now()
	tmp := t.TempDir()
	l := &Lab{
		Root:    filepath.Join(tmp, "notebooks"),
		DataDir: filepath.Join(tmp, "data"),
		Kernel:  kernelBinary(t, o),
		t:       t,
		logPath: filepath.Join(tmp, "server.log"),
	}
	if err := os.MkdirAll(l.Root, 0o755); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(),
		"JUPYTER_DATA_DIR="+l.DataDir,
		"JUPYTER_PATH=",
		"JUPYTER_CONFIG_DIR="+filepath.Join(tmp, "config"),
		"JUPYTER_RUNTIME_DIR="+filepath.Join(tmp, "runtime"),
		"JUPYTER_NO_CONFIG=1",
		"ACTIVIS_HISTORY=off",
		"PYDEVD_DISABLE_FILE_VALIDATION=1",
	)
	env = append(env, o.Env...)
	l.install(env, o.InstallArgs)
	tm.Kernel = time.Since(t0)

	t0 = time.Now()
	l.startServer(app, filepath.Join(tmp, "settings"), env)
	tm.Server = time.Since(t0)

	t0 = time.Now()
	l.startBrowser(o)
	if err := chromedp.Run(l.ctx, chromedp.Navigate(l.URL+"/lab")); err != nil {
		t.Fatalf("opening JupyterLab: %v", err)
	}
	l.waitReady()
	tm.Page = time.Since(t0)
	l.Timings = tm
	return l
}

// skipWithoutTools skips the test under -short or without Chromium or
// Debian's jupyterlab_server.
func skipWithoutTools(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip("JupyterLab test skipped with -short")
	}
	if _, err := os.Stat(Chromium); err != nil {
		t.Skipf("JupyterLab test skipped: %s not found (apt-get install chromium, or make deps)", Chromium)
	}
	if out, err := exec.Command(Python, "-c", "import jupyterlab_server, jupyter_server").CombinedOutput(); err != nil {
		t.Skipf("JupyterLab test skipped: %s cannot import jupyterlab_server (apt-get install python3-jupyterlab-server python3-jupyter-server, or make deps): %v\n%s", Python, err, out)
	}
}

// install runs `activis-kernel install --user` into the Lab's data dir.
func (l *Lab) install(env, args []string) {
	l.t.Helper()
	cmd := exec.Command(l.Kernel, append([]string{"install", "--user"}, args...)...)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	l.InstallOutput = string(out)
	if err != nil {
		l.t.Fatalf("activis-kernel install: %v\n%s", err, out)
	}
}

// startServer starts labserver.py on a free port of 127.0.0.1, stopped (with
// its kernels) when the test ends, and waits until it answers.
func (l *Lab) startServer(app, settings string, env []string) {
	t := l.t
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	l.URL = fmt.Sprintf("http://127.0.0.1:%d", port)
	server := exec.Command(Python, filepath.Join(root, "widgets", "internal", "labtest", "server", "labserver.py"),
		"--app", app, "--port", fmt.Sprint(port), "--root", l.Root, "--settings", settings)
	server.Env = env
	logf, err := os.Create(l.logPath)
	if err != nil {
		t.Fatal(err)
	}
	server.Stdout, server.Stderr = logf, logf
	// Its own process group, so the kernels it started go with it.
	server.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := server.Start(); err != nil {
		t.Fatalf("starting the JupyterLab server: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = server.Wait(); close(exited) }()
	t.Cleanup(func() {
		// SIGTERM lets the server shut its kernels down; the group kill
		// is the fallback for a server that hangs.
		_ = server.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-server.Process.Pid, syscall.SIGKILL)
			<-exited
		}
		_ = syscall.Kill(-server.Process.Pid, syscall.SIGKILL) // kernels left behind
		logf.Close()
	})
	if err := waitHTTP(l.URL+"/api/status", 30*time.Second, exited); err != nil {
		t.Fatalf("JupyterLab server not ready: %v\n%s", err, l.ServerLog())
	}
}

// ServerLog returns what the Jupyter server (and the kernels) logged.
func (l *Lab) ServerLog() string {
	b, _ := os.ReadFile(l.logPath)
	return string(b)
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// waitHTTP polls url until it answers 200, the process exits or d passes.
func waitHTTP(url string, d time.Duration, exited <-chan struct{}) error {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-exited:
			return errors.New("the server exited")
		case <-ctx.Done():
			return fmt.Errorf("no answer from %s in %v", url, d)
		case <-time.After(100 * time.Millisecond):
		}
	}
}
