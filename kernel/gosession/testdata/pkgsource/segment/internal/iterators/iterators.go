// Package iterators holds a generic iterator whose split function has a
// generic func type, as github.com/clipperhouse/uax29 v2.2.0's does
// (TestPackageGenericEmbed).
package iterators

// Stringish is the data an Iterator splits.
type Stringish interface {
	[]byte | string
}

// SplitFunc splits data.
type SplitFunc[T Stringish] func(T, bool) (int, T, error)

// Iterator steps through data with split.
type Iterator[T Stringish] struct {
	split SplitFunc[T]
	data  T
	start int
	pos   int
}

// New makes an Iterator.
func New[T Stringish](split SplitFunc[T], data T) *Iterator[T] {
	return &Iterator[T]{split: split, data: data}
}

// Split sets the split function.
func (iter *Iterator[T]) Split(split SplitFunc[T]) { iter.split = split }

// Next moves to the next token.
func (iter *Iterator[T]) Next() bool {
	if iter.pos >= len(iter.data) {
		return false
	}
	iter.start = iter.pos
	advance, _, _ := iter.split(iter.data[iter.pos:], true)
	iter.pos += advance
	return true
}

// Value is the current token.
func (iter *Iterator[T]) Value() T { return iter.data[iter.start:iter.pos] }
