// Package genericctor has a generic constructor calling another with
// explicit type arguments, whose named result is an instance of a generic
// type (the shape of github.com/hashicorp/golang-lru/v2's New and
// NewWithEvict; TestGenericConstructor).
package genericctor

// Inner is a generic type made by NewInner.
type Inner[K comparable, V any] struct{ n int }

// NewInner returns an Inner of the size.
func NewInner[K comparable, V any](size int, cb func(K, V)) (*Inner[K, V], error) {
	return &Inner[K, V]{n: size}, nil
}

// Outer holds an Inner and a callback.
type Outer[K comparable, V any] struct {
	in *Inner[K, V]
	cb func(k K, v V)
}

// New returns an Outer of the size.
func New[K comparable, V any](size int) (*Outer[K, V], error) {
	return NewWithEvict[K, V](size, nil)
}

// NewWithEvict returns an Outer of the size with the callback.
func NewWithEvict[K comparable, V any](size int, onEvicted func(key K, value V)) (c *Outer[K, V], err error) {
	c = &Outer[K, V]{cb: onEvicted}
	c.in, err = NewInner(size, onEvicted)
	return
}

// Len returns the size.
func (c *Outer[K, V]) Len() int { return c.in.n }
