// Package maps is named like the standard library's maps, as
// github.com/emirpasic/gods/maps is.
package maps

// Map is a map of any keys.
type Map interface {
	Put(k, v any)
	Size() int
}
