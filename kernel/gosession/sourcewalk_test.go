package gosession

import (
	"strings"
	"testing"
)

// TestThirdPartyWalkInCells prints, in cells, values of a package's struct
// types whose interface fields hold values of its types
// (testdata/pkgsource/srcwalk): yaegi's wrapper was printed,
// `{a {0x7c72564edc0 {0x7c724fc46c0 0x7c7256544d8 409}} []}`, and a Circle
// held there did not print through its String method, without an error;
// %+v of a struct with unexported fields was refused. The walk prints them
// as Go (sourcewalk.go), also imported under another name and held in an
// any printed at the top (heldprint.go); a value of an
// unexported type with a String method, which a cell cannot call, is
// refused when the walk meets it.
func TestThirdPartyWalkInCells(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/srcwalk": testModule(t, "srcwalk")})
	s := newSession(t)
	mustRun(t, s, "import sw \"example.com/srcwalk\"")
	r, err := run(t, s, `h := sw.Holder{"a", sw.Square{2}, []sw.Shape{sw.Circle{1}, nil}}
fmt.Println(h, sw.HoldCircle())
fmt.Printf("%+v|%v|%s\n", h, []sw.Shape{sw.Square{3}}, sw.HoldCircle())
fmt.Printf("%#v\n", h)
fmt.Printf("%v %+v %#v\n", sw.NewPair("k", 1), sw.NewPair("k", 1), sw.NewPair("k", 1))
fmt.Println([]any{sw.Circle{2}, h})
var a any = h
fmt.Println(a, any(sw.HoldCircle()))`)
	if err != nil {
		t.Fatalf("srcwalk: %s", errString(err))
	}
	want := `{a {2} [circle <nil>]} {c circle []}
{Name:a S:{Side:2} Shapes:[circle <nil>]}|[{3}]|{c circle []}
srcwalk.Holder{Name:"a", S:srcwalk.Square{Side:2}, Shapes:[]srcwalk.Shape{srcwalk.Circle{R:1}, srcwalk.Shape(nil)}}
{k 1} {key:k Value:1} srcwalk.Pair{key:"k", Value:1}
[circle {a {2} [circle <nil>]}]
{a {2} [circle <nil>]} {c circle []}
` // go run
	if got := r.stream("stdout"); got != want {
		t.Errorf("printed\n%s\nwant (go run)\n%s", got, want)
	}
	// A value of its type with a String method held in an interface at
	// the top printed its fields, {3} (Go circle): sourceiface.go.
	r, err = run(t, s, `var sh sw.Shape = sw.Circle{3}
var c any = sw.Circle{4}
fmt.Println(sh, c)
fmt.Printf("%s|%8v|\n", sh, c)
var pc any = &sw.Circle{6}
fmt.Println(pc, []sw.Shape{sw.Square{1}, sw.Circle{2}})`)
	if err != nil {
		t.Fatalf("in interfaces: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "circle circle\ncircle|  circle|\ncircle [{1} circle]\n"; got != want { // go run
		t.Errorf("in interfaces printed %q, want %q (go run)", got, want)
	}
	_, err = run(t, s, `fmt.Println(sw.HoldSecret())`)
	if err == nil || !strings.Contains(errString(err), "holding a srcwalk.secret inside it is not supported by the interpreter") {
		t.Errorf("a secret inside: error %v", errString(err))
	}
}
