// Package encodeiface gives encoding/json and encoding/xml values that
// hold its interface type with methods, as TestThirdPartyEncodeIfaces runs
// it.
package encodeiface

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
)

type Shape interface{ Area() float64 }

type Circle struct {
	R float64 `json:"radius" xml:"r,attr"`
}

func (c Circle) Area() float64 { return 3 * c.R * c.R }

type Scene struct {
	Name   string           `json:"name"`
	Main   Shape            `json:"main"`
	Shapes []Shape          `json:"shapes"`
	By     map[string]Shape `json:"by,omitempty"`
}

type Doc struct {
	XMLName xml.Name `xml:"doc"`
	Items   []Shape  `xml:"item"`
}

// New returns a scene holding circles as Shapes.
func New() Scene {
	return Scene{Name: "s", Main: Circle{4}, Shapes: []Shape{Circle{1}, nil}, By: map[string]Shape{"b": &Circle{5}}}
}

// Dump encodes values holding Shapes.
func Dump() string {
	b, err := json.Marshal(New())
	c, _ := json.Marshal([]Shape{Circle{2}})
	var a any = []Shape{Circle{3}}
	d, _ := json.Marshal(a)
	x, _ := xml.Marshal(Doc{Items: []Shape{Circle{6}}})
	return fmt.Sprint(string(b), err, " ", string(c), " ", string(d), " ", string(x))
}
