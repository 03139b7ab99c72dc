// Package tupleiface stores values of its own types into interfaces by
// tuple assignments, and assigns nil in init and post statements.
package tupleiface

import (
	"errors"
	"fmt"
	"strconv"
)

// SyntaxError is an error with a position.
type SyntaxError struct {
	Line int
	Msg  string
}

func (e *SyntaxError) Error() string { return "line " + strconv.Itoa(e.Line) + ": " + e.Msg }

// Shape has an area.
type Shape interface{ Area() float64 }

// Sq is a square.
type Sq struct{ S float64 }

// Area returns the square's area.
func (q *Sq) Area() float64 { return q.S * q.S }

// Result is a count or an error.
type Result struct {
	N   int
	Err error
}

func parse(s string) (n int, err error) {
	if s == "" {
		n, err = 0, &SyntaxError{Line: 3, Msg: "empty"}
		return
	}
	n, err = strconv.Atoi(s)
	return
}

func pick(i int) (int, *Sq) { return i, &Sq{float64(i)} }

func lookup(m map[string]*Sq, keys []string) string {
	out := ""
	var sh Shape
	var ok bool
	for _, k := range keys {
		sh, ok = m[k]
		out += fmt.Sprint(sh != nil, ok, " ")
	}
	return out
}

func loop() (string, error) {
	var err error
	var k int
	out := ""
	for k, err = 0, nil; k < 3; k, err = k+1, nil {
		out += strconv.Itoa(k)
	}
	if k, err = 9, nil; err == nil {
		out += strconv.Itoa(k)
	}
	return out, err
}

func nilPtr() error {
	var p *SyntaxError
	var k int
	var err error
	k, err = 1, p
	_ = k
	return err
}

func kv() (int, string) { return 1, "a" }

func anyPair() (any, any) { return kv() }

func shapes() (Shape, Shape) { return pick2() }

func pick2() (*Sq, *Sq) { return &Sq{1}, &Sq{2} }

// Circle is a circle.
type Circle struct{ R float64 }

// Area returns the circle's area, with pi 3.
func (c Circle) Area() float64 { return 3 * c.R * c.R }

// Box holds shapes.
type Box struct {
	Main  Shape
	Items []Shape
}

func fill() *Box {
	b := &Box{Items: make([]Shape, 1)}
	b.Main = Circle{1}
	b.Items[0] = Circle{2}
	return b
}

func rangeInto() string {
	var sh Shape
	var i int
	out := ""
	for i, sh = range []*Sq{{1}, {2}} {
		out += fmt.Sprint(i, sh.Area(), " ")
	}
	return out
}

// Run prints what each function gives.
func Run() {
	n, err := parse("")
	var se *SyntaxError
	fmt.Println(n, err, errors.As(err, &se))
	var r Result
	r.N, r.Err = 2, &SyntaxError{Line: 4, Msg: "field"}
	fmt.Println(r.N, r.Err)
	var k int
	var sh Shape
	k, sh = pick(5)
	fmt.Println(k, sh.Area())
	var a, b any = &Sq{1}, &Sq{2}
	a, b = b, a
	fmt.Println(a, b)
	fmt.Println(lookup(map[string]*Sq{"x": {1}}, []string{"x", "y"}))
	fmt.Println(loop())
	fmt.Println(anyPair())
	s1, s2 := shapes()
	fmt.Println(s1.Area(), s2.Area())
	bx := fill()
	fmt.Println(bx.Main.Area(), bx.Items[0].Area())
	fmt.Println(rangeInto())
}

// NilPtr stores a nil *SyntaxError into an error by a tuple assignment.
func NilPtr() error { return nilPtr() }

// Indexed assigns a variable and an element it indexes from a call.
func Indexed() string {
	xs := make([]Shape, 4)
	j := 0
	j, xs[j] = pick(2)
	out := fmt.Sprint(j, xs[0].Area(), xs[2] == nil)
	m := map[string]Shape{}
	key := "a"
	for _, k := range []string{"b", "c"} {
		key, m[key] = k, Circle{float64(len(k))}
	}
	out += fmt.Sprint(" ", key, len(m), m["a"], m["b"])
	i := 1
	for i < 3 {
		i, xs[i] = pick(i + 1)
	}
	return out + fmt.Sprint(" ", i, xs[1].Area(), xs[2].Area(), xs[3] == nil)
}

// SelectInto receives into an interface in a select case.
func SelectInto() string {
	ch := make(chan *Sq, 1)
	ch <- &Sq{2}
	var sh Shape
	var ok bool
	select {
	case sh, ok = <-ch:
		return fmt.Sprint(sh.Area(), ok)
	}
}
