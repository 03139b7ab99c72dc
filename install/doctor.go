package install

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// State is what [Inspect] found about this machine's Jupyter setup.
type State struct {
	// DataPath is Jupyter's data path, highest priority first.
	DataPath []string
	// KernelSpec is the kernel.json of the kernelspec found on it ("" for none);
	// KernelBinary its argv[0] and KernelBinaryOK whether that file exists.
	KernelSpec     string
	KernelBinary   string
	KernelBinaryOK bool
	// Manager and Anywidget are the widget manager and anywidget front end
	// found on the data path (nil for none).
	Manager, Anywidget *Extension
	// Bundled are the extensions this binary carries.
	Bundled []Extension
	// Commands maps front-end commands found on PATH to their paths.
	Commands map[string]string
}

// LiveWidgets reports whether JupyterLab 4 and Notebook 7 will render
// widgets: both front-end extensions are on the data path.
func (s *State) LiveWidgets() bool { return s.Manager != nil && s.Anywidget != nil }

// Inspect looks for the kernelspec named name ("" for DefaultName), the two
// widget front ends on the Jupyter data path and the front-end commands.
func Inspect(name string) *State {
	if name == "" {
		name = DefaultName
	}
	s := &State{DataPath: DataPath(), Bundled: Bundled(), Commands: map[string]string{}}
	for _, d := range s.DataPath {
		p := filepath.Join(d, "kernels", name, "kernel.json")
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		s.KernelSpec = p
		var spec KernelSpec
		if json.Unmarshal(b, &spec) == nil && len(spec.Argv) > 0 {
			s.KernelBinary = spec.Argv[0]
			_, err := os.Stat(spec.Argv[0])
			s.KernelBinaryOK = err == nil
		}
		break
	}
	exts, _ := FindExtensions(s.DataPath)
	if e, ok := findPiece(exts, pieces[0]); ok {
		s.Manager = &e
	}
	if e, ok := findPiece(exts, pieces[1]); ok {
		s.Anywidget = &e
	}
	for _, c := range []string{"jupyter-lab", "jupyter-notebook", "jupyter-nbclassic", "code"} {
		if p, err := exec.LookPath(c); err == nil {
			s.Commands[c] = p
		}
	}
	return s
}

// A frontEnd says what renders in one front end and what to install.
type frontEnd struct {
	name   string
	report func(s *State) (renders string, todo []string)
}

// frontEnds are the front ends Doctor reports on, one small function each.
var frontEnds = []frontEnd{
	{"JupyterLab 4 and Notebook 7", labReport},
	{"Classic Notebook (6)", classicReport},
	{"VS Code", vscodeReport},
	{"Exported HTML, nbconvert, untrusted notebooks", exportReport},
}

func labReport(s *State) (string, []string) {
	if s.LiveWidgets() {
		return fmt.Sprintf("live widgets: the ActiVis explorer and Go widgets, in sync with the kernel (widget manager %s, anywidget %s)",
			s.Manager.Version, s.Anywidget.Version), nil
	}
	var missing []string
	if s.Manager == nil {
		missing = append(missing, "the widget manager (@jupyter-widgets/jupyterlab-manager)")
	}
	if s.Anywidget == nil {
		missing = append(missing, "anywidget's front end")
	}
	renders := "static views only: the text/html views (no link to the kernel) and the PNG snapshot; "
	if s.Manager == nil {
		renders += "widgets show their text fallback"
	} else {
		renders += "widgets show the error \"No version of module anywidget is registered\""
	}
	renders += " (missing: " + strings.Join(missing, ", ") + ")"
	var todo []string
	if len(s.Bundled) >= len(pieces) {
		todo = append(todo, "run `activis-kernel install` (it writes the bundled extensions, no pip needed), then restart the Jupyter server")
	} else {
		todo = append(todo, "this activis-kernel carries no front end: rebuild it with `make build` (npm needed) and run `activis-kernel install`, then restart the Jupyter server")
	}
	todo = append(todo, "or: `pip install anywidget` in the Jupyter server's environment (it brings jupyterlab_widgets), then restart the server")
	return renders, todo
}

func classicReport(s *State) (string, []string) {
	return "the ActiVis views live through the kernel's own comm (text/html with scripts); other Go widgets show the fallback their output carries (Debian's classic Notebook has no widget protocol 2.1 front end)",
		[]string{"nothing for the ActiVis views; for Go widgets use JupyterLab 4 or Notebook 7"}
}

func vscodeReport(s *State) (string, []string) {
	return "live widgets: VS Code's Jupyter extension has its own widget manager and loads anywidget from a CDN (jsDelivr or unpkg)",
		[]string{"allow the CDN when VS Code asks (or set \"jupyter.widgetScriptSources\": [\"jsdelivr.com\", \"unpkg.com\"]); without it the views fall back to static HTML"}
}

func exportReport(s *State) (string, []string) {
	return "static: the self-contained text/html views (scripts run in exported HTML) and, in untrusted notebooks, the PNG snapshot",
		[]string{"nothing; run the cells (or trust the notebook) to get the live views back"}
}

// Doctor writes a report of what each front end will render with this
// machine's setup and what to install, for the kernelspec of o.
func Doctor(w io.Writer, o Options) error {
	s := Inspect(o.Name)
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	p("Jupyter data path (highest priority first):\n")
	for _, d := range s.DataPath {
		p("  %s\n", d)
	}
	switch {
	case s.KernelSpec == "":
		p("kernelspec: not installed: run `activis-kernel install`\n")
	case !s.KernelBinaryOK:
		p("kernelspec: %s runs %s, which does not exist: run `activis-kernel install` again\n", s.KernelSpec, s.KernelBinary)
	default:
		p("kernelspec: %s (runs %s)\n", s.KernelSpec, s.KernelBinary)
	}
	show := func(role string, e *Extension) {
		if e == nil {
			p("%s: not found on the data path\n", role)
			return
		}
		p("%s: %s %s in %s\n", role, e.Name, e.Version, e.Dir)
	}
	show("widget manager", s.Manager)
	show("anywidget front end", s.Anywidget)
	if len(s.Bundled) == 0 {
		p("bundled in this binary: no front end (built without `make frontend`)\n")
	} else {
		var names []string
		for _, e := range s.Bundled {
			names = append(names, e.String())
		}
		p("bundled in this binary: %s\n", strings.Join(names, ", "))
	}
	if len(s.Commands) > 0 {
		var found []string
		for _, c := range []string{"jupyter-lab", "jupyter-notebook", "jupyter-nbclassic", "code"} {
			if path, ok := s.Commands[c]; ok {
				found = append(found, path)
			}
		}
		p("front-end commands on PATH: %s\n", strings.Join(found, ", "))
	}
	for _, f := range frontEnds {
		renders, todo := f.report(s)
		p("\n%s\n  renders: %s\n", f.name, renders)
		for _, t := range todo {
			p("  to do:   %s\n", t)
		}
	}
	return nil
}
