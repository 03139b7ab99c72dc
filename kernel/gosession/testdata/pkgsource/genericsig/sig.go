// Package genericsig has generic functions whose signatures name the
// types of other packages, and literals of type parameters, as
// github.com/samber/lo does.
package genericsig

import (
	"context"
	"errors"

	"example.com/genericsig/constraints"
	"example.com/genericsig/mutable"
)

// Max returns the largest of xs.
func Max[T constraints.Ordered](xs []T) T {
	var m T
	for i, x := range xs {
		if i == 0 || x > m {
			m = x
		}
	}
	return m
}

// Sum adds up xs.
func Sum[T constraints.Float | constraints.Integer](xs []T) T {
	var s T
	for i := range xs {
		s += xs[i]
	}
	return s
}

// WithContext returns x unless ctx is done.
func WithContext[T any](ctx context.Context, x T) (T, error) {
	var zero T
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	return x, nil
}

// Reversed returns collection reversed in place.
func Reversed[T any, Slice ~[]T](collection Slice) Slice {
	mutable.Reverse(collection)
	return collection
}

// Without returns the elements of collection other than exclude, in a
// slice that is never nil.
func Without[T comparable, Slice ~[]T](collection Slice, exclude T) Slice {
	out := Slice{}
	for _, x := range collection {
		if x != exclude {
			out = append(out, x)
		}
	}
	return out
}

// Pair returns a and b in a slice of collection's type.
func Pair[T any, Slice ~[]T](collection Slice, a, b T) Slice {
	return Slice{a, b}
}

// Counts counts the elements of collection.
func Counts[T comparable, Slice ~[]T, M ~map[T]int](collection Slice) M {
	m := M{}
	for _, x := range collection {
		m[x]++
	}
	return m
}

// Map applies f to the elements of xs.
func Map[T, R any](xs []T, f func(item T, index int) R) []R {
	out := make([]R, len(xs))
	for i, x := range xs {
		out[i] = f(x, i)
	}
	return out
}

// Background is context.Background.
func Background() context.Context { return context.Background() }

// KV is a key and a value.
type KV[K comparable, V any] struct {
	Key K
	Val V
}

// NewKV returns a KV.
func NewKV[K comparable, V any](k K, v V) KV[K, V] {
	w := k
	return KV[K, V]{w, v}
}

// Named returns a KV of a name, or an error for an empty name.
func Named[V any](name string, v V) (*KV[string, V], error) {
	if name == "" {
		return nil, errors.New("no name")
	}
	return &KV[string, V]{
		Key: name,
		Val: v,
	}, nil
}
