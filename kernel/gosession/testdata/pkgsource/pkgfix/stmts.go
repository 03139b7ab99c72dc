package pkgfix

import (
	"container/ring"
	"fmt"
)

// CommaOK looks up keys of which some are missing.
func CommaOK() string {
	m := map[string]int{"a": 1}
	out := ""
	for _, k := range []string{"a", "b"} {
		v, ok := m[k]
		var x any = k
		n, isInt := x.(int)
		out += fmt.Sprint(v, ok, n, isInt, " ")
	}
	return out
}

// LabelledReturn returns from a label reached by goto.
func LabelledReturn(xs []int) int {
	sum := 0
	for _, x := range xs {
		if x < 0 {
			goto fail
		}
		sum += x
	}
	return sum
fail:
	return -1
}

// RingValue assigns an operator expression to a compiled struct's field.
func RingValue() string {
	r := ring.New(3)
	for i := 1; i <= 3; i++ {
		r.Value = i * i
		r = r.Next()
	}
	out := ""
	r.Do(func(v any) { out += fmt.Sprint(v, " ") })
	return out
}

func two() int { return 2 }

// SelectOperands sends a computed value and breaks out of a loop from a
// select.
func SelectOperands() string {
	ch := make(chan int, 1)
	done := make(chan bool, 1)
	n := 0
loop:
	for {
		select {
		case ch <- two() * 5:
			n++
		case <-done:
			break loop
		}
		done <- true
	}
	return fmt.Sprint(<-ch, n)
}

// Receive returns a received value.
func Receive() int {
	ch := make(chan int, 1)
	ch <- 4
	return <-ch
}

// AnyOperands stores operator results in interface destinations.
func AnyOperands() string {
	x := 3
	var v any
	v = -x
	xs := []any{nil}
	xs[0] = x << 3
	m := map[string]any{}
	m["k"] = x % 2
	var w any = ^x
	p := new(any)
	b := true
	*p = !b
	return fmt.Sprint(v, xs, m, w, *p)
}
