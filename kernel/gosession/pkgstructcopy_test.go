package gosession

import "testing"

// TestThirdPartyIfaceCopies imports a package (testdata/pkgsource/ifacecopy)
// that stores struct values into interfaces: a variable stored by append,
// a field, a declaration, slice and map literals, an `any`, a pointee and
// an array, then changed (pkgstructcopy.go; at d93fbda every store
// aliased the variable: 12 12 12 12 12 {2} {7 2} [7 2]), and values of a
// type with methods converted in loop bodies, by append, through a
// function's, a pointer's, a compiled function's (list.PushBack) and a
// field's conversion (pkgifaceloop.go; at d93fbda 27 27 27, [{3} {3} {3}]
// and the last iteration's values), and values made by a call, received
// from a channel or read from a map, appended in loops (at d93fbda the
// last one twice), or given to a goroutine's function literal, and values
// of type parameters appended in a generic function's loop (at d93fbda
// the last one twice), and values given in loops to a function, a method
// and a method value that keep their interface parameter in a closure
// (pkgifaceloop.go's loopCopy; at 79945fa every closure read the last
// value: 12 12 12 12 4 4 12 12 12 12). All as go run prints.
func TestThirdPartyIfaceCopies(t *testing.T) {
	wantModuleOutput(t, "ifacecopy", "import \"example.com/ifacecopy\"\nfmt.Println(ifacecopy.Alias())\nfmt.Println(ifacecopy.Loops())\nfmt.Println(ifacecopy.Flows())\nfmt.Println(ifacecopy.Generic())\nfmt.Println(ifacecopy.Kept())",
		"3 3 3 3 3 {1} {1 2} [1 2]\n3 12 27 [{1} {2} {3}] 3 3 3 {1}\n[{1} {2}] [{1} {2}] [{1} {2}] [{1} {2}]\n[{1} {2}] [{1} {2}] [1 2]\n3 12 3 12 1 4 3 12 3 12 \n") // go run
}
