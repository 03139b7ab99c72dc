// Package typed holds code whose fixes need the package's types.
package typed

import "fmt"

// RangeString ranges over strings holding invalid UTF-8.
func RangeString() string {
	out := ""
	for i, r := range "a\xffb" {
		out += fmt.Sprint(i, r, " ")
	}
	type name string
	var n name = "é\xfex"
	var i int
outer:
	for i = range n {
		if i == 2 {
			continue outer
		}
		out += fmt.Sprint(i, ";")
	}
	var fs []func() int
	for i := range "\xff\xffz" {
		fs = append(fs, func() int { return i })
	}
	for _, f := range fs {
		out += fmt.Sprint(f())
	}
	return out + fmt.Sprint(" ", i)
}

// Keys captures range keys and values of a slice in closures.
func Keys() string {
	xs := []string{"a", "b", "c"}
	var fs []func() string
	for i, s := range xs {
		fs = append(fs, func() string { return fmt.Sprint(i, s) })
	}
	out := ""
	for _, f := range fs {
		out += f() + " "
	}
	return out
}
