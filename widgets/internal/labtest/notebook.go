package labtest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// KernelName is the kernelspec the notebooks of [Lab.Open] ask for.
const KernelName = "activis"

// Notebook is a notebook open in the Lab's JupyterLab.
type Notebook struct {
	// Path is the notebook's path relative to [Lab.Root].
	Path string
	lab  *Lab
}

// Open writes a notebook of code cells at path (relative to [Lab.Root]),
// opens it in JupyterLab with the Go kernel and waits until it is idle.
func (l *Lab) Open(path string, cells ...string) *Notebook {
	l.t.Helper()
	return l.OpenKernel(path, KernelName, cells...)
}

// OpenKernel is Open with another kernelspec (e.g. "python3" for a
// baseline).
func (l *Lab) OpenKernel(path, kernel string, cells ...string) *Notebook {
	l.t.Helper()
	type cell struct {
		ID             string         `json:"id"`
		CellType       string         `json:"cell_type"`
		ExecutionCount *int           `json:"execution_count"`
		Metadata       map[string]any `json:"metadata"`
		Outputs        []any          `json:"outputs"`
		Source         string         `json:"source"`
	}
	doc := map[string]any{
		"cells": []cell{},
		"metadata": map[string]any{
			"kernelspec": map[string]any{"name": kernel, "display_name": kernel},
		},
		"nbformat": 4, "nbformat_minor": 5,
	}
	cs := make([]cell, len(cells))
	for i, src := range cells {
		cs[i] = cell{ID: fmt.Sprintf("cell-%d", i), CellType: "code", Metadata: map[string]any{}, Outputs: []any{}, Source: src}
	}
	doc["cells"] = cs
	b, err := json.MarshalIndent(doc, "", " ")
	if err != nil {
		l.t.Fatal(err)
	}
	full := filepath.Join(l.Root, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		l.t.Fatal(err)
	}
	if err := os.WriteFile(full, b, 0o644); err != nil {
		l.t.Fatal(err)
	}
	nb := &Notebook{Path: path, lab: l}
	l.mu.Lock()
	l.opened = append(l.opened, path)
	l.mu.Unlock()
	if err := l.Eval(`jupyterapp.commands.execute("docmanager:open", {path: `+jsString(path)+`, factory: "Notebook"}).then(() => true)`, nil); err != nil {
		l.t.Fatalf("opening %s: %v", path, err)
	}
	nb.waitKernel(60 * time.Second)
	return nb
}

// panelJS is a JavaScript expression for the notebook's panel (or undefined).
func (nb *Notebook) panelJS() string {
	return `[...jupyterapp.shell.widgets("main")].find(w => w.context && w.context.path === ` + jsString(nb.Path) + `)`
}

// js wraps body (which sees the panel as p and its notebook as n) in a
// function called with them.
func (nb *Notebook) js(body string) string {
	return `((p) => { if (!p) throw new Error("notebook ` + strings.ReplaceAll(nb.Path, `"`, ``) + ` is not open"); const n = p.content; ` + body + ` })(` + nb.panelJS() + `)`
}

func (nb *Notebook) waitKernel(d time.Duration) {
	nb.lab.t.Helper()
	js := `(() => { const p = ` + nb.panelJS() + `; const k = p && p.sessionContext.session && p.sessionContext.session.kernel;
		return !!k && k.connectionStatus === "connected" && k.status === "idle"; })()`
	if err := nb.lab.WaitJS(js, d); err != nil {
		var st string
		_ = nb.lab.Eval(`(() => { const p = `+nb.panelJS()+`; if (!p) return "no panel"; const s = p.sessionContext;
			return "kernel " + (s.kernelDisplayName) + " status " + s.kernelDisplayStatus; })()`, &st)
		nb.lab.t.Fatalf("the kernel of %s is not ready (%s): %v\nconsole: %s\nserver log:\n%s", nb.Path, st, err,
			strings.Join(nb.lab.ConsoleErrors(), "\n"), tail(nb.lab.ServerLog(), 3000))
	}
}

// KernelStatus returns the kernel's status as JupyterLab sees it ("idle",
// "busy", "restarting", "dead", ...; "" with no kernel).
func (nb *Notebook) KernelStatus() string {
	var s string
	if err := nb.lab.Eval(nb.js(`const k = p.sessionContext.session && p.sessionContext.session.kernel; return k ? k.status : "";`), &s); err != nil {
		nb.lab.t.Fatal(err)
	}
	return s
}

// Len returns the number of cells.
func (nb *Notebook) Len() int {
	var n int
	if err := nb.lab.Eval(nb.js(`return n.widgets.length;`), &n); err != nil {
		nb.lab.t.Fatal(err)
	}
	return n
}

// Append adds a code cell at the end and returns its index.
func (nb *Notebook) Append(src string) int {
	var i int
	err := nb.lab.Eval(nb.js(`const m = n.model.sharedModel; m.insertCell(m.cells.length, {cell_type: "code", source: `+jsString(src)+`}); return m.cells.length - 1;`), &i)
	if err != nil {
		nb.lab.t.Fatal(err)
	}
	return i
}

// SetSource replaces the source of cell i.
func (nb *Notebook) SetSource(i int, src string) {
	if err := nb.lab.Eval(nb.js(fmt.Sprintf(`n.widgets[%d].model.sharedModel.setSource(%s); return true;`, i, jsString(src))), nil); err != nil {
		nb.lab.t.Fatal(err)
	}
}

// Start begins executing cell i through JupyterLab's notebook:run-cell
// command, as Shift+Enter does, and returns without waiting.
func (nb *Notebook) Start(i int) {
	nb.lab.t.Helper()
	js := nb.js(fmt.Sprintf(`
		if (%[1]d >= n.widgets.length) throw new Error("no cell %[1]d");
		jupyterapp.shell.activateById(p.id);
		n.deselectAll();
		n.activeCellIndex = %[1]d;
		window.__labtestRuns = window.__labtestRuns || {};
		const key = p.id + ":" + %[1]d;
		window.__labtestRuns[key] = "running";
		jupyterapp.commands.execute("notebook:run-cell").then(
			ok => { window.__labtestRuns[key] = ok === false ? "failed" : "done"; },
			e => { window.__labtestRuns[key] = "error: " + e; });
		return true;`, i))
	if err := nb.lab.Eval(js, nil); err != nil {
		nb.lab.t.Fatalf("running cell %d of %s: %v", i, nb.Path, err)
	}
}

// Run executes cell i and waits (up to a minute) until JupyterLab has its
// reply. A cell that raised an error still counts as run; read its outputs.
func (nb *Notebook) Run(i int) {
	nb.lab.t.Helper()
	nb.RunTimeout(i, time.Minute)
}

// RunTimeout is Run with a timeout.
func (nb *Notebook) RunTimeout(i int, d time.Duration) {
	nb.lab.t.Helper()
	nb.Start(i)
	key := nb.js(fmt.Sprintf(`return (window.__labtestRuns || {})[p.id + ":" + %d];`, i))
	if err := nb.lab.WaitJS(key+` !== "running"`, d); err != nil {
		nb.lab.t.Fatalf("cell %d of %s did not finish: %v\noutputs: %s", i, nb.Path, err, nb.OutputsJSON(i))
	}
}

// RunAll runs every cell in order, each waiting for the one before.
func (nb *Notebook) RunAll() {
	nb.lab.t.Helper()
	for i, n := 0, nb.Len(); i < n; i++ {
		nb.Run(i)
	}
}

// Output is one nbformat output of a cell.
type Output struct {
	OutputType string         `json:"output_type"`
	Name       string         `json:"name,omitempty"`
	Text       any            `json:"text,omitempty"`
	Data       map[string]any `json:"data,omitempty"`
	Metadata   map[string]any `json:"metadata,omitempty"`
	EName      string         `json:"ename,omitempty"`
	EValue     string         `json:"evalue,omitempty"`
	Traceback  []string       `json:"traceback,omitempty"`
}

// OutputsJSON returns the nbformat JSON of cell i's outputs as JupyterLab
// holds them.
func (nb *Notebook) OutputsJSON(i int) string {
	var s string
	if err := nb.lab.Eval(nb.js(fmt.Sprintf(`return JSON.stringify(n.widgets[%d].model.outputs.toJSON());`, i)), &s); err != nil {
		return "<" + err.Error() + ">"
	}
	return s
}

// Outputs returns cell i's outputs.
func (nb *Notebook) Outputs(i int) []Output {
	nb.lab.t.Helper()
	var outs []Output
	if err := json.Unmarshal([]byte(nb.OutputsJSON(i)), &outs); err != nil {
		nb.lab.t.Fatalf("outputs of cell %d: %v", i, err)
	}
	return outs
}

// Text returns cell i's stream outputs and text/plain results joined, and
// the "ENAME: EVALUE" of errors.
func (nb *Notebook) Text(i int) string {
	nb.lab.t.Helper()
	var b strings.Builder
	for _, o := range nb.Outputs(i) {
		switch o.OutputType {
		case "stream":
			b.WriteString(joinText(o.Text))
		case "execute_result", "display_data":
			if v, ok := o.Data["text/plain"]; ok {
				b.WriteString(joinText(v))
				b.WriteString("\n")
			}
		case "error":
			fmt.Fprintf(&b, "%s: %s\n", o.EName, o.EValue)
		}
	}
	return b.String()
}

// WaitText waits until cell i's Text contains want and returns the text.
func (nb *Notebook) WaitText(i int, want string, d time.Duration) string {
	nb.lab.t.Helper()
	deadline := time.Now().Add(d)
	for {
		got := nb.Text(i)
		if strings.Contains(got, want) {
			return got
		}
		if time.Now().After(deadline) {
			nb.lab.t.Fatalf("cell %d of %s: waited %v for output containing %q; outputs: %s", i, nb.Path, d, want, nb.OutputsJSON(i))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// OutputSelector returns a CSS selector of cell i's output area in the page,
// to query or click what the cell shows (marking the cells of the notebook
// with data-labtest-cell first).
func (nb *Notebook) OutputSelector(i int) string {
	return nb.CellSelector(i) + " .jp-Cell-outputArea"
}

// CellSelector returns a CSS selector of cell i in the page.
func (nb *Notebook) CellSelector(i int) string {
	nb.lab.t.Helper()
	var id string
	err := nb.lab.Eval(nb.js(`n.widgets.forEach((c, j) => { c.node.dataset.labtestCell = String(j); });
		if (!p.node.id) p.node.id = p.id; return p.node.id;`), &id)
	if err != nil {
		nb.lab.t.Fatal(err)
	}
	return fmt.Sprintf(`[id=%s] .jp-Cell[data-labtest-cell="%d"]`, jsString(id), i)
}

// RestartKernel restarts the notebook's kernel (no dialog) and waits until
// it is idle again.
func (nb *Notebook) RestartKernel() {
	nb.lab.t.Helper()
	if err := nb.lab.Eval(nb.js(`return p.sessionContext.session.kernel.restart().then(() => true);`), nil); err != nil {
		nb.lab.t.Fatalf("restarting the kernel of %s: %v", nb.Path, err)
	}
	nb.waitKernel(60 * time.Second)
}

// Save saves the notebook to disk (its outputs included).
func (nb *Notebook) Save() {
	nb.lab.t.Helper()
	if err := nb.lab.Eval(nb.js(`return p.context.save().then(() => true);`), nil); err != nil {
		nb.lab.t.Fatalf("saving %s: %v", nb.Path, err)
	}
}

// WaitKernel waits (after a page reload, say) until the notebook is open
// again and its kernel connected and idle.
func (nb *Notebook) WaitKernel(d time.Duration) {
	nb.lab.t.Helper()
	nb.waitKernel(d)
}

func joinText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		var b strings.Builder
		for _, s := range v {
			if s, ok := s.(string); ok {
				b.WriteString(s)
			}
		}
		return b.String()
	}
	return ""
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}
