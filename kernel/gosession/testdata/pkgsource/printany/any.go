// Package printany prints its values held in empty interfaces.
package printany

import (
	"fmt"
	"log"
	"os"
)

// Book has a method, so the interpreter wraps it in an interface.
type Book struct{ name string }

// About describes the book.
func (b *Book) About() string { return "Book: " + b.name }

type lvl int

func (l lvl) String() string { return fmt.Sprint("L", int(l)) }

type plain struct{ A, B int }

type failure struct{ code int }

func (e *failure) Error() string { return fmt.Sprint("failure ", e.code) }

// Print prints values of the package's types held in any.
func Print() {
	var i interface{} = &Book{"Rust 101"}
	fmt.Println(i)
	var s any = lvl(3)
	var p any = plain{1, 2}
	var pp any = &plain{3, 4}
	var e any = &failure{7}
	fmt.Println(s, p, pp, e)
	xs := []any{&Book{"x"}, lvl(4), 5, &failure{8}}
	fmt.Println(xs...)
	fmt.Printf("%v|%s|%d|%v\n", i, s, s, e)
	m := map[string]any{"b": &Book{"m"}}
	fmt.Print(m["b"], "\n")
	fmt.Fprintln(os.Stdout, fmt.Sprint(xs[0]), fmt.Sprintf("%v", xs[3]))
	log.SetOutput(os.Stdout)
	log.SetFlags(0)
	log.Println(i, xs[1])
}
