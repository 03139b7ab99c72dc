// Package genericwrap holds instances of its generic struct types in
// compiled interfaces: made in loops, converted, asserted back, switched.
package genericwrap

import "fmt"

// Box holds a value.
type Box[T any] struct{ V T }

func (b Box[T]) String() string { return fmt.Sprintf("box %v", b.V) }

// Pair is a generic type with two type parameters.
type Pair[K comparable, V any] struct {
	Key K
	Val V
}

func (p Pair[K, V]) String() string { return fmt.Sprintf("%v=%v", p.Key, p.Val) }

// NotFound is a generic error.
type NotFound[T any] struct{ Key T }

func (e NotFound[T]) Error() string { return fmt.Sprintf("not found: %v", e.Key) }

func find[T comparable](xs []T, x T) error {
	for _, y := range xs {
		if y == x {
			return nil
		}
	}
	return NotFound[T]{x}
}

func wrap[T any](v T) fmt.Stringer { return Box[T]{v} }

// Build makes, converts and asserts instances.
func Build(n int) {
	var a, d, e []fmt.Stringer
	for i := range n {
		a = append(a, Box[int]{i})
		d = append(d, fmt.Stringer(Box[int]{i}))
		e = append(e, Pair[string, int]{"k", i})
	}
	fmt.Println(a, d, e)
	b, ok := a[1].(Box[int])
	fmt.Println(b, ok, b.V)
	pr, ok := e[2].(Pair[string, int])
	fmt.Println(pr, ok)
	err := find([]string{"x"}, "y")
	nf, ok := err.(NotFound[string])
	fmt.Println(err, nf.Key, ok)
	b, ok = wrap(5).(Box[int])
	fmt.Println(b, ok)
	switch v := d[2].(type) {
	case Box[int]:
		fmt.Println("case", v.V)
	default:
		fmt.Println("default")
	}
}

// Pairs returns pairs made in a loop.
func Pairs(n int) []fmt.Stringer {
	var out []fmt.Stringer
	for i := range n {
		out = append(out, Pair[string, int]{"p", i})
	}
	return out
}

// Plain is a generic type without methods.
type Plain[T any] struct{ V T }

// Lv is a concrete type with a String method.
type Lv int

func (l Lv) String() string { return fmt.Sprintf("lv%d", int(l)) }

// Print prints instances held in interfaces, alone and inside others.
func Print(n int) {
	var anys, bs, ps []any
	for i := range n {
		anys = append(anys, Pair[string, int]{"a", i})
		bs = append(bs, Box[int]{i})
		ps = append(ps, Plain[int]{i})
	}
	fmt.Println(anys)
	fmt.Println(bs, ps)
	fmt.Println(anys[0], bs[1])
	xs := []any{Lv(1), Box[int]{2}}
	fmt.Println(xs, map[string]any{"a": Box[string]{"s"}})
}

// Opt is an optional value.
type Opt[T any] struct {
	v  T
	ok bool
}

// Some returns an Opt holding v.
func Some[T any](v T) Opt[T] { return Opt[T]{v, true} }

func (o Opt[T]) String() string {
	if !o.ok {
		return "None"
	}
	return fmt.Sprintf("Some(%v)", o.v)
}

// Row has a field of an instance with a String method.
type Row struct {
	Name string
	Val  Opt[float64]
}

// Rows prints values holding instances with String methods.
func Rows() {
	rows := []Row{{"a", Some(1.5)}, {"b", Opt[float64]{}}}
	fmt.Println(rows)
	fmt.Printf("%+v\n", rows[0])
	fmt.Println(map[string]Opt[int]{"x": Some(3)})
}

// unused names an instance only in a generic function never instantiated,
// which the file's print function must not assert to.
func unused[T any]() string {
	var x Opt[uint8]
	return fmt.Sprint(x.ok)
}

// Show prints v.
func Show(v any) { fmt.Println(v) }
