package gosession

import "testing"

// TestThirdPartyTupleArgs imports a package (testdata/pkgsource/tupleargs)
// that prints the results of its functions, fmt.Println(two()): a result
// with a String or Error method printed without it (`3 true`, Go `code 3
// true`), and log.Println(two()) failed to import. Results holding
// values of its types inside them printed without their String methods
// (`1.0°C [2 3]`), a []Shape yaegi's wrappers, and a []Celsius printed in
// a function literal `[5]` (Go `[5.0°C]`), without an error.
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
	r, err = run(t, s, "tupleargs.Nested()")
	if err != nil {
		t.Fatalf("tupleargs.Nested: %s", errString(err))
	}
	want = `1.0°C [2.0°C 3.0°C]
[{2}] 1
map[a:4.0°C] 1
1.0°C [2.0°C 3.0°C]
[5.0°C]
map[b:6.0°C]
` // go run
	if got := r.stream("stdout"); got != want {
		t.Errorf("Nested printed\n%s\nwant (go run)\n%s", got, want)
	}
	// Own: `use(get())` of a (Shape, error) panicked ("reflect.Set: value
	// of type interp.valueInterface is not assignable to type error"),
	// `area(pick(3))` of an (int, *Sq) into (int, Shape) too; `go
	// send(get())` made the import fail ("not enough arguments in call
	// to send", from the go statement's temporaries).
	r, err = run(t, s, "tupleargs.Own()")
	if err != nil {
		t.Fatalf("tupleargs.Own: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "sent 4 <nil>\nuse 4 <nil>\n27\n8\ndeferred 1\n"; got != want { // go run
		t.Errorf("Own printed %q, want %q (go run)", got, want)
	}
}
