// Package methodvalue makes method values of variables.
package methodvalue

import "fmt"

type counter struct{ n int }

func (c counter) Get() int { return c.n }
func (c *counter) Inc()    { c.n++ }

// Values makes method values and changes their receivers after.
func Values() string {
	c := counter{1}
	g := c.Get
	c.n = 5
	p := &counter{2}
	h := p.Get
	p.n = 6
	q := p
	i := q.Inc
	q = &counter{9}
	i()
	inc := c.Inc
	inc()
	return fmt.Sprint(g(), h(), p.n, q.n, c.n)
}

type inner int

func (x inner) Get() int  { return int(x) }
func (x *inner) Ptr() int { return int(*x) }

type middle struct{ inner }

type outer struct{ *middle }

// Promoted makes method values of methods promoted through embedded
// fields, then changes the fields.
func Promoted() string {
	s := outer{&middle{1}}
	f, g := s.Get, s.Ptr
	s.inner = 2
	a, b := f(), g()
	s.middle = &middle{3}
	return fmt.Sprint(a, b, f(), g())
}
