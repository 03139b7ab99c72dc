package gosession

import (
	"strings"
	"testing"
)

// TestThirdPartyDeepEqual imports a package (testdata/pkgsource/deepeq)
// comparing structs with interface fields (named, embedded, with a blank
// field and a time.Time), arrays of interfaces, an array type of arrays of
// Shape, interfaces holding such structs, a struct type local to a
// function, with == and != (pkgdeepeq.go). At d93fbda 11 of the 23 printed
// results were wrong, without an error. Switches on a Shape with a nil
// case, a variable, composite literals and a list of them (pkgswitch.go)
// failed the import at d93fbda (a nil dereference), and one at a time
// took no case (nil, the list's second) or panicked; so did switches on an
// any with constant cases (reflect.Value.Convert). As go run prints. A
// case of a type without methods, which yaegi cannot tell from its
// underlying type in an any, is refused when it is reached. A type with
// Shape's methods only through an embedded Shape is not asserted to
// (ifacePromoted): at d93fbda a.Shape == b.Shape failed the import.
func TestThirdPartyDeepEqual(t *testing.T) {
	wantModuleOutput(t, "deepeq", "import \"example.com/deepeq\"\ndeepeq.Run()\ndeepeq.Switches()\ndeepeq.Kinds()\ndeepeq.Embedded()",
		"true false false true false true false\ntrue false true\ntrue false true\ntrue true false true true true\ntrue true true\ntrue\n"+
			"c1 c23 unit other nil other true false\none yes yes other other\ndoc yes\ntrue true false 3\n") // go run
	s := newSession(t)
	mustRun(t, s, `import "example.com/deepeq"`)
	if got := mustRun(t, s, "fmt.Println(deepeq.ColorKind(1))").stream("stdout"); got != "one\n" {
		t.Errorf("ColorKind(1) printed %q, want one", got)
	}
	_, err := run(t, s, "deepeq.ColorKind(3)")
	if want := "deepeq.go:120: the case Color(3) of a switch on any"; err == nil || !strings.Contains(errString(err), want) {
		t.Errorf("ColorKind(3): got %s, want an error containing %q", errString(err), want)
	}
}
