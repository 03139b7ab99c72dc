package install

import (
	"encoding/json"
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestKernelDir(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("JUPYTER_DATA_DIR", filepath.Join(tmp, "data"))
	t.Setenv("VIRTUAL_ENV", filepath.Join(tmp, "venv"))
	t.Setenv("CONDA_PREFIX", "")
	for _, test := range []struct {
		name string
		o    Options
		want string
		err  bool
	}{
		{"default is user", Options{}, filepath.Join(tmp, "data", "kernels", "activis"), false},
		{"user", Options{User: true}, filepath.Join(tmp, "data", "kernels", "activis"), false},
		{"prefix", Options{Prefix: filepath.Join(tmp, "p")}, filepath.Join(tmp, "p", "share", "jupyter", "kernels", "activis"), false},
		{"sys-prefix", Options{SysPrefix: true}, filepath.Join(tmp, "venv", "share", "jupyter", "kernels", "activis"), false},
		{"name", Options{Name: "go2"}, filepath.Join(tmp, "data", "kernels", "go2"), false},
		{"two places", Options{User: true, Prefix: "/x"}, "", true},
		{"bad name", Options{Name: "../x"}, "", true},
	} {
		got, err := KernelDir(test.o)
		if (err != nil) != test.err || got != test.want {
			t.Errorf("%s: %q, %v; want %q (error %v)", test.name, got, err, test.want, test.err)
		}
	}
	t.Setenv("VIRTUAL_ENV", "")
	if _, err := KernelDir(Options{SysPrefix: true}); !errors.Is(err, ErrNoSysPrefix) {
		t.Errorf("sys-prefix without an environment: %v", err)
	}
}

func TestUserDataDirDefault(t *testing.T) {
	t.Setenv("JUPYTER_DATA_DIR", "")
	t.Setenv("XDG_DATA_HOME", "/xdg")
	if d, _ := UserDataDir(); d != filepath.Join("/xdg", "jupyter") {
		t.Errorf("with XDG_DATA_HOME: %s", d)
	}
	t.Setenv("XDG_DATA_HOME", "")
	t.Setenv("HOME", "/home/u")
	if d, _ := UserDataDir(); d != "/home/u/.local/share/jupyter" {
		t.Errorf("default: %s", d)
	}
}

func TestInstallUninstall(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("JUPYTER_DATA_DIR", tmp)
	o := Options{Binary: "bin/activis-kernel"}
	dir, err := Install(o)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	var spec KernelSpec
	if err := json.Unmarshal(b, &spec); err != nil {
		t.Fatal(err)
	}
	if len(spec.Argv) != 2 || !filepath.IsAbs(spec.Argv[0]) || !strings.HasSuffix(spec.Argv[0], "bin/activis-kernel") || spec.Argv[1] != "{connection_file}" {
		t.Errorf("argv %q", spec.Argv)
	}
	if spec.DisplayName != "Go (ActiVis)" || spec.Language != "go" || spec.InterruptMode != "message" {
		t.Errorf("spec %+v", spec)
	}
	for _, test := range []struct {
		name string
		px   int
	}{{"logo-32x32.png", 32}, {"logo-64x64.png", 64}} {
		f, err := os.Open(filepath.Join(dir, test.name))
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(f)
		f.Close()
		if err != nil || cfg.Width != test.px || cfg.Height != test.px {
			t.Errorf("%s: %dx%d, %v", test.name, cfg.Width, cfg.Height, err)
		}
	}
	if svg, err := os.ReadFile(filepath.Join(dir, "logo-svg.svg")); err != nil || !strings.Contains(string(svg), "<svg") {
		t.Errorf("svg logo: %v", err)
	}
	// Installing again replaces.
	if _, err := Install(Options{Binary: "/other/kernel", DisplayName: "Go 2"}); err != nil {
		t.Fatal(err)
	}
	b, _ = os.ReadFile(filepath.Join(dir, "kernel.json"))
	if !strings.Contains(string(b), "/other/kernel") || !strings.Contains(string(b), "Go 2") {
		t.Errorf("reinstall did not replace: %s", b)
	}
	if got, err := Uninstall(Options{}); err != nil || got != dir {
		t.Fatalf("Uninstall = %q, %v", got, err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("kernelspec still there: %v", err)
	}
	if _, err := Uninstall(Options{}); !errors.Is(err, ErrNotInstalled) {
		t.Errorf("second Uninstall: %v", err)
	}
}
