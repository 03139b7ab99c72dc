package gosession

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkPackageSource measures what serving a package's files through
// buildFS costs over reading them: plain reads the files, rewritten reads
// them through buildFS.ReadFile (the //go:build lines and every
// pkgsource.go rewrite) with the package's type check kept from the first
// read (pkgtypes.go), checked does the same with the package checked
// again for every read of the package, as the first session importing it
// does. It uses gonum.org/v1/gonum/mat (go 1.24, so its
// loops get per-iteration variables) and github.com/google/uuid from the
// go command's module cache; it is skipped when they are not there.
func BenchmarkPackageSource(b *testing.B) {
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		b.Skip("no go command")
	}
	cache := strings.TrimSpace(string(out))
	for _, pkg := range []string{"gonum.org/v1/gonum@v0.17.0/mat", "github.com/google/uuid@v1.6.0"} {
		names, _ := filepath.Glob(filepath.Join(cache, pkg, "*.go"))
		var files []string
		size := 0
		for _, n := range names {
			if !strings.HasSuffix(n, "_test.go") {
				files = append(files, n)
				if fi, err := os.Stat(n); err == nil {
					size += int(fi.Size())
				}
			}
		}
		if len(files) == 0 {
			b.Logf("%s not in the module cache", pkg)
			continue
		}
		for _, mode := range []string{"plain", "rewritten", "checked"} {
			b.Run(filepath.Base(filepath.Dir(pkg+"/x"))+"/"+mode, func(b *testing.B) {
				b.SetBytes(int64(size))
				b.ReportMetric(float64(len(files)), "files")
				for b.Loop() {
					if mode == "checked" {
						pkgTypesMu.Lock()
						clear(pkgChecked)
						pkgTypesMu.Unlock()
					}
					for _, n := range files {
						var err error
						if mode == "plain" {
							_, err = os.ReadFile(n)
						} else {
							_, err = (&buildFS{}).ReadFile(n)
						}
						if err != nil {
							b.Fatal(err)
						}
					}
				}
			})
		}
	}
}
