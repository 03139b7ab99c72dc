package gosession

import "testing"

// TestThirdPartyTupleArgs imports a package (testdata/pkgsource/tupleargs)
// that prints the results of its functions, fmt.Println(two()): a result
// with a String or Error method printed without it (`3 true`, Go `code 3
// true`), and log.Println(two()) failed to import.
func TestThirdPartyTupleArgs(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/tupleargs": testModule(t, "tupleargs")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/tupleargs"`)
	r, err := run(t, s, "tupleargs.Run()")
	if err != nil {
		t.Fatalf("tupleargs.Run: %s", errString(err))
	}
	want := `code 3 true
21.5°C <nil>
node1 2
8 <nil>
0.0°C strconv.ParseFloat: parsing "x1": invalid syntax
node7 14
msg: a msg: b
> code 3 true
tupleargs.go:56: node2 4
tupleargs.go:57: 1.0°C <nil>
` // go run
	if got := r.stream("stdout"); got != want {
		t.Errorf("printed\n%s\nwant (go run)\n%s", got, want)
	}
}
