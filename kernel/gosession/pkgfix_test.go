package gosession

import (
	"strings"
	"testing"
)

// TestThirdPartyRewrites imports a package (testdata/pkgsource/pkgfix)
// whose functions hit the yaegi faults that the cells' rewrites fix: named
// results read in a return (namedreturn.go), defer arguments changed
// after the defer (deferargs.go), a map key assigned in the same tuple
// assignment (tupleassign.go) and case lists of computed expressions
// (switchcases.go), operator results stored in interface destinations
// (anyoperand.go; yaegi printed nothing). Each result is go run's.
func TestThirdPartyRewrites(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/pkgfix": testModule(t, "pkgfix")})
	s := newSession(t)
	mustRun(t, s, "import \"example.com/pkgfix\"")
	for _, c := range []struct{ call, want string }{
		{"pkgfix.NamedReturns()", "3 5b!a?"},
		{"pkgfix.DeferArgs()", "[7] [2] [1] [0] [1 10] "},
		{"pkgfix.TupleKeys()", "bmap[:2 a:7]"},
		{"pkgfix.CaseLists()", "1a x 2a 3d x "},
		{"pkgfix.CommaOK()", "1 true 0 false 0 false 0 false "},
		{"pkgfix.LabelledReturn([]int{1, -2})", "-1"},
		{"pkgfix.RingValue()", "1 4 9 "},
		{"pkgfix.SelectOperands()", "10 1"},
		{"pkgfix.Receive()", "4"},
		{"pkgfix.AnyOperands()", "-3 [24] map[k:1] -4 false"},
	} {
		r, err := run(t, s, "fmt.Print("+c.call+")")
		if err != nil {
			t.Errorf("%s: %s", c.call, errString(err))
			continue
		}
		if got := r.stream("stdout"); got != c.want {
			t.Errorf("%s printed %q, want %q (go run)", c.call, got, c.want)
		}
	}
}

// TestThirdPartyDeferHang checks that a package function deferring a
// function literal it made before (yaegi v0.16.1 hung the cell; go run
// prints "cleaned") panics with the construct and the compiled route
// (pkgdeferhang.go), on its line.
func TestThirdPartyDeferHang(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/pkgfix": testModule(t, "pkgfix")})
	s := newSession(t)
	mustRun(t, s, "import \"example.com/pkgfix\"")
	_, err := run(t, s, "fmt.Print(pkgfix.DeferCleanup())")
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"example.com/pkgfix/deferargs.go:29: a deferred call of cleanup", "would deadlock the interpreter", "activis-kernel build --with"} {
		if !strings.Contains(errString(err), want) {
			t.Errorf("error %q lacks %q", errString(err), want)
		}
	}
}
