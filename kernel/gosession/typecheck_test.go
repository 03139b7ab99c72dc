package gosession

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"
	"time"
)

// TestSymbolImporter checks the go/types packages converted from the
// interpreter's symbol maps.
func TestSymbolImporter(t *testing.T) {
	im := newSymbolImporter(sessionExports())
	lookup := func(path, name string) types.Object {
		t.Helper()
		pkg, err := im.Import(path)
		if err != nil {
			t.Fatalf("import %s: %v", path, err)
		}
		obj := pkg.Scope().Lookup(name)
		if obj == nil {
			t.Fatalf("%s.%s missing", path, name)
		}
		return obj
	}
	for _, c := range []struct{ path, name, want string }{
		{"fmt", "Println", "func fmt.Println(a ...any) (n int, err error)"},
		{"fmt", "Stringer", "type fmt.Stringer interface{String() string}"},
		{"os", "Stdout", "var os.Stdout *github.com/activis-go/activis/kernel/gosession.OutputStream"}, // the session's stream (io.go), not *os.File
		{"os", "Args", "var os.Args []string"},
		{"math", "Pi", "const math.Pi untyped float"},
		{"time", "Second", "const time.Second time.Duration"},
		{"time", "Duration", "type time.Duration int64"},
		{"strings", "Builder", "type strings.Builder struct{addr *strings.Builder; buf []uint8}"}, // reflect does not tell byte from uint8,
		{"slices", "Max", "func slices.Max[E slices.ordered](x []E) E"},
		{"maps", "Keys", "func maps.Keys[K comparable, V any](m map[K]V) func(yield func(K) bool)"},
		{"errors", "New", "func errors.New(text string) error"},
	} {
		obj := lookup(c.path, c.name)
		got := types.ObjectString(obj, nil)
		if c.want != "" && !sameSig(got, c.want) {
			t.Errorf("%s.%s = %s, want %s", c.path, c.name, got, c.want)
		}
	}
	// Method sets: String on the value, Write on the pointer.
	dur := lookup("time", "Duration").Type()
	if ms := types.NewMethodSet(dur); ms.Lookup(nil, "String") == nil {
		t.Errorf("time.Duration has no String method: %v", ms)
	}
	buf := lookup("bytes", "Buffer").Type()
	if ms := types.NewMethodSet(buf); ms.Lookup(nil, "Write") != nil {
		t.Errorf("bytes.Buffer (value) has Write")
	}
	if ms := types.NewMethodSet(types.NewPointer(buf)); ms.Lookup(nil, "Write") == nil {
		t.Errorf("*bytes.Buffer has no Write")
	}
	// *bytes.Buffer implements io.Writer.
	w := lookup("io", "Writer").Type().Underlying().(*types.Interface)
	if !types.Implements(types.NewPointer(buf), w) {
		t.Errorf("*bytes.Buffer does not implement io.Writer")
	}
	if _, err := im.Import("example.com/nothing"); err == nil {
		t.Errorf("unknown package imported")
	}
}

// sameSig compares object strings ignoring parameter names, which the
// reflect conversion cannot know.
func sameSig(got, want string) bool {
	return got == want || normalizeParams(got) == normalizeParams(want)
}

// normalizeParams drops identifiers followed by a space in parameter
// lists: "(a ...any) (n int, err error)" -> "(...any) (int, error)".
func normalizeParams(s string) string {
	out := []byte{}
	word := []byte{}
	depth := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '(':
			depth++
			out = append(out, word...)
			word = word[:0]
			out = append(out, c)
		case c == ')':
			depth--
			out = append(out, word...)
			word = word[:0]
			out = append(out, c)
		case depth > 0 && c == ' ' && len(word) > 0 && isIdent(word) && (i+1 < len(s) && s[i+1] != '{'):
			word = word[:0] // a parameter name
		case c == ' ' || c == ',':
			out = append(out, word...)
			word = word[:0]
			out = append(out, c)
		default:
			word = append(word, c)
		}
	}
	return string(append(out, word...))
}

// isIdent reports whether w is an identifier other than a type keyword.
func isIdent(w []byte) bool {
	for _, c := range w {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return len(w) > 0 && string(w) != "func" && string(w) != "chan" && string(w) != "map"
}

// oracleFor type-checks code as a statement group of the session s and
// returns the oracle and the group's statements.
func oracleFor(t *testing.T, s *Session, code string) (*typeOracle, []ast.Stmt) {
	t.Helper()
	st := s.state()
	f, err := parser.ParseFile(st.fset, "_.go", "package main; func main() {\n"+code+"\n}", parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	return s.oracle(st, f), f.Decls[0].(*ast.FuncDecl).Body.List
}

// TestTypeOracle checks the static types the oracle gives where the
// syntax does not show them: promoted fields, results of functions whose
// returns are untyped by their syntax, session variables of earlier
// cells (also of compiled values), arguments computed by compiled
// functions.
func TestTypeOracle(t *testing.T) {
	s := newSession(t)
	// Without session types nothing asks: no check.
	if o, _ := oracleFor(t, s, "x := 1\n_ = x"); o != nil {
		t.Errorf("a session without types was checked")
	}
	for _, cell := range []string{
		"import (\n\"math\"\n\"slices\"\n\"strings\"\n\"time\"\n)",
		"type Celsius float64\ntype MyErr struct{ msg string }\nfunc (e *MyErr) Error() string { return e.msg }",
		"type Inner struct{ Temp Celsius; Err *MyErr }\ntype Outer struct{ Inner; N int }",
		"func mk() Celsius { c := Celsius(1); return c }\nfunc half(x float64) float64 { return x / 2 }",
		"o := Outer{}\nd := time.Now().Sub(time.Now())\nvar e2 *MyErr",
		"func find() *MyErr { var e *MyErr; return e }",
	} {
		if _, e := run(t, s, cell); e != nil {
			t.Fatalf("%q: %s", cell, errString(e))
		}
	}
	o, stmts := oracleFor(t, s, `_ = o.Temp
_ = o.Err
_ = mk()
_ = math.Sqrt(2)
_ = d
_ = e2
_ = half(2)
_ = o.Inner.Err
_ = find()
_ = 1
_ = strings.NewReader("x")
_ = func() int { type local int; return 1 }
_ = slices.Max([]float64{1, 2})`)
	want := []string{"Celsius", "*MyErr", "Celsius", "float64", "time.Duration", "*MyErr", "float64", "*MyErr", "*MyErr", "int", "*strings.Reader", "func() int", "float64"}
	for i, st := range stmts {
		rhs := st.(*ast.AssignStmt).Rhs[0]
		got := ""
		if e := o.typeExpr(rhs); e != nil {
			got = types.ExprString(e)
		}
		if got != want[i] {
			t.Errorf("%s: type %q, want %q", types.ExprString(rhs), got, want[i])
		}
	}
}

// TestTypeOracleRedefined checks that a redefined type's new version and
// a cell's own redefinition of a function are what the oracle sees.
func TestTypeOracleRedefined(t *testing.T) {
	s := newSession(t)
	for _, cell := range []string{
		"type P struct{ X int }\nfunc get() P { return P{} }",
		"type P struct{ X, Y int }",
	} {
		if _, e := run(t, s, cell); e != nil {
			t.Fatalf("%q: %s", cell, errString(e))
		}
	}
	st := s.state()
	f, err := parser.ParseFile(st.fset, "_.go", "package main\nfunc get() int { return 1 }\nvar v = get()", 0)
	if err != nil {
		t.Fatal(err)
	}
	o := s.oracle(st, f)
	vs := f.Decls[1].(*ast.GenDecl).Specs[0].(*ast.ValueSpec)
	if e := o.typeExpr(vs.Values[0]); e == nil || types.ExprString(e) != "int" {
		t.Errorf("get() in a cell redefining get: %v, want int", e)
	}
}

// BenchmarkTypeCheck measures the oracle's check of one statement group
// (a loop, a promoted field, a call and fmt.Println) and the execution of
// the same cell with the oracle and without it (the baseline: st.types
// nil, the rewrites use the syntax alone), interleaved per iteration, in
// a session of a few declarations ("small": 3 types, 2 functions, 2
// variables) and of 120 more ("large": 40 types with a method each, 40
// functions with bodies, 40 variables).
func BenchmarkTypeCheck(b *testing.B) {
	for _, size := range []struct {
		name string
		n    int
	}{{"small", 0}, {"large", 40}} {
		b.Run(size.name, func(b *testing.B) {
			s := newSession(b)
			cells := []string{
				"type Celsius float64\ntype MyErr struct{ msg string }\nfunc (e *MyErr) Error() string { return e.msg }",
				"type Inner struct{ Temp Celsius; Err *MyErr }\ntype Outer struct{ Inner; N int }\nfunc mk() Celsius { return 1 }",
				"o := Outer{}\nxs := []float64{1, 2, 3}",
			}
			for i := 0; i < size.n; i++ {
				cells = append(cells, fmt.Sprintf("type T%d struct{ A, B int }\nfunc (t T%d) Sum() int { return t.A + t.B }\n"+
					"func f%d(x int) int { s := 0; for i := range x { s += i * %d }; return s }", i, i, i, i),
					fmt.Sprintf("v%d := T%d{%d, 2}", i, i, i))
			}
			for _, cell := range cells {
				if _, e := run(b, s, cell); e != nil {
					b.Fatalf("%q: %s", cell, errString(e))
				}
			}
			code := "sum := 0.0\nfor _, x := range xs { sum += x }\n_ = fmt.Sprint(sum, o.Temp, mk(), strings.ToUpper(\"a\"))"
			st := s.state()
			env := st.types
			var check, with, without time.Duration
			for i := 0; i < b.N; i++ {
				f, err := parser.ParseFile(st.fset, "_.go", "package main; func main() {\n"+code+"\n}", 0)
				if err != nil {
					b.Fatal(err)
				}
				t0 := time.Now()
				s.oracle(st, f)
				t1 := time.Now()
				if _, e := run(b, s, code); e != nil {
					b.Fatal(errString(e))
				}
				t2 := time.Now()
				st.types = nil
				if _, e := run(b, s, code); e != nil {
					b.Fatal(errString(e))
				}
				t3 := time.Now()
				st.types = env
				check += t1.Sub(t0)
				with += t2.Sub(t1)
				without += t3.Sub(t2)
			}
			n := float64(b.N)
			b.ReportMetric(float64(check.Microseconds())/n, "µs/check")
			b.ReportMetric(float64(with.Microseconds())/n, "µs/cell")
			b.ReportMetric(float64(without.Microseconds())/n, "µs/cell-without-oracle")
		})
	}
}

// BenchmarkTypeCheckFirst measures the first check of a fresh session
// (the importer converting fmt, strings, time and their dependencies).
func BenchmarkTypeCheckFirst(b *testing.B) {
	// A type declared, or the session would skip the check.
	code := "type first int\nfmt.Println(strings.ToUpper(\"a\"), time.Second, math.Pi, first(1))"
	var total time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s := newSession(b)
		st := s.state()
		f, err := parser.ParseFile(st.fset, "_.go", "package main; func main() {\n"+code+"\n}", 0)
		if err != nil {
			b.Fatal(err)
		}
		s.mu.Lock()
		for _, p := range []string{"fmt", "strings", "time", "math"} {
			st.imports[p] = p
		}
		s.mu.Unlock()
		b.StartTimer()
		t0 := time.Now()
		s.oracle(st, f)
		total += time.Since(t0)
	}
	b.ReportMetric(float64(total.Microseconds())/float64(b.N), "µs/first-check")
}

// BenchmarkSymbolImporter measures making an importer ("new") and a
// first import (a fresh importer per iteration, so "new" included) from the symbol maps (fmt, gonum's mat), from the generic
// sources (slices: yaegi's source and the session's, type-checked), and,
// as the alternative for slices, go/importer's "source" importer, which
// type-checks GOROOT's slices and what it imports.
func BenchmarkSymbolImporter(b *testing.B) {
	b.Run("new", func(b *testing.B) { // the maps merged, nothing converted
		for i := 0; i < b.N; i++ {
			newSymbolImporter(sessionExports())
		}
	})
	for _, p := range []string{"fmt", "gonum.org/v1/gonum/mat", "slices"} {
		b.Run(strings.ReplaceAll(p, "/", "_"), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := newSymbolImporter(sessionExports()).Import(p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("goroot-source_slices", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := importer.ForCompiler(token.NewFileSet(), "source", nil).Import("slices"); err != nil {
				b.Skip("GOROOT sources unavailable:", err)
			}
		}
	})
}
