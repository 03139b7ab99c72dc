// Package genericpair has generic functions whose results are instances
// of its generic types (TestThirdPartyGenericResults).
package genericpair

import (
	"errors"
	"sync"
)

// Pair is a key and a value.
type Pair[K comparable, V any] struct {
	key K
	Val V
}

// Key returns the pair's key.
func (p Pair[K, V]) Key() K { return p.key }

// NewPair returns a pair.
func NewPair[K comparable, V any](k K, v V) Pair[K, V] { return Pair[K, V]{k, v} }

// Parse returns a pair, or an error for an empty key.
func Parse[V any](k string, v V) (*Pair[string, V], error) {
	if k == "" {
		return nil, errors.New("empty key")
	}
	return &Pair[string, V]{k, v}, nil
}

// list is the package's own type, named by Cache's field.
type list[V any] struct{ items []V }

// Cache names list in a field.
type Cache[V any] struct{ l *list[V] }

// Len returns the number of items.
func (c *Cache[V]) Len() int { return len(c.l.items) }

// NewCache returns a cache of n zero items.
func NewCache[V any](n int) (*Cache[V], error) {
	return &Cache[V]{&list[V]{make([]V, n)}}, nil
}

// Guarded holds a value behind a mutex: its field names a type of
// another package (sync).
type Guarded[T any] struct {
	mu sync.Mutex
	v  T
}

// NewGuarded returns a Guarded holding v.
func NewGuarded[T any](v T) *Guarded[T] { return &Guarded[T]{v: v} }

// Get returns the value.
func (g *Guarded[T]) Get() T {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.v
}
