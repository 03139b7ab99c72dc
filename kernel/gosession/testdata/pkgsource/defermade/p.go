// Package defermade defers calls of functions that literals return.
package defermade

// Outside defers one outside a loop.
func Outside() (out string) {
	x := "a"
	defer func() func() { v := x; out += "made" + v + ";"; return func() { out += "ran" + v + ";" } }()()
	x = "b"
	out += "body;"
	return ""
}

// Loop defers one in a loop, reading the loop's variable.
func Loop() (out string) {
	for _, v := range []string{"a", "b", "c"} {
		defer func() func() { v := v; return func() { out += v } }()()
	}
	return ""
}
