package gosession

import (
	"go/ast"
	"go/types"
	"strconv"
	"strings"
)

// A multi-value call as the operands of a print function, in package
// files: the cells' tupleargs.go. In a package, `fmt.Println(two())` for
// `func two() (Code, bool)` with an Error method printed `3 true` (Go
// `code 3 true`), and `fmt.Println(temp())` for a Celsius with a String
// method `21.5 <nil>` (Go `21.5°C <nil>`), without an error. The call
// becomes a literal taking the results as parameters, which print as Go,
// a result with an Error method given to fmt as an error as pkgprint.go
// gives a variable:
//
//	fmt.Println(two())  →  func(_activisR0 Code, _activisR1 bool) (int, error) { return fmt.Println(_activisrt.AsError(_activisR0), _activisR1) }(two())
//
// Only fmt's print functions without a format are rewritten (log's are
// rewritten to name the file and line, pkglogat.go, and still print such
// results without their methods), and not where a result holds values
// with String or Error methods inside it (which pkgprint.go refuses for a
// variable).

// tupleArgs rewrites c as described above.
func (w *pkgGoWriter) tupleArgs(c *ast.CallExpr) {
	if w.types == nil || len(c.Args) != 1 || c.Ellipsis.IsValid() {
		return
	}
	inner, ok := unparen(c.Args[0]).(*ast.CallExpr)
	if !ok {
		return
	}
	tuple, ok := w.types.info.Types[inner].Type.(*types.Tuple)
	if !ok || tuple.Len() < 2 {
		return
	}
	sel, ok := unparen(c.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	if fn, ok := printFuncs["fmt"][sel.Sel.Name]; !ok || fn.printf || fn.first != 0 || w.selectedPkg(sel) != "fmt" {
		return
	}
	sig, ok := w.types.typeOf(c.Fun).(*types.Signature)
	if !ok {
		return
	}
	own := func(n *types.Named) bool { return n.Obj().Pkg() == w.types.pkg && !types.IsInterface(n) }
	lost := false
	var params, args, results []string
	for i := range tuple.Len() {
		t := tuple.At(i).Type()
		if name, _ := nestedStringerOf(t, own); name != "" {
			return
		}
		text := w.typeText(t)
		if text == "" {
			return
		}
		name := "_activisR" + strconv.Itoa(i)
		params = append(params, name+" "+text)
		arg := name
		if n := w.ownNamed(t); n != nil && n.NumMethods() > 0 {
			lost = true
			if w.textMethodOperand(t, "Error") {
				if b, ok := t.Underlying().(*types.Basic); ok && b.Info()&types.IsString != 0 {
					arg = name + ".Error()"
				} else {
					arg = pkgRuntimeName + ".AsError(" + name + ")"
				}
			}
		}
		args = append(args, arg)
	}
	if !lost {
		return
	}
	for i := range sig.Results().Len() {
		text := w.typeText(sig.Results().At(i).Type())
		if text == "" {
			return
		}
		results = append(results, text)
	}
	w.runtime = w.runtime || strings.Contains(strings.Join(args, ""), pkgRuntimeName)
	pre := "func(" + strings.Join(params, ", ") + ") (" + strings.Join(results, ", ") + ") { "
	if len(results) > 0 {
		pre += "return "
	}
	w.enclose(c.Fun, pre, "("+strings.Join(args, ", ")+") }")
}
