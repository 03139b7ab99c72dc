// Command extractstd regenerates the symbol tables of package stdnew: the
// members of the standard library that the running Go release has and
// yaegi v0.16.1's tables (stdlib.Symbols) lack.
//
// It lists the standard packages with `go list std`, reads each one's
// exported names from the compiler's export data, keeps the names that
// stdlib.Symbols does not hold (yaegi's wrappers included: an interface
// type "Name" comes with "_Name"), and writes one file per package with
// yaegi's extractor restricted to those names. Generic names are skipped by
// the extractor itself. Run it through `go generate
// ./kernel/gosession/symbols/` (it writes to the directory -dir, stdnew);
// the files it wrote before are removed first, so a name yaegi gains later
// leaves the table.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/importer"
	"go/token"
	"go/types"
	"log"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/traefik/yaegi/extract"
	"github.com/traefik/yaegi/stdlib"

	"github.com/activis-go/activis/kernel/gosession/symbols/internal/genfiles"
)

// skip lists the standard packages whose symbols the session takes from
// elsewhere or cannot use, with the reason.
var skip = map[string]string{
	"syscall":       "yaegi's syscall table (stdlib/syscall) is loaded",
	"unsafe":        "yaegi's unsafe table (stdlib/unsafe) is loaded",
	"os/exec":       "yaegi's unrestricted table is loaded",
	"iter":          "generic only; the session supplies it (iterpkgs.go)",
	"unique":        "generic only",
	"weak":          "generic only; the session supplies it (weakpkg.go)",
	"plugin":        "needs cgo and a dynamic loader",
	"runtime/cgo":   "needs cgo",
	"simd/archsimd": "exists only with GOEXPERIMENT=simd",
}

// dest is the package the tables are written to.
const dest = "stdnew"

func main() {
	log.SetFlags(0)
	log.SetPrefix("extractstd: ")
	dir := flag.String("dir", ".", "the directory of package stdnew")
	flag.Parse()
	out, err := exec.Command("go", "list", "std").Output()
	if err != nil {
		log.Fatalf("go list std: %v", err)
	}
	if err := genfiles.RemoveGenerated(*dir); err != nil {
		log.Fatal(err)
	}
	imp := importer.ForCompiler(token.NewFileSet(), "gc", nil)
	files, names := 0, 0
	for _, p := range strings.Fields(string(out)) {
		if _, ok := skip[p]; ok || strings.Contains(p, "internal") || strings.HasPrefix(p, "vendor/") || strings.HasPrefix(p, "cmd/") {
			continue
		}
		pkg, err := imp.Import(p)
		if err != nil {
			log.Fatalf("importing %s: %v", p, err)
		}
		missing := missingNames(pkg)
		if len(missing) == 0 {
			continue
		}
		src, err := extractNames(p, missing)
		if err != nil {
			log.Fatal(err)
		}
		if src == nil {
			continue // only generic names
		}
		file := filepath.Join(*dir, strings.NewReplacer("/", "_").Replace(p)+".go")
		if err := os.WriteFile(file, src, 0o644); err != nil {
			log.Fatalf("writing %s: %v", file, err)
		}
		files++
		names += len(missing)
	}
	fmt.Printf("extractstd: %d packages, %d names yaegi lacks (generic ones not written)\n", files, names)
}

// missingNames returns the exported names of pkg that yaegi's tables lack,
// sorted.
func missingNames(pkg *types.Package) []string {
	have := stdlib.Symbols[path.Join(pkg.Path(), pkg.Name())]
	var missing []string
	for _, name := range pkg.Scope().Names() {
		if _, ok := have[name]; !ok && token.IsExported(name) {
			missing = append(missing, name)
		}
	}
	sort.Strings(missing)
	return missing
}

// extractNames runs yaegi's extractor on the names of package p; it returns
// nil if the file would hold no symbol (all names generic).
func extractNames(p string, names []string) ([]byte, error) {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = regexp.QuoteMeta(n)
	}
	e := extract.Extractor{Dest: dest, Include: []string{"^(" + strings.Join(quoted, "|") + ")$"}}
	var b bytes.Buffer
	if _, err := e.Extract(p, p, &b); err != nil {
		return nil, fmt.Errorf("extracting %s: %w", p, err)
	}
	if !bytes.Contains(b.Bytes(), []byte("reflect.ValueOf(")) {
		return nil, nil
	}
	return b.Bytes(), nil
}
