// Package callresult prints results of calls of its types with String
// methods and method expressions used as values
// (TestThirdPartyCallResults).
package callresult

import (
	"fmt"
	"log"
	"os"
	"slices"
)

type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }

type node struct{ id int }

func (n *node) String() string { return fmt.Sprint("node", n.id) }

func mk() *node { return &node{2} }

func hot() Celsius { return 30 }

func first[T any](xs []T) T { return xs[0] }

type pair struct{ a, b int }

func (p pair) String() string { return fmt.Sprint(p.a, "/", p.b) }

func mkPair() pair { return pair{1, 2} }

// Print prints call results of types with String methods.
func Print() {
	temps := []Celsius{21.5, 19, 23.25}
	fmt.Println(hot(), slices.Max(temps), first(temps), mk(), mkPair())
	fmt.Printf("%v %s %q %x %d|%5s|\n", hot(), slices.Min(temps), mk(), mkPair(), first([]int{4}), hot())
	s := fmt.Sprint(slices.Max(temps), mk())
	fmt.Println(s)
	log.SetOutput(os.Stdout)
	log.SetFlags(0)
	log.Println(hot(), mk())
	fmt.Fprintln(os.Stdout, hot())
}

// Base has a method that Sample promotes.
type Base struct{ ID int }

// Key names the base.
func (b Base) Key() string { return fmt.Sprintf("id-%d", b.ID) }

// Sample embeds Base.
type Sample struct {
	Base
	Score float64
}

type counter struct{ n int }

func (c *counter) Inc(by ...int) int {
	for _, b := range by {
		c.n += b
	}
	return c.n
}

func mapSlice[T, U any](xs []T, f func(T) U) []U {
	var out []U
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

// MethodExprs uses method expressions as values and calls a promoted one.
func MethodExprs() string {
	samples := []Sample{{Base{1}, 0.5}, {Base{2}, 0.7}}
	inc := (*counter).Inc
	c := &counter{}
	inc(c, 1, 2)
	fs := []func(Celsius) string{Celsius.String}
	return fmt.Sprint(mapSlice(samples, Sample.Key), " ", Sample.Key(samples[1]), " ", inc(c, 4), " ", fs[0](21))
}
