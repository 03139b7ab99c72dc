package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
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

// TestAsPackage: a program becomes package p with main renamed Main, the
// references to it too, and a method named main left alone.
func TestAsPackage(t *testing.T) {
	src := "package main\n\ntype T struct{}\n\nfunc (T) main() {}\n\nvar f = main\n\nfunc main() { T{}.main() }\n"
	out, err := asPackage("x.go", []byte(src), "main", "Main")
	if err != nil {
		t.Fatal(err)
	}
	want := "package p\n\ntype T struct{}\n\nfunc (T) main() {}\n\nvar f = Main\n\nfunc Main() { T{}.main() }\n"
	if string(out) != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	if _, err := asPackage("y.go", []byte("package q\n\nfunc main() {}\n"), "main", "Main"); err == nil {
		t.Error("package q taken as a program")
	}
}

// TestExamplePackage: the errors package's external examples become one
// package with the examples that have an output comment, and the
// context package's take the helper file that declares what they use.
func TestExamplePackage(t *testing.T) {
	src := filepath.Join(runtime.GOROOT(), "src")
	if _, err := os.Stat(filepath.Join(src, "errors", "example_test.go")); err != nil {
		t.Skipf("no GOROOT sources: %v", err)
	}
	c, ok, err := examplePackage(filepath.Join(src, "errors"), "errors", 0)
	if err != nil || !ok {
		t.Fatalf("errors: %v %v", ok, err)
	}
	var join *pkgCall
	for i := range c.calls {
		if c.calls[i].fn == "ExampleJoin" {
			join = &c.calls[i]
		}
	}
	if join == nil || !strings.HasPrefix(join.want, "err1\nerr2\n") || !join.example {
		t.Errorf("ExampleJoin: %+v", join)
	}
	if !strings.HasPrefix(c.files["example_ex.go"], "// Copyright") || !strings.Contains(c.files["example_ex.go"], "\npackage p\n") {
		t.Errorf("example_ex.go is not package p")
	}
	c, _, err = examplePackage(filepath.Join(src, "context"), "context", 0)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for name, s := range c.files {
		found = found || name != "example_ex.go" && regexp.MustCompile(`shortDuration\s+=`).MatchString(s)
	}
	if !found {
		t.Errorf("context: no file declaring shortDuration among %d files", len(c.files))
	}
}

// TestCellSource: an example package's files become one cell of package
// main with their imports merged (each once) ahead of the declarations.
func TestCellSource(t *testing.T) {
	src, err := cellSource(map[string]string{
		"a_ex.go": "package p\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n)\n\nfunc ExampleA() { fmt.Println(strings.ToUpper(b)) }\n",
		"b_ex.go": "package p\n\nimport \"fmt\"\n\nvar b = fmt.Sprint(\"b\")\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "package main\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n)\n\nfunc ExampleA() { fmt.Println(strings.ToUpper(b)) }\n\nvar b = fmt.Sprint(\"b\")\n"
	if string(src) != want {
		t.Errorf("got\n%s\nwant\n%s", src, want)
	}
}
