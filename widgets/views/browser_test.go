package views

import (
	"context"
	"encoding/base64"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// chromiumPath is Debian's Chromium; the browser tests skip without it.
const chromiumPath = "/usr/bin/chromium"

var updateDocs = flag.Bool("docs", false, "write docs/explorer.png from the browser test's screenshot")

// artifactsDir is where browser tests save screenshots and pages (gitignored).
func artifactsDir(t *testing.T) string {
	dir := filepath.Join("..", "..", "build", "artifacts", "views")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// writePage writes an HTML page holding the outputs, laid out like
// notebook cells 900 px wide, as an exported notebook would show them.
func writePage(t *testing.T, path string, outputs ...string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>activis views test</title></head><body style=\"margin:16px\">\n")
	for i, o := range outputs {
		fmt.Fprintf(&b, "<div class=\"cell\" id=\"cell%d\" style=\"width:900px;margin-bottom:24px\">%s</div>\n", i, o)
	}
	b.WriteString("</body></html>\n")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// browser starts headless Chromium with no network-facing features.
func browser(t *testing.T) (context.Context, *events) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("browser test skipped: %s not found (apt-get install chromium)", chromiumPath)
	}
	// A fresh profile; removed after the browser has exited (t.TempDir's
	// own cleanup would race with Chromium's last writes).
	profile, err := os.MkdirTemp("", "activis-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
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
		chromedp.WindowSize(960, 1400),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 180*time.Second)
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
	ev := &events{}
	chromedp.ListenTarget(ctx, func(e any) {
		ev.mu.Lock()
		defer ev.mu.Unlock()
		switch e := e.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.APITypeError || e.Type == runtime.APITypeWarning {
				var parts []string
				for _, a := range e.Args {
					parts = append(parts, string(a.Value)+a.Description)
				}
				ev.console = append(ev.console, string(e.Type)+": "+strings.Join(parts, " "))
			}
		case *runtime.EventExceptionThrown:
			ev.console = append(ev.console, "exception: "+e.ExceptionDetails.Error())
		case *network.EventRequestWillBeSent:
			ev.requests = append(ev.requests, e.Request.URL)
		}
	})
	if err := chromedp.Run(ctx, network.Enable(), runtime.Enable()); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	return ctx, ev
}

type events struct {
	mu       sync.Mutex
	console  []string
	requests []string
}

func (e *events) check(t *testing.T, page string) {
	t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, c := range e.console {
		t.Errorf("console: %s", c)
	}
	for _, u := range e.requests {
		if u != page && !strings.HasPrefix(u, "data:") {
			t.Errorf("network request to %s (the views must make none)", u)
		}
	}
}

func attr(ctx context.Context, t *testing.T, sel, name string) string {
	t.Helper()
	var v string
	var ok bool
	if err := chromedp.Run(ctx, chromedp.AttributeValue(sel, name, &v, &ok, chromedp.ByQuery)); err != nil || !ok {
		t.Fatalf("attribute %s of %s: ok=%v err=%v", name, sel, ok, err)
	}
	return v
}

// settle waits until the box of sel has stayed the same for 100 ms (the
// views lay themselves out again when their container's size settles, so a
// click aimed at a box measured too early can miss), for at most 3 s.
func settle(ctx context.Context, t *testing.T, sel string) {
	t.Helper()
	var last [4]float64
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); {
		x, y, w, h := box(ctx, t, sel)
		cur := [4]float64{x, y, w, h}
		if cur == last {
			return
		}
		last = cur
		time.Sleep(100 * time.Millisecond)
	}
}

// click clicks the element sel once its layout has settled.
func click(ctx context.Context, t *testing.T, sel string) {
	t.Helper()
	settle(ctx, t, sel)
	if err := chromedp.Run(ctx, chromedp.Click(sel, chromedp.ByQuery)); err != nil {
		t.Fatalf("clicking %s: %v", sel, err)
	}
}

// changedAttr waits up to 3 s for attribute name of sel to differ from old
// (views redraw on the next animation frame) and returns its value then.
func changedAttr(ctx context.Context, t *testing.T, sel, name, old string) string {
	t.Helper()
	v := attr(ctx, t, sel, name)
	for deadline := time.Now().Add(3 * time.Second); v == old && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
		v = attr(ctx, t, sel, name)
	}
	return v
}

// center returns the page coordinates of a point inside an element, at
// fractions fx, fy of its box (plus offsets in pixels).
func box(ctx context.Context, t *testing.T, sel string) (x, y, w, h float64) {
	t.Helper()
	var r []float64
	js := fmt.Sprintf(`(() => { const r = document.querySelector(%q).getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()`, sel)
	if err := chromedp.Run(ctx, chromedp.Evaluate(js, &r)); err != nil || len(r) != 4 {
		t.Fatalf("box of %s: %v", sel, err)
	}
	return r[0], r[1], r[2], r[3]
}

// firstInstance returns the page coordinates of the centre of the first
// square in the instance panel inside scope (the panel publishes it as
// data-cell0, in canvas pixels, since the square size follows the width).
func firstInstance(ctx context.Context, t *testing.T, scope string) (x, y float64) {
	t.Helper()
	x0, y0, _, _ := box(ctx, t, scope+` .av-inst-canvas`)
	var cx, cy float64
	if _, err := fmt.Sscanf(attr(ctx, t, scope+` [data-activis-view="instances"]`, "data-cell0"), "%g,%g", &cx, &cy); err != nil {
		t.Fatalf("instance panel in %s publishes no first square: %v", scope, err)
	}
	return x0 + cx, y0 + cy
}

func screenshot(ctx context.Context, t *testing.T, path string) []byte {
	t.Helper()
	var png []byte
	if err := chromedp.Run(ctx, chromedp.FullScreenshot(&png, 100)); err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	return png
}

func TestBrowserViews(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	ex, ds := realExplorer(t)
	full := All(ex).WithDataset(ds).Render()
	single := Matrix(ex).Render()
	dir := artifactsDir(t)
	page, err := filepath.Abs(filepath.Join(dir, "views.html"))
	if err != nil {
		t.Fatal(err)
	}
	writePage(t, page, full.Data["text/html"].(string), single.Data["text/html"].(string))
	url := "file://" + page
	ctx, ev := browser(t)
	if err := chromedp.Run(ctx, chromedp.Navigate(url), chromedp.WaitVisible(`#cell0 [data-activis-view="instances"]`, chromedp.ByQuery)); err != nil {
		t.Fatalf("loading %s: %v", url, err)
	}
	root := `#cell0 .activis-root`
	if got := attr(ctx, t, root, "data-activis-ready"); got != "1" {
		t.Fatalf("first output not mounted")
	}
	if got := attr(ctx, t, `#cell1 .activis-root`, "data-activis-ready"); got != "1" {
		t.Fatalf("second output (reusing the bundle) not mounted")
	}
	var n int
	if err := chromedp.Run(ctx, chromedp.Evaluate(`document.querySelectorAll("script").length`, &n)); err != nil || n != 4 {
		t.Errorf("page has %d scripts, want 4 (hostile data must not add any): %v", n, err)
	}
	for _, v := range []string{"graph", "matrix", "projection", "instances"} {
		sel := fmt.Sprintf(`#cell0 [data-activis-view=%q]`, v)
		var w float64
		if err := chromedp.Run(ctx, chromedp.Evaluate(fmt.Sprintf(`document.querySelector(%q).getBoundingClientRect().height`, sel), &w)); err != nil || w < 40 {
			t.Errorf("view %s not rendered (height %v, %v)", v, w, err)
		}
	}
	if got := attr(ctx, t, `#cell1 .av-app`, "data-activis-kind"); got != "matrix" {
		t.Errorf("single view output shows %q", got)
	}
	// Hostile strings show as text.
	var pwned bool
	var labelText string
	if err := chromedp.Run(ctx,
		chromedp.Evaluate(`window.__pwned !== undefined || !!document.querySelector('img[src="x"]')`, &pwned),
		chromedp.Evaluate(`[...document.querySelectorAll('#cell0 .av-rowname')].map(e => e.textContent).join("\n")`, &labelText),
	); err != nil {
		t.Fatal(err)
	}
	if pwned {
		t.Errorf("hostile data ran as markup")
	}
	if !strings.Contains(labelText, evilScript) || !strings.Contains(labelText, evilAttr) {
		t.Errorf("hostile class names not shown as text; labels:\n%s", labelText)
	}

	// Clicking a data node changes the matrix columns.
	matrix := `#cell0 [data-activis-view="matrix"]`
	before := attr(ctx, t, matrix, "data-columns")
	click(ctx, t, `#cell0 g.av-data[data-layer="/fc1/Gemm_output_0"]`)
	if after := changedAttr(ctx, t, matrix, "data-columns", before); before != "128" || after != "64" {
		t.Errorf("matrix columns %s → %s after clicking the fc1 data node, want 128 → 64", before, after)
	}
	if got := attr(ctx, t, `#cell0 [data-activis-view="projection"]`, "data-layer"); got != "/fc1/Gemm_output_0" {
		t.Errorf("projection shows layer %q after the click", got)
	}

	// Clicking an instance adds a matrix row.
	rows0 := attr(ctx, t, matrix, "data-rows")
	settle(ctx, t, `#cell0 .av-inst-canvas`)
	x, y := firstInstance(ctx, t, `#cell0`)
	if err := chromedp.Run(ctx, chromedp.MouseClickXY(x, y)); err != nil {
		t.Fatal(err)
	}
	rows1 := changedAttr(ctx, t, matrix, "data-rows", rows0)
	var thumb bool
	x, y = firstInstance(ctx, t, `#cell0`) // the new row moved the panel down
	if err := chromedp.Run(ctx, chromedp.MouseEvent(input.MouseMoved, x+1, y),
		chromedp.Evaluate(`!!document.querySelector('#cell0 .av-tip canvas.av-thumb') && getComputedStyle(document.querySelector('#cell0 .av-tip')).display !== "none"`, &thumb)); err != nil {
		t.Fatal(err)
	}
	if !thumb {
		t.Errorf("hovering an instance shows no thumbnail")
	}
	if rows1 == rows0 {
		t.Errorf("clicking an instance left the matrix at %s rows", rows0)
	}
	var instRows int
	if err := chromedp.Run(ctx, chromedp.Evaluate(`document.querySelectorAll('#cell0 .av-row[data-key^="c:"]').length`, &instRows)); err != nil || instRows != 1 {
		t.Errorf("view rows after click: %d (%v)", instRows, err)
	}

	// A lasso selection creates a subset row.
	if err := chromedp.Run(ctx, chromedp.Click(`#cell0 button[data-tool="lasso"]`, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	px, py, pw, ph := box(ctx, t, `#cell0 .av-proj-canvas`)
	poly := [][2]float64{{0.05, 0.05}, {0.5, 0.05}, {0.5, 0.95}, {0.05, 0.95}}
	var acts []chromedp.Action
	acts = append(acts, chromedp.MouseEvent(input.MousePressed, px+poly[0][0]*pw, py+poly[0][1]*ph, chromedp.ButtonLeft))
	for _, p := range poly[1:] {
		acts = append(acts, chromedp.MouseEvent(input.MouseMoved, px+p[0]*pw, py+p[1]*ph, chromedp.ButtonLeft))
	}
	acts = append(acts, chromedp.MouseEvent(input.MouseReleased, px+poly[3][0]*pw, py+poly[3][1]*ph, chromedp.ButtonLeft))
	if err := chromedp.Run(ctx, acts...); err != nil {
		t.Fatal(err)
	}
	var lassoRow string
	if err := chromedp.Run(ctx, chromedp.Evaluate(`(document.querySelector('#cell0 .av-row[data-row="lasso 1"] .av-rowname') || {}).textContent || ""`, &lassoRow)); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(lassoRow, "lasso 1 (") {
		t.Errorf("no lasso subset row (got %q); rows now %s", lassoRow, attr(ctx, t, matrix, "data-rows"))
	}
	// Hovering a point shows its thumbnail.
	if err := chromedp.Run(ctx, chromedp.Click(`#cell0 button[data-tool="pan"]`, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	shot := screenshot(ctx, t, filepath.Join(dir, "views-light.png"))
	if *updateDocs {
		if err := os.WriteFile(filepath.Join("..", "..", "docs", "explorer.png"), shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Run(ctx, emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}})); err != nil {
		t.Fatal(err)
	}
	screenshot(ctx, t, filepath.Join(dir, "views-dark.png"))
	ev.check(t, url)
	_ = base64.StdEncoding
}

// TestBrowserTenThousandPoints embeds 10,000 points and reports, from the
// page, how long mounting all four views and one zoom repaint of the
// projection take (logged, not asserted: timing on a shared machine is no
// pass/fail criterion; issue 5 asks for under 1 s).
func TestBrowserTenThousandPoints(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	f := newFixture(t, 10000, fashion[:], []fixtureLayer{{"fc", 32, true}, {"out", 10, false}}, false)
	v := View{src: f, kind: kindAll, Options: Options{MaxPoints: 10000}}
	o := &output{src: v.src, kind: v.kind, id: newDisplayID(), opt: v.Options}
	b := o.render()
	dir := artifactsDir(t)
	page, _ := filepath.Abs(filepath.Join(dir, "views-10k.html"))
	writePage(t, page, b.Data["text/html"].(string))
	ctx, ev := browser(t)
	var res []float64
	js := `(() => {
	  const src = document.querySelector('.activis-root');
	  const c = document.createElement('div');
	  c.className = 'activis-root';
	  c.style.width = '900px';
	  c.append(src.querySelector('script.activis-data').cloneNode(true));
	  document.body.append(c);
	  const t0 = performance.now();
	  window.ActiVis.mount(c);
	  const t1 = performance.now();
	  const cv = c.querySelector('.av-proj-canvas');
	  cv.dispatchEvent(new KeyboardEvent('keydown', { key: '+', bubbles: true }));
	  const t2 = performance.now();
	  return [t1 - t0, t2 - t1, +c.querySelector('[data-activis-view="projection"]').getAttribute('data-points')];
	})()`
	if err := chromedp.Run(ctx, chromedp.Navigate("file://"+page),
		chromedp.WaitVisible(`[data-activis-view="projection"]`, chromedp.ByQuery),
		chromedp.Evaluate(js, &res)); err != nil {
		t.Fatal(err)
	}
	if len(res) != 3 || res[2] != 10000 {
		t.Fatalf("projection drew %v points, want 10000", res)
	}
	t.Logf("10,000 points: mount of the four views %.0f ms, zoom repaint %.1f ms; output %.2f MB", res[0], res[1], float64(len(b.Data["text/html"].(string)))/1e6)
	ev.check(t, "file://"+page)
}
