package gosession

import (
	"go/ast"
	"reflect"
	"sort"
	"strings"
)

// The order of a generic type's methods.
//
// yaegi v0.16.1 compiles the methods of an instance of a generic type in
// the order they are declared, so a method calling one declared after it
// failed: `func (th *thr[T]) fire(key T) { …; th.reset() }` before `func
// (th *thr[T]) reset()` made a cell fail with a nil dereference in the
// CFG ("could not work out the type of a variable" in the hint) and a
// package's import fail ("undefined selector: reset", or the same panic:
// github.com/samber/lo's throttleBy). Go does not care about the order.
// orderGenericMethods puts the methods of each generic type of a cell's
// declarations after the methods of that type they call (a stable
// topological order; a cycle keeps its order), in the places those
// methods had among the declarations; the generic types of packages
// interpreted from source get the same order in yaegi's list of their
// methods (orderMethodNodes). Written for this package.

// orderGenericMethods reorders the methods of f's generic types as above.
func orderGenericMethods(f *ast.File) {
	byType := map[string][]int{} // generic type -> indexes of its methods in f.Decls
	var typesInOrder []string
	for i, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 {
			continue
		}
		name, generic := receiverBase(fd.Recv.List[0].Type)
		if !generic {
			continue
		}
		if byType[name] == nil {
			typesInOrder = append(typesInOrder, name)
		}
		byType[name] = append(byType[name], i)
	}
	for _, t := range typesInOrder {
		slots := byType[t]
		if len(slots) < 2 {
			continue
		}
		methods := make([]*ast.FuncDecl, len(slots))
		for k, i := range slots {
			methods[k] = f.Decls[i].(*ast.FuncDecl)
		}
		order := calleesFirst(methods)
		for k, i := range slots {
			f.Decls[i] = methods[order[k]]
		}
	}
}

// receiverBase returns the name of the type of a receiver (T, *T,
// T[K], *T[K, V]) and whether it is generic.
func receiverBase(t ast.Expr) (string, bool) {
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	base, _, generic := typeArgsOf(unparen(t)) // typeargs.go
	id, ok := base.(*ast.Ident)
	if !ok {
		return "", false
	}
	return id.Name, generic
}

// calleesFirst returns the indexes of methods in an order where each
// comes after the methods (by name) it calls, keeping the given order
// where it can.
func calleesFirst(methods []*ast.FuncDecl) []int {
	index := map[string]int{}
	for k, m := range methods {
		index[m.Name.Name] = k
	}
	calls := make([][]int, len(methods))
	for k, m := range methods {
		if m.Body == nil {
			continue
		}
		ast.Inspect(m.Body, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if sel, ok := unparen(c.Fun).(*ast.SelectorExpr); ok {
				if j, ok := index[sel.Sel.Name]; ok && j != k {
					calls[k] = append(calls[k], j)
				}
			}
			return true
		})
	}
	return callOrder(calls)
}

// callOrder returns the indexes 0..len(calls)-1 in an order where each
// comes after the indexes calls lists for it, keeping the given order
// where it can (a cycle keeps it).
func callOrder(calls [][]int) []int {
	var order []int
	state := make([]int, len(calls)) // 0 new, 1 visiting, 2 placed
	var visit func(k int)
	visit = func(k int) {
		if state[k] != 0 {
			return // placed, or a cycle: the order stands
		}
		state[k] = 1
		deps := append([]int(nil), calls[k]...)
		sort.Ints(deps)
		for _, j := range deps {
			visit(j)
		}
		state[k] = 2
		order = append(order, k)
	}
	for k := range calls {
		visit(k)
	}
	return order
}

// orderMethodNodes reorders methods, the slice of method declarations
// (yaegi nodes) of a generic type of a package interpreted from source,
// so that each comes after the methods of the type it calls: yaegi's
// genType adds and compiles them in that order when it makes an
// instance, so `throttledFunc` calling `reset` declared after it failed
// (github.com/samber/lo's import: "CFG post-order panic"). qualifyGenerics
// (genericnames.go) calls it between yaegi's declaration pass over a
// package's files and their compilation.
func orderMethodNodes(methods reflect.Value) {
	n := methods.Len()
	if n < 2 {
		return
	}
	index := map[string]int{}
	for i := range n {
		m := methods.Index(i)
		if !genericMethod(m) {
			return
		}
		name, _, _ := strings.Cut(nodeIdent(child(m, 1)), genericMark)
		index[name] = i
	}
	calls := make([][]int, n)
	for i := range n {
		walkNodes(child(methods.Index(i), 3), 0, func(c reflect.Value) {
			if nodeKind(c) != "callExpr" {
				return
			}
			if f := child(c, 0); nodeKind(f) == "selectorExpr" {
				if j, ok := index[nodeIdent(child(f, 1))]; ok && j != i {
					calls[i] = append(calls[i], j)
				}
			}
		})
	}
	order := callOrder(calls)
	if sort.IntsAreSorted(order) {
		return
	}
	old := make([]reflect.Value, n)
	for i := range n {
		old[i] = reflect.ValueOf(methods.Index(i).Interface())
	}
	for k, i := range order {
		methods.Index(k).Set(old[i])
	}
}

// nodeIdent returns the identifier of the yaegi node n, or "".
func nodeIdent(n reflect.Value) string {
	if !n.IsValid() || n.Kind() != reflect.Pointer || n.IsNil() {
		return ""
	}
	return exposed(n.Elem().FieldByName("ident")).String()
}

// walkNodes calls f for n and the nodes below it.
func walkNodes(n reflect.Value, depth int, f func(reflect.Value)) {
	if depth > 200 || !n.IsValid() || n.Kind() != reflect.Pointer || n.IsNil() {
		return
	}
	f(n)
	for i := range childCount(n) {
		walkNodes(child(n, i), depth+1, f)
	}
}
