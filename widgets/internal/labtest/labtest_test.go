package labtest

import (
	"os"
	"strings"
	"testing"
	"time"
)

// TestLabRunsGo starts the real JupyterLab with what `activis-kernel
// install` wrote (kernelspec, widget manager, anywidget front end: both
// plugins must be active), opens a notebook with the Go kernel, runs 1+1
// and sees 2 in the page, both in the notebook model and in the rendered
// output area, and checks that the kernel found the installed anywidget
// version (ACTIVIS_ANYWIDGET_VERSION).
func TestLabRunsGo(t *testing.T) {
	lab := Start(t, Options{})
	tm := lab.Timings
	t.Logf("app %v, kernel build+install %v, server start %v, first page %v", tm.App, tm.Kernel, tm.Server, tm.Page)
	// The widget manager and anywidget's front end that install wrote are
	// loaded and their plugins active (on a machine with pip's copies
	// system-wide, install writes neither and those serve).
	plugins := []string{"@jupyter-widgets/jupyterlab-manager:plugin", "@activis-go/anywidget:plugin"}
	if strings.Contains(lab.InstallOutput, "(not installed again)") {
		t.Logf("this machine has widget extensions system-wide:\n%s", lab.InstallOutput)
		plugins = plugins[:1]
	} else if !strings.Contains(lab.InstallOutput, "restart the Jupyter server") {
		t.Errorf("activis-kernel install did not say to restart the Jupyter server:\n%s", lab.InstallOutput)
	}
	for _, plugin := range plugins {
		var active bool
		if err := lab.Eval(`jupyterapp.isPluginActivated(`+jsString(plugin)+`)`, &active); err != nil || !active {
			t.Errorf("plugin %s not active in JupyterLab (%v)", plugin, err)
		}
	}
	nb := lab.Open("sum.ipynb", "1+1", `fmt.Println("hello from Go")`,
		"import \"os\"\nfmt.Println(os.Getenv(\"ACTIVIS_ANYWIDGET_VERSION\"))")
	start := time.Now()
	nb.Run(0)
	sel := nb.OutputSelector(0)
	if err := lab.WaitJS(`(document.querySelector(`+jsString(sel)+`) || {}).innerText === "[1]:\n2" || ((document.querySelector(`+jsString(sel+" .jp-OutputArea-output")+`) || {}).innerText || "").trim() === "2"`, 10*time.Second); err != nil {
		var shown string
		_ = lab.Eval(`(document.querySelector(`+jsString(sel)+`) || {}).innerText`, &shown)
		t.Fatalf("1+1 shows %q in the page: %v", shown, err)
	}
	t.Logf("cell run → output visible: %v", time.Since(start))
	if got := nb.Text(0); got != "2\n" {
		t.Errorf("1+1: outputs %q, want \"2\\n\" (%s)", got, nb.OutputsJSON(0))
	}
	// The notebook's widget manager resolves anywidget's model and view
	// classes (registered by our plugin) at the version install reported.
	var classes string
	err := lab.Eval(nb.js(`
		const mime = "application/vnd.jupyter.widget-view+json";
		const f = n.rendermime.getFactory(mime);
		if (!f) return "no widget renderer for " + mime;
		const r = f.createRenderer({mimeType: mime, sanitizer: n.rendermime.sanitizer, resolver: null, linkHandler: null, latexTypesetter: null});
		return r._manager.promise.then(m => Promise.all([
			m.loadModelClass("AnyModel", "anywidget", "0.11.0"),
			m.loadViewClass("AnyView", "anywidget", "*")])).then(
			cs => cs.map(c => typeof c).join(","), e => "error: " + e);`), &classes)
	if err != nil || classes != "function,function" {
		t.Errorf("anywidget classes through the widget manager: %q, %v", classes, err)
	}
	nb.Run(1)
	if got := nb.Text(1); got != "hello from Go\n" {
		t.Errorf("Println: outputs %q, want \"hello from Go\\n\"", got)
	}
	// The kernel found the anywidget front end install wrote and tells its
	// widgets its version.
	nb.Run(2)
	if got := nb.Text(2); len(plugins) == 2 && got != "0.11.0\n" {
		t.Errorf("the kernel's ACTIVIS_ANYWIDGET_VERSION is %q, want the installed anywidget's 0.11.0", got)
	}
	lab.Screenshot("lab-runs-go")
	lab.CheckConsole()
}

// padHTML is an output whose script records the mouse events on a grey pad
// in its data-events attribute (outputs made in the session are trusted, so
// JupyterLab runs the script).
const padHTML = `display.HTML(` + "`" + `<div class="labtest-pad" style="width:300px;height:120px;background:#ddd"></div>
<script>
(() => {
  const pad = document.currentScript.previousElementSibling;
  pad.dataset.events = "";
  let down = false;
  const log = s => { if (!pad.dataset.events.endsWith(s + ",")) pad.dataset.events += s + ","; };
  pad.addEventListener("mousedown", () => { down = true; log("down"); });
  pad.addEventListener("mousemove", () => { if (down) log("move"); });
  pad.addEventListener("mouseup", () => { down = false; log("up"); });
  pad.addEventListener("click", () => log("click"));
})();
</script>` + "`" + `)`

// TestLabHarness exercises the helpers other packages' tests rely on:
// clicks and drags reach an output's elements; cells appended and edited
// run; a page reload reopens the notebook on the same kernel (state kept);
// a kernel restart loses the state; no JS errors on the way.
func TestLabHarness(t *testing.T) {
	lab := Start(t, Options{})
	nb := lab.Open("harness.ipynb", "x := 41", padHTML)
	nb.RunAll()
	pad := nb.OutputSelector(1) + " .labtest-pad"
	if err := lab.WaitFor(pad+`[data-events=""]`, 10*time.Second); err != nil {
		t.Fatalf("the HTML output's script did not run: %v (outputs %s)", err, nb.OutputsJSON(1))
	}
	x, y, err := lab.Center(pad)
	if err != nil {
		t.Fatal(err)
	}
	if err := lab.Drag(x-100, y, x+100, y+20, 8); err != nil {
		t.Fatal(err)
	}
	if err := lab.WaitFor(pad+`[data-events^="down,move,up,"]`, 5*time.Second); err != nil {
		var ev string
		_ = lab.Eval(`document.querySelector(`+jsString(pad)+`).dataset.events`, &ev)
		t.Errorf("drag: the pad saw %q: %v", ev, err)
	}
	if err := lab.Click(pad); err != nil {
		t.Fatal(err)
	}
	if err := lab.WaitFor(pad+`[data-events$="click,"]`, 5*time.Second); err != nil {
		t.Errorf("click not seen: %v", err)
	}

	i := nb.Append("x + 1")
	nb.Run(i)
	if got := nb.Text(i); got != "42\n" {
		t.Errorf("appended cell: %q, want \"42\\n\"", got)
	}
	nb.SetSource(i, "x * 2")
	nb.Run(i)
	if got := nb.Text(i); got != "82\n" {
		t.Errorf("edited cell: %q, want \"82\\n\"", got)
	}
	nb.Save()
	lab.Screenshot("lab-harness-before-reload")

	lab.Reload()
	nb.WaitKernel(30 * time.Second)
	if n := nb.Len(); n != 3 {
		t.Errorf("after reload the notebook has %d cells, want the 3 saved", n)
	}
	j := nb.Append("x + 2")
	nb.Run(j)
	if got := nb.Text(j); got != "43\n" {
		t.Errorf("after a page reload the session lost x: %q, want \"43\\n\"", got)
	}

	nb.RestartKernel()
	nb.Run(j)
	if got := nb.Text(j); !strings.Contains(got, "undefined: x") {
		t.Errorf("after a kernel restart x should be gone: %q", got)
	}
	lab.Screenshot("lab-harness-after-restart")
	lab.CheckConsole()
}

// BenchmarkLabRunCell measures, inside the page, the time from JupyterLab's
// notebook:run-cell command to the result "2" of `1+1` being in the cell's
// output area (a MutationObserver stops the clock), for the Go kernel and,
// as the baseline in the same JupyterLab, Debian's ipykernel 6.17 (kernelspec
// python3). The output is cleared before each run (not timed).
func BenchmarkLabRunCell(b *testing.B) {
	lab := Start(b, Options{})
	for _, k := range []struct{ name, kernel string }{{"go", KernelName}, {"ipykernel", "python3"}} {
		b.Run(k.name, func(b *testing.B) {
			if k.kernel == "python3" {
				if _, err := os.Stat("/usr/share/jupyter/kernels/python3/kernel.json"); err != nil {
					b.Skip("baseline skipped: no python3 kernelspec (apt-get install python3-ipykernel)")
				}
			}
			nb := lab.OpenKernel(k.name+".ipynb", k.kernel, "1+1")
			nb.Run(0) // warm-up
			js := nb.js(`return new Promise((resolve, reject) => {
				const cell = n.widgets[0];
				cell.model.outputs.clear();
				const area = cell.outputArea.node;
				const done = () => { const o = area.querySelector(".jp-OutputArea-output"); return !!o && o.innerText.trim() === "2"; };
				const obs = new MutationObserver(() => { if (done()) { obs.disconnect(); resolve(performance.now() - t0); } });
				obs.observe(area, {childList: true, subtree: true, characterData: true});
				setTimeout(() => { obs.disconnect(); reject(new Error("no output in 10 s")); }, 10000);
				jupyterapp.shell.activateById(p.id);
				n.activeCellIndex = 0;
				const t0 = performance.now();
				jupyterapp.commands.execute("notebook:run-cell");
			});`)
			var total float64
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				var ms float64
				if err := lab.Eval(js, &ms); err != nil {
					b.Fatal(err)
				}
				total += ms
				// Let the kernel's idle status arrive before the next run.
				if err := lab.WaitJS(nb.js(`const k = p.sessionContext.session.kernel; return k.status === "idle";`), 10*time.Second); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(total/float64(b.N), "ms/run")
		})
	}
}
