package gosession

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// TestSemanticRewrites checks the shape of the rewrites that restore Go's
// semantics (loopvar.go, deferargs.go, selectbreak.go, recvreturn.go,
// typeswitch.go, typeargs.go, errorwrap.go): they apply where needed and
// leave other code alone. Their behaviour is tested by the fidelity
// corpus (TestFidelity).
func TestSemanticRewrites(t *testing.T) {
	sc := fakeScope{"itoa": &ast.FuncType{
		Params:  &ast.FieldList{List: []*ast.Field{{Type: ast.NewIdent("int")}}},
		Results: &ast.FieldList{List: []*ast.Field{{Type: ast.NewIdent("string")}}}}}
	for _, test := range []struct {
		name, src string
		want      []string // substrings of the rewritten code
		not       []string // substrings that must be absent
		err       string   // substring of the refusal
	}{
		{name: "loop without capture untouched", src: "s := 0\nfor i := 0; i < 3; i++ { s += i }",
			want: []string{"for i := 0; i < 3; i++ { s += i }"}, not: []string{"_activisP"}},
		{name: "range without capture untouched", src: "for _, v := range xs { use(v) }",
			want: []string{"for _, v := range xs { use(v) }"}},
		{name: "range value captured", src: "for _, v := range xs { fs = append(fs, func() { use(v) }) }",
			want: []string{"for _, _activisL1 := range xs { v := _activisL1 fs = append"}},
		{name: "address of range value", src: "for k, v := range m { ps = append(ps, &v.x) }",
			want: []string{"k, v := _activisL1, _activisL2"}},
		{name: "three-clause loop captured", src: "for i := 0; i < 3; i++ { go func() { use(i) }() }",
			want: []string{"for i := 0; i < 3; i++ { i := i"}, not: []string{"_activisP"}},
		{name: "three-clause loop captured and changed", src: "for i := 0; i < 3; i++ { go func() { use(i) }(); i++ }",
			want: []string{"i := 0", "_activisP1 := &i", "i := *_activisP1", "_activisP1 = &i", "if !_activisFirst2 { i++ }", "if !(i < 3) { break }"}},
		{name: "defer copies variables", src: "x := 1\ndefer fmt.Println(x, 2, \"s\", nil)",
			want: []string{"_activisA1 := x", "defer fmt.Println(_activisA1, 2, \"s\", nil)"}},
		{name: "defer of a pointer receiver", src: "p := &T{}\ndefer p.Close()",
			want: []string{"_activisR1 := p", "defer _activisR1.Close()"}},
		{name: "defer of a value receiver untouched", src: "var mu sync.Mutex\ndefer mu.Unlock()",
			want: []string{"defer mu.Unlock()"}, not: []string{"_activisR"}},
		{name: "defer of a closure made earlier refused", src: "f := func() {}\ndefer f()", err: "deadlocks the interpreter"},
		{name: "defer with ellipsis", src: "xs := []any{1}\ndefer fmt.Println(xs...)",
			want: []string{"_activisA1 := xs", "defer func() { fmt.Println(_activisA1...) }()"}},
		{name: "break out of select", src: "L: for { select { case <-c: break L } }",
			want: []string{"goto _activisBrk1", "} _activisBrk1: }"}, not: []string{"break L"}},
		{name: "break out of switch untouched", src: "L: for { switch { case true: break L } }",
			want: []string{"break L"}, not: []string{"goto"}},
		{name: "return receive", src: "func() int { return <-c }()",
			want: []string{"_activisRecv1 := <-c", "return _activisRecv1"}},
		{name: "type switch in a block", src: "switch v := x.(type) { default: _ = v }",
			want: []string{"{ switch v := x.(type)"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			got, err := rewriteSrc(t, sc, test.src)
			if test.err != "" {
				if err == nil || !strings.Contains(err.Error(), test.err) {
					t.Fatalf("error = %v, want %q", err, test.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range test.want {
				if !strings.Contains(got, w) {
					t.Errorf("rewritten code lacks %q:\n%s", w, got)
				}
			}
			for _, n := range test.not {
				if strings.Contains(got, n) {
					t.Errorf("rewritten code has %q:\n%s", n, got)
				}
			}
		})
	}
}

// TestTypeArgs checks the inference of type arguments for generic calls.
func TestTypeArgs(t *testing.T) {
	src := `func Map[T, U any](s []T, f func(T) U) []U { return nil }
func One[T any](x T, f func(T) T) T { return x }
_ = Map([]int{1}, itoa)
_ = Map([]string{"a"}, func(s string) float64 { return 1 })
_ = One(1, func(v int) int { return v })
_ = Map(unknown, itoa)
_ = Map(unknown, unknownFunc)`
	sc := fakeScope{"itoa": &ast.FuncType{
		Params:  &ast.FieldList{List: []*ast.Field{{Type: ast.NewIdent("int")}}},
		Results: &ast.FieldList{List: []*ast.Field{{Type: ast.NewIdent("string")}}}}}
	got, err := rewriteDecls(t, sc, src)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{
		"Map[int, string]([]int{1}, itoa)",
		`Map[string, float64]([]string{"a"}, func(s string) float64`,
		"One(1, func(v int) int",          // one type parameter: yaegi's own inference
		"Map(unknown, unknownFunc)",       // nothing known: left to yaegi
		"Map[int, string](unknown, itoa)", // bound by the function argument alone
	} {
		if !strings.Contains(got, w) {
			t.Errorf("rewritten code lacks %q:\n%s", w, got)
		}
	}
}

// rewriteDecls parses src as declarations followed by statements (in
// func main) and rewrites it, printing the result compactly.
func rewriteDecls(t *testing.T, sc scope, src string) (string, error) {
	t.Helper()
	var decls, stmts []string
	for _, l := range strings.Split(src, "\n") {
		if strings.HasPrefix(l, "func ") {
			decls = append(decls, l)
		} else {
			stmts = append(stmts, l)
		}
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", "package p\n"+strings.Join(decls, "\n")+"\nfunc main() {\n"+strings.Join(stmts, "\n")+"\n}", 0)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	rw := &rewriter{fset: fset, sc: sc}
	if err := rw.rewrite(f); err != nil {
		return "", err
	}
	var b bytes.Buffer
	if err := format.Node(&b, token.NewFileSet(), f); err != nil {
		t.Fatalf("print: %v", err)
	}
	return strings.Join(strings.Fields(b.String()), " "), nil
}
