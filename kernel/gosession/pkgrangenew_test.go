package gosession

import "testing"

// TestThirdPartyRangeNew imports a package (testdata/pkgsource/rangenew)
// that ranges over integers and over function iterators, with break,
// continue, a labelled continue out of a nested loop, a return in the
// body and the assignment form: it failed to import ("interpreter panic:
// nil type"); pkgrangeint.go counts in a variable of its own and
// pkgrangefunc.go pulls the values through the session's iter.Pull, the
// iterator stopped where Go's loop stops it (its deferred "[done]").
func TestThirdPartyRangeNew(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/rangenew": testModule(t, "rangenew")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/rangenew"`)
	r, err := run(t, s, "rangenew.Ints()\nrangenew.Funcs()")
	if err != nil {
		t.Fatalf("rangenew: %s", errString(err))
	}
	want := `012 int64 int64 0 1 10 11 12 13 0 1 2 x x k 4
0 2 [done] 
10 -1
0 0 [done] 1 0 1 1 [done] 2 0 2 1 2 2 [done] [done] 
"a\n" "b\n" [x y]
[done] 1 q [0 1]
uw once[done] 
` // go run
	if got := r.stream("stdout"); got != want {
		t.Errorf("printed\n%s\nwant (go run)\n%s", got, want)
	}
}
