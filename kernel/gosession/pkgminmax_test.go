package gosession

import "testing"

// TestThirdPartyMinMax imports a package (testdata/pkgsource/minmax)
// calling the min and max builtins, which yaegi lacks (the import failed:
// "undefined: min"): with NaN and -0, untyped constants after a float,
// named types, strings and constant calls the results are go run's
// (pkgminmax.go).
func TestThirdPartyMinMax(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/minmax": testModule(t, "minmax")})
	s := newSession(t)
	mustRun(t, s, "import \"example.com/minmax\"")
	for _, c := range []struct{ call, want string }{
		{"minmax.Floats()", "NaN NaN -Inf +Inf 2.5 0.5 1.5\n"},
		{"minmax.Others()", "5 2cb200 4 1\n"},
		// the import failed with time.Duration arguments ("CFG post-order
		// panic: … nil pointer dereference"), as the cells' min did with
		// those and a `type Meters float64` (minmax.go's minMaxNamed)
		{"minmax.Durations()", "3s 2s 1.5 1\n"},
	} {
		r, err := run(t, s, "fmt.Println("+c.call+")")
		if err != nil {
			t.Errorf("%s: %s", c.call, errString(err))
			continue
		}
		if got := r.stream("stdout"); got != c.want {
			t.Errorf("%s printed %q, want %q (go run)", c.call, got, c.want)
		}
	}
}
