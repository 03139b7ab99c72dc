// Package genericopt calls its generic functions with the results of a
// call as the arguments and with some of their type arguments given, has
// methods that call them and that name other packages' types, and uses
// sql.Null[T], as github.com/samber/mo does (TestPackageGenericCallForms).
package genericopt

import (
	"database/sql"
	"database/sql/driver"
)

// Opt is an optional value.
type Opt[T any] struct {
	v  T
	ok bool
}

// Of makes an Opt of v when ok.
func Of[T any](v T, ok bool) Opt[T] {
	if !ok {
		var z Opt[T]
		return z
	}
	return Opt[T]{v: v, ok: true}
}

// Get returns the value and whether there is one.
func (o Opt[T]) Get() (T, bool) { return o.v, o.ok }

// Then applies f to the value.
func (o Opt[T]) Then(f func(T) (T, bool)) Opt[T] {
	return Of(f(o.v))
}

// Value implements driver.Valuer.
func (o Opt[T]) Value() (driver.Value, error) {
	if !o.ok {
		return nil, nil
	}
	return driver.DefaultParameterConverter.ConvertValue(o.v)
}

func pair() (int, bool) { return 4, true }

// FromPair makes an Opt of pair's results.
func FromPair() Opt[int] { return Of(pair()) }

// Either is one of two values.
type Either[L, R any] struct {
	left  L
	right R
	isR   bool
}

// Right makes a right value.
func Right[L, R any](r R) Either[L, R] { return Either[L, R]{right: r, isR: true} }

// Left makes a left value.
func Left[L, R any](l L) Either[L, R] { return Either[L, R]{left: l} }

// Wrap makes a right value of t.
func Wrap[T any](t T) Either[string, T] { return Right[string](t) }

// Sides returns the sides.
func (e Either[L, R]) Sides() (L, R, bool) { return e.left, e.right, e.isR }

// IntRight makes a right int.
func IntRight(n int) Either[string, int] { return Right[string](n) }

// Maybe is a value that may be null in a database.
type Maybe[T any] struct {
	V     T
	Valid bool
}

// Scan implements sql.Scanner.
func (m *Maybe[T]) Scan(src any) error {
	var st sql.Null[T]
	if err := st.Scan(src); err != nil {
		return err
	}
	m.V, m.Valid = st.V, st.Valid
	return nil
}

// ToMap converts i to a map, with cases that repeat each other when V is
// any, as github.com/spf13/cast's toMapE has them.
func ToMap[K comparable, V any](i any, keyFn func(any) K, valFn func(any) V) map[K]V {
	m := map[K]V{}
	switch v := i.(type) {
	case map[K]V:
		return v
	case map[K]any:
		for k, val := range v {
			m[k] = valFn(val)
		}
		return m
	case map[any]any:
		for k, val := range v {
			m[keyFn(k)] = valFn(val)
		}
		return m
	}
	return m
}

func str(x any) string { s, _ := x.(string); return s }

// ToAnyMap converts i to a map of any values.
func ToAnyMap(i any) map[string]any { return ToMap(i, str, func(i any) any { return i }) }

// ToIntMap converts i to a map of ints.
func ToIntMap(i any) map[string]int {
	return ToMap(i, str, func(i any) int { n, _ := i.(int); return n })
}
