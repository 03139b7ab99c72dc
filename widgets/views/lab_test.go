package views

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/activis-go/activis/widgets/internal/labtest"
)

// notebookCells returns the sources of the code cells of a notebook.
func notebookCells(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var nb struct {
		Cells []struct {
			CellType string   `json:"cell_type"`
			Source   []string `json:"source"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range nb.Cells {
		if c.CellType == "code" {
			out = append(out, strings.Join(c.Source, ""))
		}
	}
	return out
}

// TestLabExplorer runs notebook 01's explorer in a real JupyterLab 4.6 and
// closes ActiVis's loop through the widget: a lasso reaches ex.Selection(),
// a click adds exactly one row (in the kernel too), a later AddSubset shows
// in the view displayed earlier within 2 s while the rows, sort and zoom
// the user set stay; a page reload brings the widget back from the kernel;
// a kernel restart raises no exception in the page.
func TestLabExplorer(t *testing.T) {
	if testing.Short() {
		t.Skip("JupyterLab test")
	}
	if _, err := os.Stat("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"); err != nil {
		t.Skip("dataset-fashion-mnist not installed")
	}
	lab := labtest.Start(t, labtest.Options{Height: 1400, Timeout: 12 * time.Minute})
	data, err := filepath.Abs("../../notebooks/data")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(data, filepath.Join(lab.Root, "data")); err != nil {
		t.Fatal(err)
	}
	// Notebook 01 up to its explorer: imports, model, data and run, explorer.
	src := notebookCells(t, "../../notebooks/01-quickstart.ipynb")
	var cells []string
	for _, c := range src {
		cells = append(cells, c)
		if strings.HasPrefix(strings.TrimSpace(c), "ex := activis.NewExplorer") {
			break
		}
	}
	nb := lab.Open("explorer.ipynb", cells...)
	for i := range len(cells) - 1 {
		nb.RunTimeout(i, 3*time.Minute)
	}
	exCell := len(cells) - 1
	start := time.Now()
	nb.Run(exCell)
	out := nb.OutputSelector(exCell)
	root := out + ` .activis-root[data-activis-widget="1"][data-activis-ready="1"]`
	if !strings.Contains(nb.OutputsJSON(exCell), WidgetMIME) {
		t.Skipf("the kernel shows the explorer without a widget (no %s in its output): the kernel does not call views.Host.SetWidgets yet", WidgetMIME)
	}
	// JupyterLab 4 renders only the cells near the viewport: bring the
	// explorer's cell there.
	show := func(i int) {
		t.Helper()
		if err := lab.Eval(fmt.Sprintf(`(() => { const p = [...jupyterapp.shell.widgets("main")].find((w) => w.content && w.content.scrollToItem); return p ? p.content.scrollToItem(%d, "start").then(() => true) : false; })()`, i), nil); err != nil {
			t.Logf("scrolling to cell %d: %v", i, err)
		}
	}
	show(exCell)
	if err := lab.WaitFor(root+` [data-activis-row]`, 30*time.Second); err != nil {
		var dom string
		_ = lab.Eval(`[...document.querySelectorAll(".activis-root")].map((e) => [...e.attributes].map((a) => a.name + "=" + a.value.slice(0, 40)).join(" ") + " rows " + e.querySelectorAll("[data-activis-row]").length + " msg " + [...e.querySelectorAll(".av-error, .av-msg")].map((m) => m.textContent).join(" | ") + " in cell " + (e.closest(".jp-Cell") || {dataset: {}}).dataset.labtestCell).join("\n")`, &dom)
		var errText string
		_ = lab.Eval(`[...document.querySelectorAll(".av-error")].map((e) => e.textContent).join(" | ")`, &errText)
		t.Fatalf("explorer widget not shown: %v\nviews in the page:\n%s\nerrors shown: %s\nconsole: %q", err, dom, errText, lab.ConsoleErrors())
	}
	t.Logf("cell run → widget visible: %v", time.Since(start))
	ctx := lab.Browser()
	eval := func(js string, v any) {
		t.Helper()
		if err := lab.Eval(js, v); err != nil {
			t.Fatalf("%s: %v", js, err)
		}
	}
	q := func(sel string) string { return strconv.Quote(sel) }
	rows := func() []string {
		var r []string
		eval(`[...document.querySelectorAll(`+q(root+` [data-activis-row]`)+`)].map((e) => e.getAttribute("data-activis-row"))`, &r)
		return r
	}
	cell := func(code string) string {
		i := nb.Append(code)
		nb.Run(i)
		return nb.Text(i)
	}
	cell("import \"time\"\nvar selAt int64\ncancelSel := ex.OnSelect(func(idx []int) { selAt = time.Now().UnixNano() })\n_ = cancelSel")

	// Lasso the left half of the projection: Selection() is the points inside.
	proj := root + ` [data-activis-view="projection"]`
	if err := lab.Click(proj + ` button[data-tool="lasso"]`); err != nil {
		t.Fatal(err)
	}
	var bx []float64
	eval(`(() => { const r = document.querySelector(`+q(proj+` canvas`)+`).getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()`, &bx)
	px, py, pw, ph := bx[0], bx[1], bx[2], bx[3]
	var inside []int
	eval(fmt.Sprintf(`[...document.querySelectorAll(%s)].filter((e) => { const r = e.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
	  return x > %f && x < %f && y > %f && y < %f; }).map((e) => +e.getAttribute("data-activis-instance")).sort((a, b) => a - b)`,
		q(proj+` [data-activis-instance]`), px+0.02*pw, px+0.5*pw, py+0.02*ph, py+0.98*ph), &inside)
	poly := [][2]float64{{0.02, 0.02}, {0.5, 0.02}, {0.5, 0.98}, {0.02, 0.98}}
	acts := []chromedp.Action{chromedp.MouseEvent(input.MousePressed, px+poly[0][0]*pw, py+poly[0][1]*ph, chromedp.ButtonLeft)}
	for _, p := range poly[1:] {
		acts = append(acts, chromedp.MouseEvent(input.MouseMoved, px+p[0]*pw, py+p[1]*ph, chromedp.ButtonLeft))
	}
	acts = append(acts, chromedp.MouseEvent(input.MouseReleased, px+poly[3][0]*pw, py+poly[3][1]*ph, chromedp.ButtonLeft))
	if err := chromedp.Run(ctx, acts...); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	sort.Ints(inside)
	if got, want := strings.TrimSpace(cell("fmt.Println(ex.Selection())")), fmt.Sprint(inside); len(inside) == 0 || got != want {
		t.Errorf("after the lasso ex.Selection() = %.200s, the %d points inside are %.200s", got, len(inside), want)
	}

	// Click an instance (twice): exactly one new row, in the view and the kernel.
	if err := lab.Click(proj + ` button[data-tool="pan"]`); err != nil {
		t.Fatal(err)
	}
	inst := root + ` [data-activis-view="instances"] [data-activis-instance]`
	var hook struct {
		X, Y  float64
		Index int
	}
	eval(`(() => { const e = document.querySelectorAll(`+q(inst)+`)[5]; const r = e.getBoundingClientRect(); e.scrollIntoView({block: "center"});
	  const s = e.getBoundingClientRect(); return {x: s.left + s.width / 2, y: s.top + s.height / 2, index: +e.getAttribute("data-activis-instance")}; })()`, &hook)
	before := rows()
	clickAt := time.Now()
	if err := lab.ClickXY(hook.X, hook.Y); err != nil {
		t.Fatal(err)
	}
	if err := lab.WaitJS(`document.querySelectorAll(`+q(root+` [data-activis-row]`)+`).length > `+strconv.Itoa(len(before)), 5*time.Second); err != nil {
		t.Fatalf("the click added no row: %v", err)
	}
	if err := lab.ClickXY(hook.X, hook.Y); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	after := rows()
	if len(after) != len(before)+1 {
		t.Errorf("two clicks on instance %d: rows %v → %v, want exactly one new", hook.Index, before, after)
	}
	if at := strings.TrimSpace(cell("fmt.Println(selAt)")); at != "" {
		if ns, err := strconv.ParseInt(at, 10, 64); err == nil && ns > 0 {
			t.Logf("view click → kernel sees it (OnSelect): %v", time.Unix(0, ns).Sub(clickAt))
		}
	}
	kernelRows := cell("fmt.Printf(\"%q\\n\", ex.Rows())")
	for _, r := range after {
		if !strings.Contains(kernelRows, strconv.Quote(r)) && !strings.HasPrefix(r, "lasso ") {
			t.Errorf("view row %q is not a kernel row (ex.Rows() = %s)", r, kernelRows)
		}
	}

	// The user sorts by index and zooms the projection.
	mat := root + ` [data-activis-view="matrix"] select[aria-label="order neurons by"]`
	eval(`(() => { const s = document.querySelector(`+q(mat)+`); s.value = "index"; s.dispatchEvent(new Event("change")); return true; })()`, nil)
	if err := chromedp.Run(ctx, chromedp.Focus(proj+` canvas`, chromedp.ByQuery), chromedp.KeyEvent("+")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	var zoom string
	eval(`document.querySelector(`+q(proj)+`).getAttribute("data-zoom")`, &zoom)

	// A later cell adds a subset: the row appears in the view above within 2 s.
	i := nb.Append("err = ex.AddSubset(\"wrong bags\", `label == \"Bag\" && predicted != label`)\nfmt.Println(err)")
	t0 := time.Now()
	nb.Start(i)
	if err := lab.WaitFor(root+` [data-activis-row="wrong bags"]`, 2*time.Second); err != nil {
		t.Errorf("AddSubset's row not in the view within 2 s: %v", err)
	} else {
		t.Logf("kernel change (AddSubset) → view updated: %v", time.Since(t0))
	}
	// It came as a rows_delta (not the whole payload) and was applied.
	var delta string
	eval(`document.querySelector(`+q(root)+`).getAttribute("data-activis-delta")`, &delta)
	if delta != "applied" {
		t.Errorf("AddSubset's row: data-activis-delta = %q, want \"applied\" (a rows_delta applied by the view)", delta)
	}
	var kept struct {
		Sort, Zoom string
		Lasso      bool
		Rows       []string
	}
	eval(`({sort: document.querySelector(`+q(mat)+`).value, zoom: document.querySelector(`+q(proj)+`).getAttribute("data-zoom"),
	  lasso: !!document.querySelector(`+q(root+` [data-activis-row="lasso 1"]`)+`),
	  rows: [...document.querySelectorAll(`+q(root+` [data-activis-row]`)+`)].map((e) => e.getAttribute("data-activis-row"))})`, &kept)
	if kept.Sort != "index" || kept.Zoom != zoom || strings.HasPrefix(zoom, "1.000,") || !kept.Lasso {
		t.Errorf("after AddSubset: sort %q (want index), zoom %q (want %q), lasso row %v", kept.Sort, kept.Zoom, zoom, kept.Lasso)
	}
	for _, r := range after {
		if !contains(kept.Rows, r) {
			t.Errorf("row %q gone after AddSubset (rows %v)", r, kept.Rows)
		}
	}
	// Click the first suggested subset: the kernel adds it over all instances.
	sugg := root + ` [data-activis-suggestion]`
	if err := lab.WaitFor(sugg, 5*time.Second); err != nil {
		t.Errorf("no suggested subsets beside the matrix: %v", err)
	} else {
		var sg struct {
			X, Y float64
			Name string
		}
		eval(`(() => { const e = document.querySelector(`+q(sugg)+`); e.scrollIntoView({block: "center"}); const r = e.getBoundingClientRect();
		  return {x: r.left + r.width / 2, y: r.top + 8, name: e.getAttribute("data-activis-suggestion")}; })()`, &sg)
		t1 := time.Now()
		if err := lab.ClickXY(sg.X, sg.Y); err != nil {
			t.Fatal(err)
		}
		if err := lab.WaitJS(`[...document.querySelectorAll(`+q(root+` [data-activis-row]`)+`)].some((e) => e.getAttribute("data-activis-row") === `+strconv.Quote(sg.Name)+`)`, 10*time.Second); err != nil {
			t.Errorf("clicking the suggestion %q added no row: %v", sg.Name, err)
		} else {
			t.Logf("suggestion click → row in the view: %v", time.Since(t1))
		}
		if kr := cell("fmt.Printf(\"%q\\n\", ex.Rows())"); !strings.Contains(kr, strconv.Quote(sg.Name)) {
			t.Errorf("suggestion %q is not a kernel row (ex.Rows() = %s)", sg.Name, kr)
		}
	}
	// Attribution: the instance clicked above has its occlusion map over
	// the image; the contribution colour mode gets the kernel's values.
	attr := root + ` [data-activis-view="instances"] .av-attr[data-state="ready"] canvas.av-heat`
	if err := lab.WaitFor(attr, 20*time.Second); err != nil {
		t.Errorf("no occlusion map for the clicked instance: %v", err)
	}
	t2 := time.Now()
	eval(`(() => { const s = document.querySelector(`+q(root+` select[data-activis-control="scale"]`)+`); s.value = "contrib"; s.dispatchEvent(new Event("change")); return true; })()`, nil)
	if err := lab.WaitFor(root+` [data-activis-view="matrix"][data-contrib="ready"]`, 60*time.Second); err != nil {
		t.Errorf("contribution colour mode: no contributions from the kernel: %v", err)
	} else {
		t.Logf("contribution mode → matrix coloured by the kernel's contributions: %v", time.Since(t2))
	}
	lab.Screenshot("explorer-live")

	t.Logf("phases done in %v; reloading", time.Since(start))
	// Reload (saved first: a dirty notebook holds the page with a prompt):
	// the widget comes back from the kernel, with the kernel's rows.
	nb.Save()
	lab.Reload()
	nb.WaitKernel(60 * time.Second)
	show(exCell)
	if err := lab.WaitFor(nb.OutputSelector(exCell)+` .activis-root[data-activis-widget="1"] [data-activis-row="wrong bags"]`, 30*time.Second); err != nil {
		t.Errorf("after a reload the explorer widget did not come back: %v", err)
	}
	t.Logf("reloaded at %v", time.Since(start))
	// Restart: the views say they are disconnected; no exception.
	nb.RestartKernel()
	show(exCell)
	// JupyterLab 4.6 keeps the restarted kernel's widget views (no
	// jupyter-widgets-disconnected class, no comm_close); the views mark
	// themselves on the kernel's statusChanged "restarting" with a banner.
	banner := nb.OutputSelector(exCell) + ` .activis-root[data-activis-disconnected="1"] [data-activis-disconnected="banner"]`
	if err := lab.WaitFor(banner, 5*time.Second); err != nil {
		t.Errorf("after a kernel restart the views do not say they are disconnected: %v", err)
	} else {
		var text string
		_ = lab.Eval(`document.querySelector(`+strconv.Quote(banner)+`).textContent`, &text)
		if text != "Kernel disconnected \u2014 re-run the cell to reconnect" {
			t.Errorf("disconnected banner says %q", text)
		}
	}
	lab.Screenshot("explorer-disconnected")
	lab.CheckConsole()
}
