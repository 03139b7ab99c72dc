// Package errprint prints values of its types with Error and GoString
// methods.
package errprint

import "fmt"

type codeErr int

func (c codeErr) Error() string { return fmt.Sprint("code ", int(c)) }

type lvl int

func (l lvl) String() string { return "L" + fmt.Sprint(int(l)) }

type name string

func (n name) Error() string { return "N" + string(n) }

type pt struct{ x int }

func (p pt) Error() string { return "pt" }

// Operands prints them as operands of Sprint and Sprintf.
func Operands() string {
	var ce codeErr = 7
	var e error = ce
	return fmt.Sprint(ce, " ", lvl(3), " ", name("a"), " ", pt{1}, " ", e, " ", &ce) + fmt.Sprintf(" %v %s|", ce, ce) + ce.Error()
}

// Spacing prints them beside strings and other operands.
func Spacing() string {
	return fmt.Sprint(name("a"), name("b"), 1, codeErr(2), codeErr(3), "x", name("c")) + fmt.Sprintf("%q %x %+v %#v %d|", name("q"), codeErr(1), codeErr(2), codeErr(3), codeErr(4)) + fmt.Sprintln(codeErr(5), name("z"))
}

type person struct {
	Name string
	Age  uint
}

func (p person) GoString() string { return fmt.Sprintf("person{%q, %d}", p.Name, p.Age) }

// GoSyntax prints with %#v values whose type has a GoString method.
func GoSyntax() string {
	p := person{"Warren", 31}
	return fmt.Sprintf("%#v|%#v|%v|%10s|", p, &p, p, "x")
}
