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
