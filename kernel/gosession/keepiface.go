package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Values of interpreted types stored in compiled containers.
//
// yaegi v0.16.1 gives a compiled function's `any` parameter the bare value
// of an argument whose static type is an interface or a type with methods
// declared in interpreted code, without the wrapper (interp.valueInterface)
// that records its type. What the container gives back then asserts to
// none of the interfaces the value has: a cache of encoders,
//
//	func (c *typeEncoderCache) Store(rt reflect.Type, enc ValueEncoder) { c.cache.Store(rt, enc) }
//	… if v, _ := c.cache.Load(rt); v != nil { return v.(ValueEncoder), true }
//
// panicked, "interface conversion: nil is not bsoncodec.ValueEncoder", so
// go.mongodb.org/mongo-driver's bson marshalled nothing; a
// `type EncFunc func() string` with a method came back as a plain
// func() string. An `any` operand made in interpreted code keeps the
// wrapper (`var h any = x`, an element of `[]any{x}`, `any(i)` of an
// interface value; not `any(x)` of a concrete value, nor a function's
// parameter or result), and compiled code handing it back unchanged
// returns it with the wrapper, which the interpreter's assertions read.
// So, with the package's types (in cells with the type oracle's), the
// values given to the compiled containers that only keep them
// (compiledKeepers) are written as an element of a slice of `any`:
//
//	c.cache.Store(rt, enc) → c.cache.Store(rt, []any{enc}[0])
//
// and a conversion to an interface given there, `m.Store(k, Enc(f))`,
// as its operand, `[]any{f}[0]` (in the slice the conversion's value had
// no wrapper either). Keys (compared by compiled code, which would
// compare the wrappers) and the old values of CompareAndSwap are left as
// they are, as is every other compiled function, which reads the values
// it is given (fmt, json: the wrapper would show it the interpreter's
// fields). sync/atomic's Value is not among the containers: given the
// wrapper, its Load panicked with a nil dereference in yaegi, where the
// bare value's assertion fails naming the interface; nor is sync.Pool,
// whose New gives values back bare anyway. Written for this package.

// compiledKeepers are the compiled functions and methods (by
// types.Func.FullName) that keep an `any` value for interpreted code to
// get back, with the indexes of those arguments.
var compiledKeepers = map[string][]int{
	"(*sync.Map).Store":                   {1},
	"(*sync.Map).LoadOrStore":             {1},
	"(*sync.Map).Swap":                    {1},
	"context.WithValue":                   {2},
	"(*container/list.List).PushBack":     {0},
	"(*container/list.List).PushFront":    {0},
	"(*container/list.List).InsertBefore": {0},
	"(*container/list.List).InsertAfter":  {0},
}

// keptArg is an argument of a call of compiledKeepers to give the
// container in a `[]any`: the index of the argument, and the value to put
// in the slice (the argument, or the operand x of its conversion I(x) to
// an interface).
type keptArg struct {
	index int
	value ast.Expr
}

// keptArgs returns the arguments of c, a call in package own checked into
// info, that a compiled container keeps and whose type is one of
// interpreted code with methods (see above).
func keptArgs(c *ast.CallExpr, info *types.Info, own *types.Package) []keptArg {
	if c.Ellipsis.IsValid() {
		return nil
	}
	fn, ok := calleeObject(info, c.Fun).(*types.Func) // ifacecallarg.go
	if !ok {
		return nil
	}
	var out []keptArg
	for _, i := range compiledKeepers[fn.FullName()] {
		if i >= len(c.Args) {
			continue
		}
		v := c.Args[i]
		// A conversion to an interface, I(x), made no wrapper in the
		// slice either: x goes in instead.
		if conv, ok := unparen(v).(*ast.CallExpr); ok && len(conv.Args) == 1 && info.Types[conv.Fun].IsType() &&
			types.IsInterface(info.TypeOf(conv.Fun)) {
			// an operand a rewrite before wrote may have no type
			if t := info.TypeOf(conv.Args[0]); t != nil && !types.IsInterface(t) {
				v = conv.Args[0]
			}
		}
		if interpretedWithMethods(info.TypeOf(v), own) {
			out = append(out, keptArg{i, v})
		}
	}
	return out
}

// interpretedWithMethods reports whether a value of type t reaches compiled
// code without its wrapper (see above): an interface with methods, or a
// named type with methods (or a pointer to one), declared in interpreted
// code (own, the package or cell being checked, or a package interpreted
// from source).
func interpretedWithMethods(t types.Type, own *types.Package) bool {
	if t == nil {
		return false
	}
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	switch x := t.(type) {
	case *types.Interface:
		return x.NumMethods() > 0
	case *types.Named:
		if x.Obj().Pkg() == nil || compiledPackage(x.Obj().Pkg(), own) {
			return false
		}
		if it, ok := x.Underlying().(*types.Interface); ok {
			return it.NumMethods() > 0
		}
		return types.NewMethodSet(types.NewPointer(x)).Len() > 0
	}
	return false
}

// keepIfaceArgs writes the arguments of c that a compiled container keeps
// as elements of a `[]any` (keptArgs; see above).
func (r *rewriter) keepIfaceArgs(c *ast.CallExpr) {
	if r.oracle == nil {
		return
	}
	for _, k := range keptArgs(c, r.oracle.info, r.oracle.pkg) {
		at := k.value.Pos()
		c.Args[k.index] = &ast.IndexExpr{
			X: &ast.CompositeLit{
				Type:   &ast.ArrayType{Lbrack: at, Elt: &ast.InterfaceType{Interface: at, Methods: &ast.FieldList{Opening: at, Closing: at}}},
				Lbrace: at, Elts: []ast.Expr{k.value}, Rbrace: k.value.End(),
			},
			Lbrack: k.value.End(), Index: &ast.BasicLit{ValuePos: k.value.End(), Kind: token.INT, Value: "0"}, Rbrack: k.value.End(),
		}
	}
}
