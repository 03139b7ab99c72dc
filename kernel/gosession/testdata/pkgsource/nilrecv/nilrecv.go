// Package nilrecv has String methods written for a nil receiver (a list's
// and a tree's end) and a struct with a String method printed with
// numeric verbs, in and out of the package (TestNilReceiverStrings).
package nilrecv

import (
	"fmt"
	"time"
)

type List struct {
	V    int
	Next *List
}

func (l *List) String() string {
	if l == nil {
		return "nil"
	}
	return fmt.Sprintf("%d -> %v", l.V, l.Next)
}

type Pt struct{ X, Y float64 }

func (p Pt) String() string { return "pt" }

type Tree struct {
	L, R *Tree
	V    int
}

func (t *Tree) String() string {
	if t == nil {
		return "()"
	}
	return fmt.Sprintf("(%v %d %v)", t.L, t.V, t.R)
}

func Build() *List { return &List{1, &List{2, nil}} }

func Main() string {
	var l *List
	var a any = l
	var t any = &Tree{V: 1}
	return fmt.Sprint(l, " ", a, " ", Build(), " ", t) + fmt.Sprintf(" %.1f %d", Pt{1, 2}, &Pt{3, 4})
}

// Appended appends nil to slices of pointers, maps and functions after a
// nil was given to an interface.
func Appended() string {
	var err error = nil
	var kids []*Tree
	kids = append(kids, nil, &Tree{V: 2})
	var ms []map[string]int
	ms = append(ms, nil)
	fs := append([]func(){}, nil)
	return fmt.Sprint(len(kids), kids[0], kids[1], len(ms), ms[0] == nil, len(fs), err)
}

// Event embeds time.Time, whose Format(string) string is not
// fmt.Formatter's: fmt prints an Event through its promoted String.
type Event struct {
	time.Time
	Name string
}

// Stamped prints an Event as fmt does.
func Stamped() string {
	e := Event{time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), "x"}
	return fmt.Sprint(e) + "|" + fmt.Sprintf("%v|%s", e, &e) + "|" + fmt.Sprintln(e, e.Name)
}
