package widget_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/activis-go/activis/widgets/internal/labtest"
)

// counterESM is a Go counter widget's front end: a button showing "count N"
// (a click adds one), the sum of the float32 buffer "data", and a button
// that sends the float32 buffer "blob" [1.5, 2.5] to the kernel.
const counterESM = `export default {
  render({ model, el }) {
    const b = document.createElement("button");
    b.className = "go-counter";
    const show = () => { b.textContent = "count " + model.get("count"); b.dataset.at = String(Date.now()); };
    b.onclick = () => { b.dataset.clicked = String(Date.now()); model.set("count", model.get("count") + 1); model.save_changes(); };
    model.on("change:count", show);
    show();
    const s = document.createElement("span");
    s.className = "go-sum";
    const sum = () => {
      const d = model.get("data");
      let t = 0;
      if (d) for (const x of new Float32Array(d.buffer, d.byteOffset, d.byteLength / 4)) t += x;
      s.textContent = "sum " + t;
    };
    model.on("change:data", sum);
    sum();
    const up = document.createElement("button");
    up.className = "go-send";
    up.textContent = "send";
    up.onclick = () => { model.set("blob", new DataView(new Float32Array([1.5, 2.5]).buffer)); model.save_changes(); };
    el.append(b, s, up);
  }
}`

func lines(s string) []string { return strings.Fields(strings.TrimSpace(s)) }

// TestLabWidgets runs Go widgets in a real JupyterLab 4.6 (widgets/internal/
// labtest): a counter anywidget round trip (click → the kernel's observer;
// the kernel's Set from a goroutine → the view), binary buffers both ways,
// ipywidgets controls (a slider dragged → Observe; a button → OnClick), and
// a page reload restoring every view from the kernel.
// Times are logged (-v): page and kernel share the machine's clock. The
// observers name their parameter (func(v any)): yaegi panics calling a
// func(any) with an unnamed parameter from compiled code outside a cell.
func TestLabWidgets(t *testing.T) {
	lab := labtest.Start(t, labtest.Options{})
	nb := lab.Open("widgets.ipynb",
		"import \"time\"\nesm := `"+counterESM+"`\nvar clickedAt int64\nm := widget.New(esm, map[string]any{\"count\": 0, \"data\": []float32{1, 2, 3.5}})\nm.Observe(\"count\", func(v any) { clickedAt = time.Now().UnixNano() })\nm",
		`fmt.Println(m.Get("count"), clickedAt)`,
		"var setAt int64\ngo func() {\n\ttime.Sleep(300 * time.Millisecond)\n\tsetAt = time.Now().UnixNano()\n\tm.Set(\"count\", 42)\n}()",
		`fmt.Println(setAt)`,
		"xs, err := widget.Float32s(m.Get(\"blob\"))\nfmt.Println(xs, err)",
		`m.Set("data", []float32{10, 20})`,
		"s := widget.NewIntSlider(\"n\", 0, 100, 10)\nvar moved []int\ns.OnChange(func(v int) { moved = append(moved, v) })\nclicks := 0\ngo_ := widget.NewButton(\"go\")\ngo_.OnClick(func() { clicks++ })\nwidget.NewVBox(s, go_)",
		`fmt.Println(s.Value(), len(moved) > 0 && moved[len(moved)-1] == s.Value(), clicks)`,
	)
	start := time.Now()
	nb.Run(0)
	out := nb.OutputSelector(0)
	counter := out + " button.go-counter"
	if err := lab.WaitJS(`(document.querySelector(`+strconv.Quote(counter)+`) || {}).textContent === "count 0"`, 15*time.Second); err != nil {
		var shown string
		_ = lab.Eval(`(document.querySelector(`+strconv.Quote(out)+`) || {}).innerText`, &shown)
		t.Fatalf("the Go counter widget did not render: %v\nthe output shows %q\nconsole: %s\nserver: %s", err, shown, strings.Join(lab.ConsoleErrors(), "\n"), lab.ServerLog())
	}
	t.Logf("cell run → widget view visible: %v", time.Since(start))
	if err := lab.WaitJS(`(document.querySelector(`+strconv.Quote(out+" .go-sum")+`) || {}).textContent === "sum 6.5"`, 5*time.Second); err != nil {
		t.Errorf("the float32 buffer did not reach the view: %v", err)
	}

	// View click → the kernel's observer.
	clicked := time.Now().UnixNano()
	if err := lab.Click(counter); err != nil {
		t.Fatal(err)
	}
	nb.Run(1)
	got := lines(nb.Text(1))
	if len(got) != 2 || got[0] != "1" {
		t.Errorf("after a click the kernel has %q, want count 1", got)
	} else if at, err := strconv.ParseInt(got[1], 10, 64); err == nil && at > 0 {
		var inPage float64
		if err := lab.Eval(`Number(document.querySelector(`+strconv.Quote(counter)+`).dataset.clicked)`, &inPage); err != nil {
			t.Fatal(err)
		}
		t.Logf("view click (onclick in the page) → kernel observer: %v; from the test's click call: %v", time.Duration(at-int64(inPage)*1e6), time.Duration(at-clicked))
	} else {
		t.Errorf("the observer did not run: %q", got)
	}

	// The kernel's Set from a goroutine after its cell ended → the view.
	nb.Run(2)
	if err := lab.WaitJS(`document.querySelector(`+strconv.Quote(counter)+`).textContent === "count 42"`, 5*time.Second); err != nil {
		t.Errorf("the kernel's Set did not reach the view: %v", err)
	}
	nb.Run(3)
	var shownAt float64
	if err := lab.Eval(`Number(document.querySelector(`+strconv.Quote(counter)+`).dataset.at)`, &shownAt); err != nil {
		t.Fatal(err)
	}
	if at, err := strconv.ParseInt(strings.TrimSpace(nb.Text(3)), 10, 64); err == nil && at > 0 {
		t.Logf("kernel Set → view updated: %v", time.Duration(int64(shownAt)*1e6-at))
	}

	// A binary buffer from the view, then one from the kernel.
	if err := lab.Click(out + " button.go-send"); err != nil {
		t.Fatal(err)
	}
	nb.Run(4)
	if got := strings.TrimSpace(nb.Text(4)); got != "[1.5 2.5] <nil>" {
		t.Errorf("the view's float32 buffer in the kernel: %q, want \"[1.5 2.5] <nil>\"", got)
	}
	nb.Run(5)
	if err := lab.WaitJS(`document.querySelector(`+strconv.Quote(out+" .go-sum")+`).textContent === "sum 30"`, 5*time.Second); err != nil {
		t.Errorf("the kernel's float32 buffer did not reach the view: %v", err)
	}

	// Controls: drag the slider, click the button.
	nb.Run(6)
	panel := nb.OutputSelector(6)
	handle := panel + " .noUi-handle"
	if err := lab.WaitFor(handle, 10*time.Second); err != nil {
		var shown string
		_ = lab.Eval(`(document.querySelector(`+strconv.Quote(panel)+`) || {}).innerText`, &shown)
		t.Fatalf("the slider did not render: %v\nthe output shows %q\nconsole: %s", err, shown, strings.Join(lab.ConsoleErrors(), "\n"))
	}
	x, y, err := lab.Center(handle)
	if err != nil {
		t.Fatal(err)
	}
	if err := lab.Drag(x, y, x+60, y, 6); err != nil {
		t.Fatal(err)
	}
	if err := lab.Click(panel + " button.widget-button"); err != nil {
		t.Fatal(err)
	}
	nb.Run(7)
	got = lines(nb.Text(7))
	if len(got) != 3 || got[0] == "10" || got[1] != "true" || got[2] != "1" {
		t.Errorf("after dragging the slider and clicking: %q, want a value other than 10, observed, 1 click", got)
	}
	lab.Screenshot("go-widgets")

	// A page reload: the saved outputs' widgets come back from the kernel
	// (request_states → update_states, buffers included).
	nb.Save()
	lab.Reload()
	nb.WaitKernel(15 * time.Second)
	out, panel = nb.OutputSelector(0), nb.OutputSelector(6) // the panel's id changed
	counter, handle = out+" button.go-counter", panel+" .noUi-handle"
	if err := lab.WaitJS(`(document.querySelector(`+strconv.Quote(counter)+`) || {}).textContent === "count 42" && document.querySelector(`+strconv.Quote(out+" .go-sum")+`).textContent === "sum 30"`, 15*time.Second); err != nil {
		var shown string
		_ = lab.Eval(`(document.querySelector(`+strconv.Quote(out)+`) || {}).innerText`, &shown)
		t.Errorf("after a reload the counter shows %q: %v", shown, err)
	}
	if err := lab.WaitFor(handle, 10*time.Second); err != nil {
		t.Errorf("after a reload the slider is missing: %v", err)
	}
	lab.Screenshot("go-widgets-reloaded")
	lab.CheckConsole()
}
