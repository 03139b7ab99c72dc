package gosession

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"strings"
	"testing"
	"time"
)

// fakeScope is a session with fixed knowledge for rewriter tests.
type fakeScope map[string]ast.Expr

func (f fakeScope) globalType(name string) ast.Expr { return f[name] }
func (f fakeScope) isPackage(name string) bool {
	return name == "slices" || name == "maps" || name == "fmt"
}

// rewriteSrc rewrites the statements src and prints the result compactly.
func rewriteSrc(t *testing.T, sc scope, src string) (string, error) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", "package p; func _() {\n"+src+"\n}", 0)
	if err != nil {
		t.Fatalf("parse %q: %v", src, err)
	}
	body := f.Decls[0].(*ast.FuncDecl).Body
	rw := &rewriter{fset: fset, sc: sc}
	if err := rw.rewrite(body); err != nil {
		return "", err
	}
	var b bytes.Buffer
	if err := format.Node(&b, token.NewFileSet(), body); err != nil {
		t.Fatalf("print: %v", err)
	}
	return strings.Join(strings.Fields(b.String()), " "), nil
}

func TestRewrite(t *testing.T) {
	sc := fakeScope{"n": ast.NewIdent("int"), "seq": &ast.FuncType{}}
	for _, test := range []struct {
		name, src string
		want      []string // substrings of the rewritten code
		not       []string // substrings that must be gone
	}{
		{"range int literal", "for i := range 10 { _ = i }",
			[]string{"_activisN1 := 10", "for i := _activisN1 - _activisN1; i < _activisN1; i++"}, []string{"range"}},
		{"range session int", "for range n {}", []string{"_activisN1 := n", "for _activisI2 :="}, []string{"range"}},
		{"range len", "for i := range len(xs) { _ = i }", []string{"_activisN1 := len(xs)"}, nil},
		{"range local int", "k := 3 * 2\nfor i := range k { _ = i }", []string{"_activisN1 := k"}, nil},
		{"range param", "func(m int) { for i := range m { _ = i } }(3)", []string{"_activisN1 := m"}, nil},
		{"range slice untouched", "xs := []int{1}\nfor i := range xs { _ = i }", []string{"for i := range xs"}, nil},
		{"range func literal", "it := func(yield func(int) bool) {}\nfor v := range it { if v > 1 { break }; continue }",
			[]string{"_activisSeq2 := it", "_activisSeq2(func(v int) bool {", "_activisDone1 = true return false", "return true"}, []string{"range it", "break", "continue }"}},
		{"range func inner loop keeps break", "it := func(yield func(string) bool) {}\nfor s := range it { for { break } }",
			[]string{"(func(s string) bool { if _activisDone1 {", "for { break }"}, nil},
		{"range iter.Seq", "var it iter.Seq[float64]\nfor v := range it { _ = v }", []string{"_activisSeq2 := it", "_activisSeq2(func(v float64) bool {"}, nil},
		{"range func return", "it := func(yield func(int) bool) {}\nfunc() (int, error) { for v := range it { return v, nil }; return 0, nil }()",
			[]string{"var _activisRes2 int var _activisRes3 error", "_activisRes2, _activisRes3 = v, nil _activisCtl4 = 1", "if _activisCtl4 == 1 { return _activisRes2, _activisRes3 }"}, []string{"range it"}},
		{"range func continue outer", "it := func(yield func(int) bool) {}\nouter:\nfor { for v := range it { _ = v; continue outer } }",
			[]string{"_activisCtl2 = 1", "if _activisCtl2 == 1 { continue outer }"}, nil},
		{"range maps.Keys", "for k := range maps.Keys(m) { _ = k }", []string{"for k := range m"}, []string{"maps.Keys"}},
		{"range slices.Values", "for v := range slices.Values(s) { _ = v }", []string{"for _, v := range s"}, nil},
		{"go literal", "go func() { work() }()", []string{"_activis.Go(2, func() func() { return func() { defer _activisRecover(2) work() } }())"}, []string{"go func"}},
		{"go literal args", "go func(i int, s ...string) { work(i) }(k, ss...)",
			[]string{"_activis.Go(2, func(i int, s ...string) func() { return func() { defer _activisRecover(2) work(i) } }(k, ss...))"}, nil},
		{"go literal results", "go func() int { return 1 }()",
			[]string{"return func() { defer _activisRecover(2) func() int { return 1 }() }"}, nil},
		{"go named once", "go work()", []string{"_activis.Go(2, func() func() { return func() { defer _activisRecover(2) work() } }())"}, []string{"go func"}},
		{"go named", "go work(x, 1)", []string{"func() func() { _activisA1 := x return func() { defer _activisRecover(2) work(_activisA1, 1) } }()"}, nil},
		{"go method", "go obj.Run(x)", []string{"_activisR1, _activisA2 := obj, x", "_activisR1.Run(_activisA2)"}, nil},
		{"go package func", "go fmt.Println(x)", []string{"fmt.Println(_activisA1)"}, []string{"_activisR1"}},
		{"min float", "_ = min(2, 1.5)", []string{"min(float64(2), float64(1.5))"}, nil},
		{"min ints untouched", "_ = min(2, 1)", []string{"min(2, 1)"}, nil},
	} {
		got, err := rewriteSrc(t, sc, test.src)
		if err != nil {
			t.Errorf("%s: %v", test.name, err)
			continue
		}
		for _, w := range test.want {
			if !strings.Contains(got, strings.Join(strings.Fields(w), " ")) {
				t.Errorf("%s: %q lacks %q", test.name, got, w)
			}
		}
		for _, n := range test.not {
			if strings.Contains(got, n) {
				t.Errorf("%s: %q still has %q", test.name, got, n)
			}
		}
	}
}

func TestRewriteUnsupported(t *testing.T) {
	sc := fakeScope{}
	for _, src := range []string{
		"it := func(yield func(int) bool) {}\nfor v := range it { defer func() { recover(); use(v) }() }",
		"it := func(yield func(int) bool) {}\nfor v := range it { goto end }\nend:",
	} {
		if _, err := rewriteSrc(t, sc, src); err == nil || !strings.Contains(err.Error(), "not supported") {
			t.Errorf("%q: error %v, want ErrUnsupported", src, err)
		}
	}
}

func TestGoroutinePanicAfterCell(t *testing.T) {
	s := newSession(t)
	r := mustRun(t, s, "go func() {\n\ttime.Sleep(100 * time.Millisecond)\n\tpanic(\"late\")\n}()")
	time.Sleep(400 * time.Millisecond)
	if got := r.stream("stderr"); !strings.Contains(got, "panic in a goroutine started at") || !strings.Contains(got, "late") {
		t.Errorf("late goroutine panic: stderr %q", got)
	}
	if got := mustRun(t, s, "2 * 21").result(); got != "42" {
		t.Errorf("session after a late goroutine panic: %q", got)
	}
}
