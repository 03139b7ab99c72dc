// Package fmtwalk prints values of its types with fmt where yaegi v0.16.1
// printed them wrong (TestThirdPartyFmtWalk).
package fmtwalk

import (
	"errors"
	"fmt"
	"log"
	"os"
)

type Level int

func (l Level) String() string { return fmt.Sprintf("L%d", int(l)) }

type point struct {
	x, y int
	Name string
}

type named struct {
	Label string
	when  Level
	L     Level
	P     *point
	Any   any
}

type loud struct{ v int }

func (l loud) String() string { return fmt.Sprint("loud", l.v) }

type Base struct{ id int }

type Derived struct {
	Base
	note string
}

type codeErr struct{ code int }

func (e *codeErr) Error() string { return fmt.Sprintf("code %d", e.code) }

type Shape interface{ Area() float64 }

type sq struct{ s float64 }

func (q sq) Area() float64 { return q.s * q.s }

func Print() {
	p := point{1, 2, "a"}
	fmt.Printf("%+v|%+v|%#v\n", p, &p, []point{p})
	fmt.Println([]Level{1, 2}, map[string]Level{"k": 3})
	fmt.Printf("%v %s %+v\n", []Level{1}, []Level{2}, []Level{3})
	n := named{"n", 4, 5, nil, Level(6)}
	fmt.Printf("%+v\n", n)
	fmt.Printf("%v\n", n)
	fmt.Println([]any{Level(7), p, "s", 8})
	fmt.Printf("%+v %v\n", loud{1}, loud{2})
	var a any = loud{3}
	fmt.Printf("%+v %v\n", a, a)
	var b any = p
	fmt.Printf("%+v|%#v\n", b, b)
	d := Derived{Base{1}, "x"}
	fmt.Printf("%+v|%#v\n", d, d)
	var err error = &codeErr{4}
	fmt.Printf("%+v %v\n", err, err)
	wrapped := fmt.Errorf("ctx: %w", err)
	fmt.Printf("%+v\n", wrapped)
	fmt.Println(errors.Is(wrapped, err))
	shapes := []Shape{sq{2}}
	fmt.Printf("%+v %v\n", shapes, shapes)
	fmt.Printf("%#v\n", Level(3))
	fmt.Printf("%-8v|%8v|\n", []Level{1}, []Level{2})
	fmt.Printf("%+6v|\n", p)
	l := log.New(os.Stdout, "", 0)
	l.Printf("%+v", p)
	l.Println(map[string]any{"lvl": Level(9)})
	s := fmt.Sprint(map[Level]int{1: 2})
	fmt.Println(s)
	fmt.Printf("%q %x\n", []Level{1}, []Level{10})
}

// Local prints a value of a type declared inside a function with %+v.
func Local() {
	type inner struct{ secret int }
	fmt.Printf("%+v\n", inner{1})
}

// Padded prints a value of the package's types with %#8v.
func Padded() {
	fmt.Printf("%#8v\n", point{1, 2, "p"})
}

// Flag is a byte with a String method.
type Flag uint8

func (f Flag) String() string { return fmt.Sprintf("F%d", uint8(f)) }

// Bytes prints slices of a byte type with a String method.
func Bytes() {
	fs := []Flag{3, 1}
	fmt.Println(fs, [2]Flag{}, map[string][]Flag{"a": {2}})
	fmt.Printf("%v %+v %d %x\n", fs, fs, fs, fs)
}
