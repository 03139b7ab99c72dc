package install

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// testBundle is a tree of two prebuilt extensions shaped like install/labext.
func testBundle(managerVersion, anywidgetVersion string) fstest.MapFS {
	pkg := func(name, version string) *fstest.MapFile {
		b, _ := json.Marshal(map[string]any{"name": name, "version": version, "jupyterlab": map[string]any{"_build": map[string]any{"load": "static/remoteEntry.js"}}})
		return &fstest.MapFile{Data: b}
	}
	return fstest.MapFS{
		"@jupyter-widgets/jupyterlab-manager/package.json":          pkg("@jupyter-widgets/jupyterlab-manager", managerVersion),
		"@jupyter-widgets/jupyterlab-manager/static/remoteEntry.js": {Data: []byte("/* manager */")},
		"@activis-go/anywidget/package.json":                        pkg("@activis-go/anywidget", anywidgetVersion),
		"@activis-go/anywidget/static/remoteEntry.js":               {Data: []byte("/* anywidget */")},
		"README.md": {Data: []byte("not an extension")},
	}
}

// isolate points the Jupyter data path at a temporary tree (the system
// directories stay on it; the test skips when they already hold a piece).
func isolate(t *testing.T) (data, extra string) {
	t.Helper()
	tmp := t.TempDir()
	data, extra = filepath.Join(tmp, "data"), filepath.Join(tmp, "extra")
	t.Setenv("JUPYTER_DATA_DIR", data)
	t.Setenv("JUPYTER_PATH", extra)
	t.Setenv("VIRTUAL_ENV", "")
	t.Setenv("CONDA_PREFIX", "")
	sys, _ := FindExtensions([]string{"/usr/local/share/jupyter", "/usr/share/jupyter"})
	for _, p := range pieces {
		if e, ok := findPiece(sys, p); ok {
			t.Skipf("this machine has %s in %s system-wide", e, e.Dir)
		}
	}
	return data, extra
}

func writeExt(t *testing.T, dir, name, version string) {
	t.Helper()
	d := filepath.Join(dir, "labextensions", filepath.FromSlash(name))
	if err := os.MkdirAll(d, 0o755); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(map[string]any{"name": name, "version": version})
	if err := os.WriteFile(filepath.Join(d, "package.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func names(exts []Extension) []string {
	var s []string
	for _, e := range exts {
		s = append(s, e.String())
	}
	return s
}

func TestInstallFrontendWritesBothAndUninstallRemovesThem(t *testing.T) {
	data, _ := isolate(t)
	o := Options{Binary: "/bin/true", Frontend: testBundle("5.0.16", "0.11.0")}
	if _, err := Install(o); err != nil {
		t.Fatal(err)
	}
	r, err := InstallFrontend(o)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(r.Written); !slices.Equal(got, []string{"@jupyter-widgets/jupyterlab-manager 5.0.16", "@activis-go/anywidget 0.11.0"}) {
		t.Errorf("written %q", got)
	}
	if len(r.Present) != 0 || len(r.Missing) != 0 || r.Anywidget == nil || r.Anywidget.Version != "0.11.0" {
		t.Errorf("report %+v", r)
	}
	js, err := os.ReadFile(filepath.Join(data, "labextensions", "@activis-go", "anywidget", "static", "remoteEntry.js"))
	if err != nil || string(js) != "/* anywidget */" {
		t.Errorf("anywidget files: %q, %v", js, err)
	}
	if e, ok := FindAnywidget(); !ok || e.Name != "@activis-go/anywidget" || e.Version != "0.11.0" {
		t.Errorf("FindAnywidget = %+v, %v", e, ok)
	}
	// Again: both are there (ours, same version): nothing written, still ours.
	r, err = InstallFrontend(o)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Written) != 0 || len(r.Present) != 2 {
		t.Errorf("second install: %+v", r)
	}
	// A new binary with a newer anywidget replaces ours.
	o.Frontend = testBundle("5.0.16", "0.12.0")
	if r, err = InstallFrontend(o); err != nil {
		t.Fatal(err)
	}
	if got := names(r.Written); !slices.Equal(got, []string{"@activis-go/anywidget 0.12.0"}) {
		t.Errorf("upgrade wrote %q", got)
	}
	// Something else in labextensions is never touched by uninstall.
	writeExt(t, data, "other-extension", "1.0.0")
	removed, err := UninstallFrontend(o)
	if err != nil {
		t.Fatal(err)
	}
	if len(removed) != 2 {
		t.Errorf("removed %q", removed)
	}
	left, _ := FindExtensions([]string{data})
	if got := names(left); !slices.Equal(got, []string{"other-extension 1.0.0"}) {
		t.Errorf("left after uninstall: %q", got)
	}
	for _, scope := range []string{"@activis-go", "@jupyter-widgets"} {
		if _, err := os.Stat(filepath.Join(data, "labextensions", scope)); err == nil {
			t.Errorf("empty scope dir %s left", scope)
		}
	}
}

func TestInstallFrontendNeverInstallsASecondCopy(t *testing.T) {
	data, extra := isolate(t)
	// pip's anywidget and jupyterlab_widgets elsewhere on the data path.
	writeExt(t, extra, "anywidget", "0.9.18")
	writeExt(t, extra, "@jupyter-widgets/jupyterlab-manager", "5.0.15")
	o := Options{Binary: "/bin/true", Frontend: testBundle("5.0.16", "0.11.0")}
	if _, err := Install(o); err != nil {
		t.Fatal(err)
	}
	r, err := InstallFrontend(o)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Written) != 0 {
		t.Errorf("wrote %q though both pieces are on the data path", names(r.Written))
	}
	if got := names(r.Present); !slices.Equal(got, []string{"@jupyter-widgets/jupyterlab-manager 5.0.15", "anywidget 0.9.18"}) {
		t.Errorf("present %q", got)
	}
	if r.Anywidget == nil || r.Anywidget.Name != "anywidget" || r.Anywidget.Version != "0.9.18" {
		t.Errorf("anywidget %+v, want pip's 0.9.18", r.Anywidget)
	}
	if _, err := os.Stat(filepath.Join(data, "labextensions")); err == nil {
		t.Error("labextensions written into the data dir")
	}
	// Uninstall removes nothing that install did not write.
	if removed, err := UninstallFrontend(o); err != nil || len(removed) != 0 {
		t.Errorf("uninstall removed %q, %v", removed, err)
	}
	if exts, _ := FindExtensions([]string{extra}); len(exts) != 2 {
		t.Errorf("pip's extensions touched: %q", names(exts))
	}
}

func TestInstallFrontendOnlyTheMissingPiece(t *testing.T) {
	data, extra := isolate(t)
	writeExt(t, extra, "@jupyter-widgets/jupyterlab-manager", "5.0.15")
	o := Options{Binary: "/bin/true", Frontend: testBundle("5.0.16", "0.11.0")}
	if _, err := Install(o); err != nil {
		t.Fatal(err)
	}
	r, err := InstallFrontend(o)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(r.Written); !slices.Equal(got, []string{"@activis-go/anywidget 0.11.0"}) {
		t.Errorf("written %q, want only anywidget", got)
	}
	if _, err := os.Stat(filepath.Join(data, "labextensions", "@jupyter-widgets")); err == nil {
		t.Error("a second widget manager was installed")
	}
}

func TestInstallFrontendWithoutBundle(t *testing.T) {
	isolate(t)
	o := Options{Binary: "/bin/true", Frontend: fstest.MapFS{"README.md": {Data: []byte("placeholder")}}}
	if _, err := Install(o); err != nil {
		t.Fatal(err)
	}
	r, err := InstallFrontend(o)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Written) != 0 || len(r.Missing) != 2 || r.Anywidget != nil {
		t.Errorf("report %+v, want both pieces missing", r)
	}
}

// TestBundledExtensions checks what this build embeds: nothing (a clone
// built without make frontend) or exactly the two extensions, each with a
// remoteEntry that JupyterLab's page config can point at.
func TestBundledExtensions(t *testing.T) {
	b := Bundled()
	if len(b) == 0 {
		t.Skip("built without make frontend: no bundled extensions")
	}
	got := names(b)
	slices.Sort(got)
	if len(got) != 2 || !strings.HasPrefix(got[0], "@activis-go/anywidget ") || !strings.HasPrefix(got[1], "@jupyter-widgets/jupyterlab-manager ") {
		t.Fatalf("bundled %q", got)
	}
	for _, e := range b {
		raw, err := labext.ReadFile("labext/" + e.Name + "/package.json")
		if err != nil {
			t.Fatal(err)
		}
		var pkg struct {
			JupyterLab struct {
				Build struct{ Load string } `json:"_build"`
			} `json:"jupyterlab"`
		}
		if err := json.Unmarshal(raw, &pkg); err != nil || pkg.JupyterLab.Build.Load == "" {
			t.Errorf("%s: no jupyterlab._build.load (%v)", e.Name, err)
			continue
		}
		if _, err := labext.ReadFile("labext/" + e.Name + "/" + pkg.JupyterLab.Build.Load); err != nil {
			t.Errorf("%s: %v", e.Name, err)
		}
	}
}

func TestDoctor(t *testing.T) {
	_, extra := isolate(t)
	var out bytes.Buffer
	if err := Doctor(&out, Options{}); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	for _, want := range []string{"kernelspec: not installed", "widget manager: not found", "JupyterLab 4 and Notebook 7\n  renders: static views only", "pip install anywidget", "VS Code\n  renders: live widgets", "jupyter.widgetScriptSources", "Classic Notebook"} {
		if !strings.Contains(s, want) {
			t.Errorf("doctor without anything installed lacks %q:\n%s", want, s)
		}
	}
	writeExt(t, extra, "anywidget", "0.9.18")
	writeExt(t, extra, "@jupyter-widgets/jupyterlab-manager", "5.0.15")
	if _, err := Install(Options{Binary: "/bin/true"}); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := Doctor(&out, Options{}); err != nil {
		t.Fatal(err)
	}
	s = out.String()
	for _, want := range []string{"runs /bin/true)", "anywidget front end: anywidget 0.9.18", "renders: live widgets: the ActiVis explorer and Go widgets, in sync with the kernel (widget manager 5.0.15, anywidget 0.9.18)"} {
		if !strings.Contains(s, want) {
			t.Errorf("doctor with everything installed lacks %q:\n%s", want, s)
		}
	}
}
