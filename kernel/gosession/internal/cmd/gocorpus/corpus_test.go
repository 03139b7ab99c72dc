package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestRefused runs corpus programs that printed wrong results or killed the
// process (a stack overflow in the interpreter's type checker) and that the
// session now refuses with an error naming the construct.
func TestRefused(t *testing.T) {
	dir := filepath.Join(runtime.GOROOT(), "test")
	if _, err := os.Stat(filepath.Join(dir, "helloworld.go")); err != nil {
		t.Skipf("no GOROOT test directory: %v", err)
	}
	for name, want := range map[string]string{
		"typeparam/cons.go":        "generic types Cons, List refer to each other",
		"typeparam/list2.go":       "generic types _Element, _List refer to each other",
		"typeparam/orderedmap.go":  "generic type node with 2 type parameters refers to itself (node[K, V])",
		"typeparam/typeswitch6.go": "a type switch case that uses the type parameter T matches wrongly",
		"typeparam/typeswitch7.go": "a type switch case that uses the type parameter T (interface{bar() T}) matches wrongly",
	} {
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			err = runKernel(string(src), &out)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("error = %v, want it to contain %q (output %q)", err, want, out.String())
			}
		})
	}
}

// TestSubset runs a few fast corpus programs in the kernel session in
// process, each of which failed or printed wrongly before a session fix
// (print/println, unsafe, syscall, defer arguments, Go 1.21 builtins), and
// checks their output against the .out files; `make gocorpus` runs them all.
func TestSubset(t *testing.T) {
	dir := filepath.Join(runtime.GOROOT(), "test")
	if _, err := os.Stat(filepath.Join(dir, "helloworld.go")); err != nil {
		t.Skipf("no GOROOT test directory: %v", err)
	}
	for _, name := range []string{"helloworld.go", "deferprint.go", "goprint.go", "print.go", "printbig.go", "recover4.go", "defer.go", "clear.go", "typeparam/map.go",
		"typeparam/eface.go", "typeparam/issue49547.go", "typeparam/issue51522a.go"} {
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
