package install

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

//go:embed assets/kernel.json assets/logo-32x32.png assets/logo-64x64.png assets/logo-svg.svg
var assets embed.FS

// DefaultName is the kernelspec name (the directory under kernels/).
const DefaultName = "activis"

// ErrNoSysPrefix: SysPrefix was asked for outside a virtualenv or conda
// environment.
var ErrNoSysPrefix = errors.New("install: --sys-prefix needs an active virtualenv or conda environment (VIRTUAL_ENV or CONDA_PREFIX); use --prefix DIR instead")

// ErrNotInstalled: Uninstall found no kernelspec.
var ErrNotInstalled = errors.New("install: kernelspec not installed")

// Options say where and what to install. At most one of User, Prefix and
// SysPrefix may be set; none means User.
type Options struct {
	// Name of the kernelspec directory; "" means DefaultName.
	Name string
	// DisplayName overrides "Go (ActiVis)" when not empty.
	DisplayName string
	// Binary is the kernel executable; "" means the running executable.
	// It is made absolute.
	Binary string
	// User installs into the user's Jupyter data directory.
	User bool
	// Prefix installs into PREFIX/share/jupyter.
	Prefix string
	// SysPrefix installs into the active virtualenv or conda environment.
	SysPrefix bool
	// Frontend is the tree of prebuilt extensions InstallFrontend writes
	// (SCOPE/NAME/package.json, ...); nil means the ones embedded in the
	// binary.
	Frontend fs.FS
}

// KernelSpec is the content of kernel.json.
type KernelSpec struct {
	Argv          []string          `json:"argv"`
	DisplayName   string            `json:"display_name"`
	Language      string            `json:"language"`
	InterruptMode string            `json:"interrupt_mode,omitempty"`
	Env           map[string]string `json:"env,omitempty"`
	Metadata      map[string]any    `json:"metadata,omitempty"`
}

// UserDataDir returns the user's Jupyter data directory: $JUPYTER_DATA_DIR
// if set, else the platform's default (~/.local/share/jupyter on Linux,
// honouring XDG_DATA_HOME; ~/Library/Jupyter on macOS; %APPDATA%\jupyter on
// Windows).
func UserDataDir() (string, error) {
	if d := os.Getenv("JUPYTER_DATA_DIR"); d != "" {
		return d, nil
	}
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("APPDATA"); d != "" {
			return filepath.Join(d, "jupyter"), nil
		}
	case "darwin":
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("install: locating the Jupyter data dir: %w", err)
		}
		return filepath.Join(home, "Library", "Jupyter"), nil
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "jupyter"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("install: locating the Jupyter data dir: %w", err)
	}
	return filepath.Join(home, ".local", "share", "jupyter"), nil
}

// KernelDir returns the directory the kernelspec of o lives in.
func KernelDir(o Options) (string, error) {
	set := 0
	for _, b := range []bool{o.User, o.Prefix != "", o.SysPrefix} {
		if b {
			set++
		}
	}
	if set > 1 {
		return "", errors.New("install: choose one of --user, --prefix and --sys-prefix")
	}
	name := o.Name
	if name == "" {
		name = DefaultName
	}
	if name != filepath.Base(name) || name == "." || name == ".." {
		return "", fmt.Errorf("install: invalid kernelspec name %q", name)
	}
	var data string
	switch {
	case o.Prefix != "":
		p, err := filepath.Abs(o.Prefix)
		if err != nil {
			return "", fmt.Errorf("install: prefix %q: %w", o.Prefix, err)
		}
		data = filepath.Join(p, "share", "jupyter")
	case o.SysPrefix:
		p := os.Getenv("VIRTUAL_ENV")
		if p == "" {
			p = os.Getenv("CONDA_PREFIX")
		}
		if p == "" {
			return "", ErrNoSysPrefix
		}
		data = filepath.Join(p, "share", "jupyter")
	default:
		d, err := UserDataDir()
		if err != nil {
			return "", err
		}
		data = d
	}
	data, err := filepath.Abs(data)
	if err != nil {
		return "", fmt.Errorf("install: data dir %q: %w", data, err)
	}
	return filepath.Join(data, "kernels", name), nil
}

// Spec returns the kernel.json of o, from the embedded template.
func Spec(o Options) (*KernelSpec, error) {
	b, err := assets.ReadFile("assets/kernel.json")
	if err != nil {
		return nil, fmt.Errorf("install: kernel.json template: %w", err)
	}
	var spec KernelSpec
	if err := json.Unmarshal(b, &spec); err != nil {
		return nil, fmt.Errorf("install: kernel.json template: %w", err)
	}
	bin := o.Binary
	if bin == "" {
		if bin, err = os.Executable(); err != nil {
			return nil, fmt.Errorf("install: locating the kernel binary: %w", err)
		}
	}
	if bin, err = filepath.Abs(bin); err != nil {
		return nil, fmt.Errorf("install: kernel binary %q: %w", o.Binary, err)
	}
	for i, a := range spec.Argv {
		if a == "{binary}" {
			spec.Argv[i] = bin
		}
	}
	if o.DisplayName != "" {
		spec.DisplayName = o.DisplayName
	}
	return &spec, nil
}

// Install writes the kernelspec (kernel.json and logos), replacing an
// earlier one, and returns its directory.
func Install(o Options) (string, error) {
	dir, err := KernelDir(o)
	if err != nil {
		return "", err
	}
	spec, err := Spec(o)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("install: %w", err)
	}
	b, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		return "", fmt.Errorf("install: encoding kernel.json: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "kernel.json"), append(b, '\n'), 0o644); err != nil {
		return "", fmt.Errorf("install: %w", err)
	}
	for _, name := range []string{"logo-32x32.png", "logo-64x64.png", "logo-svg.svg"} {
		data, err := assets.ReadFile("assets/" + name)
		if err != nil {
			return "", fmt.Errorf("install: asset %s: %w", name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return "", fmt.Errorf("install: %w", err)
		}
	}
	return dir, nil
}

// Uninstall removes the kernelspec directory of o and returns it; it fails
// with ErrNotInstalled when there is none.
func Uninstall(o Options) (string, error) {
	dir, err := KernelDir(o)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(dir, "kernel.json")); errors.Is(err, os.ErrNotExist) {
		return dir, fmt.Errorf("%w in %s", ErrNotInstalled, dir)
	}
	if err := os.RemoveAll(dir); err != nil {
		return dir, fmt.Errorf("install: %w", err)
	}
	return dir, nil
}
