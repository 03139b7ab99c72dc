// Package typeofclash takes the reflect.Type of types the interpreter
// gives one run-time type (a string type and string, two empty
// structs), as go.mongodb.org/mongo-driver's bson keys its encoders, and
// of types it tells apart, for the session's tests (pkgtypeofclash.go).
package typeofclash

import (
	"fmt"
	"reflect"
)

// Symbol is a string of another kind.
type Symbol string

// Level is an int.
type Level int

// Null and MinKey are empty structs.
type (
	Null   struct{}
	MinKey struct{}
)

// Point has fields.
type Point struct{ X, Y int }

var tLevel = reflect.TypeOf(Level(0))

// Kinds gives the kinds of the types that clash with no other.
func Kinds() string {
	return fmt.Sprint(tLevel.Kind(), reflect.TypeOf(Point{}).Kind(), reflect.TypeOf([]Level{}).Elem().Kind())
}

// StringType is the type of a string.
func StringType() reflect.Type { return reflect.TypeOf("") }

// SymbolType is Symbol's.
func SymbolType() reflect.Type { return reflect.TypeOf(Symbol("")) }

// NullType is Null's.
func NullType() reflect.Type { return reflect.TypeOf(Null{}) }

// MinKeyType is MinKey's.
func MinKeyType() reflect.Type { return reflect.TypeOf(MinKey{}) }
