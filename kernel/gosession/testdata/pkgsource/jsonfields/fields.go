// Package jsonfields encodes structs with unexported fields.
package jsonfields

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
)

// Item has unexported fields, one of them tagged.
type Item struct {
	Name  string `json:"name"`
	note  string
	id    int     `json:"id" db:"id"`
	Price float64 `json:"price,omitempty"`
}

// Doc is written as XML.
type Doc struct {
	XMLName xml.Name `xml:"doc"`
	Title   string   `xml:"title"`
	secret  string
}

// Encode writes an Item as JSON and a Doc as XML, and reads an Item back.
func Encode() string {
	b, err := json.Marshal(Item{"pen", "n", 7, 0})
	var it Item
	err2 := json.Unmarshal([]byte(`{"name":"x","note":"y","id":3}`), &it)
	x, err3 := xml.Marshal(Doc{Title: "t", secret: "s"})
	anon, err4 := json.Marshal(struct {
		A int
		b int
	}{1, 2})
	return fmt.Sprint(string(b), err, it.Name, it.note == "", it.id, err2, string(x), err3, string(anon), err4)
}
