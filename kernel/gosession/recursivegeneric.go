package gosession

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"
)

// Recursive generic types.
//
// yaegi v0.16.1 registers an instantiated generic type (`node[int, string]`)
// only after it has worked out the type's definition, so a definition that
// comes back to the same instantiation instantiates it again, without end:
// the interpreter's type checker overflows the goroutine stack, which Go
// cannot recover from, and the kernel process dies. Two shapes do it:
//
//	type node[K, V any] struct{ next *node[K, V] }  // itself, two or more type parameters
//	type E[T any] struct{ l *L[T] }                  // two generic types that
//	type L[T any] struct{ root E[T] }                // refer to each other
//
// (a generic type with one type parameter that refers to itself,
// `type list[T any] struct{ next *list[T] }`, is fine.) Declaring them is
// harmless; the session refuses a declaration group that also uses them
// (methods, functions, variables), and the rewriter refuses any later
// instance of them (`L[int]`), with an error naming the types, before the
// interpreter sees it. The session keeps the generic type declarations of
// earlier cells to find cycles across cells. Written for this package.

// genericInfo is what the cycle check keeps of a generic type declaration.
type genericInfo struct {
	params int      // number of type parameters
	refs   []string // the generic types its definition instantiates
	ref    string   // how it instantiates itself, if it does, e.g. "node[K, V]"
	// bad says why the interpreter cannot instantiate the type, cycle the
	// types involved; "" and nil when it can.
	bad   string
	cycle []string
}

// genericDecls returns the generic type declarations of file (nil for a
// declared non-generic type, which replaces a generic one), with the
// references to generic types among them and known.
func genericDecls(file *ast.File, known map[string]*genericInfo) (map[string]*genericInfo, map[string]*ast.TypeSpec) {
	out := map[string]*genericInfo{}
	specs := map[string]*ast.TypeSpec{}
	for _, d := range file.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok {
			continue
		}
		for _, sp := range g.Specs {
			ts, ok := sp.(*ast.TypeSpec)
			if !ok {
				continue
			}
			out[ts.Name.Name] = nil
			if ts.TypeParams != nil && ts.TypeParams.NumFields() > 0 {
				specs[ts.Name.Name] = ts
			}
		}
	}
	isGeneric := func(name string) bool {
		if _, ok := out[name]; ok {
			return specs[name] != nil
		}
		return known[name] != nil
	}
	for name, ts := range specs {
		gi := &genericInfo{params: ts.TypeParams.NumFields()}
		seen := map[string]bool{}
		ast.Inspect(ts.Type, func(n ast.Node) bool {
			e, ok := n.(ast.Expr)
			if !ok {
				return true
			}
			x, args, ok := typeArgsOf(e)
			if !ok {
				return true
			}
			id, ok := x.(*ast.Ident)
			if !ok || !isGeneric(id.Name) || seen[id.Name] {
				return true
			}
			seen[id.Name] = true
			gi.refs = append(gi.refs, id.Name)
			if id.Name == name {
				var parts []string
				for _, a := range args {
					parts = append(parts, types.ExprString(a))
				}
				gi.ref = name + "[" + strings.Join(parts, ", ") + "]"
			}
			return true
		})
		out[name] = gi
	}
	all := map[string]*genericInfo{}
	for n, gi := range known {
		all[n] = gi
	}
	for n, gi := range out {
		if gi == nil {
			delete(all, n)
		} else {
			all[n] = gi
		}
	}
	for name := range specs {
		badGeneric(name, out[name], all)
	}
	return out, specs
}

// recursiveGenerics returns an error for a declaration group whose generic
// types (with those of earlier cells, known) form a cycle the interpreter
// cannot instantiate and that the group uses outside their own
// declarations, or nil. (Declaring such types is harmless: a group that only
// declares them runs, and the rewriter refuses a later use, see
// uninstantiable.)
func recursiveGenerics(fset *token.FileSet, where func(line int) string, file *ast.File, known map[string]*genericInfo) error {
	own, specs := genericDecls(file, known)
	if len(specs) == 0 {
		return nil
	}
	names := make([]string, 0, len(specs))
	for n := range specs {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return specs[names[i]].Pos() < specs[names[j]].Pos() })
	for _, name := range names {
		ts, gi := specs[name], own[name]
		if gi.bad == "" || !usedOutside(file, specs, gi.cycle) {
			continue
		}
		return fmt.Errorf("%s: %s: %w", linePlace(fset, where, ts.Pos()), gi.bad, ErrUnsupported)
	}
	return nil
}

// usedOutside reports whether file refers to one of the types names
// outside the declarations of those types.
func usedOutside(file *ast.File, specs map[string]*ast.TypeSpec, names []string) bool {
	in := map[string]bool{}
	for _, n := range names {
		in[n] = true
	}
	skip := map[ast.Node]bool{}
	for _, n := range names {
		if ts := specs[n]; ts != nil {
			skip[ts] = true
		}
	}
	used := false
	ast.Inspect(file, func(n ast.Node) bool {
		if used || skip[n] {
			return false
		}
		if id, ok := n.(*ast.Ident); ok && in[id.Name] {
			used = true
		}
		return true
	})
	return used
}

// badGeneric sets gi.bad and gi.cycle when the generic type name cannot be
// instantiated by the interpreter, all being every generic type known.
func badGeneric(name string, gi *genericInfo, all map[string]*genericInfo) {
	if gi.ref != "" && gi.params >= 2 {
		gi.cycle = []string{name}
		gi.bad = fmt.Sprintf("generic type %s with %d type parameters refers to itself (%s): "+
			"the interpreter cannot instantiate it (its type checker recurses until the stack overflows); "+
			"use one type parameter (e.g. a struct of the values) or a non-generic link type",
			name, gi.params, gi.ref)
		return
	}
	if cyc := genericCycle(name, all); len(cyc) > 1 {
		sort.Strings(cyc)
		gi.cycle = cyc
		gi.bad = fmt.Sprintf("generic types %s refer to each other: "+
			"the interpreter cannot instantiate them (its type checker recurses until the stack overflows); "+
			"make all but one of them non-generic, or merge them into one generic type",
			strings.Join(cyc, ", "))
	}
}

// uninstantiable returns why the session's generic type name cannot be
// instantiated, or "".
func (sc sessionScope) uninstantiable(name string) string {
	sc.s.mu.Lock()
	defer sc.s.mu.Unlock()
	if gi := sc.st.genericTypes[name]; gi != nil {
		return gi.bad
	}
	return ""
}

// instantiable fails on an instance of a generic type of the session that
// the interpreter cannot instantiate (see recursivegeneric.go).
func (r *rewriter) instantiable(x ast.Expr) {
	id, ok := x.(*ast.Ident)
	if !ok || id.Obj != nil {
		return
	}
	k, ok := r.sc.(interface{ uninstantiable(name string) string })
	if !ok {
		return
	}
	if why := k.uninstantiable(id.Name); why != "" {
		r.fail(id.Pos(), "%s", why)
	}
}

// genericCycle returns the generic types on a cycle through start
// (start first), or nil.
func genericCycle(start string, all map[string]*genericInfo) []string {
	reach := func(from string) map[string]bool {
		seen := map[string]bool{}
		stack := []string{from}
		for len(stack) > 0 {
			n := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if all[n] == nil {
				continue
			}
			for _, m := range all[n].refs {
				if !seen[m] {
					seen[m] = true
					stack = append(stack, m)
				}
			}
		}
		return seen
	}
	fromStart := reach(start)
	if !fromStart[start] {
		return nil
	}
	cyc := []string{start}
	for n := range fromStart {
		if n != start && reach(n)[start] {
			cyc = append(cyc, n)
		}
	}
	return cyc
}

// noteGenerics records the generic type declarations of a group that ran
// and works out again which of the session's generic types cannot be
// instantiated (a new declaration can close a cycle through older ones).
func (st *state) noteGenerics(own map[string]*genericInfo) {
	if len(own) == 0 {
		return
	}
	if st.genericTypes == nil {
		st.genericTypes = map[string]*genericInfo{}
	}
	for n, gi := range own {
		if gi == nil {
			delete(st.genericTypes, n)
		} else {
			st.genericTypes[n] = gi
		}
	}
	for n, gi := range st.genericTypes {
		gi.bad, gi.cycle = "", nil
		badGeneric(n, gi, st.genericTypes)
	}
}
