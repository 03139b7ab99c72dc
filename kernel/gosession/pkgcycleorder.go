package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"
)

// The order in which yaegi makes the run-time types of a package's
// mutually recursive struct types.
//
// yaegi v0.16.1 makes the run-time type of a struct type field by field,
// depth first; a field that reaches a struct type it is still making gets
// a placeholder type, which it swaps for the finished type afterwards
// without laying the struct out again. Behind a pointer, a slice or a map
// the placeholder has the size of what replaces it; held by value it has
// none, so the struct that holds it is laid out too small and its fields
// overlap: with `type C struct{ N A; Index []int }` and `type A struct{ p
// *C; Name string; Kind int }`, `c := &C{N: A{Name: "n", Kind: 2}}` read
// back `c.N.Kind` as garbage or panicked with a nil dereference (plain
// yaegi too), depending on which of the two types the interpreter met
// first: starting from C, A is reached by value and made whole, and the
// placeholder for C lies behind A's pointer; starting from A, the
// placeholder is C's field N. The first run-time type the interpreter
// makes is that of the first declaration that needs one, so a package
// file gets, after its imports, `var _ C` for a struct type from which
// making the cycle's types puts every placeholder behind a pointer, all
// for one type (the walk is simulated with the package's types), in each
// of the package's files, on the import's line. A cycle from which no
// start works (github.com/expr-lang/expr's checker/nature, where two
// types hold a Nature by value and each is reached from it) is left as it
// is; README lists it. Written for this package.

// typeEdge is a reference of a struct type to another of its package's,
// through a field: held by value (directly, in an array or an unnamed
// struct) or not.
type typeEdge struct {
	to      *types.TypeName
	byValue bool
}

// cycleStarts returns the struct types of the package whose run-time
// types the package's files make first (see above), found once for all
// its files; nil without the package's types.
func (w *pkgGoWriter) cycleStarts() []*types.TypeName {
	if w.types == nil {
		return nil
	}
	pt := w.types
	pt.cycleOnce.Do(func() { pt.cycles = cycleStartsOf(pt.pkg) })
	return pt.cycles
}

// cycleStartsOf finds the types of cycleStarts in pkg.
func cycleStartsOf(pkg *types.Package) []*types.TypeName {
	graph := map[*types.TypeName][]typeEdge{}
	scope := pkg.Scope()
	var names []*types.TypeName
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		n, ok := tn.Type().(*types.Named)
		if !ok || n.TypeParams().Len() > 0 {
			continue
		}
		if _, ok := n.Underlying().(*types.Struct); !ok {
			continue
		}
		names = append(names, tn)
		var edges []typeEdge
		structEdges(pkg, n.Underlying(), true, map[types.Type]bool{}, func(e typeEdge) { edges = append(edges, e) })
		graph[tn] = edges
	}
	var out []*types.TypeName
	for _, scc := range typeCycles(names, graph) {
		in := map[*types.TypeName]bool{}
		for _, tn := range scc {
			in[tn] = true
		}
		if !hasValueEdge(scc, in, graph) {
			continue
		}
		for _, start := range scc {
			if placeholdersBehindPointers(start, in, graph) {
				out = append(out, start)
				break
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out
}

// structEdges calls add for each struct type of pkg that t reaches, in
// the order yaegi's walk meets them, with whether it is held by value.
// Named types of pkg that are not structs are walked through (seen
// guards their cycles); other packages' types end the walk.
func structEdges(pkg *types.Package, t types.Type, byValue bool, seen map[types.Type]bool, add func(typeEdge)) {
	switch x := types.Unalias(t).(type) {
	case *types.Named:
		if x.Obj().Pkg() != pkg || x.TypeArgs() != nil {
			return
		}
		if _, ok := x.Underlying().(*types.Struct); ok {
			add(typeEdge{x.Obj(), byValue})
			return
		}
		if !seen[x] {
			seen[x] = true
			structEdges(pkg, x.Underlying(), byValue, seen, add)
		}
	case *types.Struct:
		for f := range x.Fields() {
			structEdges(pkg, f.Type(), byValue, seen, add)
		}
	case *types.Array:
		structEdges(pkg, x.Elem(), byValue, seen, add)
	case *types.Pointer:
		structEdges(pkg, x.Elem(), false, seen, add)
	case *types.Slice:
		structEdges(pkg, x.Elem(), false, seen, add)
	case *types.Map:
		structEdges(pkg, x.Key(), false, seen, add)
		structEdges(pkg, x.Elem(), false, seen, add)
	case *types.Chan:
		structEdges(pkg, x.Elem(), false, seen, add)
	case *types.Signature:
		for v := range x.Params().Variables() {
			structEdges(pkg, v.Type(), false, seen, add)
		}
		for v := range x.Results().Variables() {
			structEdges(pkg, v.Type(), false, seen, add)
		}
	}
}

// typeCycles returns the strongly connected components of graph with
// more than one type (Tarjan's algorithm), each in names' order.
func typeCycles(names []*types.TypeName, graph map[*types.TypeName][]typeEdge) [][]*types.TypeName {
	index, low := map[*types.TypeName]int{}, map[*types.TypeName]int{}
	onStack := map[*types.TypeName]bool{}
	var stack []*types.TypeName
	var out [][]*types.TypeName
	next := 0
	order := map[*types.TypeName]int{}
	for i, n := range names {
		order[n] = i
	}
	var connect func(v *types.TypeName)
	connect = func(v *types.TypeName) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		onStack[v] = true
		for _, e := range graph[v] {
			if _, ok := index[e.to]; !ok {
				connect(e.to)
				low[v] = min(low[v], low[e.to])
			} else if onStack[e.to] {
				low[v] = min(low[v], index[e.to])
			}
		}
		if low[v] != index[v] {
			return
		}
		var scc []*types.TypeName
		for {
			u := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			onStack[u] = false
			scc = append(scc, u)
			if u == v {
				break
			}
		}
		if len(scc) > 1 {
			sort.Slice(scc, func(i, j int) bool { return order[scc[i]] < order[scc[j]] })
			out = append(out, scc)
		}
	}
	for _, n := range names {
		if _, ok := index[n]; !ok {
			connect(n)
		}
	}
	return out
}

// hasValueEdge reports whether a type of scc holds another of it (in) by
// value.
func hasValueEdge(scc []*types.TypeName, in map[*types.TypeName]bool, graph map[*types.TypeName][]typeEdge) bool {
	for _, tn := range scc {
		for _, e := range graph[tn] {
			if e.byValue && in[e.to] {
				return true
			}
		}
	}
	return false
}

// placeholdersBehindPointers simulates yaegi's walk from start over the
// types in (see above) and reports whether every type it meets while
// still making it is reached through a pointer, slice, map, channel or
// function, and is one type: yaegi swaps every placeholder of a walk for
// the type it met last (with two, two of github.com/expr-lang/expr's
// nature types, it put one where the other belonged: "reflect.Set: value
// of type *struct {…} is not assignable").
func placeholdersBehindPointers(start *types.TypeName, in map[*types.TypeName]bool, graph map[*types.TypeName][]typeEdge) bool {
	done, making := map[*types.TypeName]bool{}, map[*types.TypeName]bool{}
	var met *types.TypeName
	var walk func(t *types.TypeName) bool
	walk = func(t *types.TypeName) bool {
		making[t] = true
		for _, e := range graph[t] {
			switch {
			case !in[e.to] || done[e.to]:
			case making[e.to]:
				if e.byValue || met != nil && met != e.to {
					return false
				}
				met = e.to
			default:
				if !walk(e.to) {
					return false
				}
			}
		}
		making[t] = false
		done[t] = true
		return true
	}
	return walk(start)
}

// cycleOrderDecls writes, after the imports of f (or its package clause),
// a blank variable of each type of cycleStarts (see above).
func (w *pkgGoWriter) cycleOrderDecls(f *ast.File) {
	starts := w.cycleStarts()
	if len(starts) == 0 {
		return
	}
	var b strings.Builder
	for _, tn := range starts {
		b.WriteString("; var _ " + tn.Name())
	}
	var last *ast.GenDecl
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			last = g
		}
	}
	if last == nil {
		at := w.off(f.Name.End())
		w.before[at] = b.String() + w.before[at]
		return
	}
	end := w.off(last.End())
	w.after[end] += b.String()
}
