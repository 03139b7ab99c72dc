package gosession

import (
	"go/ast"
	"go/types"
)

// Format methods of session values inside other values.
//
// fmt calls the Format method (fmt.Formatter) of every value it prints,
// also of the elements, map keys and values and exported fields inside
// an operand; compiled fmt cannot call a method of a type declared in the
// session there, and the walk that prints such values as Go
// (nestedprint.go) calls only String and Error, so `fmt.Println([]Money{1,
// 250})` for a Money with a Format method printed `[1 250]` (Go `[$0.01
// $2.50]`) without an error. Where the type oracle shows an operand of a
// print call (printOperands, nestedstringer.go) holding such a value
// below the top, the call is refused, naming the type and the
// workaround: print the parts one by one. Written for this package.

// refuseFormatters fails the rewrite for a print call c with an
// operand described above.
func (r *rewriter) refuseFormatters(c *ast.CallExpr) {
	call, ops, _, ok := r.printOperands(c)
	if !ok {
		return
	}
	for _, op := range ops {
		if name := nestedFormatter(r.oracle.typeOf(op.arg)); name != "" {
			r.fail(op.arg.Pos(), "%s of a value that holds %s values (with their Format method) inside it: the interpreter "+
				"cannot make compiled fmt call a method of a type declared in the session inside another value, so it would "+
				"silently print the underlying value; print the parts one by one (fmt.Print(x[i]))", call, name)
			return
		}
	}
}

// nestedFormatter returns the name of a session type with a Format method
// that t holds below depth 0 (through exported fields), or "".
func nestedFormatter(t types.Type) string {
	if t == nil {
		return ""
	}
	name := ""
	walkType(t, typePolicy{
		mapKeys: true,
		field: func(_ *types.Named, s *types.Struct, i int) walkStep {
			if s.Field(i).Exported() {
				return walkDescend
			}
			return walkSkip
		},
		visit: func(t types.Type, depth int) walkStep {
			n, ok := t.(*types.Named)
			if p, isPtr := t.(*types.Pointer); isPtr && depth > 0 {
				n, ok = types.Unalias(p.Elem()).(*types.Named)
				t = p
			}
			if !ok || !isSessionNamed(n) {
				return walkDescend
			}
			if hasFormat(t) {
				if depth == 0 {
					return walkSkip // fmt calls it: yaegi's wrapper has it
				}
				name = n.Obj().Name()
				return walkFound
			}
			return walkDescend
		},
	})
	return name
}

// hasFormat reports whether t's method set has fmt.Formatter's Format.
func hasFormat(t types.Type) bool {
	sel := types.NewMethodSet(t).Lookup(nil, "Format")
	if sel == nil {
		return false
	}
	sig, ok := sel.Obj().Type().(*types.Signature)
	return ok && sig.Params().Len() == 2 && sig.Results().Len() == 0 &&
		types.TypeString(sig.Params().At(0).Type(), nil) == "fmt.State"
}
