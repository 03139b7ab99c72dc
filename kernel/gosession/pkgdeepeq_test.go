package gosession

import "testing"

// TestThirdPartyDeepEqual imports a package (testdata/pkgsource/deepeq)
// comparing structs with interface fields (named, embedded, with a blank
// field and a time.Time), arrays of interfaces, an array type of arrays of
// Shape, interfaces holding such structs, a struct type local to a
// function, with == and != (pkgdeepeq.go). At d93fbda 11 of the 23 printed
// results were wrong, without an error. Switches on a Shape with a nil
// case, a variable, composite literals and a list of them (pkgswitch.go)
// failed the import at d93fbda (a nil dereference), and one at a time
// took no case (nil, the list's second) or panicked. As go run prints.
func TestThirdPartyDeepEqual(t *testing.T) {
	wantModuleOutput(t, "deepeq", "import \"example.com/deepeq\"\ndeepeq.Run()\ndeepeq.Switches()",
		"true false false true false true false\ntrue false true\ntrue false true\ntrue true false true true true\ntrue true true\ntrue\n"+
			"c1 c23 unit other nil other true false\n") // go run
}
