// Command extract regenerates the yaegi symbol tables of package symbols.
//
// It lists the packages below, keeps those that compile (packages other
// helpers are still writing are skipped with a note), removes the previously
// generated files and runs `yaegi extract -name symbols` on the rest. Run it
// through `go generate ./kernel/...` from the module root.
package main

import (
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/activis-go/activis/kernel/gosession/symbols/internal/genfiles"
)

// patterns are the packages interpreted code can import. Patterns ending in
// "/..." are expanded with `go list`.
var patterns = []string{
	"gonum.org/v1/gonum/mat",
	"gonum.org/v1/gonum/stat",
	"gonum.org/v1/gonum/floats",
	"gonum.org/v1/gonum/floats/scalar",
	"gonum.org/v1/gonum/stat/distuv",
	"gonum.org/v1/gonum/stat/combin",
	"gonum.org/v1/gonum/mathext",
	// golang.org/x/text's case mapping and normalisation, which the kernel
	// links already: interpreted from source, x/text/unicode/norm's
	// recursive types overflowed yaegi's stack (importprobe.go refused
	// github.com/samber/lo, which imports x/text/cases).
	"golang.org/x/text/cases",
	"golang.org/x/text/language",
	"golang.org/x/text/transform",
	"golang.org/x/text/unicode/norm",
	"github.com/activis-go/activis/activis/...",
	"github.com/activis-go/activis/widgets/...",
}

// platformPackages are the packages whose exported names differ by
// platform, extracted once per platform into files named with its suffix
// (golang_org-x-sys-unix_linux_amd64.go) so that each build compiles its
// own. golang.org/x/sys/unix has assembly even with the build tags
// purego, noasm and safe, so interpreted from source it failed the import
// of every package over it (github.com/mattn/go-isatty, and through it
// github.com/fatih/color and github.com/olekukonko/tablewriter).
var platformPackages = []struct {
	path string
	// exclude lists, as yaegi's -exclude does, the names left out: as in
	// yaegi's own syscall table, the calls that end or replace the
	// kernel's process or bypass the session (raw system calls).
	exclude string
}{
	{"golang.org/x/sys/unix", "^Exec$,^Exit$,^Kill$,^Tgkill$,^Tkill$,^Ptrace,^Reboot$,^Syscall,^RawSyscall"},
	{"golang.org/x/sys/cpu", ""},
}

// platforms are the GOOS/GOARCH pairs platformPackages are extracted for.
var platforms = []string{"linux/amd64", "linux/arm64"}

func main() {
	log.SetFlags(0)
	log.SetPrefix("extract: ")
	args := append([]string{"list", "-e", "-f", "{{.ImportPath}}\t{{.Name}}\t{{if or .Error .DepsErrors}}error{{end}}"}, patterns...)
	out, err := exec.Command("go", args...).Output()
	if err != nil {
		log.Fatalf("go list: %v", err)
	}
	var pkgs []string
	for _, line := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
		f := strings.Split(line, "\t")
		if len(f) < 3 {
			continue
		}
		path, name, bad := f[0], f[1], f[2]
		switch {
		case name == "main" || strings.Contains(path, "/internal") || strings.Contains(path, "/testdata"):
			continue
		case bad != "":
			log.Printf("skipping %s: it does not load", path)
			continue
		}
		if b, err := exec.Command("go", "build", path).CombinedOutput(); err != nil {
			log.Printf("skipping %s: it does not compile yet:\n%s", path, b)
			continue
		}
		pkgs = append(pkgs, path)
	}
	if err := genfiles.RemoveGenerated("."); err != nil {
		log.Fatal(err)
	}
	cmd := exec.Command("go", append([]string{"run", "github.com/traefik/yaegi/cmd/yaegi", "extract", "-name", "symbols"}, pkgs...)...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		log.Fatalf("yaegi extract: %v", err)
	}
	n, err := extractPlatforms()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("extract: %d packages, %d platform tables\n", len(pkgs), n)
}

// extractPlatforms writes the tables of platformPackages for each of
// platforms. yaegi's extractor type-checks the package from source with
// go/build's default context, so running it (in this module, where it
// finds the package) with GOOS and GOARCH set gives that platform's names;
// the file it writes is renamed with the platform suffix.
func extractPlatforms() (int, error) {
	tmp, err := os.MkdirTemp("", "extract")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(tmp)
	yaegi := filepath.Join(tmp, "yaegi")
	if b, err := exec.Command("go", "build", "-o", yaegi, "github.com/traefik/yaegi/cmd/yaegi").CombinedOutput(); err != nil {
		return 0, fmt.Errorf("building yaegi: %v\n%s", err, b)
	}
	n := 0
	for _, plat := range platforms {
		goos, goarch, _ := strings.Cut(plat, "/")
		for _, p := range platformPackages {
			args := []string{"extract", "-name", "symbols"}
			if p.exclude != "" {
				args = append(args, "-exclude", p.exclude)
			}
			cmd := exec.Command(yaegi, append(args, p.path)...)
			cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0")
			if b, err := cmd.CombinedOutput(); err != nil {
				return n, fmt.Errorf("yaegi extract %s for %s: %v\n%s", p.path, plat, err, b)
			}
			base := strings.NewReplacer("/", "-", ".", "_").Replace(p.path)
			if err := os.Rename(base+".go", base+"_"+goos+"_"+goarch+".go"); err != nil {
				return n, fmt.Errorf("yaegi extract %s for %s wrote no table: %w", p.path, plat, err)
			}
			n++
		}
	}
	return n, nil
}
