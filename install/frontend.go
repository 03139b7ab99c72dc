package install

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
)

// labext holds the prebuilt JupyterLab extensions that `make frontend`
// (install/frontend/build.sh embed) copies into install/labext; a binary
// built without it holds only labext/README.md.
//
//go:embed all:labext
var labext embed.FS

// Extension is a prebuilt (federated) JupyterLab extension: a directory
// labextensions/NAME holding package.json.
type Extension struct {
	// Name and Version come from its package.json.
	Name    string `json:"name"`
	Version string `json:"version"`
	// Dir is the directory holding package.json; "" for one bundled in the binary.
	Dir string `json:"dir,omitempty"`
}

func (e Extension) String() string { return e.Name + " " + e.Version }

// A piece is one thing JupyterLab and Notebook 7 need to render widgets,
// with the package names that provide it and the one this binary bundles.
type piece struct {
	role    string   // what it is, for messages
	names   []string // packages providing it, in order of preference
	bundled string   // the package the binary carries
	pip     string   // the pip package that provides it otherwise
}

// pieces are the two front ends widgets need.
var pieces = []piece{
	{role: "widget manager", names: []string{"@jupyter-widgets/jupyterlab-manager"}, bundled: "@jupyter-widgets/jupyterlab-manager", pip: "jupyterlab_widgets"},
	{role: "anywidget front end", names: []string{"anywidget", "@activis-go/anywidget"}, bundled: "@activis-go/anywidget", pip: "anywidget"},
}

// AnywidgetVersionEnv is the environment variable through which the kernel
// tells its widgets which anywidget front end is installed: the kernel sets
// it at start (unless already set) to the version of [FindAnywidget], so
// that models ask for a module version that front end satisfies.
const AnywidgetVersionEnv = "ACTIVIS_ANYWIDGET_VERSION"

// manifestName is the file in the kernelspec directory listing the
// extension directories install wrote, which uninstall removes.
const manifestName = "activis-frontend.json"

type manifest struct {
	// Installed are directories relative to the data dir, slash-separated.
	Installed []string `json:"installed"`
}

// Bundled returns the extensions this binary carries (none when it was
// built without `make frontend`).
func Bundled() []Extension {
	return bundled(Options{})
}

// bundle returns the tree of extensions to install: o.Frontend, else the
// embedded one.
func bundle(o Options) fs.FS {
	if o.Frontend != nil {
		return o.Frontend
	}
	sub, err := fs.Sub(labext, "labext")
	if err != nil {
		panic(err) // the embed pattern guarantees the directory
	}
	return sub
}

func bundled(o Options) []Extension {
	exts, _ := scanExtensions(bundle(o), ".", "")
	return exts
}

// DataPath returns Jupyter's data path, highest priority first, as
// jupyter_core orders it: $JUPYTER_PATH entries, the user's data dir, the
// active virtualenv or conda environment's share/jupyter, then the system
// directories.
func DataPath() []string {
	var dirs []string
	if p := os.Getenv("JUPYTER_PATH"); p != "" {
		dirs = append(dirs, filepath.SplitList(p)...)
	}
	if d, err := UserDataDir(); err == nil {
		dirs = append(dirs, d)
	}
	for _, env := range []string{"VIRTUAL_ENV", "CONDA_PREFIX"} {
		if p := os.Getenv(env); p != "" {
			dirs = append(dirs, filepath.Join(p, "share", "jupyter"))
		}
	}
	switch runtime.GOOS {
	case "windows":
		if p := os.Getenv("PROGRAMDATA"); p != "" {
			dirs = append(dirs, filepath.Join(p, "jupyter"))
		}
	default:
		dirs = append(dirs, "/usr/local/share/jupyter", "/usr/share/jupyter")
	}
	var out []string
	for _, d := range dirs {
		if d == "" {
			continue
		}
		if a, err := filepath.Abs(d); err == nil {
			d = a
		}
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

// FindExtensions lists the prebuilt extensions in DIR/labextensions for each
// data dir, in order (a name already seen in an earlier dir is skipped, as
// JupyterLab does).
func FindExtensions(dataDirs []string) ([]Extension, error) {
	var all []Extension
	seen := map[string]bool{}
	for _, d := range dataDirs {
		root := filepath.Join(d, "labextensions")
		if _, err := os.Stat(root); err != nil {
			continue
		}
		exts, err := scanExtensions(os.DirFS(root), ".", root)
		if err != nil {
			return all, err
		}
		for _, e := range exts {
			if !seen[e.Name] {
				seen[e.Name] = true
				all = append(all, e)
			}
		}
	}
	return all, nil
}

// scanExtensions reads NAME/package.json and @SCOPE/NAME/package.json under
// dir of fsys; base is the real directory for Extension.Dir ("" for none).
func scanExtensions(fsys fs.FS, dir, base string) ([]Extension, error) {
	var exts []Extension
	read := func(rel string) {
		b, err := fs.ReadFile(fsys, path.Join(dir, rel, "package.json"))
		if err != nil {
			return
		}
		var e Extension
		if json.Unmarshal(b, &e) != nil || e.Name == "" {
			return
		}
		if base != "" {
			e.Dir = filepath.Join(base, filepath.FromSlash(rel))
		}
		exts = append(exts, e)
	}
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("install: reading %s: %w", dir, err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		if !strings.HasPrefix(e.Name(), "@") {
			read(e.Name())
			continue
		}
		sub, err := fs.ReadDir(fsys, path.Join(dir, e.Name()))
		if err != nil {
			continue
		}
		for _, s := range sub {
			if s.IsDir() {
				read(e.Name() + "/" + s.Name())
			}
		}
	}
	return exts, nil
}

// FindAnywidget returns the anywidget front end JupyterLab will load from
// the data path: pip's anywidget or the one activis-kernel installs.
func FindAnywidget() (Extension, bool) {
	exts, _ := FindExtensions(DataPath())
	return findPiece(exts, pieces[1])
}

func findPiece(exts []Extension, p piece) (Extension, bool) {
	for _, name := range p.names {
		for _, e := range exts {
			if e.Name == name {
				return e, true
			}
		}
	}
	return Extension{}, false
}

// FrontendReport says what [InstallFrontend] did.
type FrontendReport struct {
	// DataDir is the Jupyter data directory written to.
	DataDir string
	// Written are the extensions installed now (Dir is where).
	Written []Extension
	// Present are those found on the data path and left alone.
	Present []Extension
	// Missing names the pieces neither present nor bundled in this binary.
	Missing []string
	// Anywidget is the anywidget front end that will serve, if any.
	Anywidget *Extension
}

// dataDir returns the data directory of o (the parent of kernels/NAME).
func dataDir(o Options) (string, error) {
	k, err := KernelDir(o)
	if err != nil {
		return "", err
	}
	return filepath.Dir(filepath.Dir(k)), nil
}

// InstallFrontend writes the bundled widget manager and anywidget front end
// into DATA/labextensions for the data dir of o, each unless the same piece
// is already on the Jupyter data path (or in that data dir): a second copy
// is never installed. What it wrote is recorded in the kernelspec directory
// (which [Install] must have made) for [UninstallFrontend]. An extension
// this binary installed before is replaced when its version differs.
func InstallFrontend(o Options) (*FrontendReport, error) {
	data, err := dataDir(o)
	if err != nil {
		return nil, err
	}
	kdir, _ := KernelDir(o)
	old := readManifest(kdir)
	r := &FrontendReport{DataDir: data}
	search := append([]string{data}, DataPath()...)
	found, err := FindExtensions(search)
	if err != nil {
		return nil, err
	}
	have := bundled(o)
	var m manifest
	for _, p := range pieces {
		rel := "labextensions/" + p.bundled
		cur, ok := findPiece(found, p)
		ours := ok && cur.Name == p.bundled && sameDir(cur.Dir, filepath.Join(data, filepath.FromSlash(rel))) && slices.Contains(old.Installed, rel)
		var b Extension
		var isBundled bool
		for _, e := range have {
			if e.Name == p.bundled {
				b, isBundled = e, true
			}
		}
		switch {
		case ok && !(ours && isBundled && cur.Version != b.Version):
			r.Present = append(r.Present, cur)
			if ours {
				m.Installed = append(m.Installed, rel)
			}
			if p.bundled == pieces[1].bundled {
				r.Anywidget = &cur
			}
			continue
		case !isBundled:
			r.Missing = append(r.Missing, p.role)
			continue
		}
		dst := filepath.Join(data, filepath.FromSlash(rel))
		if err := writeTree(bundle(o), p.bundled, dst); err != nil {
			return r, err
		}
		b.Dir = dst
		r.Written = append(r.Written, b)
		m.Installed = append(m.Installed, rel)
		if p.bundled == pieces[1].bundled {
			r.Anywidget = &b
		}
	}
	if len(m.Installed) > 0 {
		if err := writeManifest(kdir, m); err != nil {
			return r, err
		}
	}
	return r, nil
}

// UninstallFrontend removes the extension directories that InstallFrontend
// recorded in the kernelspec directory of o, and returns them.
func UninstallFrontend(o Options) ([]string, error) {
	data, err := dataDir(o)
	if err != nil {
		return nil, err
	}
	kdir, _ := KernelDir(o)
	m := readManifest(kdir)
	var removed []string
	for _, rel := range m.Installed {
		if !strings.HasPrefix(rel, "labextensions/") || strings.Contains(rel, "..") {
			continue
		}
		dir := filepath.Join(data, filepath.FromSlash(rel))
		if _, err := os.Stat(dir); err != nil {
			continue
		}
		if err := os.RemoveAll(dir); err != nil {
			return removed, fmt.Errorf("install: %w", err)
		}
		removed = append(removed, dir)
		// An emptied @scope directory goes too.
		if parent := filepath.Dir(dir); strings.HasPrefix(filepath.Base(parent), "@") {
			_ = os.Remove(parent)
		}
	}
	_ = os.Remove(filepath.Join(kdir, manifestName))
	_ = os.Remove(filepath.Join(data, "labextensions")) // only when empty
	return removed, nil
}

func readManifest(kdir string) manifest {
	var m manifest
	if b, err := os.ReadFile(filepath.Join(kdir, manifestName)); err == nil {
		_ = json.Unmarshal(b, &m)
	}
	return m
}

func writeManifest(kdir string, m manifest) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("install: %w", err)
	}
	if err := os.MkdirAll(kdir, 0o755); err != nil {
		return fmt.Errorf("install: %w", err)
	}
	if err := os.WriteFile(filepath.Join(kdir, manifestName), append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("install: %w", err)
	}
	return nil
}

// writeTree copies dir of fsys to dst, replacing it: written beside it
// first, then renamed into place.
func writeTree(fsys fs.FS, dir, dst string) error {
	tmp := dst + ".activis-tmp"
	_ = os.RemoveAll(tmp)
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p, dir), "/")
		out := filepath.Join(tmp, filepath.FromSlash(rel))
		if d.IsDir() {
			return os.MkdirAll(out, 0o755)
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		return os.WriteFile(out, b, 0o644)
	})
	if err == nil {
		_ = os.RemoveAll(dst)
		err = os.Rename(tmp, dst)
	}
	if err != nil {
		_ = os.RemoveAll(tmp)
		return fmt.Errorf("install: writing %s: %w", dst, err)
	}
	return nil
}

func sameDir(a, b string) bool {
	if a == b {
		return true
	}
	ia, err1 := os.Stat(a)
	ib, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(ia, ib)
}
