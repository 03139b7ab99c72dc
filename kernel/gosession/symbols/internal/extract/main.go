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
	fmt.Printf("extract: %d packages\n", len(pkgs))
}
