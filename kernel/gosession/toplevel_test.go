package gosession

import (
	"fmt"
	"strings"
	"testing"
)

// TestTopLevelDefinitions runs the notebook patterns that yaegi v0.16.1
// gets wrong at the top level of a cell (see toplevel.go): several
// variables defined from one value inside loops, ifs, switches and blocks,
// and index expressions on values of compiled types.
func TestTopLevelDefinitions(t *testing.T) {
	const get = "type R struct{ A []int }\nfunc get(s string) (R, error) { return R{A: []int{1, len(s)}}, nil }\n"
	for _, test := range []struct {
		name   string
		setup  []string
		code   string
		stdout string
		result string
	}{
		{name: "loop body with session err", setup: []string{get, `x, err := get("a")`},
			code:   "for _, l := range []string{\"a\", \"bb\"} {\n\trep, err := get(l)\n\tif err != nil {\n\t\tpanic(err)\n\t}\n\tfmt.Println(l, len(rep.A), rep.A[1])\n}",
			stdout: "a 2 1\nbb 2 2\n"},
		{name: "loop body without session err", setup: []string{get},
			code: "n := 0\nfor _, l := range []string{\"a\", \"bb\"} { rep, err := get(l); _ = err; n += rep.A[1] }\nn", result: "3"},
		{name: "block", setup: []string{get}, code: "{ rep, err := get(\"abc\"); fmt.Println(rep.A[1], err) }", stdout: "3 <nil>\n"},
		{name: "if init and body", setup: []string{get, "var err error"},
			code: "if rep, err := get(\"ab\"); err == nil {\n\tv, e2 := get(\"abcd\")\n\tfmt.Println(rep.A[1], v.A[1], e2)\n}", stdout: "2 4 <nil>\n"},
		{name: "comma ok in loop", code: "m := map[string]int{\"a\": 1}\nfor _, k := range []string{\"a\", \"b\"} { v, ok := m[k]; fmt.Print(v, ok, \" \") }", stdout: "1 true 0 false "},
		{name: "switch", setup: []string{get},
			code: "switch k := 2; k {\ncase 2:\n\trep, err := get(\"xy\")\n\tfmt.Println(rep.A[1], err)\n}", stdout: "2 <nil>\n"},
		{name: "var in loop", setup: []string{get}, code: "for i := 0; i < 1; i++ { var r, e = get(\"q\"); fmt.Println(r.A[1], e) }", stdout: "1 <nil>\n"},
		{name: "closure", setup: []string{get}, code: "f := func() int { r, _ := get(\"abc\"); return r.A[1] }\nf()", result: "3"},
		{name: "session variables keep their values", setup: []string{get, "total := 0"},
			code: "for _, l := range []string{\"a\", \"bb\"} { r, _ := get(l); total += r.A[1] }\ntotal", result: "3"},
		{name: "index of a compiled slice", code: "s := strings.Fields(\"a b\")\nw := s[0]\nw2 := s[1] + \"!\"\np := &s[0]\nw + w2 + *p", result: `"ab!a"`},
		{name: "index of a compiled map", code: "h := http.Header{\"K\": {\"v\"}}\nv := h[\"K\"][0]\nv", result: `"v"`},
		{name: "top-level comma ok", code: "m := map[string]int{\"a\": 1}\nv, ok := m[\"a\"]\nw, ok2 := m[\"b\"]\nfmt.Println(v, ok, w, ok2)", stdout: "1 true 0 false\n"},
		{name: "top-level comma ok on a compiled map", code: "h := http.Header{\"K\": {\"v\"}}\nv, ok := h[\"K\"]\nfmt.Println(v, ok)", stdout: "[v] true\n"},
		{name: "top-level comma ok redeclares", setup: []string{"ok := 7"}, code: "x := 1\nvar a any = 5\nx, ok := a.(int)\nfmt.Println(x, ok)", stdout: "5 true\n"},
		{name: "top-level type assertion", code: "var a any = 2.5\nf, ok := a.(float64)\nfmt.Println(f, ok)", stdout: "2.5 true\n"},
		{name: "index of a session variable from a compiled call", setup: []string{`f := strings.Fields("x y")`}, code: "g := f[1]\ng", result: `"y"`},
	} {
		t.Run(test.name, func(t *testing.T) {
			s := newSession(t)
			for _, c := range test.setup {
				mustRun(t, s, c)
			}
			r := mustRun(t, s, test.code)
			if got := r.stream("stdout"); got != test.stdout {
				t.Errorf("stdout = %q, want %q", got, test.stdout)
			}
			if got := r.result(); got != test.result {
				t.Errorf("result = %q, want %q", got, test.result)
			}
		})
	}
}

// TestCompiledMapFieldElement is the pattern of notebook 02: a method of an
// element of a map field of a compiled struct, reached from a session
// variable, in a top-level definition (yaegi crashed with a nil pointer
// dereference), with the package of the element type not imported.
func TestCompiledMapFieldElement(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `import "github.com/activis-go/activis/activis"`)
	mustRun(t, s, "model, err := activis.LoadONNX(\"../../activis/testdata/mlp_op11.onnx\")\nif err != nil {\n\tpanic(err)\n}")
	r := mustRun(t, s, "w := model.Graph.Initializers[\"fc2.weight\"].Float32s()\nn, d := len(w), model.Graph.Initializers[\"fc2.bias\"].Len()\nfmt.Println(n, d)")
	if got := r.stream("stdout"); got != "512 16\n" {
		t.Errorf("stdout = %q, want 512 16", got)
	}
	if got := mustRun(t, s, "%who").stream("stdout"); strings.Contains(got, "_activis") {
		t.Errorf("%%who shows hidden names:\n%s", got)
	}
}

// TestTopLevelHint checks that what the session cannot work around says
// what to write instead.
func TestTopLevelHint(t *testing.T) {
	// `r, ok := <-ch` runs now (commaok.go) where the type check gives the
	// channel's element type; the hint stays for the others.
	if got := hint("ch := make(chan int, 1)\nr, ok := <-ch", "nil type"); !strings.Contains(got, "var v T; var ok bool; v, ok = <-ch") {
		t.Fatalf("hint = %q, want one on what to write", got)
	}
	// The range hint is for failures on a line with a range clause.
	text := "for i := range n {\n\tfmt.Println(i)\n}\nx := f(1)"
	if got := hint(text, "In[3] line 1: nil type"); !strings.Contains(got, "range over an integer") {
		t.Errorf("failure on the range line: hint = %q, want the range hint", got)
	}
	if got := hint(text, "In[3] line 4: CFG post-order panic: reflect: call of reflect.Value.Complex"); got != "" {
		t.Errorf("failure on a line without range: hint = %q, want none", got)
	} // The hint about top-level variables is for failures on a line that
	// defines one (a generic call failing inside a function got it).
	nilDeref := "CFG post-order panic: runtime error: invalid memory address or nil pointer dereference"
	code := "func F[T any](x any) T { return B[T](x) }\nfmt.Println(F[Dur](Dur(5)))\nw := F[Dur](Dur(5))"
	if got := hint(code, "In[5] line 2: "+nilDeref); got != "" {
		t.Errorf("failure on a line defining nothing: hint = %q, want none", got)
	}
	if got := hint(code, "In[5] line 3: "+nilDeref); !strings.Contains(got, "variable defined at the top level") {
		t.Errorf("failure on a line defining w: hint = %q, want the hint", got)
	}
}

// TestCommaOKZeroes checks that a comma-ok map lookup or type assertion
// that fails sets the zero value (yaegi v0.16.1 keeps the variable's
// previous value, in a loop the previous iteration's).
func TestCommaOKZeroes(t *testing.T) {
	for _, test := range []struct{ name, code, stdout, result string }{
		{"map", "m := map[string]int{\"a\": 1}\nfor _, k := range []string{\"a\", \"b\"} { v, ok := m[k]; fmt.Print(v, ok, \" \") }", "1 true 0 false ", ""},
		{"compiled map", "h := http.Header{\"a\": {\"x\"}}\nfor _, k := range []string{\"a\", \"b\"} { v, ok := h[k]; fmt.Print(v, ok, \" \") }", "[x] true [] false ", ""},
		{"blank ok", "m := map[string][]int{\"a\": {1}}\nfor _, k := range []string{\"a\", \"b\"} { v, _ := m[k]; fmt.Print(len(v), \" \") }", "1 0 ", ""},
		{"struct values", "type P struct{ X int }\nmp := map[string]P{\"a\": {1}}\nfor _, k := range []string{\"a\", \"b\"} { v, ok := mp[k]; fmt.Print(v, ok, \" \") }", "{1} true {0} false ", ""},
		{"type assertion", "xs := []any{1, \"s\"}\nfor _, x := range xs { n, ok := x.(int); fmt.Print(n, ok, \" \") }", "1 true 0 false ", ""},
		{"in a function", "func f(m map[string]float64, keys ...string) (s float64) {\n\tfor _, k := range keys {\n\t\tv, ok := m[k]\n\t\tif !ok {\n\t\t\tv += 0.5\n\t\t}\n\t\ts += v\n\t}\n\treturn\n}\nf(map[string]float64{\"a\": 1}, \"a\", \"b\", \"a\")", "", "2.5"},
		{"assignment", "m := map[int]int{1: 5}\nvar v int\nvar ok bool\nfor _, k := range []int{1, 2} { v, ok = m[k]; fmt.Print(v, ok, \" \") }", "5 true 0 false ", ""},
	} {
		t.Run(test.name, func(t *testing.T) {
			r := mustRun(t, newSession(t), test.code)
			if got := r.stream("stdout"); got != test.stdout {
				t.Errorf("stdout = %q, want %q", got, test.stdout)
			}
			if got := r.result(); got != test.result {
				t.Errorf("result = %q, want %q", got, test.result)
			}
		})
	}
}

// TestFixPositions checks that interpreter positions in messages become
// cell lines and that digits in a package file's path stay as they are.
func TestFixPositions(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "x := 1\n_ = x")
	seq := len(s.cellNames) - 1
	name := s.cellNames[seq]
	got := s.fixPositions(fmt.Sprintf("_.go:%d:3: undefined: y", s.cellLine(seq, 2)))
	if want := name + " line 2: undefined: y"; got != want {
		t.Errorf("cell position: got %q, want %q", got, want)
	}
	path := "import \"example.com/p\": /tmp/TestZZCells2205488318/002/gopath/p.go:5:11: CFG post-order panic"
	if got := s.fixPositions(path); got != path {
		t.Errorf("package path: got %q, want it unchanged", got)
	}
}

// TestCellLineNumbering checks the interpreter's numbering of cell lines
// (execute.go's nextCellBase): cells were numbered n*100000+l, which Go's
// //line directives stop at 1<<30, so the 10738th cell of a session
// failed with "invalid line number", and every later one. Cells now take
// the lines they span, and the numbering starts again near the limit.
func TestCellLineNumbering(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "a := 1")
	mustRun(t, s, "b := 2\nc := 3")
	first, third := s.cellLine(len(s.cellNames)-2, 0), s.cellLine(len(s.cellNames)-1, 0)
	if d := third - first; d <= 0 || d > 10 {
		t.Errorf("a one-line cell took %d interpreter lines, want a few", d)
	}
	// A session near the end of the numbering: the next cell starts again.
	s.mu.Lock()
	s.cellBases[len(s.cellBases)-1] = maxLine - lineBase/2
	s.mu.Unlock()
	_, err := run(t, s, "d := 4\nundefinedThing()")
	if err == nil || !strings.Contains(errString(err), " line 2: undefined: undefinedThing") {
		t.Errorf("after the wrap-around: error %s, want the cell's line 2", errString(err))
	}
	if got := mustRun(t, s, "fmt.Println(a + b + c)").stream("stdout"); got != "6\n" {
		t.Errorf("after the wrap-around printed %q, want 6", got)
	}
	if got := nextCellBase(maxLine-lineBase/2, 5); got != lineBase {
		t.Errorf("nextCellBase near the limit = %d, want %d", got, lineBase)
	}
}
