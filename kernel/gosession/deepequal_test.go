package gosession

import (
	"reflect"
	"testing"
)

// TestThirdPartyReflectWrap imports a package (testdata/pkgsource/
// reflectwrap) whose code executes a text/template with a struct holding
// its Shape interface and compares such structs with reflect.DeepEqual,
// and compares them in a cell too: at bd3d526 the template printed yaegi's
// wrappers (`{0xc000… {…}}`) and DeepEqual said false for equal values,
// without an error; encodeoperand.go's templateOperand and deepequal.go
// give go run's output.
func TestThirdPartyReflectWrap(t *testing.T) {
	wantModuleOutput(t, "reflectwrap", "import (\n\"reflect\"\n\"example.com/reflectwrap\"\n)\nfmt.Println(reflectwrap.Run())\nfmt.Println(reflect.DeepEqual(reflectwrap.New(1), reflectwrap.New(1)))",
		"s {2} [{1}][{3}] 4 true false true\ntrue\n") // go run
}

// TestDeepEqualWalk checks the runtime's DeepEqual on compiled values
// against reflect.DeepEqual's answers: nil and empty slices and maps,
// NaN, functions, cycles, different types.
func TestDeepEqualWalk(t *testing.T) {
	type cyc struct {
		Next *cyc
		M    map[string]int
	}
	a, b := &cyc{M: map[string]int{"x": 1}}, &cyc{M: map[string]int{"x": 1}}
	a.Next, b.Next = a, b
	var nilFn func()
	nan := []float64{0 / func() float64 { return 0 }()}
	for _, c := range [][2]any{
		{[]int{}, []int(nil)}, {map[string]int{}, map[string]int(nil)}, {[]int{1, 2}, []int{1, 2}},
		{nan, nan}, {[]float64{1}, []float64{1}}, {nilFn, nilFn}, {func() {}, func() {}},
		{a, b}, {1, int64(1)}, {[2]any{1, "a"}, [2]any{1, "a"}}, {nil, nil}, {nil, 0},
		{map[string][]int{"a": {1}}, map[string][]int{"a": {1}}}, {map[string][]int{"a": {1}}, map[string][]int{"b": {1}}},
	} {
		if got, want := deepEqual(c[0], c[1]), reflect.DeepEqual(c[0], c[1]); got != want {
			t.Errorf("deepEqual(%#v, %#v) = %v, reflect.DeepEqual says %v", c[0], c[1], got, want)
		}
	}
}
