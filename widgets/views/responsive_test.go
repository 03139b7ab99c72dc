package views

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// layoutReport is what the page reports about one output's geometry.
type layoutReport struct {
	Narrow      bool     `json:"narrow"`
	Overflow    []string `json:"overflow"`    // views whose content is wider than they are
	Outside     []string `json:"outside"`     // canvases or svgs reaching past their view
	ProjTop     float64  `json:"projTop"`     // projection view's top, px
	ProjBottom  float64  `json:"projBottom"`  // projection view's bottom
	InstTop     float64  `json:"instTop"`     // instance panel's top
	RootWidth   float64  `json:"rootWidth"`   // the output's width
	InstCanvas  float64  `json:"instCanvas"`  // instance canvas width
	WrongCells  int      `json:"wrongCells"`  // misclassified squares inside the canvas
	Square      int      `json:"square"`      // instance square side, px
	GraphScale  float64  `json:"graphScale"`  // graph zoom that fits the view
	GraphDir    string   `json:"graphDir"`    // dagre rankdir chosen
	MatrixWidth float64  `json:"matrixWidth"` // matrix canvas width
}

// measureJS collects a layoutReport for the output inside scope.
const measureJS = `((scope) => {
  const q = (s) => document.querySelector(scope + " " + s);
  const root = q(".activis-root");
  const rr = root.getBoundingClientRect();
  const out = { narrow: !!q(".av-app.av-narrow"), overflow: [], outside: [], rootWidth: rr.width };
  for (const v of root.querySelectorAll("[data-activis-view]")) {
    const name = v.getAttribute("data-activis-view");
    if (v.scrollWidth > v.clientWidth + 1) out.overflow.push(name + ": " + v.scrollWidth + " > " + v.clientWidth);
    const vr = v.getBoundingClientRect();
    for (const c of v.querySelectorAll("canvas.av-proj-canvas, canvas.av-inst-canvas, canvas.av-matrix-canvas, svg.av-graph-svg")) {
      const cr = c.getBoundingClientRect();
      if (cr.right > vr.right + 0.5 || cr.right > rr.right + 0.5) out.outside.push(name + ": " + c.getAttribute("class") + " right " + cr.right + " > " + Math.min(vr.right, rr.right));
    }
  }
  const p = q('[data-activis-view="projection"]').getBoundingClientRect();
  const inst = q('[data-activis-view="instances"]');
  out.projTop = p.top; out.projBottom = p.bottom;
  out.instTop = inst.getBoundingClientRect().top;
  out.instCanvas = q(".av-inst-canvas").getBoundingClientRect().width;
  out.square = +inst.getAttribute("data-square");
  out.wrongCells = +inst.getAttribute("data-wrong-visible");
  const g = q('[data-activis-view="graph"]');
  out.graphScale = +g.getAttribute("data-scale");
  out.graphDir = g.getAttribute("data-rankdir");
  out.matrixWidth = q(".av-matrix-canvas").getBoundingClientRect().width;
  return out;
})`

// TestBrowserResponsive renders the four views of a demo-sized sample
// (3,000 instances, 300 per class, 15 % misclassified, the fashion_cnn
// graph) in cells 600, 820, 900 and 1200 px wide, and checks that nothing
// overflows its view, that the projection and the instance panel stack
// below 760 px and sit side by side above, that misclassified squares are
// drawn inside the panel, and that the graph's labels are at least 10 px.
// It then narrows a cell from 1200 to 600 px in place and checks that the
// views follow (ResizeObserver). Screenshots: build/artifacts/views/width-*.png.
func TestBrowserResponsive(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	f := newFixture(t, 3000, fashion[:], []fixtureLayer{{"/relu3/Relu_output_0", 64, true}, {"/fc2/Gemm_output_0", 10, false}}, true)
	v := View{src: f, kind: kindAll, Options: Options{MaxPoints: 3000}}
	o := &output{src: v.src, kind: v.kind, id: newDisplayID(), opt: v.Options}
	html := o.render().Data["text/html"].(string)
	dir := artifactsDir(t)
	widths := []int{600, 820, 900, 1200}
	page, err := filepath.Abs(filepath.Join(dir, "views-widths.html"))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>widths</title></head><body style=\"margin:8px\">\n")
	for _, w := range widths {
		fmt.Fprintf(&b, "<div class=\"cell\" id=\"w%d\" style=\"width:%dpx;margin-bottom:24px\">%s</div>\n", w, w, html)
	}
	b.WriteString("</body></html>\n")
	writeFile(t, page, b.String())
	ctx, ev := browser(t)
	if err := chromedp.Run(ctx, chromedp.EmulateViewport(1260, 1400), chromedp.Navigate("file://"+page),
		chromedp.WaitVisible(`#w1200 [data-activis-view="instances"]`, chromedp.ByQuery)); err != nil {
		t.Fatalf("loading %s: %v", page, err)
	}
	check := func(scope string, w int) layoutReport {
		t.Helper()
		var r layoutReport
		if err := chromedp.Run(ctx, chromedp.Evaluate(measureJS+"("+strconv.Quote(scope)+")", &r)); err != nil {
			t.Fatalf("%s: measuring: %v", scope, err)
		}
		t.Logf("width %4d: narrow=%v squares %d px, %d misclassified drawn, instance canvas %.0f px, matrix canvas %.0f px, graph %s ×%.2f (labels %.1f px)",
			w, r.Narrow, r.Square, r.WrongCells, r.InstCanvas, r.MatrixWidth, r.GraphDir, r.GraphScale, 11*r.GraphScale)
		for _, s := range r.Overflow {
			t.Errorf("width %d: view overflows: %s", w, s)
		}
		for _, s := range r.Outside {
			t.Errorf("width %d: drawn outside its view: %s", w, s)
		}
		if want := w < 760; r.Narrow != want {
			t.Errorf("width %d: narrow=%v, want %v", w, r.Narrow, want)
		}
		if r.Narrow && r.InstTop < r.ProjBottom {
			t.Errorf("width %d: instance panel (top %.0f) not below the projection (bottom %.0f)", w, r.InstTop, r.ProjBottom)
		}
		if !r.Narrow && r.InstTop != r.ProjTop {
			t.Errorf("width %d: projection (top %.0f) and instances (top %.0f) not side by side", w, r.ProjTop, r.InstTop)
		}
		if r.WrongCells < 300 {
			t.Errorf("width %d: %d misclassified squares inside the panel, want every one (≈450)", w, r.WrongCells)
		}
		if r.Square < 2 {
			t.Errorf("width %d: squares %d px", w, r.Square)
		}
		if 11*r.GraphScale < 10 {
			t.Errorf("width %d: graph labels %.1f px, want ≥ 10", w, 11*r.GraphScale)
		}
		return r
	}
	for _, w := range widths {
		scope := fmt.Sprintf("#w%d", w)
		check(scope, w)
		var shot []byte
		if err := chromedp.Run(ctx, chromedp.Screenshot(scope, &shot, chromedp.ByQuery)); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, fmt.Sprintf("width-%d.png", w)), string(shot))
	}
	// Narrow a wide output in place: the views must follow.
	var narrowed bool
	if err := chromedp.Run(ctx, chromedp.Evaluate(`document.querySelector("#w1200").style.width = "600px"; true`, &narrowed),
		chromedp.Poll(`document.querySelector("#w1200 .av-app").classList.contains("av-narrow") && document.querySelector("#w1200 .av-inst-canvas").getBoundingClientRect().width < 600`, nil, chromedp.WithPollingTimeout(5e9))); err != nil {
		t.Fatalf("views did not follow a resize from 1200 to 600 px: %v", err)
	}
	check("#w1200", 600)
	ev.check(t, "file://"+page)
}

func writeFile(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}
