// Package generictree has a generic type that refers to itself
// (TestPackageRecursiveGenericLits).
package generictree

// Tree is a binary search tree.
type Tree[T any] struct {
	Left, Right *Tree[T]
	Val         T
}

// Depth returns the number of levels of t, 0 for nil.
func (t *Tree[T]) Depth() int {
	if t == nil {
		return 0
	}
	l, r := t.Left.Depth(), t.Right.Depth()
	if l > r {
		return l + 1
	}
	return r + 1
}

// Insert adds v to t in the order less gives and returns the tree.
func (t *Tree[T]) Insert(v T, less func(a, b T) bool) *Tree[T] {
	if t == nil {
		return &Tree[T]{Val: v}
	}
	if less(v, t.Val) {
		t.Left = t.Left.Insert(v, less)
	} else {
		t.Right = t.Right.Insert(v, less)
	}
	return t
}

// Values returns the values of t in order.
func (t *Tree[T]) Values() []T {
	var out []T
	t.walk(func(v T) { out = append(out, v) })
	return out
}

// walk calls f for the values of t in order (declared after Values,
// which calls it: TestPackageGenericMethodOrder).
func (t *Tree[T]) walk(f func(T)) {
	if t == nil {
		return
	}
	t.Left.walk(f)
	f(t.Val)
	t.Right.walk(f)
}
