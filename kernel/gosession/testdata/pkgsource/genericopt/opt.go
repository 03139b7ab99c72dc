// Package genericopt calls its generic functions with the results of a
// call as the arguments and with some of their type arguments given, as
// github.com/samber/mo does (TestPackageGenericCallForms).
package genericopt

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
