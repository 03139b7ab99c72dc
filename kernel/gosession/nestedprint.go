package gosession

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/types"
	"io"
	"strings"
)

// Printing session values with String or Error methods inside other
// values.
//
// fmt calls the String or Error method of every value it prints, also
// inside slices, arrays, maps, exported struct fields and behind pointers
// below the top; compiled fmt cannot call a method of a type declared in
// the session there, so yaegi printed the underlying values
// (`fmt.Println([]Status{0, 1})` gave `[0 1]`, Go `[todo done]`). Where
// the type oracle shows such an operand's type (nestedstringer.go finds
// it), the operand of fmt's and log's print functions, and of a %v, %s,
// %q, %x or %X verb of a Printf-like call with a literal format, becomes
//
//	_activisiface.Verbatim(_activisiface.PlainV(x, "In[3] line 2", "[]Status", "-8v", false, callback, table…))
//
// PlainV walks the value along its static type as %+v's walk does
// (gosyntax.go), without field names, calling the String or Error method
// of each session value that has one through the callback, applying the
// verb and its flags to each number, string and method text as fmt does
// (a bad verb names the session type the interpreter erased:
// %!s(main.Level=2)); and Verbatim gives fmt a compiled operand that
// prints that text whatever the verb (a struct, so fmt's Print still
// spaces it as an operand that is not a string, as the original was not).
// Types the walk cannot read (instances of packages' generic types, type
// parameters) are still refused by nestedstringer.go, naming the
// workaround; the session's generic instances are read from the table
// (genericinst.go). Written for
// this package.

// nestedPrint replaces print operand c.Args[i], of type t holding session
// values with String or Error methods inside it, by the PlainV call above
// for verb ('v', 's', 'q', 'x' or 'X') with flags (no '+' or '#'), and
// reports whether it did.
func (r *rewriter) nestedPrint(c *ast.CallExpr, i int, t types.Type, verb rune, flags string) bool {
	if !plainVReadable(t) {
		return false
	}
	return r.nestedPrintWith(c, i, t, verb, flags, nil)
}

// noMethodVerbs are the verbs of values for which fmt calls no String or
// Error method, which PlainV's walk prints with any flags (numverb.go's
// nestedOtherVerb; gosyntax.go).
const noMethodVerbs = "bcdeEfFgGoOtU"

// nestedPrintWith is nestedPrint with the third-party types the walk needs
// (sourcewalk.go; nil for none); also for a verb of noMethodVerbs.
func (r *rewriter) nestedPrintWith(c *ast.CallExpr, i int, t types.Type, verb rune, flags string, sw *sourceWalk) bool {
	if !strings.ContainsRune(noMethodVerbs, verb) && (!strings.ContainsRune("vsqxX", verb) || strings.ContainsAny(flags, "+#")) {
		return false
	}
	static, err := parser.ParseExpr(types.TypeString(t, sessionQualifier))
	if err != nil {
		return false
	}
	rt := r.ifaceRuntimeName()
	if rt == "" {
		return false
	}
	pos := c.Args[i].Pos()
	call := r.goSyntaxCall(c.Args[i], static, "PlainV", flags+string(verb), sw)
	c.Args[i] = &ast.CallExpr{Fun: &ast.SelectorExpr{X: &ast.Ident{NamePos: pos, Name: rt}, Sel: &ast.Ident{NamePos: pos, Name: "Verbatim"}},
		Lparen: pos, Args: []ast.Expr{call}, Rparen: pos}
	return true
}

// plainVReadable reports whether PlainV's walk can read values of t from
// its text: no type parameters, no instances of generic types, no
// function or channel types holding session types.
func plainVReadable(t types.Type) bool { return plainVReadableIn(t, isSessionNamed, true) }

// plainVReadableOf is plainVReadable with own telling the interpreted
// named types (the session's, or a package's own), whose underlying types
// are read; other named types are compiled and printed by fmt. Instances
// of generic types are not read.
func plainVReadableOf(t types.Type, own func(*types.Named) bool) bool {
	return plainVReadableIn(t, own, false)
}

// plainVReadableIn is plainVReadableOf; with instances, an instance of a
// generic type of own is read too (the walk's table has it: genericinst.go).
func plainVReadableIn(t types.Type, own func(*types.Named) bool, instances bool) bool {
	if t == nil {
		return false
	}
	return !walkType(t, typePolicy{
		mapKeys: true,
		visit: func(t types.Type, _ int) walkStep {
			switch x := t.(type) {
			case *types.TypeParam:
				return walkFound
			case *types.Named:
				if x.TypeParams().Len() > 0 && x.TypeArgs().Len() == 0 {
					return walkFound
				}
				if x.TypeArgs().Len() > 0 && (!instances || !own(x)) {
					return walkFound
				}
				if !own(x) {
					return walkSkip // a compiled type: fmt prints it
				}
			case *types.Basic, *types.Interface:
				return walkSkip
			case *types.Pointer, *types.Slice, *types.Array, *types.Map, *types.Struct:
			default:
				return walkFound // a function or channel type
			}
			return walkDescend
		},
	})
}

// nestedIfaceHolder reports whether values of t hold interfaces below
// the top (a []any, a map[string]any, a struct with an error field) while
// the session declares types whose values they may hold: yaegi keeps such
// a value in its own wrapper there, which fmt printed as pointers
// (`[{0xc000… {0x… 0x… 130}} 3]` for []any{Status(0), 3}).
func (r *rewriter) nestedIfaceHolder(t types.Type) bool {
	for _, nt := range r.sessionTypes() {
		if _, iface := unparen(nt.under).(*ast.InterfaceType); !iface {
			return ifaceInside(t)
		}
	}
	return r.genericTypes() && ifaceInside(t)
}

// ifaceInside reports whether t holds an interface below depth 0 (through
// pointers, slices, arrays, maps, struct fields and session types'
// underlying types; not through compiled named types, which fmt prints).
func ifaceInside(t types.Type) bool { return ifaceInsideOf(t, isSessionNamed) }

// ifaceInsideOf is ifaceInside with own telling the interpreted named
// types, whose underlying types are walked (a package's own types in the
// package rewrite: a struct of the package with an interface field).
func ifaceInsideOf(t types.Type, own func(*types.Named) bool) bool {
	return walkType(t, typePolicy{
		mapKeys: true,
		visit: func(t types.Type, depth int) walkStep {
			switch x := t.(type) {
			case *types.Interface:
				if depth > 0 {
					return walkFound
				}
			case *types.Named:
				if _, iface := x.Underlying().(*types.Interface); iface {
					if depth > 0 {
						return walkFound // error, fmt.Stringer, a session interface
					}
					return walkSkip
				}
				if !own(x) {
					return walkSkip
				}
			}
			return walkDescend
		},
	})
}

// verbatim is an operand fmt prints as the text it holds, whatever the
// verb and flags (the text was made with them: nestedPrint).
type verbatim struct{ text string }

// Format writes the text.
func (v verbatim) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, v.text) }

// ifaceVerbatim returns an operand fmt prints as text (nestedPrint).
func ifaceVerbatim(text string) fmt.Formatter { return verbatim{text} }
