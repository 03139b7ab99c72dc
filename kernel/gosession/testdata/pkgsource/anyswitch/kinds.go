// Package anyswitch has type switches on values held in any whose cases
// name types with methods and interfaces (pkgassertchain.go).
package anyswitch

import (
	"fmt"
	"strings"
)

// N has a String method on its value.
type N struct{ X int }

func (n N) String() string { return "N" }

// P has a String method on its pointer.
type P struct{ Z int }

func (p *P) String() string { return "P" }

// M has no methods.
type M struct{ Y string }

// Kind binds the value in each case.
func Kind(v any) string {
	switch x := v.(type) {
	case *P:
		return "*P" + fmt.Sprint(x.Z)
	case N:
		return "N" + fmt.Sprint(x.X)
	case M:
		return "M" + x.Y
	case nil:
		return "nil"
	default:
		return "other"
	}
}

// Unbound binds nothing; its default comes first.
func Unbound(v any) string {
	switch v.(type) {
	default:
		return "other"
	case *P:
		return "*P"
	case N:
		return "N"
	}
}

// Stringer has an interface case and a case listing two types.
func Stringer(v any) string {
	switch x := v.(type) {
	case int, M:
		return fmt.Sprint("int or M ", x)
	case fmt.Stringer:
		return "Stringer " + x.String()
	}
	return "none"
}

// Labelled has an init statement and breaks out of the switch by its
// label.
func Labelled(vs []any) string {
	var b strings.Builder
loop:
	for _, v := range vs {
	sw:
		switch s := "!"; x := v.(type) {
		case N:
			if x.X > 1 {
				break sw
			}
			b.WriteString("N" + s)
		case *P:
			break loop
		}
	}
	return b.String()
}

// All calls the functions with values of every kind.
func All() string {
	vals := []any{&P{1}, N{2}, M{"m"}, nil, 2.5}
	var out []string
	for _, v := range vals {
		out = append(out, Kind(v)+"/"+Unbound(v)+"/"+Stringer(v))
	}
	return strings.Join(out, " ") + " " + Stringer(3) + " " + Labelled([]any{N{1}, N{2}, N{1}, &P{}, N{1}})
}
