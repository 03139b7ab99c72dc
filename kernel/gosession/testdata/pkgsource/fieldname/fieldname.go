// Package fieldname looks its structs' fields up by name through reflect.
package fieldname

import (
	"fmt"
	"reflect"
)

type user struct {
	firstName string
	Last      string
	age       int
}

// Lookup prints fields found by name, exported or not.
func Lookup() {
	u := user{firstName: "John", Last: "Doe", age: 3}
	s := reflect.ValueOf(u)
	fmt.Println("Name:", s.FieldByName("firstName"), s.FieldByName("Last"), s.FieldByName("nope").IsValid())
	f, ok := reflect.TypeOf(u).FieldByName("age")
	fmt.Println(f.Name, ok, f.Index)
	_, ok = reflect.TypeOf(u).FieldByName("nope")
	fmt.Println(ok)
	type local struct{ inner int }
	fmt.Println(reflect.ValueOf(local{5}).FieldByName("inner"))
}
