// Package srctypes has types with String methods that cells print
// (TestThirdPartyTypesInCells).
package srctypes

import (
	"errors"
	"fmt"
)

type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1fC", float64(c)) }

func Hot() Celsius { return 30 }

type Node struct{ ID int }

func (n *Node) String() string { return fmt.Sprint("node", n.ID) }

func NewNode(id int) *Node { return &Node{id} }

var ErrMissing = errors.New("missing")

type NotFound struct{ Key string }

func (e *NotFound) Error() string { return "not found: " + e.Key }
func (e *NotFound) Unwrap() error { return ErrMissing }

func Find(k string) error { return &NotFound{k} }

type Shape interface{ Area() float64 }
type Sq float64

func (s Sq) Area() float64 { return float64(s * s) }

func Shapes() []Shape { return []Shape{Sq(2), Sq(3)} }

type Level int

const (
	Debug Level = iota
	Info
	Warn
)

func (l Level) String() string { return [...]string{"D", "I", "W"}[l] }
