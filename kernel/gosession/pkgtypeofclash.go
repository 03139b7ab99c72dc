package gosession

import (
	"fmt"
	"go/ast"
	"go/types"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// reflect.TypeOf of types the interpreter cannot tell apart.
//
// yaegi v0.16.1 gives a type declared in interpreted code the run-time
// type of its underlying type (ifaceguard.go): `type Symbol string` is
// string, `type DateTime int64` int64, and empty structs are one
// struct{}. A package that takes the reflect.Type of two such types to
// tell values apart (a registry of encoders keyed by type) then holds one
// key for both, and the last registration wins for both, without an
// error: go.mongodb.org/mongo-driver's bson registers
// `reflect.TypeOf(primitive.Symbol(""))` after `reflect.TypeOf("")`, so
// bson.Marshal wrote every string as a BSON symbol (type 0x0E, Go 0x02).
//
// With the package's types, the reflect.TypeOf calls of all its files are
// grouped by the run-time type the interpreter gives their operand's
// static type (runtimeKey); where a group holds two different types, each
// of its calls panics where it runs (for a package variable, while the
// package is imported), naming the two types, their lines and the
// workaround, compiling the package into the kernel. Calls of operands of
// interface types (whose dynamic type decides) and of types the key cannot
// describe (type parameters) are left as they are, as is reflect.TypeFor.
// Written for this package.

// typeOfClashes returns, for each reflect.TypeOf call of the package whose
// operand type the interpreter cannot tell from another's (see above), the
// message its panic gives; made once for all the package's files.
func (pt *pkgTypes) typeOfClashes() map[*ast.CallExpr]string {
	pt.clashOnce.Do(func() {
		type use struct {
			call *ast.CallExpr
			typ  types.Type
		}
		byKey := map[string][]use{}
		names := make([]string, 0, len(pt.files))
		for name := range pt.files {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			ast.Inspect(pt.files[name], func(n ast.Node) bool {
				c, ok := n.(*ast.CallExpr)
				if !ok || len(c.Args) != 1 || !pt.isFunc(c.Fun, "reflect.TypeOf") {
					return true
				}
				t := pt.info.TypeOf(c.Args[0])
				if t == nil || types.IsInterface(t) {
					return true
				}
				if k := runtimeKey(t, pt.pkg); k != "" {
					byKey[k] = append(byKey[k], use{c, t})
				}
				return true
			})
		}
		pt.clashes = map[*ast.CallExpr]string{}
		for _, uses := range byKey {
			for _, u := range uses {
				for _, o := range uses {
					if types.Identical(u.typ, o.typ) {
						continue
					}
					pos := pt.fset.Position(o.call.Pos())
					pt.clashes[u.call] = fmt.Sprintf("reflect.TypeOf of %s and of %s (at %s:%d) give one run-time type in the interpreter "+
						"(yaegi v0.16.1 gives a type declared in interpreted code the run-time type of its underlying type), "+
						"so the package could not tell the two apart; compile the package into the kernel instead: activis-kernel build --with MODULE",
						pt.typeName(u.typ), pt.typeName(o.typ), filepath.Base(pos.Filename), pos.Line)
					break
				}
			}
		}
	})
	return pt.clashes
}

// isFunc reports whether fun names the function full (types.Func.FullName).
func (pt *pkgTypes) isFunc(fun ast.Expr, full string) bool {
	fn, ok := calleeObject(pt.info, fun).(*types.Func) // ifacecallarg.go
	return ok && fn.FullName() == full
}

// typeName writes t as messages name it, packages by their names.
func (pt *pkgTypes) typeName(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string {
		if p == pt.pkg {
			return ""
		}
		return p.Name()
	})
}

// runtimeKey describes the run-time type the interpreter gives a value of
// static type t, declared in or used by package own: types of interpreted
// code as their underlying types, except structs with fields, which
// pkglookalike.go tells apart; "" where it cannot tell.
func runtimeKey(t types.Type, own *types.Package) string {
	var b strings.Builder
	if !writeRuntimeKey(&b, t, own, 0) {
		return ""
	}
	return b.String()
}

// writeRuntimeKey writes runtimeKey(t) to b, false where it cannot.
func writeRuntimeKey(b *strings.Builder, t types.Type, own *types.Package, depth int) bool {
	if depth > 8 {
		return false
	}
	elem := func(prefix string, e types.Type) bool {
		b.WriteString(prefix)
		return writeRuntimeKey(b, e, own, depth+1)
	}
	switch x := types.Unalias(t).(type) {
	case *types.Basic:
		b.WriteString(types.Typ[x.Kind()].Name())
		return true
	case *types.Named:
		p := x.Obj().Pkg()
		st, isStruct := x.Underlying().(*types.Struct)
		if p == nil || compiledPackage(p, own) || isStruct && st.NumFields() > 0 || x.TypeArgs().Len() > 0 {
			// The object tells apart types of one name declared in
			// different functions.
			fmt.Fprintf(b, "named %p %s", x.Obj(), types.TypeString(x, nil))
			return true
		}
		return writeRuntimeKey(b, x.Underlying(), own, depth+1)
	case *types.Pointer:
		return elem("*", x.Elem())
	case *types.Slice:
		return elem("[]", x.Elem())
	case *types.Array:
		return elem("["+strconv.FormatInt(x.Len(), 10)+"]", x.Elem())
	case *types.Map:
		return elem("map[", x.Key()) && elem("]", x.Elem())
	case *types.Chan:
		return elem("chan("+strconv.Itoa(int(x.Dir()))+") ", x.Elem())
	case *types.Struct:
		b.WriteString("struct{")
		for i := range x.NumFields() {
			f := x.Field(i)
			if !elem(f.Name()+" ", f.Type()) {
				return false
			}
			b.WriteString(" " + strconv.Quote(x.Tag(i)) + ";")
		}
		b.WriteString("}")
		return true
	case *types.Signature:
		b.WriteString("func(")
		for i := range x.Params().Len() {
			if !elem(",", x.Params().At(i).Type()) {
				return false
			}
		}
		if x.Variadic() {
			b.WriteString("...")
		}
		b.WriteString(")(")
		for i := range x.Results().Len() {
			if !elem(",", x.Results().At(i).Type()) {
				return false
			}
		}
		b.WriteString(")")
		return true
	case *types.Interface:
		b.WriteString(types.TypeString(x, nil))
		return true
	}
	return false
}

// refuseType panics with msg and ErrUnsupported: a reflect.TypeOf call of
// typeOfClashes (see above).
func refuseType(msg string, _ any) reflect.Type { panic(refusedValue(msg)) } // pkgtypeparamcase.go

// refuseTypeOfClash writes c, a reflect.TypeOf call of typeOfClashes, as a
// call that panics with its message (see above).
func (w *pkgGoWriter) refuseTypeOfClash(c *ast.CallExpr) {
	if w.types == nil {
		return
	}
	msg, ok := w.types.typeOfClashes()[c]
	if !ok {
		return
	}
	msg = w.where(c.Pos()) + ": " + msg
	if w.replace(w.off(c.Fun.Pos()), w.off(c.Lparen)+1, func() string {
		return pkgRuntimeName + ".RefuseType(" + strconv.Quote(msg) + ", "
	}) {
		w.runtime = true
	}
}
