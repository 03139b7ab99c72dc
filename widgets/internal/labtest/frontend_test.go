package labtest

import (
	"os"
	"strings"
	"testing"
	"time"
)

// counterSetup opens, from a Python cell, a widget protocol 2.1 comm for an
// anywidget AnyModel whose ES module draws a button counting clicks, and
// displays it. ipykernel (no ipywidgets needed) serves as a reference
// kernel: the test checks the front end activis-kernel installs, whatever
// the Go widget code does.
const counterSetup = `from ipykernel.comm import Comm
from IPython.display import display
got = []
esm = """
export default {
  render({ model, el }) {
    const b = document.createElement("button");
    b.className = "labtest-counter";
    const show = () => { b.textContent = "count " + model.get("count"); };
    show();
    model.on("change:count", show);
    b.addEventListener("click", () => { model.set("count", model.get("count") + 1); model.save_changes(); });
    el.appendChild(b);
  }
};
"""
state = {"_model_name": "AnyModel", "_model_module": "anywidget", "_model_module_version": "0.11.0",
         "_view_name": "AnyView", "_view_module": "anywidget", "_view_module_version": "0.11.0",
         "_esm": esm, "count": 0}
c = Comm(target_name="jupyter.widget", data={"state": state, "buffer_paths": []}, metadata={"version": "2.1.0"})
c.on_msg(lambda m: got.append(m["content"]["data"]))
display({"application/vnd.jupyter.widget-view+json": {"model_id": c.comm_id, "version_major": 2, "version_minor": 1},
         "text/plain": "counter widget"}, raw=True)`

// TestInstalledFrontendRendersAnywidget checks the two extensions that
// `activis-kernel install` wrote, end to end in JupyterLab: an anywidget
// model opened by a kernel renders (its ES module runs), a click in the view
// reaches the kernel as a protocol 2.1 update, and an update from the kernel
// changes the view.
func TestInstalledFrontendRendersAnywidget(t *testing.T) {
	if _, err := os.Stat("/usr/share/jupyter/kernels/python3/kernel.json"); err != nil {
		t.Skip("needs Debian's python3-ipykernel as the reference kernel (apt-get install python3-ipykernel)")
	}
	lab := Start(t, Options{})
	nb := lab.OpenKernel("anywidget.ipynb", "python3", counterSetup,
		`print([d["state"]["count"] for d in got if d.get("method") == "update" and "count" in d.get("state", {})])`,
		`c.send({"method": "update", "state": {"count": 5}, "buffer_paths": []})`)
	start := time.Now()
	nb.Run(0)
	button := nb.OutputSelector(0) + " button.labtest-counter"
	if err := lab.WaitJS(`(document.querySelector(`+jsString(button)+`) || {}).textContent === "count 0"`, 15*time.Second); err != nil {
		var shown string
		_ = lab.Eval(`(document.querySelector(`+jsString(nb.OutputSelector(0))+`) || {}).innerText`, &shown)
		t.Fatalf("the anywidget view did not render: %v\nthe output shows %q\nconsole: %s", err, shown, strings.Join(lab.ConsoleErrors(), "\n"))
	}
	t.Logf("cell run → widget view visible: %v", time.Since(start))
	if err := lab.Click(button); err != nil {
		t.Fatal(err)
	}
	if err := lab.WaitJS(`document.querySelector(`+jsString(button)+`).textContent === "count 1"`, 5*time.Second); err != nil {
		t.Errorf("the click did not change the view: %v", err)
	}
	nb.Run(1)
	if got := nb.Text(1); got != "[1]\n" {
		t.Errorf("the kernel received the counts %q, want [1]", got)
	}
	start = time.Now()
	nb.Run(2)
	if err := lab.WaitJS(`document.querySelector(`+jsString(button)+`).textContent === "count 5"`, 5*time.Second); err != nil {
		t.Errorf("an update from the kernel did not reach the view: %v", err)
	}
	t.Logf("kernel update → view changed: %v", time.Since(start))
	lab.Screenshot("anywidget-counter")
	lab.CheckConsole()
}

// TestNoFrontendFallsBack: with `activis-kernel install --no-frontend` (and
// no widget extension on the data path) JupyterLab has no widget renderer
// and shows the output's text fallback, as `activis-kernel doctor` says.
func TestNoFrontendFallsBack(t *testing.T) {
	if _, err := os.Stat("/usr/share/jupyter/kernels/python3/kernel.json"); err != nil {
		t.Skip("needs Debian's python3-ipykernel as the reference kernel (apt-get install python3-ipykernel)")
	}
	lab := Start(t, Options{InstallArgs: []string{"--no-frontend"}})
	var active bool
	if err := lab.Eval(`jupyterapp.hasPlugin("@jupyter-widgets/jupyterlab-manager:plugin")`, &active); err != nil || active {
		t.Skipf("a widget manager is on this machine's data path (%v)", err)
	}
	nb := lab.OpenKernel("fallback.ipynb", "python3", counterSetup)
	nb.Run(0)
	sel := nb.OutputSelector(0) + " .jp-OutputArea-output"
	if err := lab.WaitJS(`(document.querySelector(`+jsString(sel)+`) || {}).innerText === "counter widget"`, 10*time.Second); err != nil {
		var shown string
		_ = lab.Eval(`(document.querySelector(`+jsString(nb.OutputSelector(0))+`) || {}).innerText`, &shown)
		t.Errorf("without the front end the output shows %q, want its text fallback: %v", shown, err)
	}
	// JupyterLab's services log the kernel's comm_open on a target nobody
	// registered (no widget manager): expected here.
	lab.CheckConsole("Exception opening new comm")
}
