package gosession

import "testing"

// TestThirdPartyErrorChain imports a package (testdata/pkgsource/errchain)
// whose error types have Unwrap and Is methods and that calls errors.Is
// and errors.Unwrap through them: compiled errors saw yaegi's wrapper
// without those methods (`false false false false true`, go run `true true
// true false true`); the file's own versions answer (pkgerrchain.go).
func TestThirdPartyErrorChain(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/errchain": testModule(t, "errchain")})
	s := newSession(t)
	mustRun(t, s, "import \"example.com/errchain\"")
	r, err := run(t, s, "fmt.Println(errchain.Chain(), errchain.Only(errchain.ErrBase))")
	if err != nil {
		t.Fatalf("Chain: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "true true true false true true\n"; got != want {
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
}

// TestThirdPartyErrorWrapped imports packages whose errors pass through
// fmt.Errorf's %w and errors.Join: in testdata/pkgsource/errchain,
// errors.Is through a compiled wrapper was false once the package had
// its own Is, and errors.As with a target of the package's type panicked
// ("*target must be interface or implement error"); in
// testdata/pkgsource/errleaf, whose types have no Unwrap,
// errors.Is(ErrMine, ErrMine) was false and fmt.Errorf wrapped nothing.
// The file's own Is, As and Unwrap and the %w operands given as errors
// answer (pkgerrchain.go).
func TestThirdPartyErrorWrapped(t *testing.T) {
	serveModules(t, map[string]map[string]string{
		"example.com/errchain": testModule(t, "errchain"),
		"example.com/errleaf":  testModule(t, "errleaf"),
	})
	s := newSession(t)
	mustRun(t, s, "import (\n\"example.com/errchain\"\n\"example.com/errleaf\"\n)")
	r, err := run(t, s, "fmt.Println(errchain.Wrapped())\nfmt.Println(errleaf.Chains())")
	if err != nil {
		t.Fatalf("Wrapped: %s", errString(err))
	}
	want := "true true true true true true true truey: wrap: base\n" + // go run
		"true true true true true true true truevx: my 3\n"
	if got := r.stream("stdout"); got != want {
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
}

// TestThirdPartyErrorCompiledTargets imports a package (testdata/
// pkgsource/errchain) that looks through its own error types for errors
// of compiled types: compiled errors.As could not follow the package's
// Unwrap (`errors.As(err, &ne)` for a *strconv.NumError was false); the
// file's As asserts to them as to the package's types (pkgerrchain.go).
func TestThirdPartyErrorCompiledTargets(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/errchain": testModule(t, "errchain")})
	s := newSession(t)
	mustRun(t, s, "import \"example.com/errchain\"")
	r, err := run(t, s, "fmt.Println(errchain.CompiledTargets())")
	if err != nil {
		t.Fatalf("CompiledTargets: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "trueParseFloattrueopenfalse true 5 true/nonexistent/activis\n"; got != want {
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
}

// TestThirdPartyErrorIfaceTargets imports a package (testdata/pkgsource/
// errchain) whose errors.As targets are interfaces it declares, a literal
// (as github.com/go-viper/mapstructure's Decode has) and a named one:
// compiled errors.As panicked, "errors: *target must be interface or
// implement error", as yaegi gives such an interface the run-time type of
// its wrapper; the file's As asserts to them (pkgerrchain.go).
func TestThirdPartyErrorIfaceTargets(t *testing.T) {
	wantModuleOutput(t, "errchain", "import \"example.com/errchain\"\nfmt.Print(errchain.IfaceTargets())", "true 2 false true true 42 false true\n")
}

// TestThirdPartyErrorsForwarder imports a package (testdata/pkgsource/
// errfwd) asking its errors through a package of its own that forwards
// Is, As and Unwrap to the standard library's, as
// github.com/go-viper/mapstructure does: its As with an interface target
// panicked, "errors: *target must be interface or implement error" (so
// mapstructure's Decode did on every call); the calls are the file's own
// (pkgerrchain.go's errorsForwarder). Expectations from go run.
func TestThirdPartyErrorsForwarder(t *testing.T) {
	wantModuleOutput(t, "errfwd", "import \"example.com/errfwd\"\nfmt.Println(errfwd.Check())", "true 2 truectrue field d\n")
}

// TestCellErrorsForwarder: a cell calling As, Is and Unwrap of a package
// that forwards to the standard library's errors (testdata/pkgsource/
// errpkg, as github.com/pkg/errors does) with a target of the cell's own
// error type gets the session's chain, as for errors.As (errorwrap.go,
// pkgerrchain.go's errorsForwarder). Before, the call was refused
// ("errors.As with a target of type *NotFound, declared in the session,
// cannot work").
// Expectations from go run.
func TestCellErrorsForwarder(t *testing.T) {
	wantModuleOutput(t, "errpkg", `import (
	"io"

	errors "example.com/errpkg"
)
type NotFound struct{ Key string }
func (e *NotFound) Error() string { return "not found: " + e.Key }
err := errors.Wrap(&NotFound{"a"}, "find")
var nf *NotFound
fmt.Println(err, errors.As(err, &nf), nf.Key)
fmt.Println(errors.Is(errors.Wrap(io.EOF, "read"), io.EOF), errors.Unwrap(err) == error(nf))`, "find: not found: a true a\ntrue true\n")
}
