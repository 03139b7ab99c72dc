package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestSubset runs a few fast corpus programs in the kernel session in
// process, each of which failed or printed wrongly before a session fix
// (print/println, unsafe, syscall, defer arguments, Go 1.21 builtins), and
// checks their output against the .out files; `make gocorpus` runs them all.
func TestSubset(t *testing.T) {
	dir := filepath.Join(runtime.GOROOT(), "test")
	if _, err := os.Stat(filepath.Join(dir, "helloworld.go")); err != nil {
		t.Skipf("no GOROOT test directory: %v", err)
	}
	for _, name := range []string{"helloworld.go", "deferprint.go", "goprint.go", "print.go", "printbig.go", "recover4.go", "defer.go", "clear.go", "typeparam/map.go"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !runAction(string(src)) {
				t.Fatalf("%s is not a // run program for linux/amd64", name)
			}
			want, _ := os.ReadFile(path[:len(path)-3] + ".out")
			t.Chdir(filepath.Dir(path))
			var out bytes.Buffer
			if err := runKernel(string(src), &out); err != nil {
				t.Fatalf("error: %v\noutput:\n%s", err, out.String())
			}
			if out.String() != string(want) {
				t.Errorf("output:\n%s\nwant:\n%s", out.String(), want)
			}
		})
	}
}
