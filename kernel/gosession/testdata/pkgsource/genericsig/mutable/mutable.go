// Package mutable changes slices in place.
package mutable

// Reverse reverses collection in place.
func Reverse[T any, Slice ~[]T](collection Slice) {
	for i, j := 0, len(collection)-1; i < j; i, j = i+1, j-1 {
		collection[i], collection[j] = collection[j], collection[i]
	}
}
