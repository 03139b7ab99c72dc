package gosession

import (
	"go/ast"
	"go/token"
	"strconv"
	"strings"
)

// Index expressions on the left of a tuple assignment, in package files.
//
// A package interpreted from source gets the fix of tupleassign.go: yaegi
// read a map key that is assigned to its left after that assignment
// (`key, m[key] = "b", 7` stored m["b"]). Such an assignment in a
// statement list is served, on the same lines, as
// `{ _activisK1 := (key); key, m[_activisK1] = "b", 7 }` (every index of
// the left side evaluated first, left to right).

// tupleKeys rewrites assignment as, a statement of a list, as above.
func (w *pkgGoWriter) tupleKeys(as *ast.AssignStmt) {
	pr := &rewriter{fset: w.fset} // tupleNeedsHoist's refusals are not kept
	if !pr.tupleNeedsHoist(as) {
		return
	}
	parts, names := w.tupleKeyParts(as)
	values := make([]ast.Expr, len(parts))
	for i, p := range parts {
		values[i] = p.(ast.Expr)
	}
	w.replace(w.off(as.Pos()), w.off(as.End()), func() string {
		return "{ " + strings.Join(names, ", ") + " := " + w.parenList(values) + "; " +
			w.splice(w.off(as.Pos()), w.off(as.End()), parts, names) + " }"
	})
}

// tupleKeyParts returns the indexes of the left side of as that
// tupleKeys evaluates first, in order, and the names of their variables.
func (w *pkgGoWriter) tupleKeyParts(as *ast.AssignStmt) (parts []ast.Node, names []string) {
	for _, lhs := range as.Lhs {
		_, idxs := lhsPath(lhs, true)
		for k := len(idxs) - 1; k >= 0; k-- { // innermost (leftmost) first
			if _, lit := idxs[k].Index.(*ast.BasicLit); lit {
				continue
			}
			parts, names = append(parts, idxs[k].Index), append(names, w.temp("K"))
		}
	}
	return parts, names
}

// listStmts rewrites the assignments that are statements of list
// (pkgIfaceLitStore, pkgIfaceTuple, tupleKeys, pkgTupleNils, zeroOnMiss,
// redeclaredDef).
func (w *pkgGoWriter) listStmts(list []ast.Stmt) {
	for i, s := range list {
		if l, ok := s.(*ast.LabeledStmt); ok {
			s = l.Stmt
		}
		if as, ok := s.(*ast.AssignStmt); ok {
			w.pkgIfaceLitStore(as)                                        // see ifacestore.go
			if as.Tok == token.ASSIGN && w.pkgIfaceTuple(as, "{ ", "}") { // see tupleiface.go
				continue
			}
			if w.types != nil && mapTupleLeft(as, w.types.info) != nil { // tupleiface.go
				w.replace(w.off(as.Pos()), w.off(as.End()), func() string {
					return "panic(" + strconv.Quote(w.where(as.Pos())+": "+mapTupleRefusal+"; or compile the package into the kernel: activis-kernel build --with MODULE") + ")"
				})
				continue
			}
			if as.Tok == token.ASSIGN {
				w.tupleKeys(as)
				w.pkgTupleNils(as) // see tuplenil.go; after tupleKeys, which takes the statement when it must
			}
			w.zeroOnMiss(as) // see pkgstmts.go
			if s == list[i] {
				w.redeclaredDef(as) // see pkgredeclvar.go
			}
		}
	}
}

// commMapTuple writes a select case receiving into a map element (`case
// m[k], ok = <-ch:`), into which yaegi stored nothing (tupleiface.go's
// isMapIndex), or into an interface it panicked on (`case sh, ok = <-ch:`
// of a chan *Sq into a Shape: "reflect.Set: value of type *struct { S
// float64 } is not assignable to type interp.valueInterface"), as one
// receiving into temporaries whose body starts with the assignments, on
// the same line: `case _activisTv1, _activisTv2 := <-ch: m[k] =
// _activisTv1; ok = _activisTv2;`. A case tupleiface.go's planIfaceTuple
// would not split is left as it is.
func (w *pkgGoWriter) commMapTuple(cc *ast.CommClause) {
	as, ok := cc.Comm.(*ast.AssignStmt)
	if !ok || w.types == nil || as.Tok != token.ASSIGN || planIfaceTuple(as, w.types.info, w.types.typeOf) == nil {
		return
	}
	names := make([]string, len(as.Lhs))
	for j, l := range as.Lhs {
		names[j] = "_"
		if !isBlank(l) {
			names[j] = w.temp("Tv")
		}
	}
	w.replace(w.off(as.Pos()), w.off(cc.Colon)+1, func() string {
		var assigns []string
		for j, l := range as.Lhs {
			if !isBlank(l) {
				assigns = append(assigns, w.node(l)+" = "+names[j])
			}
		}
		return strings.Join(names, ", ") + " := " + w.node(as.Rhs[0]) + ": " + strings.Join(assigns, "; ") + ";"
	})
}
