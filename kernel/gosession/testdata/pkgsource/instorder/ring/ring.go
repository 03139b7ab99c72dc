// Package ring holds generic types another package instantiates with its
// own types.
package ring

// Ring is a growing queue.
type Ring[T any] struct {
	data []T
}

// New returns an empty ring.
func New[T any]() *Ring[T] { return &Ring[T]{} }

// Push adds v.
func (r *Ring[T]) Push(v T) { r.data = append(r.data, v) }

// Len returns the number of values held.
func (r *Ring[T]) Len() int { return len(r.data) }

// At returns the i-th value.
func (r *Ring[T]) At(i int) T { return r.data[i] }

// Pair holds two values.
type Pair[K comparable, V any] struct {
	Key K
	Val V
}
