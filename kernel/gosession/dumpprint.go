package gosession

import (
	"go/ast"
	"go/types"
)

// Dumps of session values by packages that print their types by
// reflection.
//
// github.com/davecgh/go-spew's Dump, Fdump and Sdump print each value's
// type and field names as reflect gives them; yaegi v0.16.1 makes the
// run-time type of a session type from its underlying type and renames
// unexported fields, so `spew.Dump(p)` of a cell's `type P struct{ Name
// string; m map[string]int }` printed `(struct { Name string; Xm
// map[string]int "json:\"-\" xml:\"-\"" })` for `(main.P)` and `Xm:` for
// `m:`, without an error (the values themselves were right). No rewrite
// can give spew the types, so, with the cell's type check, such a dump of
// a value whose type involves a type declared in the session is refused,
// naming spew and the type, with `fmt.Printf("%+v\n", v)` and `%#v`,
// which the session prints as Go, as the way out. spew's Print and
// Sprint, which print no types, are left alone. sanity-io/litter's Dump,
// Sdump and D print types the same way (`struct { Name string; Xm
// map[string]int "json:\"-\" xml:\"-\"" }{` for `main.P{`) and are
// refused the same way. Written for this package.

// reflectDumps are the functions (and methods of spew's configuration) that print
// their arguments' types, by package path.
var reflectDumps = map[string]map[string]bool{
	"github.com/davecgh/go-spew/spew": {"Dump": true, "Fdump": true, "Sdump": true},
	"github.com/sanity-io/litter":     {"Dump": true, "Sdump": true, "D": true}, // and its Options' Dump and Sdump
}

// refuseReflectDump fails the rewrite for such a dump in c (see above).
func (r *rewriter) refuseReflectDump(c *ast.CallExpr) {
	if r.err != nil || r.oracle == nil {
		return
	}
	sel, ok := unparen(c.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	fn, ok := r.oracle.info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil || !reflectDumps[fn.Pkg().Path()][fn.Name()] {
		return
	}
	for _, a := range c.Args {
		t := r.oracle.info.TypeOf(a)
		if t == nil {
			continue
		}
		var found *types.Named
		walkType(t, typePolicy{mapKeys: true, visit: func(t types.Type, _ int) walkStep {
			if n := sessionNamed(t); n != nil && !types.IsInterface(n) {
				found = n
				return walkFound
			}
			return walkDescend
		}})
		if found != nil {
			r.fail(a.Pos(), "%s.%s of a value involving %s would print the interpreter's run-time type for it (an unnamed struct or "+
				"the underlying type, unexported fields renamed with an X); print it with fmt.Printf(\"%%+v\\n\", v) or %%#v, "+
				"which the session prints as Go", fn.Pkg().Name(), fn.Name(), types.TypeString(found, sessionQualifier))
			return
		}
	}
}
