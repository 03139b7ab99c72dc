package gosession

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// min and max in package files interpreted from source.
//
// yaegi v0.16.1 lacks the min and max builtins; cells get them from the
// session prelude (gosrc/prelude.go.txt), but a package file does not see
// the prelude, so a package calling them failed to import ("undefined:
// min"). With the package's types (pkgtypes.go), a call of the builtin is
// written as a call of the file's own generic copy of the prelude's
// functions, declared on the file's last line (NaN and -0 as the builtins
// give them, minmax.go), with the call's type as its type argument, so
// that untyped constant arguments take it as in Go (yaegi would infer the
// type from the first argument alone):
//
//	min(1, x)  → _activisMin1a2b[float64](1, x)
//
// A call of a named type with a basic underlying type is made with that
// type and converted back: `min(d, e)` of time.Duration values →
// `time.Duration(_activisMin1a2b[int64](int64(d), int64(e)))`.
// A call of constants only is a constant in Go (`const k = min(3, 1.5)`):
// it is written as the argument it gives, converted to the call's type.
// A file whose package does not type-check is left as it is (yaegi's
// error stands).

// minMaxCall rewrites the call c of the min or max builtin as above.
func (w *pkgGoWriter) minMaxCall(c *ast.CallExpr) {
	if w.types == nil {
		return
	}
	id, ok := c.Fun.(*ast.Ident)
	if !ok || id.Name != "min" && id.Name != "max" || len(c.Args) == 0 {
		return
	}
	if _, builtin := w.types.info.Uses[id].(*types.Builtin); !builtin {
		return
	}
	tv, ok := w.types.info.Types[c]
	if !ok || tv.Type == nil {
		return
	}
	if tv.Value != nil {
		w.minMaxConst(c, tv)
		return
	}
	targ := ""
	if b, untyped := tv.Type.(*types.Basic); !untyped || b.Info()&types.IsUntyped == 0 {
		targ = w.typeText(tv.Type)
	}
	if n, ok := types.Unalias(tv.Type).(*types.Named); ok && targ != "" {
		// a named type with a basic underlying type (time.Duration, a
		// `type Meters float64`): the generic copy failed for it as in
		// cells (minmax.go's minMaxNamed), "CFG post-order panic", and
		// the package's import with it; it takes the underlying type
		if u, isBasic := n.Underlying().(*types.Basic); isBasic && w.typeText(n) != "" {
			targ = u.Name()
			for _, a := range c.Args {
				w.enclose(a, targ+"(", ")")
			}
			w.enclose(c, w.typeText(n)+"(", ")")
		}
	}
	if w.minMax == "" {
		w.minMax = w.fileSuffix()
		w.runtime = true
	}
	name := "_activis" + map[string]string{"min": "Min", "max": "Max"}[id.Name] + w.minMax
	if targ != "" {
		name += "[" + targ + "]"
	}
	w.replace(w.off(id.Pos()), w.off(id.End()), func() string { return name })
}

// minMaxConst writes the call c of constants, of type and value tv, as
// the argument whose value it has, converted to the call's type.
func (w *pkgGoWriter) minMaxConst(c *ast.CallExpr, tv types.TypeAndValue) {
	for _, a := range c.Args {
		av := w.types.info.Types[a].Value
		if av == nil || !constant.Compare(av, token.EQL, tv.Value) {
			continue
		}
		text := w.raw(a)
		if b, ok := tv.Type.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
			if b.Info()&types.IsFloat != 0 && av.Kind() != constant.Float {
				text += " + 0.0" // an untyped float, as the call's
			}
		} else if t := w.typeText(tv.Type); t != "" {
			text = t + "(" + text + ")"
		} else {
			return
		}
		w.replaceToEnd(w.off(c.Pos()), w.off(c.End()), func() string { return "(" + text + ")" })
		return
	}
}

// minMaxFuncs is the declaration of the functions minMaxCall calls,
// written on the file's last line: the prelude's min and max.
func (w *pkgGoWriter) minMaxFuncs() string {
	if w.minMax == "" {
		return ""
	}
	const ordered = "interface{ ~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr | ~float32 | ~float64 | ~string }"
	fn := func(name, op, neg string) string {
		return "func _activis" + name + w.minMax + "[T " + ordered + "](x T, y ...T) T { for _, v := range y { if x != x { break }; if v != v || v " + op + " x || v == x && " + pkgRuntimeName + ".NegZero(" + neg + ") { x = v } }; return x }"
	}
	sep := "\n" // the last line may end in a comment
	if w.zero != "" {
		sep = "; " // after zeroFunc's
	} else if len(w.src) > 0 && w.src[len(w.src)-1] == '\n' {
		sep = "" // on a last line of its own, without a line break
	}
	return sep + fn("Min", "<", "v") + "; " + fn("Max", ">", "x")
}
