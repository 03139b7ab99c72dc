// Package genericclash has a generic type named as one a cell declares,
// with a method of the same name (TestGenericTypeKeys).
package genericclash

// Box holds a value.
type Box[T any] struct{ V T }

// Kind names the package.
func (b Box[T]) Kind() string { return "pkg" }

// NewBox returns a Box.
func NewBox[T any](v T) Box[T] { return Box[T]{v} }
