// Package ifacecmp compares interfaces holding its values.
package ifacecmp

import (
	"fmt"
	"io"
)

type myErr struct{ code int }

func (e *myErr) Error() string { return fmt.Sprint("my ", e.code) }

type valErr string

func (e valErr) Error() string { return string(e) }

// Shape is the package's own interface.
type Shape interface{ Area() int }

type sq struct{ n int }

func (s *sq) Area() int { return s.n * s.n }

type lvl int

func (l lvl) String() string { return "L" }

var (
	errMine       = &myErr{3}
	errVal  error = valErr("v")
	one           = &sq{2}
)

// Concrete compares interfaces with values of the package's types.
func Concrete() string {
	var e error = errMine
	var sh Shape = one
	var st fmt.Stringer = lvl(2)
	var a any = errMine
	var v error = valErr("v")
	return fmt.Sprint(e == errMine, errMine == e, e != errMine, sh == one, st == lvl(2), a == errMine, v == valErr("v"), e == nil)
}

// Ifaces compares two interfaces.
func Ifaces() string {
	var e, e2 error = errMine, errMine
	var e3 error = &myErr{3}
	var sh, sh2 Shape = one, one
	var a any = one
	return fmt.Sprint(e == e2, e == e3, e == io.EOF, io.EOF == e, e != e2, sh == sh2, errVal == e, a == any(sh))
}

// Find searches shapes for s.
func Find(s *sq) int {
	shapes := []Shape{&sq{1}, one}
	for i, x := range shapes {
		if x == s {
			return i
		}
	}
	return -1
}

// Sentinel reads r to its end, comparing with io.EOF.
func Sentinel() string {
	var err error = errMine
	if err == io.EOF {
		return "eof"
	}
	return err.Error()
}

// FindOne finds the package's own shape.
func FindOne() int { return Find(one) }
