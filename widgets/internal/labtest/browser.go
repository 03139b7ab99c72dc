package labtest

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// startBrowser starts headless Chromium with a fresh profile (the flags
// that work on these machines), listening to the page's console; it stops
// when the test ends.
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
	chromedp.ListenTarget(ctx, l.listen)
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

// listen records console.error calls and uncaught exceptions of the page.
func (l *Lab) listen(e any) {
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

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
