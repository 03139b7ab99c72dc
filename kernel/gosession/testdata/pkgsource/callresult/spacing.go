package callresult

import (
	"fmt"
	"strings"
)

// Name has a String method and a string underlying type.
type Name string

func (n Name) String() string { return "N:" + string(n) }

// label has Name's underlying type.
type label string

func (l label) Tag() string { return "L" }

// Spacing prints Names with Print-like functions, which put no space
// beside an operand of a string kind, and Names held in an []any.
func Spacing() string {
	var b strings.Builder
	fmt.Fprint(&b, Name("a"), Name("b"), "|")
	fmt.Fprint(&b, 1, Name("b"), 2, "|", label("l"), 5, "|")
	s := fmt.Sprint(Name("x"), 3)
	vs := []any{Name("q"), 4}
	return b.String() + s + " " + fmt.Sprintln(vs...)
}
