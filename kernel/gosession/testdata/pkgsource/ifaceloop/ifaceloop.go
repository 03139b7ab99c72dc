// Package ifaceloop converts values of its types to interfaces in loops.
package ifaceloop

import (
	"errors"
	"fmt"
)

// NotFound is an error held by pointer.
type NotFound struct{ Key string }

func (e *NotFound) Error() string { return "no " + e.Key }

// Code is a Stringer held by value.
type Code int

func (c Code) String() string { return fmt.Sprintf("code %d", int(c)) }

// Run prints what the loops collected.
func Run() {
	var errs []error
	for _, k := range []string{"a", "b", "c"} {
		errs = append(errs, &NotFound{k})
	}
	fmt.Println(errs)
	var ss []fmt.Stringer
	for i := range 3 {
		ss = append(ss, Code(i), Code(10+i))
	}
	fmt.Println(ss)
	m := map[string]error{}
	for _, k := range []string{"x", "y"} {
		var e error = &NotFound{k}
		m[k] = e
	}
	fmt.Println(m["x"], m["y"])
	last := make([]fmt.Stringer, 2)
	for i := 0; i < 2; i++ {
		last[i] = Code(i * 5)
	}
	fmt.Println(last)
	ch := make(chan error, 2)
	for _, k := range []string{"p", "q"} {
		ch <- &NotFound{k}
	}
	fmt.Println(<-ch, <-ch)
	fmt.Println(errors.Join(errs...))
	fmt.Println(errors.Join(&NotFound{"j"}, errors.New("k")))
	var e error = Dup{"a"}
	fmt.Println(e)
	e = Dup{"b"}
	var s fmt.Stringer = Code(7)
	fmt.Println(e, s)
}

// Dup is an error with a value receiver.
type Dup struct{ Name string }

func (d Dup) Error() string { return "dup " + d.Name }
