// Package ifacecopy stores struct values of types with methods into
// interfaces, as TestThirdPartyIfaceCopies runs it.
package ifacecopy

import (
	"container/list"
	"fmt"
	"strings"
)

type Shape interface{ Area() float64 }

type Circle struct{ R float64 }

func (c Circle) Area() float64 { return 3 * c.R * c.R }

type Box struct{ S Shape }

type Pt struct{ X, Y int }

func store(s Shape) Shape { return s }

func keep(s any) any { return s }

// Alias stores a variable into interfaces and changes it after.
func Alias() string {
	c := Circle{R: 1}
	var shapes []Shape
	shapes = append(shapes, c)
	b := Box{S: c}
	var s Shape = c
	lit := []Shape{c}
	m := map[string]Shape{"a": c}
	var a any = c
	p := &Pt{1, 2}
	var ap any = *p
	arr := [2]int{1, 2}
	var aa any = arr
	c.R, p.X, arr[0] = 2, 7, 7
	return fmt.Sprint(shapes[0].Area(), b.S.Area(), s.Area(), lit[0].Area(), m["a"].Area(), a, ap, aa)
}

// Loops converts values to interfaces in loop bodies.
func Loops() string {
	var shapes, out, ptrs, boxed []Shape
	var anys []any
	c := Circle{}
	for i := 1; i <= 3; i++ {
		c.R = float64(i)
		shapes = append(shapes, c)
		anys = append(anys, keep(c))
	}
	l := list.New()
	for _, c := range []Circle{{1}, {2}} {
		out = append(out, store(c))
		ptrs = append(ptrs, store(&c))
		boxed = append(boxed, Box{c}.S)
		l.PushBack(c)
	}
	var sb strings.Builder
	for _, s := range shapes {
		fmt.Fprint(&sb, s.Area(), " ")
	}
	return fmt.Sprint(sb.String(), anys, out[0].Area(), ptrs[0].Area(), boxed[0].Area(), l.Front().Value)
}

func mk(i int) Circle { return Circle{float64(i)} }

// Flows converts values made by a call, received from a channel, read
// from a map and given to goroutines in loops.
func Flows() string {
	var viaMk, fromCh, fromMap, got []Shape
	ch := make(chan Circle, 2)
	ch <- Circle{1}
	ch <- Circle{2}
	close(ch)
	m := map[string]Circle{"a": {1}, "b": {2}}
	done := make(chan bool)
	for i := 1; i <= 2; i++ {
		viaMk = append(viaMk, mk(i))
		go func(s Shape) {
			got = append(got, s)
			done <- true
		}(Circle{float64(i)})
		<-done
	}
	for c := range ch {
		fromCh = append(fromCh, c)
	}
	for _, k := range []string{"a", "b"} {
		fromMap = append(fromMap, m[k])
	}
	return fmt.Sprint(viaMk, fromCh, fromMap, got)
}

func collect[T Shape](xs []T) []Shape {
	var out []Shape
	for _, x := range xs {
		out = append(out, x)
	}
	return out
}

func collectAny[T any](xs []T) []any {
	var out []any
	for _, x := range xs {
		out = append(out, x)
	}
	return out
}

// Generic converts values of type parameters in loops.
func Generic() string {
	cs := []Circle{{1}, {2}}
	return fmt.Sprint(collect(cs), collectAny(cs), collectAny([]int{1, 2}))
}

type Square struct{ S float64 }

func (s *Square) Area() float64 { return s.S * s.S }

var later []func() float64

func addLater(s Shape) { later = append(later, func() float64 { return s.Area() }) }

type reg struct{ fs []func() float64 }

func (r *reg) add(s Shape) { r.fs = append(r.fs, func() float64 { return s.Area() }) }

// Kept gives values of types with methods, in loops, to a function, a
// method and a method value that keep their interface parameter in a
// closure.
func Kept() string {
	later = nil
	cs := []Circle{{1}, {2}}
	for _, c := range cs {
		addLater(c)
	}
	for i := range cs {
		addLater(cs[i])
	}
	for i := 1; i <= 2; i++ {
		addLater(&Square{float64(i)})
	}
	var r reg
	for _, c := range cs {
		r.add(c)
	}
	add := r.add
	for _, c := range cs {
		add(c)
	}
	var sb strings.Builder
	for _, f := range append(later, r.fs...) {
		fmt.Fprint(&sb, f(), " ")
	}
	return sb.String()
}
