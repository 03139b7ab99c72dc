package views

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/build"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// classicPython is Debian's Python, which has the classic Notebook
// (jupyter-notebook 6.4); the python3 first on PATH may not.
const classicPython = "/usr/bin/python3"

// e2eSetup is the first cell of the end-to-end notebook: a synthetic run
// (3 classes, 150 instances, 10 % misclassified, one 8-neuron layer) built
// with the activis API, so the test needs no model or data set.
const e2eSetup = `classes := []string{"cat", "dog", "bird"}
n := 150
in := activis.NewInstances(classes, n)
vals := make([]float32, n*8)
for i := 0; i < n; i++ {
	in.Labels[i] = i % 3
	in.Predicted[i] = i % 3
	if i%10 == 0 {
		in.Predicted[i] = (i + 1) % 3
	}
	for j := 0; j < 8; j++ {
		vals[i*8+j] = float32((i%3+1)*(j+1)%5) + float32(i%7)/10
	}
}
run, err := activis.NewRun(in, map[string]*activis.Activations{"hidden": activis.NewActivations(vals, n, 8)})
if err != nil {
	panic(err)
}
ex := activis.NewExplorer(nil, run)`

// TestClassicNotebook is the end-to-end test of issue 5 in Debian's classic
// Jupyter Notebook: it builds the kernel, starts `python3 -m notebook` on a
// free port of 127.0.0.1 (no token, --allow-root) with a private
// JUPYTER_PATH naming that kernel, opens a three-cell notebook in headless
// Chromium, runs the first two cells in the browser (the second shows the
// explorer), clicks the first square of the instance panel, runs the third
// cell, fmt.Println(ex.Selection()), and reads the clicked instance's index
// back from its output. When the kernel sent the explorer with its display
// id, a fourth cell (ex.AddSubset) must update the view above in place. ACTIVIS_KERNEL names a prebuilt kernel binary
// instead of building one. Skipped without chromium or jupyter-notebook,
// and with -short.
func TestClassicNotebook(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end notebook test")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("classic Notebook test skipped: %s not found (apt-get install chromium)", chromiumPath)
	}
	if err := exec.Command(classicPython, "-c", "import notebook.notebookapp").Run(); err != nil {
		t.Skipf("classic Notebook test skipped: %s cannot import notebook.notebookapp (apt-get install jupyter-notebook): %v", classicPython, err)
	}
	start := time.Now()
	tmp := t.TempDir()
	kernelBin := os.Getenv("ACTIVIS_KERNEL")
	if kernelBin == "" {
		kernelBin = filepath.Join(tmp, "activis-kernel")
		goBin, err := exec.LookPath("go")
		if err != nil {
			goBin = filepath.Join(build.Default.GOROOT, "bin", "go")
		}
		goBuild := exec.Command(goBin, "build", "-tags", "activis_gosession", "-o", kernelBin, "github.com/activis-go/activis/kernel/cmd/activis-kernel")
		if out, err := goBuild.CombinedOutput(); err != nil {
			t.Fatalf("building the kernel: %v\n%s", err, out)
		}
	}
	// A private Jupyter tree: the kernelspec, runtime files and config.
	jp := filepath.Join(tmp, "jupyter")
	spec := map[string]any{"argv": []string{kernelBin, "{connection_file}"}, "display_name": "Go (ActiVis)", "language": "go", "interrupt_mode": "message"}
	writeJSON(t, filepath.Join(jp, "kernels", "activis", "kernel.json"), spec)
	nbDir := filepath.Join(tmp, "notebooks")
	cell := func(src string) map[string]any {
		return map[string]any{"cell_type": "code", "execution_count": nil, "metadata": map[string]any{}, "outputs": []any{}, "source": src}
	}
	writeJSON(t, filepath.Join(nbDir, "e2e.ipynb"), map[string]any{
		"cells": []any{cell(e2eSetup), cell("ex"), cell("fmt.Println(ex.Selection())"), cell(`err = ex.AddSubset("odd", "index % 2 == 1")`)},
		"metadata": map[string]any{
			"kernelspec":    map[string]any{"name": "activis", "display_name": "Go (ActiVis)", "language": "go"},
			"language_info": map[string]any{"name": "go"},
		},
		"nbformat": 4, "nbformat_minor": 5,
	})

	port := freePort(t)
	server := exec.Command(classicPython, "-m", "notebook", "--no-browser", "--ip", "127.0.0.1", "--port", fmt.Sprint(port),
		"--NotebookApp.token=", "--NotebookApp.password=", "--allow-root", "--notebook-dir", nbDir)
	server.Env = append(os.Environ(), "JUPYTER_PATH="+jp, "JUPYTER_CONFIG_DIR="+filepath.Join(tmp, "config"),
		"JUPYTER_RUNTIME_DIR="+filepath.Join(tmp, "runtime"), "JUPYTER_DATA_DIR="+filepath.Join(tmp, "data"),
		"IPYTHONDIR="+filepath.Join(tmp, "ipython"), "ACTIVIS_HISTORY=off", "PYDEVD_DISABLE_FILE_VALIDATION=1")
	logPath := filepath.Join(tmp, "notebook.log")
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	server.Stdout, server.Stderr = logf, logf
	// Its own process group, so the kernel it started goes with it.
	server.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := server.Start(); err != nil {
		t.Fatalf("starting the notebook server: %v", err)
	}
	done := make(chan struct{}) // closed when the server has exited
	go func() { _ = server.Wait(); close(done) }()
	t.Cleanup(func() {
		// SIGTERM lets the server shut its kernels down; the group kill
		// is the fallback for a server that hangs.
		_ = server.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-server.Process.Pid, syscall.SIGKILL)
			<-done
		}
		logf.Close()
	})
	showLog := func() string { b, _ := os.ReadFile(logPath); return string(b) }
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	if err := waitHTTP(base+"/api/status", 30*time.Second, done); err != nil {
		t.Fatalf("notebook server not ready: %v\n%s", err, showLog())
	}

	ctx, _ := browser(t)
	fail := func(format string, args ...any) {
		t.Helper()
		var shot []byte
		if chromedp.Run(ctx, chromedp.FullScreenshot(&shot, 100)) == nil {
			_ = os.WriteFile(filepath.Join(artifactsDir(t), "classic-notebook-failure.png"), shot, 0o644)
		}
		t.Fatalf(format+"\nserver log:\n%s", append(args, showLog())...)
	}
	wait := func(js string, d time.Duration) error {
		return chromedp.Run(ctx, chromedp.Poll(js, nil, chromedp.WithPollingTimeout(d), chromedp.WithPollingInterval(100*time.Millisecond)))
	}
	if err := chromedp.Run(ctx, chromedp.Navigate(base+"/notebooks/e2e.ipynb")); err != nil {
		fail("opening the notebook: %v", err)
	}
	if err := wait(`!!(window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.info_reply && Jupyter.notebook.kernel.info_reply.status === "ok")`, 30*time.Second); err != nil {
		fail("kernel not ready in the notebook: %v", err)
	}
	var ok bool
	if err := chromedp.Run(ctx, chromedp.Evaluate(`Jupyter.notebook.execute_cells([0, 1]); true`, &ok)); err != nil {
		fail("running the cells: %v", err)
	}
	view := `.activis-root[data-activis-ready="1"]`
	if err := wait(`!!document.querySelector('`+view+` [data-activis-view="instances"][data-cell0]')`, 30*time.Second); err != nil {
		var outs string
		_ = chromedp.Run(ctx, chromedp.Evaluate(`JSON.stringify(Jupyter.notebook.get_cells().map(c => c.output_area.outputs)).slice(0, 2000)`, &outs))
		fail("the views did not mount in the notebook: %v\noutputs: %s", err, outs)
	}
	// The names of the rows before the click: the click's row is the one
	// whose name is new. (Its key changes when the kernel's instance row
	// replaces the view's own, so the test finds it by name, which stays.)
	var before []string
	if err := chromedp.Run(ctx, chromedp.Evaluate(`[...document.querySelectorAll('`+view+` .av-row')].map((e) => e.getAttribute("data-row"))`, &before)); err != nil {
		fail("reading the rows: %v", err)
	}
	beforeJSON, _ := json.Marshal(before)
	newRow := `(() => { const b = new Set(` + string(beforeJSON) + `); const e = [...document.querySelectorAll('` + view + ` .av-row')].find((e) => !b.has(e.getAttribute("data-row"))); return e ? e.getAttribute("data-row") : ""; })()`
	// The click adds the instance as a matrix row named by its id. The
	// panel's position is read again before each try: the notebook's
	// layout can still move (outputs arriving, the page scrolling) between
	// reading it and clicking, and a click that lands beside the square
	// adds nothing (the test once failed that way on a loaded machine).
	var clickErr error
	for try := 0; try < 3; try++ {
		if err := chromedp.Run(ctx, chromedp.ScrollIntoView(view+` .av-inst-canvas`, chromedp.ByQuery)); err != nil {
			fail("scrolling to the instance panel: %v", err)
		}
		x, y := firstInstance(ctx, t, view)
		if err := chromedp.Run(ctx, chromedp.MouseClickXY(x, y)); err != nil {
			fail("clicking an instance: %v", err)
		}
		if clickErr = wait(newRow+` !== ""`, 5*time.Second); clickErr == nil {
			break
		}
	}
	if clickErr != nil {
		fail("three clicks added no row: %v", clickErr)
	}
	var rowName string
	if err := chromedp.Run(ctx, chromedp.Evaluate(newRow, &rowName)); err != nil || rowName == "" {
		fail("reading the new row's name: %q %v", rowName, err)
	}
	want := "[" + strings.TrimPrefix(rowName, "#") + "]"
	// The selection travels over the comm; give it a moment before the
	// next execute_request (both go over the same websocket, in order).
	time.Sleep(300 * time.Millisecond)
	if err := chromedp.Run(ctx, chromedp.Evaluate(`Jupyter.notebook.execute_cells([2]); true`, &ok)); err != nil {
		fail("running the selection cell: %v", err)
	}
	printed := `(Jupyter.notebook.get_cell(2).output_area.outputs.filter(o => o.output_type === "stream").map(o => o.text).join("") || "")`
	if err := wait(printed+`.includes("]")`, 30*time.Second); err != nil {
		var outs string
		_ = chromedp.Run(ctx, chromedp.Evaluate(`JSON.stringify(Jupyter.notebook.get_cell(2).output_area.outputs)`, &outs))
		fail("no selection printed: %v (outputs %s)", err, outs)
	}
	var got string
	if err := chromedp.Run(ctx, chromedp.Evaluate(printed, &got)); err != nil {
		fail("reading the output: %v", err)
	}
	if strings.TrimSpace(got) != want {
		t.Errorf("ex.Selection() printed %q after clicking instance %s, want %q", strings.TrimSpace(got), rowName, want)
	}
	// A subset added in a later cell updates the view above in place. The
	// Notebook routes update_display_data to outputs it saw arrive with
	// that display id (transient.display_id of display_data or
	// execute_result); until the kernel sends the trailing explorer with
	// its id, that part is reported and skipped.
	var routed bool
	id := jsAttr(ctx, t, view, "data-activis-id")
	if err := chromedp.Run(ctx, chromedp.Evaluate(`!!(Jupyter.notebook.kernel._display_id_to_parent_ids || {})[`+strconv.Quote(id)+`]`, &routed)); err != nil {
		fail("reading the notebook's display ids: %v", err)
	}
	if !routed {
		t.Logf("live update not checked: the kernel sent the trailing explorer without transient.display_id %q, so the Notebook cannot update it", id)
	} else {
		if err := chromedp.Run(ctx, chromedp.Evaluate(`Jupyter.notebook.execute_cells([3]); true`, &ok)); err != nil {
			fail("running the subset cell: %v", err)
		}
		if err := wait(`!!document.querySelector('.activis-root[data-activis-ready="1"] .av-row[data-row="odd"]')`, 15*time.Second); err != nil {
			var outs string
			_ = chromedp.Run(ctx, chromedp.Evaluate(`JSON.stringify(Jupyter.notebook.get_cell(3).output_area.outputs)`, &outs))
			t.Errorf("ex.AddSubset in a later cell did not update the view: %v (that cell's outputs %s)", err, outs)
		}
	}
	// A suggested subset clicked in the view: the kernel adds it over
	// the comm, and the view above shows its row.
	sugg := view + ` [data-activis-suggestion]`
	if err := wait(`!!document.querySelector('`+sugg+`')`, 10*time.Second); err != nil {
		t.Errorf("no suggested subsets in the classic Notebook's view: %v", err)
	} else {
		var sg struct {
			X, Y float64
			Name string
		}
		if err := chromedp.Run(ctx, chromedp.Evaluate(`(() => { const e = document.querySelector('`+sugg+`'); e.scrollIntoView({block: "center"}); const r = e.getBoundingClientRect();
		  return {x: r.left + r.width / 2, y: r.top + 8, name: e.getAttribute("data-activis-suggestion")}; })()`, &sg)); err != nil {
			fail("finding a suggestion: %v", err)
		}
		if err := chromedp.Run(ctx, chromedp.MouseClickXY(sg.X, sg.Y)); err != nil {
			fail("clicking a suggestion: %v", err)
		}
		// The kernel's reply shows in the status line; where the Notebook
		// routes the kernel's updates to this output, the row shows too.
		if err := wait(`[...document.querySelectorAll('`+view+` .av-msg')].some((e) => e.textContent.includes("added suggested subset"))`, 15*time.Second); err != nil {
			t.Errorf("clicking the suggestion %q: no reply from the kernel over the comm: %v", sg.Name, err)
		}
		if routed {
			if err := wait(`[...document.querySelectorAll('`+view+` [data-activis-row]')].some((e) => e.getAttribute("data-activis-row") === `+strconv.Quote(sg.Name)+`)`, 15*time.Second); err != nil {
				t.Errorf("clicking the suggestion %q added no row in the view: %v", sg.Name, err)
			}
		}
	}
	screenshot(ctx, t, filepath.Join(artifactsDir(t), "classic-notebook.png"))
	t.Logf("clicked %s, kernel printed %q; %.1f s in all", rowName, strings.TrimSpace(got), time.Since(start).Seconds())
}

// freePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// waitHTTP polls url until it answers 200, the process exits (exited
// receives) or d passes.
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
			return errors.New("timed out")
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// jsAttr reads an attribute of the first element matching sel through the
// page's own querySelector. chromedp's DOM queries (attr) wait on its
// mirror of the DOM, which in the classic Notebook, run after other
// browser tests in the same process, never saw the row the click had
// added (the query hung until the deadline while querySelector found it).
func jsAttr(ctx context.Context, t *testing.T, sel, name string) string {
	t.Helper()
	var v *string
	js := fmt.Sprintf(`(() => { const e = document.querySelector(%q); return e ? e.getAttribute(%q) : null; })()`, sel, name)
	if err := chromedp.Run(ctx, chromedp.Evaluate(js, &v)); err != nil || v == nil {
		t.Fatalf("attribute %s of %s: %v (element or attribute missing)", name, sel, err)
	}
	return *v
}
