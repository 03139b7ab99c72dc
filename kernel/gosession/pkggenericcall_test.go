package gosession

import "testing"

// TestThirdPartyToolkit imports a small generic library (testdata/
// pkgsource/toolkit: a generic Stack, Map, Filter and Reduce, sort.Sort,
// tabwriter): it failed to import, yaegi inferring Map's type arguments
// by position ("cannot use type func(toolkit.Row) string as type
// func(toolkit.Row) toolkit.Row").
func TestThirdPartyToolkit(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/toolkit": testModule(t, "toolkit")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/toolkit"`)
	r, err := run(t, s, "toolkit.Demo()")
	if err != nil {
		t.Fatalf("toolkit.Demo: %s", errString(err))
	}
	want := `c true 2
false
[Y Z X]
2 1.60
[90.0% 70.0% 50.0%] 90.0%
name score tags
y    90.0% []
z    70.0% [b c]
x    50.0% [a]
{Name:y Score:0.9 Tags:[]}
map[0:[y] 1:[x] 2:[z]]
` // go run
	if got := r.stream("stdout"); got != want {
		t.Errorf("printed\n%s\nwant (go run)\n%s", got, want)
	}
}

// TestThirdPartyStdGenericCalls imports a package (testdata/pkgsource/
// stdgeneric) calling maps.EqualFunc with maps of different value types,
// slices.Concat, cmp with constants and its own variadic generic Sum:
// each failed to import ("cannot use type map[int][]uint8 as type
// map[int]int", "undefined type for E", "untyped float does not
// implement cmp.Ordered", "undefined type for T").
func TestThirdPartyStdGenericCalls(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/stdgeneric": testModule(t, "stdgeneric")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/stdgeneric"`)
	r, err := run(t, s, "stdgeneric.Run()")
	if err != nil {
		t.Fatalf("%s", errString(err))
	}
	want := `[0 1 2 3 4]
true
-1 x false
6 3.5 9
[A b c] 2 2.5
` // go run
	if got := r.stream("stdout"); got != want {
		t.Errorf("printed\n%s\nwant (go run)\n%s", got, want)
	}
}

// TestThirdPartyTypedGenericVars imports a package (testdata/pkgsource/
// typedvar) declaring variables with a type whose values call generic
// functions: yaegi gave them zero values, `0 [] 0 1 <nil> 0`, without an
// error (pkgtypedvar.go); and of an interface type from a generic call's
// interface result, which plain yaegi could leave nil.
func TestThirdPartyTypedGenericVars(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/typedvar": testModule(t, "typedvar")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/typedvar"`)
	r, err := run(t, s, "typedvar.Run()")
	if err != nil {
		t.Fatalf("%s", errString(err))
	}
	if got, want := r.stream("stdout"), "9 [a b] 3 7 q 8 5 fe\n"; got != want { // go run
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
}
