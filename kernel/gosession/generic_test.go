package gosession

import (
	"strings"
	"testing"
)

// TestGenericTopLevelDefinitions: variables defined at the top level of a
// cell from generic calls (the interpreted slices and maps packages, and
// generic functions declared in the session) get the result's type, and
// cells around them keep working.
func TestGenericTopLevelDefinitions(t *testing.T) {
	s := newSession(t)
	for i, test := range []struct {
		code, stdout, err string
	}{
		{code: `m := map[string]int{"b": 2, "a": 1}`},
		{code: "keys := slices.Sorted(maps.Keys(m))\nfmt.Println(keys, len(keys))", stdout: "[a b] 2\n"},
		{code: "xs := []int{3, 1, 2}\nn := len(xs)\nbest := slices.Max(xs)\nfmt.Println(n, best+1)", stdout: "3 4\n"},
		{code: "var ks = slices.Collect(maps.Keys(m))\nfmt.Println(len(ks))", stdout: "2\n"},
		{code: "func Double[T int | float64](x T) T { return 2 * x }"},
		{code: "d := Double(21)\nf := Double(1.5)\nfmt.Println(d+1, f)", stdout: "43 3\n"},
		{code: "fmt.Println(keys[0], best, d)", stdout: "a 3 42\n"},
		{code: "func() { fmt.Println(slices.Max([]int{4, 9})) }()", stdout: "9\n"},
		{code: "type P struct{ X int }\nps := []P{{1}}\np := slices.Max([]int{1})\nfmt.Println(p, len(ps))", stdout: "1 1\n"},
		// A session type as the result: the session works the type out
		// and runs the call in a function with that result type.
		{code: "type Q struct{ X int }\nfunc Pick[T any](v T) T { return v }\nq := Pick(Q{1})\nfmt.Println(q.X + 1)", stdout: "2\n"},
		// ... also where the syntax does not show an argument's type: the
		// type oracle writes the type argument (oracleTypeArgs).
		{code: "func (q Q) Self() Q { return q }\nr := Pick(Q{1}.Self())\nfmt.Println(r.X)", stdout: "1\n"},
	} {
		rec, e := run(t, s, test.code)
		if test.err != "" {
			if e == nil || !strings.Contains(e.Value, test.err) {
				t.Errorf("case %d: error %q, want one containing %q", i, errString(e), test.err)
			}
			continue
		}
		if e != nil {
			t.Fatalf("case %d %q: %s", i, test.code, errString(e))
		}
		if got := rec.stream("stdout"); got != test.stdout {
			t.Errorf("case %d: stdout %q, want %q", i, got, test.stdout)
		}
	}
}

// TestThirdPartyGenericResults defines top-level variables from the
// generic functions of a package interpreted from source
// (testdata/pkgsource/genericpair) whose results are instances of its
// generic types: yaegi failed with "nil reflect type" (`a :=
// genericpair.NewPair("a", 1)`), "not a generic type" (all type
// arguments given) and a nil dereference (some given: they are now
// completed, partialTypeArgs), and the session refused `p, err :=
// genericpair.Parse("k", 3)`; they run through a function with the
// result types the type checker gives. A function returning such a call
// passes its results on (returncall.go: yaegi lost the error). An
// instance whose fields name the package's other types cannot be made in
// a cell, and is refused with the workaround, before yaegi's failure,
// which broke it for later cells.
func TestThirdPartyGenericResults(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/genericpair": testModule(t, "genericpair")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/genericpair"`)
	r := mustRun(t, s, "a := genericpair.NewPair(\"a\", 1)\nvar b = genericpair.NewPair(2, \"x\")\n"+
		"c := genericpair.NewPair[string, float64](\"c\", 1.5)\nd := genericpair.NewPair[string](\"d\", []int{4})\n"+
		"fmt.Println(a.Key(), a.Val, b.Key(), b.Val, c.Val, d.Val)")
	if got, want := r.stream("stdout"), "a 1 2 x 1.5 [4]\n"; got != want {
		t.Errorf("single results printed %q, want %q (go run)", got, want)
	}
	r = mustRun(t, s, "p, err := genericpair.Parse(\"k\", 3)\nq, err2 := genericpair.Parse(\"\", true)\nfmt.Println(p.Key(), p.Val, err, q == nil, err2)")
	if got, want := r.stream("stdout"), "k 3 <nil> true empty key\n"; got != want {
		t.Errorf("two results printed %q, want %q (go run)", got, want)
	}
	// Passed on by a return (returncall.go): yaegi returned a nil error.
	r = mustRun(t, s, "func h() (*genericpair.Pair[string, bool], error) { return genericpair.Parse(\"\", true) }\n"+
		"func k() (*genericpair.Pair[string, int], error) { return genericpair.Parse(\"x\", 4) }\n"+
		"func run() { q, err := h(); k3, _ := k(); fmt.Println(q == nil, err, k3.Val) }\nrun()")
	if got, want := r.stream("stdout"), "true empty key 4\n"; got != want {
		t.Errorf("results passed on by return printed %q, want %q (go run)", got, want)
	}
	_, err := run(t, s, "cache, err := genericpair.NewCache[int](3)")
	if err == nil || !strings.Contains(errString(err), "cannot type a top-level variable of *genericpair.Cache[int]") ||
		!strings.Contains(errString(err), "define the variables inside a function") {
		t.Errorf("a cache at the top level: error %s, want the refusal with the workaround", errString(err))
	}
	r = mustRun(t, s, "func size() int {\n\tcache, _ := genericpair.NewCache[int](3)\n\treturn cache.Len()\n}\nfmt.Println(size(), a.Val)")
	if got := r.stream("stdout"); got != "3 1\n" {
		t.Errorf("after the refusal printed %q, want 3 1", got)
	}
}

// TestPackageGenericPointers declares variables and converts to pointers
// to instances of a package's generic types (ptrzero.go): yaegi took
// `var q *genericpair.Pair[string, int]` without a value, two names with
// values and the conversion for dereferences ("cannot indirect"), and an
// instance whose fields name other types of the package is refused.
func TestPackageGenericPointers(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/genericpair": testModule(t, "genericpair")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/genericpair"`)
	for _, c := range []struct{ code, want string }{
		{"var q *genericpair.Pair[string, int]\nvar (\n\tx, y *genericpair.Pair[string, bool] = nil, nil\n\tn = 2\n)\nfmt.Println(q == nil, x == y, n)", "true true 2\n"},
		{"func parse() string {\n\tp := (*genericpair.Pair[string, int])(nil)\n\tif p == nil {\n\t\tp, _ = genericpair.Parse(\"k\", 2)\n\t}\n\treturn p.Key()\n}\n" +
			"fmt.Println(parse(), (*genericpair.Pair[string, int])(nil) == nil)", "k true\n"},
	} {
		if got := mustRun(t, s, c.code).stream("stdout"); got != c.want {
			t.Errorf("%s\nprinted %q, want %q (go run)", c.code, got, c.want)
		}
	}
	// Cache[int]'s field names the package's list: refused before yaegi
	// made the instance in the cell (boundinstance.go), which broke it.
	_, err := run(t, s, "func load() int {\n\tvar c *genericpair.Cache[int]\n\tc, _ = genericpair.NewCache[int](3)\n\treturn c.Len()\n}")
	if err == nil || !strings.Contains(errString(err), "genericpair.Cache[int], an instance of a package's generic type whose fields name other named types") ||
		!strings.Contains(errString(err), "call its constructor with := inside a function") {
		t.Errorf("naming Cache[int] in a cell: error %s, want the refusal with the workaround", errString(err))
	}
	r := mustRun(t, s, "func size() int {\n\tcache, _ := genericpair.NewCache[int](3)\n\treturn cache.Len()\n}\nfmt.Println(size())")
	if got := r.stream("stdout"); got != "3\n" {
		t.Errorf("after the refusal printed %q, want 3", got)
	}
	// Guarded[int]'s field is a sync.Mutex: made by the package inside a
	// function it works (the session declared the instance at the
	// function's start, preinstance.go, which failed with a nil
	// dereference, as github.com/hashicorp/golang-lru/v2's Cache did);
	// named in the cell it is refused.
	r = mustRun(t, s, "func guarded() int {\n\tg := genericpair.NewGuarded(4)\n\treturn g.Get()\n}\nfmt.Println(guarded())")
	if got := r.stream("stdout"); got != "4\n" {
		t.Errorf("a Guarded made inside a function printed %q, want 4 (go run)", got)
	}
	_, err = run(t, s, "var g *genericpair.Guarded[string] = genericpair.NewGuarded(\"x\")")
	if err == nil || !strings.Contains(errString(err), "genericpair.Guarded[string], an instance of a package's generic type whose fields name other named types") {
		t.Errorf("naming Guarded[string] in a cell: error %s, want the refusal with the workaround", errString(err))
	}
}

// TestPackageRecursiveGenericLits writes composite literals of a
// package's generic type that refers to itself (recursivelit.go): yaegi
// failed on them, "incomplete type" at the top level, "undefined
// selector: Depth" in a function.
func TestPackageRecursiveGenericLits(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/generictree": testModule(t, "generictree")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/generictree"`)
	for _, c := range []struct{ code, want string }{
		{"t := &generictree.Tree[int]{Val: 1, Left: &generictree.Tree[int]{Val: 2}}\nfmt.Println(t.Depth(), t.Left.Val)", "2 2\n"},
		{"func lit() int {\n\ta := &generictree.Tree[string]{Val: \"a\"}\n\tu := generictree.Tree[string]{nil, a, \"b\"}\n\treturn a.Depth() + u.Depth()*10\n}\nfmt.Println(lit())", "21\n"},
		{"var r *generictree.Tree[float64]\nfor _, x := range []float64{5, 3, 8, 1} {\n\tr = r.Insert(x, func(a, b float64) bool { return a < b })\n}\n" +
			"r.Right = &generictree.Tree[float64]{Val: 9}\nfmt.Println(r.Depth(), r.Left.Left.Val, r.Right.Val)", "3 1 9\n"},
	} {
		if got := mustRun(t, s, c.code).stream("stdout"); got != c.want {
			t.Errorf("%s\nprinted %q, want %q (go run)", c.code, got, c.want)
		}
	}
	// Tree[string] was made by the cell above: the package's Insert makes
	// another, and the panic says why.
	_, err := run(t, s, "var r *generictree.Tree[string]\nr = r.Insert(\"m\", func(a, b string) bool { return a < b })")
	if err == nil || !strings.Contains(errString(err), "the interpreter made two run-time types for one type") {
		t.Errorf("a package's instance after the cell's: error %s, want the panic with the hint", errString(err))
	}
}

// TestPackageGenericMethodOrder calls a method of a package's generic
// type that calls one declared after it (testdata/pkgsource/generictree's
// Values and walk): yaegi compiles an instance's methods in declaration
// order, so the instance failed ("undefined selector: walk");
// methodorder.go's orderMethodNodes puts walk first.
func TestPackageGenericMethodOrder(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/generictree": testModule(t, "generictree")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/generictree"`)
	r := mustRun(t, s, "func vals() ([]int, int) {\n\tvar r *generictree.Tree[int]\n\tfor _, v := range []int{5, 3, 8, 1} {\n"+
		"\t\tr = r.Insert(v, func(a, b int) bool { return a < b })\n\t}\n\treturn r.Values(), r.Depth()\n}\nfmt.Println(vals())")
	if got, want := r.stream("stdout"), "[1 3 5 8] 3\n"; got != want {
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
}

// TestPartialTypeArgs calls generic functions of the session with some of
// their type arguments given, the rest inferred (yaegi: a nil dereference
// in its CFG), at the top level and inside a function.
func TestPartialTypeArgs(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "func Second[K comparable, V any](k K, v V) V { return v }\n\nfunc Conv[To, From ~int | ~float64](x From) To { return To(x) }")
	r := mustRun(t, s, "z := Second[string](\"b\", 2.5)\nfunc g() string { return Second[int](1, \"x\") }\nfmt.Println(z, g(), Conv[int](2.7), Conv[float64](3))")
	if got, want := r.stream("stdout"), "2.5 x 2 3\n"; got != want {
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
}

// TestPackageGenericSignatures calls generic functions of a package
// interpreted from source whose signatures name other packages' types
// (a constraint of its own internal package, context.Context) from a cell
// that imports neither (yaegi resolved them in the cell's scope: "undefined
// type for T", a nil dereference), functions whose bodies make literals
// of a type parameter (`Slice{}`, `M{}`: a nil dereference) or call
// another interpreted package's generic function, two functions making
// literals of one instance of a generic struct type of two type
// parameters (yaegi shared one syntax node between them: the first
// panicked, "reflect.Set: value of type int is not assignable to type
// string"), and one whose type
// arguments yaegi's positional inference gets wrong (Map: "cannot use type
// func(int,int) string as type func(int,int) int"), as
// github.com/samber/lo has them; and a call with a type argument outside
// its constraint, which Go refuses (yaegi ran it).
func TestPackageGenericSignatures(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/genericsig": testModule(t, "genericsig")})
	s := newSession(t)
	mustRun(t, s, "import (\n\t\"fmt\"\n\t\"strconv\"\n\n\t\"example.com/genericsig\"\n)\n\ntype Ints []int")
	cells := []struct{ src, want string }{
		{"xs := []int{3, 1, 2, 3}\nfmt.Println(genericsig.Max(xs), genericsig.Max([]string{\"b\", \"c\", \"a\"}), genericsig.Sum(xs), genericsig.Sum([]float64{0.5, 2}))", "3 c 9 2.5\n"},
		{"n := 7\nfmt.Println(genericsig.WithContext(genericsig.Background(), n))", "7 <nil>\n"},
		{"r := genericsig.Reversed(Ints{1, 2, 3})\nfmt.Printf(\"%T %v\\n\", r, r)", "main.Ints [3 2 1]\n"},
		{"w := genericsig.Without(xs, 9)\ne := genericsig.Without([]int{3}, 3)\nfmt.Println(w, e, e == nil, len(e))", "[3 1 2 3] [] false 0\n"},
		{"fmt.Println(genericsig.Pair(xs, 4, 5), genericsig.Counts[int, []int, map[int]int](xs))", "[4 5] map[1:1 2:1 3:2]\n"},
		{"k := \"a\"\nfmt.Println(genericsig.NewKV(k, n))\nkv, err := genericsig.Named(k, n)\nfmt.Println(*kv, err, genericsig.NewKV(k, n))", "{a 7}\n{a 7} <nil> {a 7}\n"},
		{"func f() []string {\n\treturn genericsig.Map(xs, func(x int, i int) string { return strconv.Itoa(x) + \"@\" + strconv.Itoa(i) })\n}\nfmt.Println(f())", "[3@0 1@1 2@2 3@3]\n"},
	}
	for _, c := range cells {
		if got := mustRun(t, s, c.src).stream("stdout"); got != c.want {
			t.Errorf("%s\nprinted %q, want %q (go run)", c.src, got, c.want)
		}
	}
	_, err := run(t, s, "fmt.Println(genericsig.Sum([]string{\"a\", \"b\"}))")
	if err == nil || !strings.Contains(errString(err), "string does not satisfy") {
		t.Errorf("Sum of strings: error %v, want go/types' \"string does not satisfy\"", err)
	}
}

// TestPackageGenericCallForms imports a package whose code calls its
// generic functions with a call's results as the arguments (`Of(pair())`,
// `Of(f(o.v))` in a method: yaegi's inference read one argument, "index
// out of range [1]") and with some type arguments given (`Right[string](n)`:
// a nil dereference in the CFG), as github.com/samber/mo does; both
// failed the import (pkggenericcall.go writes all the type arguments);
// and the package's instances made from cells, and its sql.Null.
func TestPackageGenericCallForms(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/genericopt": testModule(t, "genericopt")})
	s := newSession(t)
	mustRun(t, s, "import \"example.com/genericopt\"")
	r := mustRun(t, s, "fmt.Println(genericopt.FromPair().Get())\nn := 5\n"+
		"fmt.Println(genericopt.Of(n, true).Then(func(v int) (int, bool) { return v * 3, true }).Get())\n"+
		"fmt.Println(genericopt.IntRight(7).Sides())\nm := 8\nfmt.Println(genericopt.Wrap(m).Sides())")
	if got, want := r.stream("stdout"), "4 true\n15 true\n 7 true\n 8 true\n"; got != want {
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
	// An instance first made through a cell's call, whose method calls the
	// function being instantiated (preinstance.go: a nil dereference in the
	// CFG); a method naming driver.Value, typed where the cell makes the
	// instance (pkgsigalias.go); sql.Null[T] (gosrc/modern.go.txt).
	r = mustRun(t, s, "s, b := \"a\", true\nfmt.Println(genericopt.Of(s, b).Then(func(v string) (string, bool) { return v + \"b\", true }).Get())\n"+
		"fmt.Println(genericopt.Of(2.5, true).Value())\nvar o genericopt.Maybe[int]\nerr := o.Scan(\"12\")\nfmt.Println(err, o.V, o.Valid)\n"+
		"err = o.Scan(nil)\nfmt.Println(err, o.V, o.Valid)\nfmt.Println(o.Scan(\"x\"))")
	if got, want := r.stream("stdout"), "ab true\n2.5 <nil>\n<nil> 12 true\n<nil> 0 false\nconverting driver.Value type string (\"x\") to a int: invalid syntax\n"; got != want {
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
	// A type switch whose cases repeat each other once instantiated
	// (pkgassertchain.go; yaegi refused "duplicate case in type switch").
	r = mustRun(t, s, "fmt.Println(genericopt.ToIntMap(map[any]any{\"a\": 1}), genericopt.ToAnyMap(map[string]any{\"b\": 2}), genericopt.ToAnyMap(map[any]any{\"c\": 3}))")
	if got, want := r.stream("stdout"), "map[a:1] map[b:2] map[c:3]\n"; got != want {
		t.Errorf("repeated cases: printed %q, want %q (go run)", got, want)
	}
}
