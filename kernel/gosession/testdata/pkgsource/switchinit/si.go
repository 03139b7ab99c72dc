// Package switchinit has switches with an init statement and a computed
// tag (switchinit.go).
package switchinit

import (
	"fmt"
	"reflect"
	"strings"
)

// Describe names the kind of each value.
func Describe(vs ...any) string {
	var b strings.Builder
	for _, v := range vs {
		switch w := reflect.ValueOf(v); w.Kind() {
		case reflect.String:
			b.WriteString("string " + w.String() + "; ")
		case reflect.Int, reflect.Int64:
			fmt.Fprintf(&b, "int %d; ", w.Int())
		default:
			fmt.Fprintf(&b, "other %s; ", w.Kind())
		}
	}
	return b.String()
}

// Run prints what each switch takes.
func Run() {
	fmt.Println(Describe("hi", 42, 2.5))
	switch x, y := 2, 3; x * y {
	case 6:
		fmt.Println("six")
	default:
		fmt.Println("not six")
	}
	n := 0
	switch n++; n * 10 {
	case 10:
		fmt.Println("ten")
	}
outer:
	for i := 0; i < 3; i++ {
	sw:
		switch s := strings.Repeat("a", i); len(s) {
		case 1:
			break sw
		case 2:
			break outer
		default:
			fmt.Println("len", len(s))
		}
		fmt.Println("after", i)
	}
}
