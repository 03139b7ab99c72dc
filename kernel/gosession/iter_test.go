package gosession

import (
	"strings"
	"testing"
)

// TestIterRewrites checks the shape of iterseq.go's and modernpkg.go's
// rewrites; their behaviour is tested by testdata/fidelity/modern.txt.
func TestIterRewrites(t *testing.T) {
	for _, test := range []struct {
		name, src string
		want      []string
		not       []string
	}{
		{name: "iter.Seq spelled out", src: "count := func(n int) iter.Seq[int] { return nil }",
			want: []string{"count := func(n int) func(yield func(int) bool)"}, not: []string{"iter.Seq"}},
		{name: "iter.Seq2 spelled out", src: "var s iter.Seq2[string, []int]",
			want: []string{"var s func(yield func(string, []int) bool)"}},
		{name: "nested and in type arguments", src: "f := func(s iter.Seq[iter.Seq[T]]) map[string]iter.Seq[T] { return nil }",
			want: []string{"s func(yield func(func(yield func(T) bool)) bool)", "map[string]func(yield func(T) bool)"}},
		{name: "conversion", src: "s := iter.Seq[int](f)",
			want: []string{"(func(yield func(int) bool))(f)"}},
		{name: "other selectors untouched", src: "x := other.Seq[int](f)", want: []string{"other.Seq[int](f)"}},
		{name: "sync.OnceValue", src: "f := sync.OnceValue(load)", want: []string{"f := _activisOnceValue(load)"}},
		{name: "rand.N", src: "d := rand.N(10 * time.Second)", want: []string{"d := _activisRandN(10 * time.Second)"}},
		{name: "atomic.Pointer", src: "var p atomic.Pointer[string]", want: []string{"var p _activisAtomicPointer[string]"}},
		{name: "reflect.TypeFor", src: "t := reflect.TypeFor[[]int]()", want: []string{"t := reflect.TypeOf((*[]int)(nil)).Elem()"}},
		{name: "other members untouched", src: "var o sync.Once", want: []string{"var o sync.Once"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			got, err := rewriteSrc(t, fakeScope{}, test.src)
			if err != nil {
				t.Fatal(err)
			}
			flat := strings.Join(strings.Fields(got), " ")
			for _, w := range test.want {
				if !strings.Contains(flat, w) {
					t.Errorf("missing %q in\n%s", w, flat)
				}
			}
			for _, w := range test.not {
				if strings.Contains(flat, w) {
					t.Errorf("unexpected %q in\n%s", w, flat)
				}
			}
		})
	}
}

// TestGenericKeysRefused checks genericeq.go's refusals that need no
// type oracle (the comparisons are tested by modern.txt).
func TestGenericKeysRefused(t *testing.T) {
	for _, src := range []string{
		"type Vec[T any] = []T",
		"m := map[Key[string, int]]int{}",
	} {
		if _, err := rewriteSrc(t, fakeScope{}, src); err == nil || !strings.Contains(err.Error(), "not supported") {
			t.Errorf("%q: error %v, want ErrUnsupported", src, err)
		}
	}
	if _, err := rewriteSrc(t, fakeScope{}, "m := map[Box[int]]int{}"); err != nil {
		t.Errorf("one type parameter refused: %v", err)
	}
}
