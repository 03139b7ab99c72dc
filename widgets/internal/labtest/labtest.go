package labtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/runtime"
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

	t       testing.TB
	ctx     context.Context
	logPath string

	mu      sync.Mutex
	console []string
	opened  []string // notebook paths, for Reload
}

// Timings of the last Start, for reports: how long the application build
// (or cache look-up), the kernel build and install, the server start and the
// first page load took.
type Timings struct {
	App, Kernel, Server, Page time.Duration
}

var (
	lastMu      sync.Mutex
	lastTimings Timings
)

// LastTimings returns the timings of the most recent [Start].
func LastTimings() Timings {
	lastMu.Lock()
	defer lastMu.Unlock()
	return lastTimings
}

// Start builds (or reuses) what JupyterLab needs, starts it and a browser,
// and returns the Lab; everything stops when the test ends. It skips the
// test when a tool is missing and fails it on any other problem.
func Start(t testing.TB, o Options) *Lab {
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
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	var tm Timings
	t0 := time.Now()
	app := App(t)
	tm.App = time.Since(t0)

	t0 = time.Now()
	kernel := o.Kernel
	if kernel == "" {
		kernel = os.Getenv("ACTIVIS_KERNEL")
	}
	if kernel == "" {
		kernel = buildKernel(t, root)
	}
	tmp := t.TempDir()
	l := &Lab{
		Root:    filepath.Join(tmp, "notebooks"),
		DataDir: filepath.Join(tmp, "data"),
		Kernel:  kernel,
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
	install := exec.Command(kernel, append([]string{"install", "--user"}, o.InstallArgs...)...)
	install.Env = env
	out, err := install.CombinedOutput()
	l.InstallOutput = string(out)
	if err != nil {
		t.Fatalf("activis-kernel install: %v\n%s", err, out)
	}
	tm.Kernel = time.Since(t0)

	t0 = time.Now()
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	l.URL = fmt.Sprintf("http://127.0.0.1:%d", port)
	server := exec.Command(Python, filepath.Join(root, "widgets", "internal", "labtest", "server", "labserver.py"),
		"--app", app, "--port", fmt.Sprint(port), "--root", l.Root, "--settings", filepath.Join(tmp, "settings"))
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
	tm.Server = time.Since(t0)

	t0 = time.Now()
	l.startBrowser(o)
	if err := chromedp.Run(l.ctx, chromedp.Navigate(l.URL+"/lab")); err != nil {
		t.Fatalf("opening JupyterLab: %v", err)
	}
	l.waitReady()
	tm.Page = time.Since(t0)
	lastMu.Lock()
	lastTimings = tm
	lastMu.Unlock()
	return l
}

func (l *Lab) startBrowser(o Options) {
	t := l.t
	profile, err := os.MkdirTemp("", "activis-labtest-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	w, h := o.Width, o.Height
	if w == 0 || h == 0 {
		w, h = 1280, 1000
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(Chromium),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(w, h),
	}
	timeout := o.Timeout
	if timeout == 0 {
		timeout = 10 * time.Minute
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	// chromedp logs DOM events it has no handler for (Chromium 156 sends
	// new ones); only the other errors are worth printing.
	ctx, cancelC := chromedp.NewContext(actx, chromedp.WithErrorf(func(format string, args ...any) {
		if msg := fmt.Sprintf(format, args...); !strings.Contains(msg, "unhandled node event") {
			log.Printf("chromedp: %s", msg)
		}
	}))
	ctx, cancelT := context.WithTimeout(ctx, timeout)
	// Registered after the server's cleanup, so it runs first: the browser
	// goes before the server.
	t.Cleanup(func() {
		cancelT()
		cancelC()
		cancelA()
		for range 20 {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	chromedp.ListenTarget(ctx, func(e any) {
		switch e := e.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type != runtime.APITypeError {
				return
			}
			var parts []string
			for _, a := range e.Args {
				if len(a.Value) > 0 {
					parts = append(parts, string(a.Value))
				} else {
					parts = append(parts, a.Description)
				}
			}
			l.addConsole("console.error: " + strings.Join(parts, " "))
		case *runtime.EventExceptionThrown:
			d := e.ExceptionDetails
			msg := d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				msg += " " + d.Exception.Description
			}
			l.addConsole("exception: " + msg)
		}
	})
	if err := chromedp.Run(ctx, runtime.Enable()); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	l.ctx = ctx
	// Runs before the browser's cleanup above.
	t.Cleanup(func() {
		if t.Failed() {
			l.saveFailure()
		}
	})
}

func (l *Lab) addConsole(s string) {
	l.mu.Lock()
	l.console = append(l.console, s)
	l.mu.Unlock()
}

// waitReady waits for the application to have started and restored its
// layout (index.template.js marks the body).
func (l *Lab) waitReady() {
	l.t.Helper()
	if err := l.WaitJS(`document.body.dataset.activisLabReady === "true" && !!window.jupyterapp`, 60*time.Second); err != nil {
		var body string
		_ = l.Eval(`document.body.innerText.slice(0, 500)`, &body)
		l.t.Fatalf("JupyterLab did not start: %v\npage text: %q\nconsole: %s", err, body, strings.Join(l.ConsoleErrors(), "\n"))
	}
}

// Browser returns the chromedp context of the page, for actions the helpers
// do not cover.
func (l *Lab) Browser() context.Context { return l.ctx }

// Eval evaluates a JavaScript expression in the page (awaiting it when it is
// a promise) and stores its JSON value in out (nil discards it).
func (l *Lab) Eval(js string, out any) error {
	var raw json.RawMessage
	err := chromedp.Run(l.ctx, chromedp.Evaluate(js, &raw, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
		return p.WithAwaitPromise(true)
	}))
	if err != nil {
		return fmt.Errorf("evaluating %.200s: %w", js, err)
	}
	if out == nil || len(raw) == 0 {
		return nil
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("evaluating %.200s: result %.200s: %w", js, raw, err)
	}
	return nil
}

// WaitJS polls a JavaScript expression until it is truthy or d passes.
func (l *Lab) WaitJS(js string, d time.Duration) error {
	ctx, cancel := context.WithTimeout(l.ctx, d)
	defer cancel()
	for {
		var ok bool
		err := l.Eval("!!("+js+")", &ok)
		if err == nil && ok {
			return nil
		}
		select {
		case <-ctx.Done():
			if err != nil {
				return fmt.Errorf("waiting %v for %.300s: %w", d, js, err)
			}
			return fmt.Errorf("waited %v for %.300s", d, js)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// WaitFor waits until an element matching the CSS selector is in the page.
func (l *Lab) WaitFor(selector string, d time.Duration) error {
	return l.WaitJS("document.querySelector("+jsString(selector)+")", d)
}

// Center returns the page coordinates of the centre of the first element
// matching selector, scrolling it into view first.
func (l *Lab) Center(selector string) (x, y float64, err error) {
	var p struct{ X, Y float64 }
	js := `(() => { const e = document.querySelector(` + jsString(selector) + `);
		if (!e) return null;
		e.scrollIntoView({block: "center", inline: "center"});
		const r = e.getBoundingClientRect();
		return {X: r.left + r.width / 2, Y: r.top + r.height / 2}; })()`
	var ok json.RawMessage
	if err := l.Eval(js, &ok); err != nil {
		return 0, 0, err
	}
	if string(ok) == "null" || len(ok) == 0 {
		return 0, 0, fmt.Errorf("no element matches %s", selector)
	}
	if err := json.Unmarshal(ok, &p); err != nil {
		return 0, 0, err
	}
	return p.X, p.Y, nil
}

// Click clicks the centre of the first element matching selector with a
// real mouse event.
func (l *Lab) Click(selector string) error {
	x, y, err := l.Center(selector)
	if err != nil {
		return err
	}
	return l.ClickXY(x, y)
}

// ClickXY clicks at page coordinates.
func (l *Lab) ClickXY(x, y float64) error {
	return chromedp.Run(l.ctx, chromedp.MouseClickXY(x, y))
}

// Drag presses the left button at (x0, y0), moves in steps to (x1, y1) and
// releases it there: a lasso or a range selection.
func (l *Lab) Drag(x0, y0, x1, y1 float64, steps int) error {
	if steps < 1 {
		steps = 1
	}
	acts := []chromedp.Action{
		chromedp.MouseEvent(input.MouseMoved, x0, y0),
		chromedp.MouseEvent(input.MousePressed, x0, y0, chromedp.ButtonLeft, chromedp.ClickCount(1)),
	}
	for i := 1; i <= steps; i++ {
		f := float64(i) / float64(steps)
		acts = append(acts, chromedp.MouseEvent(input.MouseMoved, x0+(x1-x0)*f, y0+(y1-y0)*f, chromedp.ButtonLeft, chromedp.ButtonModifiers(input.ModifierNone)))
	}
	acts = append(acts, chromedp.MouseEvent(input.MouseReleased, x1, y1, chromedp.ButtonLeft, chromedp.ClickCount(1)))
	return chromedp.Run(l.ctx, acts...)
}

// Reload reloads the page and waits for JupyterLab to start again. The
// notebooks opened before are open again (restored from the workspace, or
// reopened as a user would), on their running kernels: Notebook values stay
// valid; wait for [Notebook.WaitKernel] before running cells.
func (l *Lab) Reload() {
	l.t.Helper()
	if err := l.Eval(`document.body.dataset.activisLabReady = "reloading"`, nil); err != nil {
		l.t.Fatal(err)
	}
	if err := chromedp.Run(l.ctx, chromedp.Reload()); err != nil {
		l.t.Fatalf("reloading JupyterLab: %v", err)
	}
	l.waitReady()
	l.mu.Lock()
	paths := append([]string(nil), l.opened...)
	l.mu.Unlock()
	for _, p := range paths {
		nb := &Notebook{Path: p, lab: l}
		if l.WaitJS(nb.panelJS(), 3*time.Second) == nil {
			continue
		}
		if err := l.Eval(`jupyterapp.commands.execute("docmanager:open", {path: `+jsString(p)+`, factory: "Notebook"}).then(() => true)`, nil); err != nil {
			l.t.Fatalf("reopening %s after the reload: %v", p, err)
		}
	}
}

// ConsoleErrors returns the console.error calls and uncaught exceptions of
// the page so far.
func (l *Lab) ConsoleErrors() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.console...)
}

// ResetConsole forgets the console errors seen so far.
func (l *Lab) ResetConsole() {
	l.mu.Lock()
	l.console = nil
	l.mu.Unlock()
}

// CheckConsole fails the test for every console error and exception seen,
// except those containing one of the allowed substrings.
func (l *Lab) CheckConsole(allowed ...string) {
	l.t.Helper()
next:
	for _, c := range l.ConsoleErrors() {
		for _, a := range allowed {
			if strings.Contains(c, a) {
				continue next
			}
		}
		l.t.Errorf("JupyterLab page: %s", c)
	}
}

// Screenshot saves a full-page PNG as build/artifacts/lab/NAME.png (under
// the module root) and returns its path.
func (l *Lab) Screenshot(name string) string {
	l.t.Helper()
	var shot []byte
	if err := chromedp.Run(l.ctx, chromedp.FullScreenshot(&shot, 100)); err != nil {
		l.t.Errorf("screenshot %s: %v", name, err)
		return ""
	}
	dir, err := ArtifactsDir()
	if err != nil {
		l.t.Error(err)
		return ""
	}
	p := filepath.Join(dir, name+".png")
	if err := os.WriteFile(p, shot, 0o644); err != nil {
		l.t.Error(err)
		return ""
	}
	return p
}

// ServerLog returns what the Jupyter server (and the kernels) logged.
func (l *Lab) ServerLog() string {
	b, _ := os.ReadFile(l.logPath)
	return string(b)
}

// saveFailure keeps a screenshot, the server log and the console of a
// failed test in build/artifacts/lab.
func (l *Lab) saveFailure() {
	name := strings.NewReplacer("/", "_", " ", "_").Replace(l.t.Name()) + "-failure"
	if l.ctx != nil {
		var shot []byte
		ctx, cancel := context.WithTimeout(l.ctx, 10*time.Second)
		if chromedp.Run(ctx, chromedp.FullScreenshot(&shot, 100)) == nil {
			if dir, err := ArtifactsDir(); err == nil {
				_ = os.WriteFile(filepath.Join(dir, name+".png"), shot, 0o644)
			}
		}
		cancel()
	}
	if dir, err := ArtifactsDir(); err == nil {
		log := l.ServerLog() + "\n--- browser console ---\n" + strings.Join(l.ConsoleErrors(), "\n")
		_ = os.WriteFile(filepath.Join(dir, name+".log"), []byte(log), 0o644)
		l.t.Logf("JupyterLab failure artifacts in %s/%s.{png,log}", dir, name)
	}
}

// ArtifactsDir returns build/artifacts/lab under the module root, made.
func ArtifactsDir() (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(root, "build", "artifacts", "lab")
	return dir, os.MkdirAll(dir, 0o755)
}

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

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
