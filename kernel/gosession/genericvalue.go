package gosession

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"
)

// Instances of generic functions used as values, in package files.
//
// yaegi v0.16.1 holds an instance of a generic function (`split[string]`)
// as its own node, not as a func value: called on the spot it works, but
// a package-level variable initialised with one (`var splitString =
// split[string]`, `var SplitFunc bufio.SplitFunc = split[[]byte]`, as
// github.com/clipperhouse/uax29's graphemes declares) failed the import
// with "constant definition loop" or "interface conversion: interface {}
// is *interp.node, not func(string, bool) (int, string, error)", and one
// returned by a function as its func value failed with "reflect.Set: value of
// type *interp.node is not assignable". With the package's types, an
// instance that is not called is written as a function literal that calls
// it, on its line:
//
//	var splitString = split[string]
//	→ var splitString = func(_a0 string, _a1 bool) (int, string, error) { return split[string](_a0, _a1) }
//
// (A call of a parenthesised instance, `(split[string])(s, true)`, is
// parencallee.go's.) Written for this package.

// genericValue wraps e, an index expression met in a package file's
// walk, when it is an instance of a generic function that is not called
// (called holds the functions of the calls met, which the walk meets
// before their parts).
func (w *pkgGoWriter) genericValue(e ast.Expr, called map[ast.Expr]bool) {
	if w.types == nil || called[e] {
		return
	}
	if pre, post := w.instanceLit(e); pre != "" {
		w.enclose(e, pre, post)
	}
}

// instanceLit returns the text to write before and after the generic
// function instance e to make it a function literal that calls it with
// its parameters ("func(_a0 string) int { return " and "(_a0) }"), or
// "" when e is not such an instance or its types cannot be written in the
// file.
func (w *pkgGoWriter) instanceLit(e ast.Expr) (pre, post string) {
	var id *ast.Ident
	base, _, _ := typeArgsOf(e) // typeargs.go
	switch x := ast.Unparen(base).(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		id = x.Sel
	default:
		return "", ""
	}
	inst, ok := w.types.info.Instances[id]
	if !ok {
		return "", ""
	}
	sig, ok := inst.Type.(*types.Signature)
	if !ok || sig.Recv() != nil {
		return "", ""
	}
	params, args := make([]string, sig.Params().Len()), make([]string, sig.Params().Len())
	for i := range params {
		t := sig.Params().At(i).Type()
		name := fmt.Sprintf("_a%d", i)
		args[i] = name
		if sig.Variadic() && i == len(params)-1 {
			t = t.(*types.Slice).Elem()
			params[i] = name + " ..."
			args[i] += "..."
		} else {
			params[i] = name + " "
		}
		text := w.typeText(t)
		if text == "" {
			return "", ""
		}
		params[i] += text
	}
	results := make([]string, sig.Results().Len())
	for i := range results {
		if results[i] = w.typeText(sig.Results().At(i).Type()); results[i] == "" {
			return "", ""
		}
	}
	pre = "func(" + strings.Join(params, ", ") + ") "
	switch len(results) {
	case 0:
		pre += "{ "
	case 1:
		pre += results[0] + " { return "
	default:
		pre += "(" + strings.Join(results, ", ") + ") { return "
	}
	return pre, "(" + strings.Join(args, ", ") + ") }"
}
