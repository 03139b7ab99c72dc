package gosession

import "testing"

// TestPackageStructWrap: struct values with value methods converted to
// error or fmt.Stringer in every way the type check sees (a return, an
// assignment, a declaration, arguments, slice, map and struct literals, a
// send, a conversion, a %w operand, an interface declared in the
// package) assert back and are walked by errors.Is and errors.As, in the
// package and from a cell (testdata/pkgsource/structwrap; expectations
// from go run). Before (pkgstructwrap.go), yaegi's wrapper held the
// struct's last field: the assertions and errors.Is were false, a
// wrapped{msg, err} asserted to its inner error's type, and the
// declaration of an error from a DupError panicked, "reflect.Set". Anys
// asserts and switches such values (and pointers) held in an error and
// then in an any, which were false without an error before pkgheldin.go;
// TypeNames prints %T of them, which was interp._error, and of struct
// values in an any, which was their struct type (pkgtypeverb.go's
// compiledIfaceTypeName); AsMethods has errors.As call the package's
// values' own As methods, which the file's As did not (pkgerrchain.go);
// AnyIfaces asserts and switches struct values held in an any to error
// and fmt.Stringer, which was false (pkgifaceassert.go, pkgassertchain.go);
// Generic asserts them to type parameters, which was false for a struct
// held in an error (pkgheldin.go's heldInParamFunc); NilIface converts a
// nil interface of the package to error, which panicked in yaegi
// ("reflect: call of reflect.Value.Interface on zero Value") before
// wrapLiteral's nil check.
func TestPackageStructWrap(t *testing.T) {
	code := `import "example.com/structwrap"
fmt.Println(structwrap.Returns())
fmt.Println(structwrap.Chains())
fmt.Println(structwrap.Sites())
fmt.Println(structwrap.Loop())
fmt.Println(structwrap.Iface())
fmt.Println(structwrap.Anys())
fmt.Println(structwrap.TypeNames())
fmt.Println(structwrap.AsMethods())
fmt.Println(structwrap.AnyIfaces())
fmt.Println(structwrap.Generic())
fmt.Println(structwrap.NilIface())
fmt.Println(structwrap.RangeAssign())
fmt.Println(structwrap.Select())
err := structwrap.Err("z")
fmt.Println(errors.Is(err, structwrap.ErrExists), err)
var d structwrap.DupError
fmt.Println(errors.As(err, &d), d.Name)
b := structwrap.Bare("y")
v, ok := b.(structwrap.DupError)
fmt.Println(v.Name, ok, errors.Is(b, structwrap.ErrExists))`
	want := `rtrue false true
true trueatrue truebtrue true
true true P4 P5P6 P7DsP8P9P10 P11P12 xtrue <x>
dup a truea,dup b trueb,dup c truec
code 5 true 5 code 6
true trueanyptr3plainanyotherstringer<l>
structwrap.Plain *structwrap.PtrErr structwrap.Plain *errors.errorString structwrap.Plain *structwrap.wrapped struct { X int }
true custom /: an error true 5
plain 14 a true <s> true trueerror:plain 14 atrueerror:ptr 4false
true true false falseg
true true
btruectrue true true
seltrue
true wrap: dup z
true z
y true true
`
	wantModuleOutput(t, "structwrap", code, want)
}

// TestCellSourceStructWrap: a cell's conversions of struct values of a
// package's types with value methods to error (a declaration, an
// argument, a return, a slice element) reach the package as themselves
// (sourcestructwrap.go; expectations from go run). Before, the package's
// assertions of them were false without an error (Check took no case)
// and the declaration panicked (reflect.Set).
func TestCellSourceStructWrap(t *testing.T) {
	code := `import "example.com/structwrap"
var e error = structwrap.DupError{"c"}
fmt.Println(structwrap.Check(e), errors.Is(e, structwrap.ErrExists))
fmt.Println(structwrap.Check(structwrap.Plain{1, "x"}))
func mk() error { return structwrap.Plain{2, "y"} }
e2 := mk()
_, ok := e2.(structwrap.Plain)
fmt.Println(structwrap.Check(e2), ok, structwrap.Check([]error{structwrap.Plain{3, "z"}}[0]))`
	wantModuleOutput(t, "structwrap", code, "Dc true\nP1\nP2 true P3\n")
}

// TestPackageGenericWrap: instances of a package's generic struct types
// with value methods converted to compiled interfaces
// (testdata/pkgsource/genericwrap; expectations from go run). Before,
// such a value appended to a []fmt.Stringer in a loop gave the last one
// three times, also a literal of an instance with two type arguments
// (listinstancelit.go's call), its explicit conversion panicked
// ("reflect.Set: value of type struct { V int } is not assignable to type
// fmt.Stringer"), and its assertions back, also of a generic error made
// in generic code, were false and a type switch ran its default, without
// an error: they go through WrapStruct as the package's struct types do.
func TestPackageGenericWrap(t *testing.T) {
	code := `import "example.com/genericwrap"
genericwrap.Build(3)
fmt.Println(genericwrap.Pairs(2))`
	want := `[box 0 box 1 box 2] [box 0 box 1 box 2] [k=0 k=1 k=2]
box 1 true 1
k=2 true
not found: y y true
box 5 true
case 2
[p=0 p=1]
`
	wantModuleOutput(t, "genericwrap", code, want)
	// Print: such instances with String methods held in an `any`, alone
	// or in a []any or map, printed without the method (`{a 0}`, or
	// yaegi's wrappers where the package had no other type with methods);
	// pkgprintany.go's printInstances and pkgfmtwalk.go's table name them
	// (not an instance named only in a generic function never instantiated,
	// the module's `unused`, which made the import fail: "type not found").
	wantModuleOutput(t, "genericwrap", `import "example.com/genericwrap"
genericwrap.Print(2)`, `[a=0 a=1]
[box 0 box 1] [{0} {1}]
a=0 box 1
[lv1 box 2] map[a:box s]
`)
	// Made: an instance named only in a file the interpreter reads after
	// the one whose print function asserted to it failed the import
	// ("type not found: Box[uint16]").
	wantModuleOutput(t, "genericwrap", `import "example.com/genericwrap"
fmt.Println(genericwrap.Made() != nil)`, "true\n")
	// Rows: a []Row whose field is such an instance was refused ("would
	// print their underlying values").
	wantModuleOutput(t, "genericwrap", `import "example.com/genericwrap"
genericwrap.Rows()`, `[{a Some(1.5)} {b None}]
{Name:a Val:Some(1.5)}
map[x:Some(3)]
`)
}
