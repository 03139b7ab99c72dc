// Package genericmeth has two generic types with methods of the same
// names and the same fields, used by the package's own code, and a
// generic Pair with a Show method (TestGenericMethodKeys).
package genericmeth

// Stack is a generic stack.
type Stack[T any] struct{ items []T }

// Push adds v.
func (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }

// Len returns the number of items.
func (s *Stack[T]) Len() int { return len(s.items) }

// Name names the type.
func (s *Stack[T]) Name() string { return "stack" }

// Queue is a generic queue that counts each item twice.
type Queue[T any] struct{ items []T }

// Push adds v twice.
func (q *Queue[T]) Push(v T) { q.items = append(q.items, v, v) }

// Len returns the number of items times 100.
func (q *Queue[T]) Len() int { return len(q.items) * 100 }

// Name names the type.
func (q *Queue[T]) Name() string { return "queue" }

// Both uses a Stack[int] and a Queue[int].
func Both() string {
	s := &Stack[int]{}
	q := &Queue[int]{}
	s.Push(1)
	q.Push(1)
	return s.Name() + q.Name()
}

// NewStack returns an empty Stack.
func NewStack[T any]() *Stack[T] { return &Stack[T]{} }

// NewQueue returns an empty Queue.
func NewQueue[T any]() *Queue[T] { return &Queue[T]{} }

// Pair is a generic pair.
type Pair[K comparable, V any] struct {
	Key K
	Val V
}

// Show names the package.
func (p Pair[K, V]) Show() string { return "pkg" }

// Make returns a Pair[string, int].
func Make(k string, v int) Pair[string, int] { return Pair[string, int]{k, v} }
