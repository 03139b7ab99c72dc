// Package heldassert asserts interface values holding its types to the
// types they look like at run time (TestThirdPartyHeldAssert).
package heldassert

import "fmt"

// Level prints as a level.
type Level int

func (l Level) String() string { return fmt.Sprintf("L%d", int(l)) }

func show(a any) {
	i, ok := a.(int)
	fmt.Print(i, ok, " ")
	if n, ok := a.(int); ok {
		fmt.Print("n", n, " ")
	}
	var f, ok2 = a.(float64)
	fmt.Println(f, ok2)
}

// Run asserts values of the package's types and plain values.
func Run() {
	show(Level(1))
	show(3)
	show(2.5)
	defer func() { fmt.Println("recovered:", recover()) }()
	var a any = Level(2)
	fmt.Println(a.(int))
}
