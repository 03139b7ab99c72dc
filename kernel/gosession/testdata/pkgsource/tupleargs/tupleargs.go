// Package tupleargs prints the results of its functions with fmt and log.
package tupleargs

import (
	"fmt"
	"log"
	"os"
	"strconv"
)

// Code is an error held by value.
type Code int

func (c Code) Error() string { return fmt.Sprintf("code %d", int(c)) }

// Msg is an error with a string underlying type.
type Msg string

func (m Msg) Error() string { return "msg: " + string(m) }

// Celsius has a String method.
type Celsius float64

func (c Celsius) String() string { return strconv.FormatFloat(float64(c), 'f', 1, 64) + "°C" }

// Node has a String method on its pointer.
type Node struct{ id int }

func (n *Node) String() string { return "node" + strconv.Itoa(n.id) }

func two() (Code, bool) { return 3, true }

func parse(s string) (Celsius, error) {
	f, err := strconv.ParseFloat(s, 64)
	return Celsius(f), err
}

func mk(id int) (*Node, int) { return &Node{id}, id * 2 }

func msg() (Msg, Msg) { return "a", "b" }

// Run prints.
func Run() {
	fmt.Println(two())
	fmt.Println(parse("21.5"))
	n, err := fmt.Println(mk(1))
	fmt.Println(n, err)
	s := fmt.Sprintln(parse("x1"))
	fmt.Print(s)
	fmt.Println(fmt.Sprint(mk(7)))
	fmt.Println(msg())
	l := log.New(os.Stdout, "> ", 0)
	l.Println(two())
	log.SetOutput(os.Stdout)
	log.SetFlags(log.Lshortfile)
	log.Print(mk(2))
	log.Println(parse("1"))
}

// Shape is an interface of the package.
type Shape interface{ Area() float64 }

// Sq is a Shape.
type Sq struct{ S float64 }

// Area returns the square's area.
func (s Sq) Area() float64 { return s.S * s.S }

func levels() (Celsius, []Celsius)      { return 1, []Celsius{2, 3} }
func shapes() ([]Shape, int)            { return []Shape{Sq{2}}, 1 }
func byName() (map[string]Celsius, int) { return map[string]Celsius{"a": 4}, 1 }

// Nested prints results holding values of the package's types, and
// values of them inside others from function literals.
func Nested() {
	fmt.Println(levels())
	fmt.Println(shapes())
	fmt.Println(byName())
	fmt.Println(fmt.Sprint(levels()))
	show := func(cs []Celsius) { fmt.Println(cs) }
	show([]Celsius{5})
	func() { fmt.Println(map[string]Celsius{"b": 6}) }()
}

func get() (Shape, error)    { return Sq{2}, nil }
func use(s Shape, err error) { fmt.Println("use", s.Area(), err) }
func pick(i int) (int, *Sq)  { return i, &Sq{float64(i)} }
func area(n int, s Shape) float64 {
	return float64(n) * s.Area()
}

var sent = make(chan string, 1)

func send(s Shape, err error) { sent <- fmt.Sprint("sent ", s.Area(), err) }

// Own gives multi-value calls whole to the package's functions.
func Own() {
	go send(get())
	fmt.Println(<-sent)
	use(get())
	fmt.Println(area(pick(3)))
	f := area
	fmt.Println(f(pick(2)))
	defer fmt.Println("deferred", area(pick(1)))
}
