package pkgfix

import "fmt"

// TupleKeys assigns a map key and the element it indexes in one statement.
func TupleKeys() string {
	m := map[string]int{}
	key := "a"
	key, m[key] = "b", 7
	for _, w := range []string{"x", "yy"} {
		var k string
		k, m[k] = w, len(w)
	}
	return fmt.Sprint(key, m)
}
