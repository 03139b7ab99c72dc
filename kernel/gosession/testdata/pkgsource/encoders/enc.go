// Package encoders gives json values of its types.
package encoders

import (
	"bytes"
	"encoding/json"
)

// Base is embedded in Item.
type Base struct {
	ID int `json:"id"`
}

// Item embeds Base, whose fields json promotes.
type Item struct {
	Base
	Name string `json:"name"`
}

// Code encodes itself.
type Code int

// MarshalJSON writes C and the code.
func (c Code) MarshalJSON() ([]byte, error) { return []byte(`"C` + string(rune('0'+c)) + `"`), nil }

// W holds codes.
type W struct {
	C Code `json:"c"`
}

// Plain has neither.
type Plain struct {
	A int `json:"a"`
}

// Embedded marshals an Item.
func Embedded() string {
	b, _ := json.Marshal(Item{Base{1}, "pen"})
	return string(b)
}

// Methods encodes a W.
func Methods() string {
	var buf bytes.Buffer
	json.NewEncoder(&buf).Encode(W{3})
	return buf.String()
}

// Plains marshals a Plain.
func Plains() string {
	b, _ := json.Marshal([]Plain{{1}})
	return string(b)
}
