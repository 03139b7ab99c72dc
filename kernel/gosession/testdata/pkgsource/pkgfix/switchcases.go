package pkgfix

import "fmt"

func id(n int) int { return n }

// CaseLists switches on case lists of computed expressions.
func CaseLists() string {
	out := ""
	for _, v := range []int{1, 2, 3} {
		switch v {
		case id(1), id(2):
			out += fmt.Sprint(v, "a ")
		default:
			out += fmt.Sprint(v, "d ")
		}
		switch w := v * 2; {
		case w > 5, w == 2:
			out += "x "
		}
	}
	return out
}
