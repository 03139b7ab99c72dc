// Package cmp is named like the standard library's cmp, which yaegi keeps
// as source (TestStdNameClash).
package cmp

// Equal reports whether a and b are equal.
func Equal(a, b any) bool { return a == b }
