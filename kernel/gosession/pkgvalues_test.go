package gosession

import (
	"path/filepath"
	"strings"
	"testing"
)

// valuesSrc is a package whose functions hit the yaegi faults that
// multicomposite.go and recovered.go work around in cells.
const valuesSrc = `package values

import "fmt"

var Name, Tags = "a", []string{"x"}

// Pair defines two values, one a composite literal.
func Pair() string {
	n, xs := 5, []int{1, 2}
	var a, b int
	a, b = n, len(xs)
	ch := make(chan int, 1)
	ch <- 9
	c, d := n, <-ch
	return fmt.Sprint(n, xs, a, b, c, d, Name, Tags)
}

// Count returns a value and a builtin's.
func Count(s string) (int, int) { return 7, len(s) }

// Caught recovers a panic of the package and asserts its value.
func Caught() (s string, ok bool) {
	defer func() { s, ok = recover().(string) }()
	panic("boom")
}

// Go starts a method in a goroutine with a composite literal argument.
func Go() int {
	w := &worker{}
	done := make(chan bool)
	go w.run([]int{1, 2, 3}, done)
	<-done
	return w.sum
}

type worker struct{ sum int }

func (w *worker) run(xs []int, done chan bool) {
	for _, x := range xs {
		w.sum += x
	}
	done <- true
}
`

// TestThirdPartyValues runs a package interpreted from source whose
// assignments of several values hold a composite literal, a call or a
// receive, which recovers a panic, which starts a goroutine with a
// composite literal argument and which returns a builtin's value: the
// results are Go's (yaegi gave 0 for n, a and c, a reflect.Value for the
// recovered value, 7 7 for Count, and the goroutine panicked).
func TestThirdPartyValues(t *testing.T) {
	proxy := t.TempDir()
	writeProxyModule(t, proxy, "example.com/values", "v0.1.0", map[string]string{"values.go": valuesSrc})
	modulesEnv(t, "file://"+filepath.ToSlash(proxy))
	t.Setenv("GONOSUMDB", "example.com")
	t.Setenv("GOSUMDB", "off")

	s := newSession(t)
	r, err := run(t, s, "import \"example.com/values\"\nfmt.Println(values.Pair())\nfmt.Println(values.Caught())\nfmt.Println(values.Go())\nfmt.Println(values.Count(\"abc\"))")
	if err != nil {
		t.Fatalf("import: %s\n%s", errString(err), r.stream("stderr"))
	}
	if got, want := r.stream("stdout"), "5 [1 2] 5 2 5 9a[x]\nboom true\n6\n7 3\n"; got != want {
		t.Errorf("stdout = %q, want %q", got, want)
	}
	out := string(rewritePackageGo("values.go", []byte(valuesSrc)))
	if strings.Count(out, "\n") != strings.Count(valuesSrc, "\n") {
		t.Errorf("lines changed:\n%s", out)
	}
}
