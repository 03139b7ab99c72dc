package labtest

import (
	"strings"
	"testing"
	"time"
)

// TestLabRunsGo starts the real JupyterLab with what `activis-kernel
// install` wrote (kernelspec, widget manager, anywidget front end: both
// plugins must be active), opens a notebook with the Go kernel, runs 1+1
// and sees 2 in the page, both in the notebook model and in the rendered
// output area.
func TestLabRunsGo(t *testing.T) {
	lab := Start(t, Options{})
	tm := LastTimings()
	t.Logf("app %v, kernel build+install %v, server start %v, first page %v", tm.App, tm.Kernel, tm.Server, tm.Page)
	if !strings.Contains(lab.InstallOutput, "restart the Jupyter server") {
		t.Errorf("activis-kernel install did not say to restart the Jupyter server:\n%s", lab.InstallOutput)
	}
	// The widget manager and anywidget's front end that install wrote are
	// loaded and their plugins active.
	for _, plugin := range []string{"@jupyter-widgets/jupyterlab-manager:plugin", "@activis-go/anywidget:plugin"} {
		var active bool
		if err := lab.Eval(`jupyterapp.isPluginActivated(`+jsString(plugin)+`)`, &active); err != nil || !active {
			t.Errorf("plugin %s not active in JupyterLab (%v)", plugin, err)
		}
	}
	nb := lab.Open("sum.ipynb", "1+1", `fmt.Println("hello from Go")`)
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
	lab.Screenshot("lab-runs-go")
	lab.CheckConsole()
}
