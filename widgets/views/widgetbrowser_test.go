package views

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// bufferPaths lists the paths of the []byte values in a widget state, as
// the widget protocol's buffer_paths.
func bufferPaths(v any, path []any, out *[][]any) {
	switch x := v.(type) {
	case []byte:
		*out = append(*out, append([]any(nil), path...))
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			bufferPaths(x[k], append(path, k), out)
		}
	case []any:
		for i, e := range x {
			bufferPaths(e, append(path, i), out)
		}
	}
}

// widgetJSON encodes a widget state for the test page: JSON (buffers as
// base64, which the page turns into DataViews at their paths, as the
// widget manager does) plus the paths.
func widgetJSON(t *testing.T, st map[string]any) string {
	t.Helper()
	var paths [][]any
	bufferPaths(st, nil, &paths)
	js, err := json.Marshal(map[string]any{"state": st, "buffer_paths": paths})
	if err != nil {
		t.Fatal(err)
	}
	return string(js)
}

// widgetPage is a page that loads the views' ES module the way anywidget
// does (import() of a blob URL) and renders it with a model shaped like
// anywidget's (get, set, on, off, send, save_changes). The page records
// what the views send (window.__sent) and applies states the test gives
// it (window.__setState).
const widgetPage = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>activis widget test</title></head>
<body style="margin:16px"><div id="w" style="width:900px"></div>
<script type="text/plain" id="esm">%s</script>
<script type="application/json" id="state0">%s</script>
<script>
function withBuffers(msg) {
  const st = msg.state;
  for (const p of msg.buffer_paths) {
    let o = st;
    for (let i = 0; i < p.length - 1; i++) o = o[p[i]];
    const bin = atob(o[p[p.length - 1]]);
    const b = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) b[i] = bin.charCodeAt(i);
    o[p[p.length - 1]] = new DataView(b.buffer);
  }
  return st;
}
const state = withBuffers(JSON.parse(document.getElementById("state0").textContent));
const listeners = {};
window.__sent = [];
const model = {
  get: (k) => state[k],
  set: (k, v) => { state[k] = v; },
  save_changes() {},
  send: (m) => window.__sent.push(m),
  on: (ev, fn) => { (listeners[ev] = listeners[ev] || []).push(fn); },
  off: (ev, fn) => { listeners[ev] = (listeners[ev] || []).filter((f) => f !== fn); },
};
window.__setState = (json) => {
  const st = withBuffers(JSON.parse(json));
  window.__t0 = performance.now();
  for (const k of Object.keys(st)) { state[k] = st[k]; for (const fn of listeners["change:" + k] || []) fn(); }
};
window.__reply = (m) => { for (const fn of listeners["msg:custom"] || []) fn(m, []); };
const url = URL.createObjectURL(new Blob([document.getElementById("esm").textContent], { type: "text/javascript" }));
// As the widget manager does, render into an element attached to the page later.
import(url).then((mod) => { const el = document.createElement("div"); window.__cleanup = mod.default.render({ model, el });
  setTimeout(() => { document.getElementById("w").append(el); window.__rendered = true; }, 50); })
  .catch((e) => { window.__error = String(e); console.error(e); });
</script></body></html>`

// TestBrowserWidget renders the widget's ES module in Chromium with an
// anywidget-shaped model and checks the live loop without a kernel: the
// data-activis-* hooks, a click sends the instance (twice: one row), a
// lasso sends the points inside it, and a new state from the kernel adds
// the kernel's row in place while the view's rows, sort and zoom stay.
func TestBrowserWidget(t *testing.T) {
	f := smallFixture(t)
	p, err := buildPayload(f.d, Options{}, kindAll, "")
	if err != nil {
		t.Fatal(err)
	}
	ctx, ev, pageURL := openWidgetPage(t, p, "widget.html")
	if err := chromedp.Run(ctx, chromedp.Navigate(pageURL),
		chromedp.Poll(`window.__rendered === true && !!document.querySelector('#w .activis-root[data-activis-ready="1"] .av-row') && !!document.querySelector('#w [data-activis-view="projection"] [data-activis-instance]')`, nil, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		var e string
		_ = chromedp.Run(ctx, chromedp.Evaluate(`String(window.__error || "")`, &e))
		t.Fatalf("widget did not render: %v %s", err, e)
	}
	eval := func(js string, out any) {
		t.Helper()
		if err := chromedp.Run(ctx, chromedp.Evaluate(js, out)); err != nil {
			t.Fatalf("%s: %v", js, err)
		}
	}
	var n struct{ Views, Inst, Proj, Rows int }
	eval(`({views: document.querySelectorAll('#w [data-activis-view]').length,
	  inst: document.querySelectorAll('#w [data-activis-view="instances"] [data-activis-instance]').length,
	  proj: document.querySelectorAll('#w [data-activis-view="projection"] [data-activis-instance]').length,
	  rows: document.querySelectorAll('#w [data-activis-row]').length})`, &n)
	if n.Views != 4 || n.Inst != len(p.Points.Index) || n.Proj == 0 || n.Rows != len(p.Layers[0].Rows) {
		t.Errorf("hooks: %+v; want 4 views, %d instances, projected points, %d rows", n, len(p.Points.Index), len(p.Layers[0].Rows))
	}

	// Click an instance twice (found by its hook): one row, named by its id; the kernel hears of it.
	settle(ctx, t, `#w [data-activis-view="instances"] canvas`)
	var hook struct {
		X, Y  float64
		Index int
	}
	eval(`(() => { const e = document.querySelector('#w [data-activis-view="instances"] [data-activis-instance]'); const r = e.getBoundingClientRect();
	  return {x: r.left + r.width / 2, y: r.top + r.height / 2, index: +e.getAttribute('data-activis-instance')}; })()`, &hook)
	rows0 := n.Rows
	for range 2 {
		if err := chromedp.Run(ctx, chromedp.MouseClickXY(hook.X, hook.Y)); err != nil {
			t.Fatal(err)
		}
	}
	var rowNames []string
	eval(`[...document.querySelectorAll('#w [data-activis-row]')].map((e) => e.getAttribute('data-activis-row'))`, &rowNames)
	want := f.d.Instances.IDs[hook.Index]
	if len(rowNames) != rows0+1 || !contains(rowNames, want) {
		t.Errorf("after two clicks on instance %d: rows %v, want one new row %q", hook.Index, rowNames, want)
	}
	var sent []map[string]any
	eval(`window.__sent`, &sent)
	if len(sent) < 2 || sent[0]["type"] != "select" || sent[1]["type"] != "instance" || sent[1]["index"] != float64(hook.Index) {
		t.Errorf("sent %v", sent)
	}

	// The user sorts by index and zooms the projection.
	if err := chromedp.Run(ctx, chromedp.SetValue(`#w [data-activis-view="matrix"] select[aria-label="order neurons by"]`, "index", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector('#w [data-activis-view="matrix"] select[aria-label="order neurons by"]').dispatchEvent(new Event('change'))`, nil),
		chromedp.Focus(`#w .av-proj-canvas`, chromedp.ByQuery), chromedp.KeyEvent("+")); err != nil {
		t.Fatal(err)
	}
	zoom0 := changedAttr(ctx, t, `#w [data-activis-view="projection"]`, "data-zoom", "1.000,0.0,0.0")
	if strings.HasPrefix(zoom0, "1.000,") {
		t.Errorf("zoom did not change: %s", zoom0)
	}

	// A lasso over the left half: the kernel is sent exactly the points inside.
	if err := chromedp.Run(ctx, chromedp.Click(`#w button[data-tool="lasso"]`, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	// The hooks follow a zoom one animation frame after the points are
	// drawn: read them once the layout is still and two frames have passed.
	settle(ctx, t, `#w .av-proj-canvas`)
	nextFrames(ctx, t)
	px, py, pw, ph := box(ctx, t, `#w .av-proj-canvas`)
	poly := [][2]float64{{0.02, 0.02}, {0.5, 0.02}, {0.5, 0.98}, {0.02, 0.98}}
	var inside []int
	eval(fmt.Sprintf(`[...document.querySelectorAll('#w [data-activis-view="projection"] [data-activis-instance]')].filter((e) => {
	  const r = e.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
	  return x > %f && x < %f && y > %f && y < %f; }).map((e) => +e.getAttribute('data-activis-instance')).sort((a, b) => a - b)`,
		px+0.02*pw+1, px+0.5*pw-1, py+0.02*ph+1, py+0.98*ph-1), &inside)
	acts := []chromedp.Action{chromedp.MouseEvent(input.MousePressed, px+poly[0][0]*pw, py+poly[0][1]*ph, chromedp.ButtonLeft)}
	for _, q := range poly[1:] {
		acts = append(acts, chromedp.MouseEvent(input.MouseMoved, px+q[0]*pw, py+q[1]*ph, chromedp.ButtonLeft))
	}
	acts = append(acts, chromedp.MouseEvent(input.MouseReleased, px+poly[3][0]*pw, py+poly[3][1]*ph, chromedp.ButtonLeft))
	if err := chromedp.Run(ctx, acts...); err != nil {
		t.Fatal(err)
	}
	var lassoSent []float64
	eval(`(() => { const s = window.__sent.filter((m) => m.type === "select"); return s[s.length - 1].indices.slice().sort((a, b) => a - b); })()`, &lassoSent)
	if len(inside) == 0 || fmt.Sprint(lassoSent) != fmt.Sprint(inside) {
		t.Errorf("lasso sent %d indices, %d hooks inside the polygon", len(lassoSent), len(inside))
	}

	// The kernel adds a subset: a new state, applied in place.
	if err := f.addSubset("odd"); err != nil {
		t.Fatal(err)
	}
	p2, err := buildPayload(f.d, Options{}, kindAll, "")
	if err != nil {
		t.Fatal(err)
	}
	st2, err := widgetState(p2)
	if err != nil {
		t.Fatal(err)
	}
	js, _ := json.Marshal(widgetJSON(t, st2))
	if err := chromedp.Run(ctx, chromedp.Evaluate(`window.__setState(`+string(js)+`)`, nil),
		chromedp.Poll(`!!document.querySelector('#w [data-activis-row="odd"]')`, nil, chromedp.WithPollingTimeout(2*time.Second))); err != nil {
		t.Fatalf("the kernel's row did not appear within 2 s: %v", err)
	}
	var ms float64
	eval(`performance.now() - window.__t0`, &ms)
	t.Logf("state update → row shown: %.0f ms (upper bound; payload %d points, %d layers)", ms, len(p2.Points.Index), len(p2.Layers))
	var after struct {
		Rows        []string
		Sort, Zoom  string
		Lasso, Same bool
	}
	eval(`({rows: [...document.querySelectorAll('#w [data-activis-row]')].map((e) => e.getAttribute('data-activis-row')),
	  sort: document.querySelector('#w [data-activis-view="matrix"] select[aria-label="order neurons by"]').value,
	  zoom: document.querySelector('#w [data-activis-view="projection"]').getAttribute('data-zoom'),
	  lasso: !!document.querySelector('#w [data-activis-row="lasso 1"]'),
	  same: !!document.querySelector('#w .activis-root[data-activis-ready="1"]')})`, &after)
	if !contains(after.Rows, want) || !after.Lasso || after.Sort != "index" || after.Zoom != zoom0 || !after.Same {
		t.Errorf("after the kernel's update: %+v; want the clicked row %q, the lasso row, sort index, zoom %s", after, want, zoom0)
	}
	// The kernel's reply shows in the status line.
	eval(`window.__reply({type: "error", message: "subset \"x\": <b>unknown</b>"}), document.querySelector('#w .av-msg').textContent`, &after.Sort)
	if !strings.Contains(after.Sort, "<b>unknown</b>") {
		t.Errorf("status line %q (the kernel's message as text)", after.Sort)
	}
	ev.checkWidget(t, pageURL)
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// nextFrames returns after the page has drawn two more animation frames, so
// that work a view scheduled for its next frame (hook placement) is done.
func nextFrames(ctx context.Context, t *testing.T) {
	t.Helper()
	var done bool
	js := `new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`
	if err := chromedp.Run(ctx, chromedp.Evaluate(js, &done, func(p *cdpruntime.EvaluateParams) *cdpruntime.EvaluateParams {
		return p.WithAwaitPromise(true)
	})); err != nil || !done {
		t.Fatalf("waiting for two animation frames: %v", err)
	}
}

// openWidgetPage writes a page (build/artifacts/views/file) that renders
// payload p, live, through the views' ES module as anywidget would, and
// opens a browser for it; it returns the browser, its recorded events and
// the page's URL (not yet navigated to).
func openWidgetPage(t *testing.T, p *payload, file string) (context.Context, *events, string) {
	t.Helper()
	p.Live = true
	st, err := widgetState(p)
	if err != nil {
		t.Fatal(err)
	}
	pageURL := writeWidgetPage(t, widgetJSON(t, st), file)
	ctx, ev := browser(t)
	return ctx, ev, pageURL
}

// writeWidgetPage writes widgetPage with the model state stateJSON to
// build/artifacts/views/file and returns its URL.
func writeWidgetPage(t *testing.T, stateJSON, file string) string {
	t.Helper()
	esm := strings.ReplaceAll(moduleJS, "</script", `<\/script`)
	page := filepath.Join(artifactsDir(t), file)
	if err := os.WriteFile(page, []byte(fmt.Sprintf(widgetPage, esm, stateJSON)), 0o644); err != nil {
		t.Fatal(err)
	}
	return "file://" + mustAbs(t, page)
}

// pagePollers returns, for the widget test page in ctx, poll (waits up to d
// for js to be true, failing the test with what, the page's error and the
// view's message) and eval (evaluates js into out, failing on an error).
func pagePollers(t *testing.T, ctx context.Context) (poll func(what, js string, d time.Duration), eval func(js string, out any)) {
	poll = func(what, js string, d time.Duration) {
		t.Helper()
		if err := chromedp.Run(ctx, chromedp.Poll(js, nil, chromedp.WithPollingTimeout(d))); err != nil {
			var e string
			_ = chromedp.Run(ctx, chromedp.Evaluate(`String(window.__error || "") + " | " + (document.querySelector('#w .av-msg') || {}).textContent`, &e))
			t.Fatalf("%s: %v (%s)", what, err, e)
		}
	}
	eval = func(js string, out any) {
		t.Helper()
		if err := chromedp.Run(ctx, chromedp.Evaluate(js, out)); err != nil {
			t.Fatalf("%s: %v", js, err)
		}
	}
	return poll, eval
}

// checkWidget is check for a widget test page, whose own import of the
// views' module is a blob: URL, as anywidget's is: those requests are
// dropped first, everything else is checked as check does.
func (e *events) checkWidget(t *testing.T, page string) {
	t.Helper()
	e.mu.Lock()
	kept := e.requests[:0]
	for _, u := range e.requests {
		if !strings.HasPrefix(u, "blob:") {
			kept = append(kept, u)
		}
	}
	e.requests = kept
	e.mu.Unlock()
	e.check(t, page)
}
