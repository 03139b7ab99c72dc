// Package vartype declares package variables that index a composite
// literal of a type declared later, as go.mongodb.org/mongo-driver's
// bson/bsoncodec asserts an array's size, for the session's tests
// (pkgvartype.go).
package vartype

import (
	"fmt"
	"reflect"
	"sync/atomic"
)

// statically assert the array's size
var _ = (cache{}).entries[reflect.UnsafePointer]

var second = table{vals: [3]int{4, 5, 6}}.vals[1]

var nested = (holder{t: table{vals: [3]int{7, 8, 9}}}).t.vals[2]

var name = names{list: []string{"a", "b"}}.list[1]

// Read gives the variables.
func Read() string { return fmt.Sprint(second, nested, name, len(cache{}.entries)) }

type cache struct {
	entries [reflect.UnsafePointer + 1]atomic.Value
}

type table struct{ vals [3]int }

type holder struct{ t table }

type names struct{ list []string }
