package gosession

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestRewritePackageGo checks the text rewrite of package files: no go
// statement is left, the file parses, has the same number of lines, and
// what follows a go statement stays on its line; a file without go
// statements is served as it is.
func TestRewritePackageGo(t *testing.T) {
	src := `// Package p starts goroutines.
package p // comment

import (
	"fmt"
	str "strings"
	"sync"
)

type counter struct{ n int; mu sync.Mutex }

func (c *counter) add(d int) { c.mu.Lock(); c.n += d; c.mu.Unlock() }

func Run(f func(int), xs []int) {
	var wg sync.WaitGroup
	var c counter
	for i, x := range xs {
		wg.Add(3)
		go func(i, x int) {
			defer wg.Done()
			go func() { fmt.Println(i) }()
		}(i, x)
		go c.add(x)
		go f(
			x,
		)
		go fmt.Println(str.ToUpper("a"), 1)
		go func() (int, error) { return 0, nil }()
		go wg.Done()
		go helper(xs...)
		once := sync.OnceFunc(func() { fmt.Println(x) })
		go fmt.Println(sync.OnceValue(func() int { return x }))
		_ = once
	}
	wg.Wait()
}

func helper(xs ...int) {}

func Marker() {}
`
	out := string(rewritePackageGo("/x/p.go", []byte(src)))
	if n, m := strings.Count(src, "\n"), strings.Count(out, "\n"); n != m {
		t.Fatalf("%d lines rewritten as %d:\n%s", n, m, out)
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", out, 0)
	if err != nil {
		t.Fatalf("rewritten file does not parse: %v\n%s", err, out)
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if _, ok := n.(*ast.GoStmt); ok {
			t.Errorf("go statement at %v left:\n%s", fset.Position(n.Pos()), out)
		}
		if d, ok := n.(*ast.FuncDecl); ok && d.Name.Name == "Marker" {
			if l, want := fset.Position(d.Pos()).Line, lineOf(src, "func Marker"); l != want {
				t.Errorf("Marker moved from line %d to %d", want, l)
			}
		}
		return true
	})
	for _, want := range []string{
		`_activisrt.GoAt("/x/p.go:19", func(i, x int) func() { return func() {`,
		`_activisF`, // c.add and f are evaluated at the go statement
		`fmt.Println(_activisA`,
		`helper(_activisA`,
		`...) } }())`,
		`sync.OnceFunc(func() func() { return func() { fmt.Println(x) } }())`,
		`sync.OnceValue(func() func() int { return func() int { return x } }())`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("rewritten file lacks %q:\n%s", want, out)
		}
	}
	plain := "package q\n\nfunc Go() string { return \"go\" }\n"
	if got := string(rewritePackageGo("q.go", []byte(plain))); got != plain {
		t.Errorf("file without go statements rewritten:\n%s", got)
	}
}

// TestThirdPartyGoroutinePanic imports a package, from a module served by
// a local file:// proxy, whose functions start goroutines: their results
// are Go's (the function, receiver and arguments evaluated at the go
// statement), and a goroutine of the package that panics ends the cell
// with the panic and the package line of its go statement, where yaegi's
// own go statement ended the kernel process; the session and its
// variables survive.
func TestThirdPartyGoroutinePanic(t *testing.T) {
	proxy := t.TempDir()
	writeProxyModule(t, proxy, "example.com/spawn", "v0.1.0", map[string]string{
		"spawn.go": spawnSrc,
	})
	modulesEnv(t, "file://"+filepath.ToSlash(proxy))
	t.Setenv("GONOSUMDB", "example.com")
	t.Setenv("GOSUMDB", "off")

	s := newSession(t)
	r, err := run(t, s, "import \"example.com/spawn\"\nkept := 41\nspawn.Sum(100)")
	if err != nil {
		t.Fatalf("import: %s\n%s", errString(err), r.stream("stderr"))
	}
	if got := r.result(); got != "4950" {
		t.Errorf("spawn.Sum(100) = %s, want 4950", got)
	}
	if r := mustRun(t, s, "spawn.Onces(3)"); r.result() != "[0 10 20]" {
		t.Errorf("spawn.Onces(3) = %s, want [0 10 20]", r.result())
	}
	r, err = run(t, s, "spawn.Boom()\nfor {\n\ttime.Sleep(time.Millisecond)\n}")
	if err == nil {
		t.Fatalf("a panicking package goroutine did not end the cell:\n%s", r.stream("stderr"))
	}
	for _, want := range []string{"boom from a package goroutine", "in a goroutine started at example.com/spawn/spawn.go:" + strconv.Itoa(lineOf(spawnSrc, "go explode"))} {
		if !strings.Contains(err.Value, want) {
			t.Errorf("error %q lacks %q", err.Value, want)
		}
	}
	r = mustRun(t, s, "kept + 1")
	if got := r.result(); got != "42" {
		t.Errorf("after the panic kept+1 = %s, want 42", got)
	}
}

// spawnSrc is the package of TestThirdPartyGoroutinePanic.
const spawnSrc = `package spawn

import "sync"

type acc struct {
	mu  sync.Mutex
	sum int
}

func (a *acc) add(v int) { a.mu.Lock(); a.sum += v; a.mu.Unlock() }

// Sum adds 0..n-1 in goroutines started in several ways.
func Sum(n int) int {
	var wg sync.WaitGroup
	var a acc
	for i := 0; i < n; i++ {
		wg.Add(2)
		go func(v int) { defer wg.Done(); a.add(v) }(i)
		go func(v int) { a.add(v); wg.Done() }(i)
	}
	wg.Wait()
	var w2 sync.WaitGroup
	w2.Add(n)
	for i := 0; i < n; i++ {
		go a.add(-i)
		go w2.Done()
	}
	w2.Wait()
	for {
		a.mu.Lock()
		s := a.sum
		a.mu.Unlock()
		if s == n*(n-1)/2 {
			return s
		}
	}
}

// Boom starts a goroutine that panics.
func Boom() {
	go explode("boom from a package goroutine")
}

func explode(msg string) { panic(msg) }

// Onces makes n callbacks of sync.OnceFunc in a loop, each appending its
// own iteration's i.
func Onces(n int) []int {
	var fs []func()
	var out []int
	for i := 0; i < n; i++ {
		i := i
		fs = append(fs, sync.OnceFunc(func() { out = append(out, i*10) }))
	}
	for _, f := range fs {
		f()
	}
	return out
}
`

// lineOf returns the line of the first occurrence of s in src.
func lineOf(src, s string) int {
	i := strings.Index(src, s)
	if i < 0 {
		return 0
	}
	return strings.Count(src[:i], "\n") + 1
}

// TestPlusBuildKeepsLines: the plus-build form of a go:build line takes
// that line's place (one line also for a constraint that needs several
// plus-build lines), and the comment group before the package clause reads
// as the +build lines yaegi evaluates.
func TestPlusBuildKeepsLines(t *testing.T) {
	for _, c := range []struct {
		src  string
		want []string
	}{
		{"//go:build !purego\n\npackage p\n", []string{"+build !purego"}},
		{"// Copyright\n\n//go:build (linux || darwin) && amd64\r\n\npackage p\n", []string{"+build linux darwin", "+build amd64"}},
		{"// +build old\n\npackage p\n", []string{"+build old"}},
	} {
		out := string(plusBuild([]byte(c.src)))
		if strings.Count(out, "\n") != strings.Count(c.src, "\n") {
			t.Errorf("%q: lines changed: %q", c.src, out)
		}
		f, err := parser.ParseFile(token.NewFileSet(), "x.go", out, parser.PackageClauseOnly|parser.ParseComments)
		if err != nil {
			t.Fatalf("%q: %v", out, err)
		}
		var got []string
		for _, g := range f.Comments {
			for _, l := range strings.Split(strings.TrimSpace(g.Text()), "\n") {
				if strings.HasPrefix(l, "+build ") {
					got = append(got, l)
				}
			}
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%q → %q: build lines %q, want %q", c.src, out, got, c.want)
		}
	}
}
