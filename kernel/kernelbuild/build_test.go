package kernelbuild

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/activis-go/activis/install"
	"github.com/activis-go/activis/kernel/kerneltest"
	"github.com/activis-go/activis/kernel/wire"
)

func TestPatterns(t *testing.T) {
	for _, test := range []struct {
		with        []string
		name, title string
	}{
		{[]string{"gonum.org/v1/plot/..."}, "activis-plot", "Go (ActiVis + plot)"},
		{[]string{"github.com/google/uuid@v1.6.0"}, "activis-uuid", "Go (ActiVis + uuid)"},
		{[]string{"gonum.org/v1/plot/...", "github.com/google/uuid"}, "activis-plot-uuid", "Go (ActiVis + plot, uuid)"},
		{[]string{"gopkg.in/yaml.v3"}, "activis-yaml", "Go (ActiVis + yaml)"},
		{[]string{"example.com/m/v2/..."}, "activis-m", "Go (ActiVis + m)"},
		{[]string{"example.com/m/v2/sub", "example.com/x/sub/"}, "activis-sub", "Go (ActiVis + sub)"},
		{[]string{"example.com/Big_Name"}, "activis-big_name", "Go (ActiVis + Big_Name)"},
	} {
		pats, err := parsePatterns(test.with)
		if err != nil {
			t.Errorf("%q: %v", test.with, err)
			continue
		}
		if n, d := defaultName(pats), defaultDisplayName(pats); n != test.name || d != test.title {
			t.Errorf("%q: name %q display %q, want %q %q", test.with, n, d, test.name, test.title)
		}
	}
	pats, _ := parsePatterns([]string{"gonum.org/v1/plot/...@v0.14.0"})
	if pats[0].path != "gonum.org/v1/plot/..." || pats[0].version != "v0.14.0" || pats[0].String() != "gonum.org/v1/plot/...@v0.14.0" {
		t.Errorf("version split: %+v", pats[0])
	}
	for _, bad := range []string{"", "./local", "/abs/path", "fmt", "math/rand/...", "a b"} {
		if _, err := parsePatterns([]string{bad}); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestExportsAny(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{
		"generic.go": "package p\nfunc Map[T any](x T) T { return x }\ntype Set[T comparable] map[T]bool\n",
		"none.go":    "package p\nimport \"encoding/gob\"\nfunc init() { gob.Register(t{}) }\ntype t struct{}\nfunc (t) Exported() {}\n",
		"var.go":     "package p\nvar (\n\tx int\n\tY = 2\n)\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, test := range []struct {
		files []string
		want  bool
	}{
		{[]string{"generic.go"}, true},
		{[]string{"none.go"}, false},
		{[]string{"none.go", "var.go"}, true},
		{[]string{"missing.go"}, true},
	} {
		if got := exportsAny(dir, test.files); got != test.want {
			t.Errorf("exportsAny(%v) = %v", test.files, got)
		}
	}
	src := []byte("// Code generated.\n\npackage symbols\n\nimport (\n\t\"reflect\"\n)\n\nfunc init() {\n\tSymbols[\"a.b/c/c\"] = map[string]reflect.Value{}\n}\n")
	out, err := blankImport(src, "a.b/c")
	if err != nil || !bytes.Contains(out, []byte("_ \"a.b/c\"\n")) || !bytes.Contains(out, []byte("\"reflect\"")) {
		t.Errorf("blankImport: %v\n%s", err, out)
	}
}

func TestFindSource(t *testing.T) {
	src, err := findSource("")
	if err != nil {
		t.Fatal(err)
	}
	// The tests run in the checkout: it is the source.
	wd, _ := os.Getwd()
	if want := filepath.Dir(filepath.Dir(wd)); src.dir != want {
		t.Errorf("source %s, want the checkout %s", src, want)
	}
	if _, err := findSource(t.TempDir()); err == nil || !strings.Contains(err.Error(), "not a checkout") {
		t.Errorf("an empty directory as the source: %v", err)
	}
}

// TestBuildErrors: a module that does not exist and a missing --with fail
// with messages that say so, before anything is installed.
func TestBuildErrors(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	data := t.TempDir()
	t.Setenv("JUPYTER_DATA_DIR", data)
	t.Setenv("GOPROXY", "off")
	ctx := context.Background()
	if _, err := Build(ctx, Options{}); err == nil || !strings.Contains(err.Error(), "--with") {
		t.Errorf("no package: %v", err)
	}
	_, err := Build(ctx, Options{With: []string{"example.invalid/nothing/..."}, NoInstall: true, Out: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "--with example.invalid/nothing/...") || !strings.Contains(err.Error(), "module not found") {
		t.Errorf("missing module: %v", err)
	}
	_, err = Build(ctx, Options{With: []string{"github.com/google/uuid"}, Install: install.Options{Prefix: "x", User: true}})
	if err == nil || !strings.Contains(err.Error(), "choose one of") {
		t.Errorf("two install places: %v", err)
	}
	if ents, _ := os.ReadDir(data); len(ents) != 0 {
		t.Errorf("failed builds wrote %v", ents)
	}
}

// TestBuildUUID builds a kernel with github.com/google/uuid compiled in,
// installs its kernelspec in a private Jupyter data directory, starts the
// binary the kernelspec names and imports the package in a cell: the
// compiled package answers (the kernel may not fetch it from source: the
// module proxy is off and the notebook module directory stays empty).
func TestBuildUUID(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a kernel binary")
	}
	data := t.TempDir()
	t.Setenv("JUPYTER_DATA_DIR", data)
	var log bytes.Buffer
	start := time.Now()
	res, err := Build(context.Background(), Options{With: []string{"github.com/google/uuid"}, Log: &log})
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	t.Logf("built in %v (%.1f MB):\n%s", time.Since(start).Round(time.Millisecond), float64(res.Size)/1e6, log.String())
	if res.Name != "activis-uuid" || len(res.Packages) != 1 || res.Packages[0] != "github.com/google/uuid" || len(res.Skipped) != 0 {
		t.Errorf("result %+v", res)
	}
	b, err := os.ReadFile(filepath.Join(data, "kernels", "activis-uuid", "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	var spec install.KernelSpec
	if err := json.Unmarshal(b, &spec); err != nil {
		t.Fatal(err)
	}
	if spec.DisplayName != "Go (ActiVis + uuid)" || len(spec.Argv) == 0 || spec.Argv[0] != res.Binary ||
		filepath.Dir(res.Binary) != filepath.Join(data, "kernels", "activis-uuid") {
		t.Errorf("kernel.json %s (binary %s)", b, res.Binary)
	}
	if out, err := exec.Command(res.Binary, "version").Output(); err != nil || !strings.Contains(string(out), "compiled in: github.com/google/uuid\n") {
		t.Errorf("version: %q %v", out, err)
	}

	modules := t.TempDir()
	c := startKernel(t, spec.Argv[0], "GOPROXY=off", "ACTIVIS_GO_MODULES="+modules)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	want := uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://activis.dev")).String()
	r, err := c.Execute(ctx, `import "github.com/google/uuid"
fmt.Println(uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://activis.dev")))
var _ uuid.UUID = uuid.Nil
len(uuid.New().String())`)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != "ok" || r.Stdout() != want+"\n" || r.Data("execute_result")["text/plain"] != "36" {
		t.Errorf("cell: %s %s %s: stdout %q (want %q), result %v, stderr %q", r.Status, r.Ename, r.Evalue, r.Stdout(), want, r.Data("execute_result"), r.Stderr())
	}
	if ents, _ := os.ReadDir(modules); len(ents) != 0 {
		t.Errorf("the kernel fetched modules from source: %v", ents)
	}
}

// TestBuildPlot is the number of issue 12: a kernel with
// gonum.org/v1/plot/... compiled in plots a line to PNG and displays it.
// It takes about half a minute with warm caches and minutes cold, so it
// runs only with ACTIVIS_TEST_BUILD_WITH=1 (make test-build-with).
func TestBuildPlot(t *testing.T) {
	if os.Getenv("ACTIVIS_TEST_BUILD_WITH") == "" {
		t.Skip("set ACTIVIS_TEST_BUILD_WITH=1 (make test-build-with): builds a kernel with gonum.org/v1/plot/...")
	}
	var log bytes.Buffer
	start := time.Now()
	res, err := Build(context.Background(), Options{With: []string{"gonum.org/v1/plot/..."}, Name: "go-plot", NoInstall: true, Out: t.TempDir(), Log: &log})
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	t.Logf("built in %v (%.1f MB, %d packages, %d skipped):\n%s", time.Since(start).Round(time.Millisecond),
		float64(res.Size)/1e6, len(res.Packages), len(res.Skipped), log.String())
	for _, p := range []string{"gonum.org/v1/plot", "gonum.org/v1/plot/plotter", "gonum.org/v1/plot/vg", "gonum.org/v1/plot/vg/vgimg"} {
		found := false
		for _, q := range res.Packages {
			found = found || q == p
		}
		if !found {
			t.Errorf("%s not compiled in: %v", p, res.Packages)
		}
	}

	c := startKernel(t, res.Binary, "GOPROXY=off", "ACTIVIS_GO_MODULES="+t.TempDir())
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	began := time.Now()
	r, err := c.Execute(ctx, `import (
	"bytes"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

p := plot.New()
p.Title.Text = "y = x²"
pts := make(plotter.XYs, 50)
for i := range pts {
	x := float64(i) / 10
	pts[i].X, pts[i].Y = x, x*x
}
line, err := plotter.NewLine(pts)
if err != nil {
	panic(err)
}
p.Add(line)
w, err := p.WriterTo(4*vg.Inch, 3*vg.Inch, "png")
if err != nil {
	panic(err)
}
var buf bytes.Buffer
if _, err := w.WriteTo(&buf); err != nil {
	panic(err)
}
display.Display(display.PNG(buf.Bytes()))`)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("plot cell ran in %v", time.Since(began).Round(time.Millisecond))
	if r.Status != "ok" {
		t.Fatalf("cell: %s %s %s, stderr %q", r.Status, r.Ename, r.Evalue, r.Stderr())
	}
	d := r.Data("display_data")
	s, _ := d["image/png"].(string)
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatalf("display_data %v: image/png: %v", r.Types(), err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("image/png does not decode: %v", err)
	}
	// 4 × 3 inches at vgimg's default 96 dpi.
	if b := img.Bounds(); b.Dx() != 384 || b.Dy() != 288 {
		t.Errorf("PNG %v, want 384×288", b)
	}
	// The line is drawn: some pixels are dark.
	dark := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if r, g, bl, _ := img.At(x, y).RGBA(); r+g+bl < 3*0x4000 {
				dark++
			}
		}
	}
	if dark < 300 {
		t.Errorf("only %d dark pixels: no line drawn?", dark)
	}
}

// startKernel runs a kernel binary on a fresh connection file with extra
// environment variables and returns a client connected to it; the kernel
// is killed when the test ends.
func startKernel(t *testing.T, bin string, env ...string) *kerneltest.Client {
	t.Helper()
	info, err := wire.LocalConnectionInfo("build-key")
	if err != nil {
		t.Fatal(err)
	}
	conn := filepath.Join(t.TempDir(), "kernel.json")
	if err := wire.WriteConnectionFile(conn, info); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	cmd := exec.Command(bin, conn)
	cmd.Env = append(append(os.Environ(), "ACTIVIS_HISTORY=off"), env...)
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	c, err := kerneltest.Dial(ctx, info)
	if err != nil {
		cmd.Process.Kill()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c.Close()
		cmd.Process.Kill()
		<-exited
		if t.Failed() {
			t.Logf("kernel log:\n%s", logs.String())
		}
	})
	return c
}
