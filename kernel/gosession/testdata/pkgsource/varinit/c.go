package varinit

import "fmt"

// go101's evaluation-orders-0: the blank initialiser runs before ec's.
var (
	_  = bump()
	ea = eb / 2
	eb = 6
	ec = bump()
)

func bump() int {
	ea++
	return ea
}

var order []string

var _ = register("first")
var second = register("second")
var _, _ = register("third"), register("fourth")
var last = register("fifth")

func register(s string) int {
	order = append(order, s)
	return len(order)
}

// Order prints the variables initialised by calls, in Go's order.
func Order() { fmt.Println(ea, eb, ec, second, last, order) }
